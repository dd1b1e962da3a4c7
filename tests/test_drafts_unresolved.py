"""Issue 16: a DRAFT bulletin an import could not finish (no date, no bloc) is not an error: a
warning says what to add, and the draft stays out of the site, previews too, until it has it.
Undated drafts may wait in content/bulletins/chua-ro-ngay/. Published bulletins keep their
errors."""

from __future__ import annotations

import pytest
from conftest import bulletin_text, copy_site, formatted, load_and_link, needs_theme, write_files

from bantin.pipeline import build
from bantin.urls import UNDATED_FOLDER

UNDATED = f"content/bulletins/{UNDATED_FOLDER}/hoi-nong-dan-trao-qua-tet.md"
NO_BLOC = "content/bulletins/2024/giao-ban-cum-thi-dua-so-3.md"

UNDATED_TEXT = bulletin_text(
    'title: "Hội Nông dân tỉnh trao quà Tết cho hội viên khó khăn"\ndraft: true\n',
    "Hội Nông dân tỉnh trao 120 suất quà cho hội viên có hoàn cảnh khó khăn.\n",
)
NO_BLOC_TEXT = bulletin_text(
    'title: "Giao ban Cụm thi đua số 3"\ndate: 2024-04-02\ndraft: true\n',
    "Cụm thi đua số 3 giao ban quý I.\n",
)


def test_an_undated_draft_is_a_warning_and_left_out(minimal_site):
    write_files(minimal_site, {UNDATED: UNDATED_TEXT})
    site, problems = load_and_link(minimal_site)
    assert formatted(problems) == [
        f"{UNDATED}:2:1: warning: the draft has no date (neither 'date' nor 'event_date'), so it"
        " is left out of the site, previews too (add date: or event_date: and move the file to"
        " content/bulletins/<year>/)"
    ]
    assert (
        problems[0]
        .format("vi")
        .endswith("(thêm date: hoặc event_date: rồi chuyển tệp vào content/bulletins/<năm>/)")
    )
    assert [b.slug for b in site.bulletins] == ["hop-khoi"]


def test_an_undated_draft_may_wait_in_a_year_folder_but_not_in_another(minimal_site):
    write_files(
        minimal_site,
        {
            "content/bulletins/2024/trao-qua.md": UNDATED_TEXT,
            "content/bulletins/cu/trao-qua.md": UNDATED_TEXT,
        },
    )
    _, problems = load_and_link(minimal_site)
    errors = [p.format() for p in problems if p.severity == "error"]
    assert errors == [
        "content/bulletins/cu/trao-qua.md: error: bulletins go in a year folder, not 'cu'"
        " (add date: or event_date: and move the file to content/bulletins/<year>/)"
    ]


def test_a_dated_or_published_bulletin_in_the_undated_folder_is_an_error(minimal_site):
    write_files(
        minimal_site,
        {
            f"content/bulletins/{UNDATED_FOLDER}/co-ngay.md": bulletin_text(
                'title: "Có ngày"\ndate: 2024-05-06\ndraft: true\nbloc: null\n'
            ),
            f"content/bulletins/{UNDATED_FOLDER}/da-dang.md": bulletin_text(
                'title: "Đã đăng mà không có ngày"\n'
            ),
        },
    )
    _, problems = load_and_link(minimal_site)
    errors = [p.format() for p in sorted(set(problems)) if p.severity == "error"]
    assert errors == [
        f"content/bulletins/{UNDATED_FOLDER}/co-ngay.md: error: bulletins go in a year"
        f" folder, not '{UNDATED_FOLDER}' (move it to content/bulletins/2024/)",
        f"content/bulletins/{UNDATED_FOLDER}/da-dang.md:2:1: error: the bulletin has neither"
        " 'date' nor 'event_date' (add the day it was published, e.g. 'date: 2024-01-10' or"
        " 'date: 2024-01-10 16:30'; when the publication date is not known, add 'event_date:'"
        " (the day of the event) instead: it orders the bulletin, and its page says the"
        " publication date is not known)",
    ]


def test_a_draft_without_a_bloc_is_a_warning_and_left_out_a_published_one_an_error(
    minimal_site,
):
    write_files(
        minimal_site,
        {
            "site_config.yaml": 'title: "Khối thi đua thử nghiệm"\n'
            'base_url: "https://example.gov.vn/khoi-thi-dua/"\n',
            NO_BLOC: NO_BLOC_TEXT,
        },
    )
    _, problems = load_and_link(minimal_site)
    said = formatted(
        [p for p in problems if p.path in (NO_BLOC, "content/bulletins/2024/hop-khoi.md")]
    )
    assert said == [
        "content/bulletins/2024/giao-ban-cum-thi-dua-so-3.md:2:1: warning: the draft has no"
        " emulation bloc ('bloc'), so it is left out of the site, previews too (add 'bloc:"
        " <slug>' (the name of a file in content/blocs/) or set default_bloc in"
        " site_config.yaml)",
        "content/bulletins/2024/hop-khoi.md:2:1: error: missing required key 'bloc' (add 'bloc:"
        " <slug>' or set default_bloc in site_config.yaml)",
    ]


@needs_theme
def test_unfinished_drafts_are_out_of_a_drafts_preview_too(tmp_path):
    root = copy_site("basic", tmp_path)
    write_files(
        root,
        {
            UNDATED: UNDATED_TEXT,
            "content/bulletins/2024/nhap-co-ngay.md": bulletin_text(
                'title: "Bản nháp đủ ngày"\ndate: 2024-05-06\ndraft: true\n'
            ),
        },
    )
    result = build(root, cache=False, drafts=True)
    ids = [b.id for b in result.site.bulletins]
    assert "2024/nhap-co-ngay" in ids  # a finished draft is previewed
    assert not any("trao-qua-tet" in i for i in ids)
    assert not list((root / "output").rglob("*trao-qua-tet*"))
    assert [w.message.key for w in result.warnings if w.path == UNDATED] == ["load.draft_undated"]


@pytest.mark.parametrize("folder", ["2024", UNDATED_FOLDER])
def test_the_importers_undated_draft_loads_with_only_the_warning(minimal_site, folder):
    text = bulletin_text(
        'title: "Bài nhập từ cổng cũ"\ndraft: true\n'
        "imported: {file: 'cu/bai.txt', sha256: '" + "ab" * 32 + "'}\n"
        "redirect_from: ['/tin-tuc/bai-cu-9.html']\n"
    )
    write_files(minimal_site, {f"content/bulletins/{folder}/bai-nhap.md": text})
    _, problems = load_and_link(minimal_site)
    assert [(p.severity, p.message.key) for p in problems] == [("warning", "load.draft_undated")]
