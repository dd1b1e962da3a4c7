"""The benchmark runs end to end on a small corpus (CI's smoke run): every scenario succeeds,
the incremental and the serve output equal a clean build's, and the targets are printed. Hugo +
Pagefind is measured only where Hugo is installed; the run must pass without it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from conftest import REPO, needs_theme

pytestmark = [pytest.mark.slow, needs_theme]


def test_the_benchmark_smoke_run_passes(tmp_path):
    figures = tmp_path / "figures.json"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.run",
            "--smoke",
            "--work",
            str(tmp_path / "bench"),
            "--json",
            str(figures),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    out = run.stdout
    assert "incremental == clean: yes" in out
    assert "serve output == clean: yes" in out
    for scenario in (
        "bantin cold",
        "bantin cold, search off",
        "bantin no-change rebuild",
        "bantin one-bulletin edit",
        "bantin one-template edit",
        "bantin serve: ready",
        "bantin serve: edit → page",
        "bantin serve: edit → search",
        "bantin serve: idle",
        "bantin sample site, first build",
        "pictures phase",
        "targets of issue 17",
    ):
        assert scenario in out, scenario
    if shutil.which("hugo"):
        assert "hugo+pagefind cold" in out
        assert "bantin cold / Hugo+Pagefind cold" in out

    data = json.loads(figures.read_text(encoding="utf-8"))
    (size,) = data["sizes"]
    scenarios = {(r["tool"], r["scenario"]) for r in size["runs"] if r["ok"]}
    assert ("bantin", "cold-nosearch") in scenarios
    assert size["serve"]["search_latencies_s"] and all(size["serve"]["search_latencies_s"])
    assert size["serve"]["idle_cpu_s"] is not None
    assert data["sample_first_build"][0]["timings"].get("images") is not None
    keys = {t["key"] for t in data["targets"]}
    assert {"cold_cpu_vs_hugo_pagefind", "edit_wall_s", "sample_first_s"} <= keys
