"""Publishing is atomic: ``python build.py`` is killed with SIGKILL at many moments of a build,
and every time ``output/`` must be exactly the site before that build or exactly the new one —
never a mix, never missing. The build after the last kill must publish the new site whole and
leave no staging folder behind.

The site is the basic fixture with 150 more bulletins (so that rendering, writing the new
site and making the search index each take a while), built with the real command line in a
child process. Two versions of its content alternate: each build changes bulletins, listings,
tags, feeds, the search index and a picture. Kill moments are spread evenly, with a random
offset each, over the length of such a build (measured first) and a little more, so that they
fall before, during and after each phase.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, copy_site, theme_missing

KILLS = 30
BULLETINS = 150

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX"),
    pytest.mark.skipif(bool(theme_missing()), reason=theme_missing() or "theme ready"),
]


def bulletin(n: int, version: str) -> str:
    tag = "Kiểm tra chéo" if n % 3 else "Tổng kết"
    return (
        "---\n"
        f'title: "Bản tin số {n} của khối, bản {version}"\n'
        f"date: 2024-03-{1 + n % 27:02d}T08:{n % 60:02d}:00+07:00\n"
        f'tags: ["{tag}"]\n'
        "---\n"
        f"Đoàn công tác của khối làm việc với đơn vị thứ {n} ({version}).\n\n"
        + f"Nội dung chi tiết của đợt kiểm tra thứ {n}, ghi chép bản {version}. " * 40
        + "\n"
    )


def set_version(root: Path, version: str) -> None:
    """Write version "A" or "B" of the changing part of the site."""
    folder = root / "content" / "bulletins" / "2024"
    for n in range(BULLETINS):
        (folder / f"ban-tin-{n:02d}.md").write_text(bulletin(n, version), encoding="utf-8")
    extra = folder / "chi-co-o-ban-b.md"
    if version == "B":
        extra.write_text(bulletin(99, "B"), encoding="utf-8")
    elif extra.exists():
        extra.unlink()
    picture = root / "content" / "media" / "2024" / "tong-ket.png"
    data = picture.read_bytes()
    # a picture whose bytes change with the version (a PNG chunk after IEND is ignored)
    base = data.split(b"IEND", 1)[0] + b"IEND" + data.split(b"IEND", 1)[1][:4]
    picture.write_bytes(base + (b"" if version == "A" else b"version B"))


def snapshot(out: Path) -> dict[str, bytes] | None:
    if not out.is_dir():
        return None
    return {
        p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()
    }


def command(root: Path) -> list[str]:
    return [sys.executable, str(REPO / "build.py"), "--root", str(root), "-j", "2"]


def build(root: Path) -> float:
    started = time.monotonic()
    done = subprocess.run(command(root), capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return time.monotonic() - started


def staging_folders(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if ".staging-" in p.name)


def test_output_is_always_the_old_site_or_the_new_one_whatever_moment_the_build_is_killed(
    tmp_path,
):
    root = copy_site("basic", tmp_path)
    out = root / "output"
    sites: dict[str, dict[str, bytes] | None] = {}
    seconds = 0.0
    for version in ("B", "A"):  # both built whole once; A stays in output/
        set_version(root, version)
        seconds = max(seconds, build(root))  # kills spread over the longer of the two
        sites[version] = snapshot(out)
    assert sites["A"] != sites["B"]
    pagefind = [p for p in sites["A"] if "pagefind" in p]  # type: ignore[union-attr]
    assert pagefind, "the search index is part of what must be swapped in"

    rng = random.Random(int(os.environ.get("BANTIN_KILL_SEED", "20261121")))
    current, outcomes = "A", []
    span = 1.1 * seconds
    for i in range(KILLS):
        target = "B" if current == "A" else "A"
        set_version(root, target)
        delay = span * (i + rng.random()) / KILLS
        child = subprocess.Popen(
            command(root),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its worker processes die with it
        )
        time.sleep(delay)
        finished = child.poll() is not None
        if not finished:
            os.killpg(child.pid, signal.SIGKILL)
        child.wait()
        now = snapshot(out)
        assert now is not None, f"kill {i} at {delay:.2f} s left no output/ at all"
        if now == sites[current]:
            outcomes.append((round(delay, 2), "old"))
        elif now == sites[target]:
            outcomes.append((round(delay, 2), "new"))
            current = target
        else:
            changed = sorted(
                p
                for p in set(now) | set(sites[current])  # type: ignore[arg-type]
                if now.get(p) != sites[current].get(p)  # type: ignore[union-attr]
            )
            pytest.fail(
                f"kill {i} at {delay:.2f} s left output/ neither the old site nor the new one; "
                f"it differs from the old one in {changed[:8]}"
            )
        if finished:
            outcomes[-1] = (outcomes[-1][0], outcomes[-1][1] + " (finished)")
    print(f"{KILLS} kills over {span:.1f} s:", outcomes)
    kinds = {o.split()[0] for _, o in outcomes}
    assert kinds == {"old", "new"}, f"the kills missed the swap: {outcomes}"

    # the build after the last kill publishes the whole site and clears what kills left
    final = "B" if current == "A" else "A"
    set_version(root, final)
    build(root)
    assert snapshot(out) == sites[final]
    assert staging_folders(root) == []
