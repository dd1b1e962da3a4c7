"""The benchmark runs end to end on a small corpus (CI's smoke run): every scenario succeeds and
the incremental output equals a clean build's."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import REPO, needs_theme

pytestmark = [pytest.mark.slow, needs_theme]


def test_the_benchmark_smoke_run_passes(tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "bench.run", "--smoke", "--work", str(tmp_path / "bench")],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "incremental == clean: yes" in run.stdout
    assert "serve output == clean: yes" in run.stdout
    for scenario in ("bantin cold", "bantin no-change rebuild", "bantin one-bulletin edit"):
        assert scenario in run.stdout
