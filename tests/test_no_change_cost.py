"""A build that finds nothing changed does the least it can: it imports none of the modules
behind parsing, linking, rendering, pictures and search, unpickles no page records and makes
no Path of each content file, and still says exactly what a full look would."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

from conftest import copy_site, needs_theme

from bantin.cache import Deferred, FileState, FileTable, Manifest, PageRecord
from bantin.pipeline import Builder

pytestmark = needs_theme

REPO = Path(__file__).resolve().parents[1]
HEAVY = ("bantin.render", "bantin.loader", "bantin.site", "bantin.search", "bantin.images")
HEAVY += ("lxml.etree", "markdown", "nh3")

PROBE = """
import json, sys
from pathlib import Path
from bantin.pipeline import Builder
from bantin import messages
result = Builder(Path(sys.argv[1])).build()
print(json.dumps({"nothing": result.site is None, "pages": result.pages,
                  "loaded": sorted(m for m in sys.modules if m in HEAVY),
                  "areas": messages._area.cache_info().currsize}))
"""


def run_probe(root: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    code = f"HEAVY = {HEAVY!r}\n" + PROBE
    environ = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    environ.update({"PYTHONPATH": str(REPO), **(env or {})})
    return subprocess.run(
        [sys.executable, "-c", code, str(root)],
        capture_output=True,
        text=True,
        env=environ,
        timeout=300,
        check=False,
    )


def probe(root: Path) -> dict:
    done = run_probe(root)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_build_with_nothing_to_do_imports_none_of_the_heavy_modules(tmp_path):
    root = copy_site("basic", tmp_path)
    first = Builder(root).build()
    seen = probe(root)
    areas = seen.pop("areas")  # message files read: the few the summary needs, of 2 languages
    assert seen == {"nothing": True, "pages": first.pages, "loaded": []}
    assert areas <= 4 < len(list((REPO / "bantin/strings").glob("*/*.yaml")))
    # a malformed SOURCE_DATE_EPOCH still stops even a build with nothing to do
    refused = run_probe(root, {"SOURCE_DATE_EPOCH": "12x"})
    assert refused.returncode != 0 and "SOURCE_DATE_EPOCH" in refused.stderr
    bulletin = root / "content/bulletins/2024/kiem-tra-cheo-nam-2024.md"
    bulletin.write_text(bulletin.read_text(encoding="utf-8") + "\nThêm.\n", encoding="utf-8")
    seen = probe(root)
    assert seen["nothing"] is False and "bantin.render" in seen["loaded"]


CLI_PROBE = """
import json, sys
from bantin import cli
code = cli.main(["--root", sys.argv[1], "--quiet"])
print(json.dumps({"code": code, "loaded": sorted(m for m in sys.modules if m in HEAVY)}))
"""
# what the command line does not need to build: the other commands' modules, the models
# (the settings do not need them), Jinja and python-slugify
NOT_FOR_A_BUILD = (
    *("bantin.importer", "bantin.importer.scores", "bantin.init", "bantin.scaffold"),
    *("bantin.themecopy", "bantin.models", "jinja2", "slugify"),
)


def test_the_command_line_imports_no_other_command_to_find_nothing_changed(tmp_path):
    root = copy_site("basic", tmp_path)
    Builder(root).build()
    environ = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    environ["PYTHONPATH"] = str(REPO)
    done = subprocess.run(
        [sys.executable, "-c", f"HEAVY = {HEAVY + NOT_FOR_A_BUILD!r}\n" + CLI_PROBE, str(root)],
        capture_output=True,
        text=True,
        env=environ,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {"code": 0, "loaded": []}


def test_page_records_stay_pickled_until_read_and_read_as_they_were():
    pages = {
        "a/index.html": PageRecord(b"1", ("a.html",), ("by_id",), b"k", "2024-01-02"),
        "b/index.html": PageRecord(b"2", (), ()),
    }
    saved = pickle.dumps(Manifest(pages=Deferred(pages)))
    loaded = pickle.loads(saved)
    assert isinstance(loaded.pages, Deferred) and loaded.pages._items is None  # not yet read
    assert loaded.pages == pages and len(loaded.pages) == 2
    assert loaded.pages.get("a/index.html") == pages["a/index.html"]
    assert loaded.pages.get("c") is None and "b/index.html" in loaded.pages
    assert pickle.loads(pickle.dumps(loaded)).pages == pages  # saved again after reading


def test_output_states_are_saved_in_columns_and_read_as_they_were():
    states = {
        "index.html": FileState(b"\x01" * 16, 2048, 1_790_000_000_123_456_789),
        "tin-tuc/a/index.html": FileState(b"", 0, 5),
        "tìm kiếm/pagefind/x.pf_fragment": FileState(b"\xff" * 16, 7, -1),  # before 1970
    }
    loaded = pickle.loads(pickle.dumps(Manifest(outputs=FileTable(states))))
    table = loaded.outputs
    assert isinstance(table, FileTable) and table._items is None  # columns, no mapping yet
    assert len(table) == 3
    assert list(table.stats()) == [(rel, s.size, s.mtime_ns) for rel, s in states.items()]
    assert table._items is None  # the stats are read from the columns
    assert table == states and table.get("index.html") == states["index.html"]
    assert "tin-tuc/a/index.html" in table and table.get("nope") is None
    assert list(table.stats()) == [(rel, s.size, s.mtime_ns) for rel, s in states.items()]
    assert pickle.loads(pickle.dumps(table)) == states  # saved again after reading
    assert pickle.loads(pickle.dumps(FileTable({}))) == {}


def test_a_manifest_of_the_last_version_with_plain_page_records_is_still_read(tmp_path):
    root = copy_site("basic", tmp_path)
    builder = Builder(root)
    first = builder.build()
    manifest = builder.cache.load_manifest()
    assert isinstance(manifest.pages, Deferred)
    assert sorted(manifest.pages) == sorted(first.rendered_paths)
    assert Builder(root).build().site is None
