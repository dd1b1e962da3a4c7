"""Drafts, scheduled bulletins and expiry: what a build publishes, and what a preview shows."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import bulletin_text, copy_site, needs_theme, write_files

from bantin import pipeline
from bantin.pipeline import Builder, build

pytestmark = needs_theme

DRAFT = "content/bulletins/2024/ban-nhap.md"
LATER = "content/bulletins/2099/hen-gio.md"
GONE = "content/bulletins/2024/het-han.md"


def _site(tmp_path):
    root = copy_site("basic", tmp_path)
    write_files(
        root,
        {
            DRAFT: bulletin_text(
                'title: "Tin còn là bản nháp"\ndate: "2024-03-01T08:00:00+07:00"\ndraft: true\n'
            ),
            LATER: bulletin_text('title: "Tin hẹn giờ đăng"\ndate: "2099-01-02T08:00:00+07:00"\n'),
            GONE: bulletin_text(
                'title: "Tin đã hết hạn"\ndate: "2024-03-02T08:00:00+07:00"\n'
                'expires: "2024-04-01T00:00:00+07:00"\n'
            ),
        },
    )
    return root


def _all_text(root, folder="output") -> str:
    return "\n".join(
        p.read_text(encoding="utf-8") for p in (root / folder).rglob("*.html") if p.is_file()
    )


def test_a_build_leaves_out_drafts_scheduled_and_expired_items(tmp_path):
    root = _site(tmp_path)
    result = build(root)
    text = _all_text(root)
    for title in ("Tin còn là bản nháp", "Tin hẹn giờ đăng", "Tin đã hết hạn"):
        assert title not in text  # no page, and in no listing
    assert not (root / "output/tin-tuc/2099").exists()
    assert not (root / "output/tin-tuc/2024/ban-nhap").exists()
    assert result.counts["bulletins"] == 4
    assert result.unpublished == {}
    # the scheduled one is noted (info), not a warning
    notes = [p for p in result.warnings if p.path == LATER]
    assert [p.severity for p in notes] == ["info"]
    assert notes[0].message.startswith("scheduled: dated 2099-01-02 08:00")


@pytest.mark.parametrize(
    ("option", "path", "title", "label"),
    [
        ("drafts", "tin-tuc/2024/ban-nhap/index.html", "Tin còn là bản nháp", "Bản nháp"),
        ("future", "tin-tuc/2099/hen-gio/index.html", "Tin hẹn giờ đăng", "Hẹn giờ đăng"),
        ("expired", "tin-tuc/2024/het-han/index.html", "Tin đã hết hạn", "Đã hết hạn"),
    ],
)
def test_each_option_shows_its_items_marked_as_unpublished(tmp_path, option, path, title, label):
    root = _site(tmp_path)
    result = build(root, **{option: True})
    page = (root / "output" / path).read_text(encoding="utf-8")
    assert title in page
    assert '<p class="preview-status preview-status--' in page
    assert f"<strong>{label}</strong>" in page
    home = (root / "output/tin-tuc/index.html").read_text(encoding="utf-8")
    assert title in home
    assert '<span class="badge badge--' in home  # the card says it too
    assert sum(result.unpublished.values()) == 1
    # only that one: the other two stay out
    others = {"drafts", "future", "expired"} - {option}
    assert len([o for o in others if o in result.unpublished]) == 0


def test_a_published_item_may_not_link_to_an_unpublished_one(tmp_path, run_cli):
    root = _site(tmp_path)
    page = root / "content/pages/gioi-thieu.md"
    page.write_text(
        page.read_text(encoding="utf-8")
        + "\n[Sắp đăng](bulletin:2099/hen-gio) và [hết hạn](bulletin:2024/het-han).\n",
        encoding="utf-8",
    )
    run = run_cli("--root", str(root), "check")
    assert run.code == 1
    lines = [line for line in run.err.splitlines() if "gioi-thieu" in line]
    assert any(
        "bulletin '2099/hen-gio' is scheduled for 2099-01-02 08:00 and is not published yet" in line
        for line in lines
    )
    assert any(
        "bulletin '2024/het-han' expired on 2024-04-01 00:00 and is no longer published" in line
        for line in lines
    )
    # a preview of everything accepts them
    assert run_cli("--root", str(root), "check", "--future", "--expired").code == 0


def test_source_date_epoch_is_the_moment_of_publication(tmp_path, monkeypatch):
    root = _site(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(datetime(2099, 1, 3, tzinfo=UTC).timestamp())))
    build(root)
    assert "Tin hẹn giờ đăng" in _all_text(root)


def test_an_incremental_build_publishes_a_scheduled_bulletin_when_its_time_comes(
    tmp_path, monkeypatch
):
    """Nothing changed on disk, but time passed: the no-change shortcut must not hide it."""
    root = _site(tmp_path)
    before = datetime(2099, 1, 1, tzinfo=UTC)
    after = datetime(2099, 1, 3, tzinfo=UTC)
    monkeypatch.setattr(pipeline, "build_time", lambda: before)
    builder = Builder(root)
    builder.build()
    assert builder.build().site is None  # nothing changed, nothing due
    assert "Tin hẹn giờ đăng" not in _all_text(root)
    monkeypatch.setattr(pipeline, "build_time", lambda: after)
    result = builder.build()
    assert result.site is not None
    assert "Tin hẹn giờ đăng" in _all_text(root)
    # and an item expiring is taken down the same way
    gone = root / GONE
    gone.write_text(
        gone.read_text(encoding="utf-8").replace("2024-04-01T00:00:00", "2099-01-05T00:00:00"),
        encoding="utf-8",
    )
    builder.build()
    assert "Tin đã hết hạn" in _all_text(root)
    monkeypatch.setattr(pipeline, "build_time", lambda: datetime(2099, 1, 6, tzinfo=UTC))
    builder.build()
    assert "Tin đã hết hạn" not in _all_text(root)


def test_build_command_options_reach_the_builder(tmp_path, run_cli):
    root = _site(tmp_path)
    run = run_cli("--root", str(root), "build", "--drafts", "--future")
    assert run.code == 0
    assert "shown although not published: 1 drafts, 1 scheduled" in run.out
    # into the review copy, never output/
    assert (root / "xem-truoc/tin-tuc/2099/hen-gio/index.html").is_file()
    assert not (root / "output").exists()
    assert run_cli("--root", str(root), "build").code == 0
    assert not (root / "output/tin-tuc/2099/hen-gio/index.html").exists()
