"""The benchmark runs end to end on a small corpus (CI's smoke run): every scenario succeeds,
the incremental and the serve output equal a clean build's, and the targets are printed. Hugo +
Pagefind is measured only where Hugo is installed; the run must pass without it. The fast tests
below check the runner's readers on made-up files."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
import time

import pytest
from conftest import REPO, needs_theme

from bench import run as bench  # the repository's folder is on the path (conftest.py)


@pytest.mark.slow
@needs_theme
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
        "bantin one-bulletin edit, again",
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
    assert {("bantin", "cold-nosearch"), ("bantin", "bulletin-edit-again")} <= scenarios
    assert size["serve"]["search_latencies_s"] and all(size["serve"]["search_latencies_s"])
    assert size["serve"]["idle_cpu_s"] is not None
    assert data["sample_first_build"][0]["timings"].get("images") is not None
    keys = {t["key"] for t in data["targets"]}
    assert {"cold_cpu_vs_hugo_pagefind", "edit_wall_s", "sample_first_s"} <= keys


@pytest.mark.parametrize(
    ("text", "rendered", "timings"),
    [
        (
            "rendered 36 of 653 pages in 0.40 s\ntime per phase (s): scan 0.07, load 0.30, "
            "render 0.36, search 1.53\n",
            36,
            {"scan": 0.07, "load": 0.3, "render": 0.36, "search": 1.53},
        ),
        (
            "đã dựng 1000/1882 trang trong 13,00 giây\n"
            "thời gian từng bước (giây): scan 0,13, images 0,20, render 13,00\n",
            1000,
            {"scan": 0.13, "images": 0.2, "render": 13.0},
        ),
        ("đã xem mọi tệp đầu vào: không có gì thay đổi (0,14 giây)\n", 0, {"scan": 0.14}),
        ("looked at every input file: nothing changed (0.31 s)\n", 0, {"scan": 0.31}),
    ],
)
def test_the_runner_reads_what_bantin_printed(tmp_path, text, rendered, timings):
    out = tmp_path / "build.out"
    out.write_text(text, encoding="utf-8")
    assert bench.read_bantin_output(out) == (rendered, timings)


def test_search_off_replaces_the_search_block():
    config = "title: x\nsearch:\n  enabled: true\n  part_size: 500\n\nper_page: 10\n"
    changed = bench.with_search_setting(config, "search: {enabled: false}")
    assert changed == "title: x\nper_page: 10\nsearch: {enabled: false}\n"
    assert bench.with_search_setting("title: x\n", "search: {enabled: false}").endswith(
        "search: {enabled: false}\n"
    )


def write_part(folder, pages, fragments=()):
    (folder / "fragment").mkdir(parents=True, exist_ok=True)
    entry = {"languages": {"vi": {"page_count": pages}}}
    (folder / bench.PAGEFIND_ENTRY).write_text(json.dumps(entry), encoding="utf-8")
    for name, text in fragments:
        (folder / "fragment" / name).write_bytes(gzip.compress(b"pagefind_dcd" + text.encode()))


def test_the_parts_of_a_split_index_are_found_and_counted(tmp_path):
    bundle = tmp_path / "pagefind"
    write_part(bundle, 500)
    write_part(bundle / "2019", 480)
    write_part(bundle / "2020-06", 250)
    (bundle / "bantin-parts.json").write_text('["2019", "2020-06"]', encoding="utf-8")
    summary = bench.search_index_summary(bundle)
    assert summary == {
        "parts": 3,
        "pages": 1230,
        "pages_per_part": {"": 500, "2019": 480, "2020-06": 250},
        "listed_match": True,
    }
    assert bench.search_part_of("2019/fragment/vi_1.pf_fragment") == "2019"
    assert bench.search_part_of("fragment/vi_1.pf_fragment") == ""
    assert bench.search_part_of("pagefind-entry.json") == ""


class Running:
    """Stands for the server process: still running."""

    returncode = None
    pid = 0


def test_search_updated_means_the_edited_part_rewritten_with_the_edit(tmp_path, monkeypatch):
    monkeypatch.setattr(bench, "exited", lambda proc: False)
    bundle = tmp_path / "pagefind"
    write_part(bundle, 500, [("vi_a.pf_fragment", '{"content": "old text"}')])
    write_part(bundle / "2019", 480, [("vi_b.pf_fragment", '{"content": "old text"}')])
    before = bench.index_state(bundle)
    # nothing rewritten: not updated
    assert bench.wait_for_search(bundle, before, "benchmark-x", Running(), 0.05) is None
    # a new fragment with the edit, the entry not yet rewritten: not updated
    (bundle / "2019" / "fragment" / "vi_c.pf_fragment").write_bytes(
        gzip.compress(b'pagefind_dcd{"content": "... benchmark-x ..."}')
    )
    assert bench.wait_for_search(bundle, before, "benchmark-x", Running(), 0.05) is None
    time.sleep(0.01)
    write_part(bundle / "2019", 481)
    found = bench.wait_for_search(bundle, before, "benchmark-x", Running(), 1.0)
    assert found is not None and found[1] == "2019"


def test_ratios_are_taken_per_pair_of_runs():
    res = bench.SizeResult(1000)
    for r, (a, b) in enumerate([(10.0, 5.0), (30.0, 10.0), (8.0, 8.0)]):
        res.runs.append(bench.Run("bantin", "cold", r, ok=True, cpu_s=a))
        res.runs.append(bench.Run("hugo+pagefind", "cold", r, ok=True, cpu_s=b))
    res.runs.append(bench.Run("bantin", "cold", 3, ok=True, cpu_s=100.0))  # no pair
    pair = (("bantin", "cold"), ("hugo+pagefind", "cold"))
    assert bench.paired_ratios(res, *pair, "cpu_s") == [2.0, 3.0, 1.0]
    assert bench.paired(res, *pair, "cpu_s") == 2.0
    (target,) = [t for t in bench.TARGETS if t.key == "cold_cpu_vs_hugo_pagefind"]
    assert bench.target_row(target, 1000, target.value(res))["status"] == "missed"
