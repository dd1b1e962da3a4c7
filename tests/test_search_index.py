"""How the search index is made: the pages go to Pagefind in the order of their paths, so the
index is byte for byte the same whatever file system the site is built on and whatever order
its files were created in; it holds what ``pagefind --site`` would make of the same pages; and
Pagefind ends with the build, even when the build is killed with ``kill -9``.

The file-system test mounts a tmpfs in a namespace of its own (``unshare -rm``, no root
needed where user namespaces are allowed) and is skipped, with the reason, where that is not
allowed. Process facts are read from ``/proc`` (Linux)."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, TESTS, theme_missing

from bantin.search import _read_dcd, executable, indexed_pages


def bundle_files(bundle: Path) -> dict[str, bytes]:
    return {
        p.relative_to(bundle).as_posix(): p.read_bytes() for p in bundle.rglob("*") if p.is_file()
    }


# ---------------------------------------------------------------- the order of the pages


def test_the_pages_go_to_pagefind_sorted_by_path_and_only_those_with_an_indexed_element(
    tmp_path,
):
    site = tmp_path / "site"
    names = ["z/index.html", "a/b/index.html", "a/index.html", "a-b/index.html", "404.html"]
    for name in reversed(names):
        path = site / name
        path.parent.mkdir(parents=True, exist_ok=True)
        body = "" if name == "404.html" else " data-pagefind-body"
        path.write_text(f"<html><body><main{body}>Đoàn</main></body></html>", "utf-8")
    assert [rel for rel, _html in indexed_pages(site)] == [
        "a-b/index.html",
        "a/b/index.html",
        "a/index.html",
        "z/index.html",
    ]


# ---------------------------------------------------------------- the same as pagefind --site


def index_summary(bundle: Path) -> dict:
    """What a bundle says, whatever the order its pages were numbered in: each page (its
    fragment), each filter value and sort with the pages it holds (by fragment), the entry."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
    (language,) = entry["languages"].values()
    meta = _read_dcd(bundle / f"pagefind.{language.pop('hash')}.pf_meta")
    pages = [hash_ for hash_, _words in meta[1]]
    filters = {}
    for _name, file_hash in meta[3]:
        name, values = _read_dcd(bundle / "filter" / f"{file_hash}.pf_filter")
        filters[name] = {value: sorted(pages[i] for i in held) for value, held, *_ in values}
    sorts = {name: [pages[i] for i in order] for name, order in meta[4]}
    fragments = sorted(
        gzip.decompress(p.read_bytes()).decode("utf-8") for p in (bundle / "fragment").iterdir()
    )
    return {"entry": entry, "filters": filters, "sorts": sorts, "fragments": fragments}


CLI_OPTIONS = ("--force-language", "vi", "--glob", "**/*.html", "--silent")


@pytest.mark.skipif(bool(theme_missing()), reason=theme_missing() or "theme ready")
def test_the_index_holds_what_pagefind_site_makes_of_the_same_pages(basic_build, tmp_path):
    out = basic_build / "output"
    ours = out / "tim-kiem" / "pagefind"
    theirs = tmp_path / "cli"
    subprocess.run(
        [executable(), "--site", str(out), "--output-path", str(theirs), *CLI_OPTIONS],
        check=True,
    )
    mine, cli = index_summary(ours), index_summary(theirs)
    assert mine["entry"]["languages"] == {"vi": {"wasm": None, "page_count": 7}}
    assert set(mine["filters"]) == {"Loại", "Khối", "Năm", "Phong trào", "Hoạt động"}
    assert mine == cli
    # the files that do not depend on the pages are Pagefind's own, as it writes them
    same = ("pagefind.js", "pagefind-worker.js", "pagefind-ui.js", "pagefind-ui.css")
    assert {n: (ours / n).read_bytes() for n in same} == {
        n: (theirs / n).read_bytes() for n in same
    }


# ---------------------------------------------------------------- two file systems


def mount_refused(where: Path) -> str:
    """Why a tmpfs cannot be mounted in a namespace of its own here, or an empty string."""
    if shutil.which("unshare") is None:
        return "unshare (util-linux) is not installed"
    where.mkdir(parents=True, exist_ok=True)
    tried = subprocess.run(
        ["unshare", "-rm", "mount", "-t", "tmpfs", "tmpfs", str(where)],
        capture_output=True,
        text=True,
        check=False,
    )
    return "" if tried.returncode == 0 else f"cannot mount a tmpfs: {tried.stderr.strip()}"


