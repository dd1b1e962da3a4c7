"""How the search index is made: each page's record holds what Pagefind itself reads from the
page (the index made of the records is the one ``pagefind --site`` makes of the pages, less the
sub-results Pagefind finds under headings, and with the folded words added); the records go to
Pagefind in the order of their addresses, so the index is byte for byte the same whatever file
system the site is built on and whatever order its files were created in; and Pagefind ends with
the build, even when the build is killed with ``kill -9``.

The file-system test mounts a tmpfs in a namespace of its own (``unshare -rm``, no root
needed where user namespaces are allowed) and is skipped, with the reason, where that is not
allowed. Process facts are read from ``/proc`` (Linux)."""

from __future__ import annotations

import base64
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
from test_search import PAGE

from bantin.search import (
    FOLD_MARK,
    PagefindService,
    Part,
    _read_dcd,
    executable,
    make_parts,
    page_record,
    record_bytes,
)


def bundle_files(bundle: Path) -> dict[str, bytes]:
    return {
        p.relative_to(bundle).as_posix(): p.read_bytes() for p in bundle.rglob("*") if p.is_file()
    }


# ---------------------------------------------------------------- what Pagefind reads


def index_summary(bundle: Path) -> dict:
    """What a bundle says, whatever the order its pages were numbered in: each page's text (up
    to the folded words), meta data, filters and word count; each filter value and sort with the
    pages it holds; each word with where and how heavily each page holds it."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
    (language,) = entry["languages"].values()
    meta = _read_dcd(bundle / f"pagefind.{language['hash']}.pf_meta")
    pages = {}
    urls = []
    for fragment, _words in meta[1]:
        data = gzip.decompress((bundle / "fragment" / f"{fragment}.pf_fragment").read_bytes())
        page = json.loads(data[len(b"pagefind_dcd") :])
        text, _, folded = page["content"].partition(f" {FOLD_MARK} ")
        folded_count = len(folded.split()) + 1 if folded else 0
        urls.append(page["url"])
        pages[page["url"]] = (
            text,
            page["meta"],
            page["filters"],
            page["word_count"] - folded_count,
        )
    filters = {}
    for _name, file_hash in meta[3]:
        name, values = _read_dcd(bundle / "filter" / f"{file_hash}.pf_filter")
        filters[name] = {value: sorted(urls[i] for i in held) for value, held, *_ in values}
    sorts = {name: [urls[i] for i in order] for name, order in meta[4]}
    words = {}
    for chunk in (bundle / "index").iterdir():
        for word, held, variants in _read_dcd(chunk)[0]:
            for variant, of in [(word, held), *variants]:
                page = 0
                for step, *where in of:  # each page's number, as a step from the last one's
                    page += step
                    words[(word, variant, urls[page])] = where
    return {"pages": pages, "filters": filters, "sorts": sorts, "words": words, "urls": urls}


def same_index(mine: dict, theirs: dict) -> None:
    for key in ("pages", "filters", "sorts", "words"):
        assert mine[key] == theirs[key], key


def index_of_records(pages: dict[str, bytes], folder: Path) -> dict:
    """The index made of the records of ``pages`` (path → HTML), without their folded words,
    which Pagefind never sees in a page."""
    records = []
    for rel, html in pages.items():
        data = page_record(rel, html, "vi")
        if data is None:  # a page with no indexed element, which Pagefind leaves out too
            continue
        record = json.loads(data)
        record["content"] = record["content"].partition(f" {FOLD_MARK} ")[0]
        records.append(record_bytes(record))
    records.sort(key=lambda r: json.loads(r)["url"])
    make_parts([Part("all", folder, lambda: records, True)], "vi", 1)
    return index_summary(folder)


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
    pages = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*.html")}
    built = index_summary(ours)
    mine = index_of_records(pages, tmp_path / "mine")
    assert len(mine["pages"]) == 7
    assert set(mine["filters"]) == {"Loại", "Khối", "Năm", "Phong trào", "Hoạt động"}
    same_index(mine, index_summary(theirs))
    # the build's index is that, with the folded words after each page's text
    assert {u: p[1:] for u, p in built["pages"].items()} == {
        u: p[1:] for u, p in mine["pages"].items()
    }
    assert built["filters"] == mine["filters"] and built["sorts"] == mine["sorts"]
    # the pages are numbered in the order of their addresses
    assert built["urls"] == sorted(built["urls"])
    # the files that do not depend on the pages are Pagefind's own, as it writes them
    same = ("pagefind.js", "pagefind-worker.js", "wasm.unknown.pagefind")
    assert {n: (ours / n).read_bytes() for n in same} == {
        n: (theirs / n).read_bytes() for n in same
    }


def hostile_page(value: str) -> str:
    shown = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    twice = shown.replace("&", "&amp;")  # as the theme writes a filter's value
    quoted = shown.replace('"', "&#34;").replace("'", "&#39;")  # as Jinja writes an attribute
    return (
        f"<!DOCTYPE html><html><head><title>{shown}</title></head><body><main>"
        f'<article data-pagefind-body><h1 id="t">{shown} <span data-pagefind-ignore>x</span></h1>'
        f'<div hidden data-pagefind-ignore><span data-pagefind-filter="Khối">{twice}</span></div>'
        f'<p data-pagefind-filter="Kiểu:a&amp;b" data-pagefind-sort="date:2024-01-{len(value)}">'
        f"{shown}<br>sau<wbr>chữ &#34;trích&#34;</p><table><tr><td>Ô&nbsp;1</td><td>Ô 2</td></tr>"
        f'</table><picture><source srcset=a.webp><img src=a.jpg alt="{quoted}"></picture>'
        f"<label>Nhãn</label><h3 data-pagefind-weight=2>Nặng</h3><ol><li>Một</li><li>Hai</ol>"
        f"</article>\n  Sau bài.<aside><p>Bên lề</p></aside></main></body></html>"
    )


PAGES = {
    "tin-tuc/a/index.html": PAGE,
    "tin-tuc/b/index.html": hostile_page("<img src=x onerror=alert(1)> & &lt; 'x' \"y\""),
    "tin-tuc/c/index.html": hostile_page("Khối A & B"),
    "tin-tuc/d.html": "<html><body><div data-pagefind-body><h2>Không h1</h2>Chữ</div></body>",
    "index.html": (
        "<html><head><title>Trang chủ</title></head><body><div data-pagefind-body>"
        '<span data-pagefind-meta="image[data-src]" data-src="/x.png"></span>'
        '<p data-pagefind-default-meta="title:Mặc định">Chữ</p></div></body></html>'
    ),
}


def test_a_record_gives_the_index_pagefind_makes_of_its_page(tmp_path):
    """Pages with what Pagefind reads in its own ways: ignored and excluded parts, filters from
    text and attributes, sort keys, titles, pictures, character references, hostile text."""
    theirs = tmp_path / "theirs"
    with PagefindService(executable()) as pagefind:
        pagefind.ask({"type": "NewIndex", "config": {"force_language": "vi"}})
        for rel, html in sorted(PAGES.items()):
            pagefind.ask(
                {"type": "AddFile", "index_id": 0, "file_path": rel, "file_contents": html}
            )
        (answer,) = [pagefind.ask({"type": "GetFiles", "index_id": 0})]
    for file in answer["files"]:
        path = theirs / file["path"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(file["content"]))
    pages = {rel: html.encode() for rel, html in PAGES.items()}
    same_index(index_of_records(pages, tmp_path / "mine"), index_summary(theirs))


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
from bantin.search import Part, make_parts, page_record
site, out = Path(sys.argv[2]), Path(sys.argv[3])
pages = sorted(site.rglob("*.html"))
records = [page_record(p.relative_to(site).as_posix(), p.read_bytes(), "vi") for p in pages]
half = len(records) // 2
make_parts(
    [Part("a", out / "a", lambda: records[:half], True),
     Part("b", out / "b", lambda: records[half:], False)],
    "vi",
    2,
)
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


def test_pagefind_processes_run_together_only_while_their_records_are_few(tmp_path, monkeypatch):
    # each Pagefind process holds about 0.3 MB per record until its part is written: parts are
    # made two at a time only while the two hold at most so many records

    live, most = [0], []
    start, end = PagefindService.__init__, PagefindService.__exit__

    def started(self, program):
        start(self, program)
        live[0] += 1
        most.append(live[0])

    def ended(self, *exc):
        live[0] -= 1
        return end(self, *exc)

    monkeypatch.setattr(PagefindService, "__init__", started)
    monkeypatch.setattr(PagefindService, "__exit__", ended)

    def record(n: int) -> bytes:
        text = f"Tin số {n} của khối thi đua"
        return record_bytes(
            {"url": f"/tin/{n}/", "content": text, "language": "vi", "meta": {"title": text}}
        )

    def parts(sizes: list[int], name: str) -> list[Part]:
        out = []
        for i, size in enumerate(sizes):
            records = [record(10 * i + k) for k in range(size)]
            folder = tmp_path / name / str(i)
            out.append(Part(str(i), folder, lambda r=records: r, i == 0, size))
        return out

    made = parts([2, 2, 1, 1, 4], "budget")
    make_parts(made, "vi", 2, 3)
    # 2 and 2 would hold 4 > 3: one at a time; then 2 and 1, 1 and 1; the part of 4 alone
    assert most == [1, 1, 2, 2, 1]
    assert all((p.folder / "pagefind-entry.json").is_file() for p in made)
    most.clear()
    make_parts(parts([1, 1, 1], "small"), "vi", 2, 3)
    assert max(most) == 2  # small parts still run side by side
    most.clear()
    make_parts(parts([2, 2], "more"), "vi", 2, 4)
    assert most == [1, 2]  # where the builder allows more records at once (a lean build's)
