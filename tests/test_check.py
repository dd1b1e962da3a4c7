"""``build.py check``: every problem at once, grouped by file, as text or JSON; --strict;
--built follows the links of the built site; messages in the site's language."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import (
    FIXTURES,
    SITES,
    add_theme,
    bulletin_text,
    copy_site,
    needs_theme,
    tiny_png,
    write_files,
)

pytestmark = needs_theme


@pytest.fixture
def site(minimal_site):
    add_theme(minimal_site)
    return minimal_site


def _broken(root) -> None:
    """Three files, each with its own problems, found in one run."""
    write_files(
        root,
        {
            "content/bulletins/2024/mot.md": bulletin_text(
                'title: "Một"\ndate: 2024-02-01\nbloc: khoi-thu-hai\ntitel: "x"\n'
            ),
            "content/bulletins/2024/hai.md": bulletin_text(
                'title: "Hai"\ndate: 2024-02-02\npeople: [khong-co-ai]\n',
                "Xem [tin](bulletin:2024/khong-co).\n",
            ),
            "content/bulletins/2099/sau-nay.md": bulletin_text(
                'title: "Sau này"\ndate: "2099-05-01T08:00:00+07:00"\n'
            ),
        },
    )


def test_every_problem_is_reported_at_once_grouped_by_file(site, run_cli):
    _broken(site)
    run = run_cli("--root", str(site), "check")
    assert run.code == 1
    groups = [g.splitlines() for g in run.err.strip().split("\n\n")]
    assert [g[0].split(":")[0] for g in groups] == [
        "content/bulletins/2024/hai.md",
        "content/bulletins/2024/mot.md",
        "content/bulletins/2099/sau-nay.md",
    ]
    hai, mot, later = groups
    assert hai == [
        "content/bulletins/2024/hai.md:4:10: error: unknown profile 'khong-co-ai'",
        "content/bulletins/2024/hai.md:6:11: error: unknown bulletin '2024/khong-co' "
        "(did you mean '2024/hop-khoi'?)",
    ]
    # a file whose fields do not fit is not linked: its references wait for the fix
    assert mot == [
        "content/bulletins/2024/mot.md:5:1: error: unknown key 'titel' (did you mean 'title'?)"
    ]
    assert later[0].startswith("content/bulletins/2099/sau-nay.md:3:1: info: scheduled: dated")
    assert run.out.strip().endswith("3 error(s), 0 warning(s), 1 note(s) in 3 file(s)")
    assert not (site / "output").exists()


def test_json_output_is_for_tools(site, run_cli):
    _broken(site)
    run = run_cli("--root", str(site), "check", "--format", "json")
    assert run.code == 1
    data = json.loads(run.out)
    assert data["ok"] is False
    assert data["summary"] == {"errors": 3, "warnings": 0, "infos": 1, "files": 3}
    first = data["problems"][0]
    assert first == {
        "path": "content/bulletins/2024/hai.md",
        "line": 4,
        "col": 10,
        "severity": "error",
        "code": "link.unknown",
        "message": "unknown profile 'khong-co-ai'",
        "hint": "",
    }
    assert {p["code"] for p in data["problems"]} >= {"link.unknown", "link.scheduled"}
    assert data["counts"]["bulletins"] == 2  # the minimal site's and hai.md


def test_strict_turns_warnings_into_failure(site, run_cli):
    write_files(
        site,
        {
            "content/bulletins/2024/anh.md": bulletin_text(
                'title: "Ảnh"\ndate: 2024-02-01\nimage: {src: anh.png}\n'
            ),
            "content/media/anh.png": tiny_png(),
        },
    )
    run = run_cli("--root", str(site), "check")
    assert run.code == 0
    assert run.err.strip() == (
        "content/bulletins/2024/anh.md:4:8: warning: image 'anh.png' has no alt text "
        '(describe the picture for readers who cannot see it: alt: "…")'
    )
    assert run_cli("--root", str(site), "check", "--strict").code == 1


def test_messages_follow_the_site_language(site, run_cli, monkeypatch):
    _broken(site)
    monkeypatch.delenv("BANTIN_LANG")
    run = run_cli("--root", str(site), "check")
    assert "content/bulletins/2024/hai.md:4:10: error: không có gương điển hình 'khong-co-ai'" in (
        run.err
    )
    assert "khoá 'titel' không hợp lệ (có phải ý bạn là 'title'?)" in run.err
    assert run.out.strip().endswith("3 lỗi, 0 cảnh báo, 1 lưu ý trong 3 tệp")
    config = site / "site_config.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "language: en\n", encoding="utf-8")
    run = run_cli("--root", str(site), "check")
    assert "error: unknown profile 'khong-co-ai'" in run.err
    assert run.out.strip().endswith("3 error(s), 0 warning(s), 1 note(s) in 3 file(s)")


def test_a_template_syntax_error_is_found_without_rendering(site, run_cli):
    (site / "templates").mkdir()
    (site / "templates" / "page.html").write_text(
        '{% extends "base.html" %}\n{% block content %}{% if %}{% endblock %}\n', "utf-8"
    )
    run = run_cli("--root", str(site), "check")
    assert run.code == 1
    assert run.err.startswith("templates/page.html:2:1: error: template error:")


def test_check_built_follows_every_link_of_the_built_site(tmp_path, run_cli):
    root = copy_site("basic", tmp_path)
    missing = run_cli("--root", str(root), "check", "--built")
    assert missing.code == 1
    assert "there is no built site to check" in missing.err
    assert run_cli("--root", str(root)).code == 0
    run = run_cli("--root", str(root), "check", "--built")
    assert run.code == 0, run.err
    assert "links and sources of 47 pages in output/" in run.out  # statistics, ledger, open data
    # a page goes missing from output/: every link to it is reported, with the linking page
    (root / "output/gioi-thieu/index.html").unlink()
    broken = run_cli("--root", str(root), "check", "--built")
    assert broken.code == 1
    lines = [line for line in broken.err.splitlines() if line]
    assert lines and all(line.startswith("output/") for line in lines)
    assert any("/khoi-thi-dua/gioi-thieu/" in line for line in lines)


CHECK_CASES = sorted(p.name for p in (FIXTURES / "check").iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CHECK_CASES)
def test_each_warning_and_note_has_a_fixture(case, tmp_path, run_cli):
    """tests/fixtures/check/<case>/: laid over the minimal site, ``check`` prints exactly its
    expected.txt (warnings and notes do not fail the check), and --strict fails on warnings."""
    root = tmp_path / "site"
    shutil.copytree(SITES / "minimal", root)
    add_theme(root)
    shutil.copytree(
        FIXTURES / "check" / case,
        root,
        dirs_exist_ok=True,
        ignore=shutil.ignore_patterns("expected.txt"),
    )
    expected = (FIXTURES / "check" / case / "expected.txt").read_text("utf-8").splitlines()
    run = run_cli("--root", str(root), "check")
    assert run.code == 0
    assert [line for line in run.err.splitlines() if line] == expected
    strict = run_cli("--root", str(root), "check", "--strict")
    assert strict.code == (1 if any(": warning: " in line for line in expected) else 0)