# a command in a mount namespace of its own, with a tmpfs mounted on its first argument
IN_A_TMPFS = ("unshare", "-rm", "sh", "-c", 'mount -t tmpfs tmpfs "$0" && exec "$@"')
# Run in the namespace, on the tmpfs: the sample site copied in reverse path order, built by
# build.py, and its index copied out to the disk before the tmpfs goes with the namespace.
ON_TMPFS = """
import shutil, subprocess, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from test_reproducible import build, copy_project
root, keep = Path(sys.argv[2]), Path(sys.argv[3])
kind = subprocess.run(["stat", "-f", "-c", "%T", str(root.parent)], capture_output=True, text=True)
assert kind.stdout.strip() == "tmpfs", kind.stdout
copy_project(root, reverse=True)
build(root, {"PYTHONHASHSEED": "4242"}, "2")
shutil.copytree(root / "output" / "tim-kiem" / "pagefind", keep)
"""


@pytest.mark.slow
@pytest.mark.skipif(bool(theme_missing()), reason=theme_missing() or "theme ready")
def test_the_index_is_the_same_on_a_tmpfs_and_on_disk_whatever_the_creation_order(tmp_path):
    from test_reproducible import build, copy_project

    mount = tmp_path / "tmpfs"
    reason = mount_refused(mount)
    if reason:
        pytest.skip(reason)
    kept = tmp_path / "from-tmpfs"
    child = [sys.executable, "-c", ON_TMPFS, str(TESTS), str(mount / "site"), str(kept)]
    subprocess.run([*IN_A_TMPFS, str(mount), *child], check=True)
    on_disk = copy_project(tmp_path / "disk" / "site", reverse=False)
    build(on_disk, {"PYTHONHASHSEED": "0"}, "1")
    a = bundle_files(on_disk / "output" / "tim-kiem" / "pagefind")
    b = bundle_files(kept)
    # one fragment for each page that marks its text for the index
    pages = (on_disk / "output").rglob("*.html")
    indexed = sum(1 for p in pages if b"data-pagefind-body" in p.read_bytes())
    assert indexed > 40
    assert len([n for n in a if n.startswith("fragment/")]) == indexed
    assert sorted(n for n in set(a) | set(b) if a.get(n) != b.get(n)) == []


# ---------------------------------------------------------------- Pagefind ends with the build


def write_pages(site: Path, count: int) -> None:
    """``count`` bulletins' worth of pages, enough for Pagefind to work for a few seconds."""
    words = "Đoàn Thanh niên nông thôn mới thi đua khen thưởng tổng kết phong trào".split()
    for i in range(count):
        text = " ".join(f"{words[(i * 7 + j) % len(words)]}{(i * j) % 997}" for j in range(400))
        page = site / "tin-tuc" / f"tin-{i:05d}" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(
            f'<!DOCTYPE html><html lang="vi"><body><main><article data-pagefind-body>'
            f"<h1>Tin số {i}</h1><p>{text}</p>"
            f'<span data-pagefind-filter="Năm">{2000 + i % 25}</span>'
            "</article></main></body></html>",
            "utf-8",
        )


def process(pid: int) -> tuple[int, str, str, str] | None:
    """(parent, name, state, start time) of a process, None when there is none."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    name = stat[stat.index("(") + 1 : stat.rindex(")")]
    state, parent, *rest = stat[stat.rindex(")") + 2 :].split()
    return int(parent), name, state, rest[17]  # field 22: start time


def children(parent: int) -> dict[int, tuple[int, str, str, str]]:
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (facts := process(int(entry.name))) and facts[0] == parent:
            found[int(entry.name)] = facts
    return found


def alive(pid: int, started: str) -> bool:
    facts = process(pid)
    return facts is not None and facts[3] == started and facts[2] not in ("Z", "X")


INDEX = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from bantin.search import build_index
build_index(Path(sys.argv[2]), "vi", Path(sys.argv[3]))
"""


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").is_file(), reason="needs Linux's /proc")
def test_pagefind_ends_when_the_build_is_killed(tmp_path):
    write_pages(tmp_path / "site", 2000)
    build = subprocess.Popen(
        [sys.executable, "-c", INDEX, str(REPO), str(tmp_path / "site"), str(tmp_path / "out")]
    )
    pagefind: dict[int, tuple[int, str, str, str]] = {}
    try:
        deadline = time.monotonic() + 60
        while not pagefind and build.poll() is None and time.monotonic() < deadline:
            pagefind = {p: f for p, f in children(build.pid).items() if "pagefind" in f[1]}
            time.sleep(0.01)
        assert pagefind, "Pagefind was never seen running under the build"
        time.sleep(0.5)  # well into the indexing
        assert build.poll() is None, "the build ended before it could be killed"
        os.kill(build.pid, signal.SIGKILL)
        build.wait()
        deadline = time.monotonic() + 3
        while any(alive(p, f[3]) for p, f in pagefind.items()) and time.monotonic() < deadline:
            time.sleep(0.05)
        left = [f"{p} {f[1]}" for p, f in pagefind.items() if alive(p, f[3])]
        assert left == [], f"Pagefind outlived the killed build: {left}"
    finally:
        if build.poll() is None:
            build.kill()
            build.wait()
        for pid, facts in pagefind.items():  # only the ones this test saw start
            if alive(pid, facts[3]):
                os.kill(pid, signal.SIGKILL)
