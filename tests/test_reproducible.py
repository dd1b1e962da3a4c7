"""Reproducible builds: two clean builds of the repository's sample site give byte-identical
output whatever the project's folder, the locale, the time zone, ``PYTHONHASHSEED``, the order
in which the files were created, the number of worker processes and the current time; and no
absolute path of the build machine appears in the output.

Each build runs ``python build.py`` in a child process on its own fresh copy (no cache), so
nothing is shared between them but the input.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, theme_missing

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(bool(theme_missing()), reason=theme_missing() or "theme ready"),
]

PARTS = ("content", "templates", "themes", "site_config.yaml")


def copy_project(dest: Path, *, reverse: bool) -> Path:
    """A copy of the sample site whose files are created in path order, or in reverse."""
    files = []
    for part in PARTS:
        source = REPO / part
        files += [source] if source.is_file() else sorted(source.rglob("*"))
    for source in sorted(files, reverse=reverse):
        if source.is_file():
            target = dest / source.relative_to(REPO)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return dest


def build(root: Path, env: dict[str, str], jobs: str) -> dict[str, bytes]:
    environ = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "TZ")}
    environ.update(env)
    done = subprocess.run(
        [sys.executable, str(REPO / "build.py"), "--root", str(root), "-j", jobs],
        capture_output=True,
        text=True,
        env=environ,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    out = root / "output"
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def differences(a: dict[str, bytes], b: dict[str, bytes]) -> list[str]:
    return sorted(p for p in set(a) | set(b) if a.get(p) != b.get(p))


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    first = copy_project(tmp_path_factory.mktemp("mot") / "site", reverse=False)
    second = copy_project(
        tmp_path_factory.mktemp("hai") / "một thư mục khác" / "dự án", reverse=True
    )
    a = build(first, {"PYTHONHASHSEED": "0", "LC_ALL": "C", "LANG": "C", "TZ": "UTC"}, "1")
    b = build(
        second,
        {
            "PYTHONHASHSEED": "4242",
            "LC_ALL": "C.UTF-8",
            "LANG": "vi_VN.UTF-8",
            "TZ": "America/Los_Angeles",
        },
        "2",
    )
    return first, second, a, b


def test_two_clean_builds_in_different_conditions_are_byte_identical(two_builds):
    _, _, a, b = two_builds
    assert len(a) > 100
    assert differences(a, b) == []


def test_no_absolute_path_of_the_build_machine_is_in_the_output(two_builds):
    first, second, a, b = two_builds
    machine = {
        str(first),
        str(second),
        str(first.parent),
        str(REPO),
        str(Path.home()),
        sys.prefix,
    }
    needles = {p.encode() for p in machine} | {p.encode("unicode_escape") for p in machine}
    for files in (a, b):
        for rel, data in files.items():
            found = [n.decode(errors="replace") for n in needles if n in data]
            assert not found, f"{rel} names {found}"


def test_source_date_epoch_fixes_the_build_time(tmp_path):
    """With ``SOURCE_DATE_EPOCH`` a build made at another time and place is the same."""
    root = copy_project(tmp_path / "ba", reverse=False)
    epoch = {"SOURCE_DATE_EPOCH": "4102444800"}  # 2100-01-01: every bulletin is published
    c = build(root, {**epoch, "TZ": "Asia/Tokyo"}, "2")
    shutil.rmtree(root / "output")
    shutil.rmtree(root / ".cache")
    d = build(root, {**epoch, "PYTHONHASHSEED": "7"}, "1")
    assert differences(c, d) == []
