"""How the program ends (``cli.run``: ``bantin``, ``build.py``, ``python -m bantin``): with
main's exit code, once what it printed is flushed and the exit handlers have run, without
freeing the built site object by object; and a reader of its output that goes away early
(``bantin build | head -1``) does not stop the build."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import REPO, copy_site, needs_theme

pytestmark = needs_theme


def environ() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "BANTIN_LANG")}
    env["PYTHONPATH"] = str(REPO)
    return env


def python(*args: str) -> subprocess.CompletedProcess:
    """This Python run with ``args``, its output captured."""
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        env=environ(),
        timeout=300,
        check=False,
    )


def test_a_reader_that_goes_away_after_the_first_line_does_not_stop_the_build(tmp_path):
    root = copy_site("basic", tmp_path)
    child = subprocess.Popen(
        [sys.executable, str(REPO / "build.py"), "--root", str(root), "--verbose"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environ(),
    )
    assert child.stdout is not None and child.stderr is not None
    first = child.stdout.readline()
    child.stdout.close()  # like `head -1`: the pipe is closed, the build still talks
    errors = child.stderr.read().decode("utf-8")
    assert child.wait(timeout=300) == 0, errors
    assert first.strip()
    assert "BrokenPipe" not in errors and "Traceback" not in errors
    assert (root / "output/index.html").is_file()
    again = python(str(REPO / "build.py"), "--root", str(root))
    assert again.returncode == 0 and "không có gì thay đổi" in again.stdout  # it was all built


def test_the_program_ends_with_mains_code_after_the_exit_handlers(tmp_path):
    root = copy_site("basic", tmp_path)
    (root / "site_config.yaml").write_text("title: [không đóng\n", encoding="utf-8")
    code = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('handler ran', file=sys.stderr))\n"
        "from bantin.cli import run\n"
        "run()\n"
    )
    done = python("-c", code, "--root", str(root))
    assert done.returncode == 1, done.stderr
    assert "site_config.yaml" in done.stderr and done.stderr.rstrip().endswith("handler ran")
    helped = python("-m", "bantin", "--help")
    assert helped.returncode == 0 and "--root" in helped.stdout


def test_a_profiler_still_gets_its_report(tmp_path):
    root = copy_site("basic", tmp_path)
    stats = tmp_path / "build.prof"
    done = python("-m", "cProfile", "-o", str(stats), str(REPO / "build.py"), "--root", str(root))
    assert done.returncode == 0, done.stderr
    assert stats.is_file() and stats.stat().st_size > 0  # written when the program ended
