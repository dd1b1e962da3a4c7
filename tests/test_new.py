"""``python build.py new KIND "Tiêu đề"``: new files from archetypes (bantin/scaffold.py)."""

from __future__ import annotations

import argparse
import re
import unicodedata
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from conftest import copy_site, load_and_link, write_files
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bantin import scaffold
from bantin.config import load_config
from bantin.errors import SiteError
from bantin.loader import parse_file
from bantin.messages import tr
from bantin.urls import slugify
from bantin.yamlio import parse_yaml

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
TITLE = "Hội nghị tổng kết công tác thi đua năm 2025 của Khối"
SLUG = "hoi-nghi-tong-ket-cong-tac-thi-dua-nam-2025-cua-khoi"


def parser() -> argparse.ArgumentParser:
    """A command line with only the ``new`` command, as bantin.cli registers it."""
    p = argparse.ArgumentParser(prog="build.py")
    scaffold.register(p.add_subparsers(dest="command"))
    return p


def new(root: Path, *argv: str, lang: str = "en") -> int:
    args = parser().parse_args(["new", *argv])
    assert args.command == "new"
    return scaffold.run(root, args, lang)


def errors(problems) -> list[str]:
    return [p.format() for p in problems if p.severity == "error"]


def publish(path: Path, **replace: str) -> None:
    """What a writer does once the file is written: draft: false (and any other edits)."""
    text = path.read_text(encoding="utf-8")
    assert "draft: true" in text
    text = text.replace("draft: true", "draft: false", 1)
    for old, new_text in replace.items():
        assert old in text, old
        text = text.replace(old, new_text, 1)
    path.write_bytes(text.encode("utf-8"))


def only_problem(exc: pytest.ExceptionInfo[SiteError]):
    assert len(exc.value.problems) == 1, exc.value.problems
    return exc.value.problems[0]


@pytest.fixture
def site(tmp_path) -> Path:
    return copy_site("basic", tmp_path)


# ---------------------------------------------------------------- the command line


def test_the_command_line_offers_kinds_aliases_and_options():
    args = parser().parse_args(
        [
            "new",
            "tin",
            TITLE,
            "--bloc",
            "khoi-doan-the",
            "--event",
            "tong-ket",
            "--event",
            "bieu-duong",
            "--date",
            "2025-12-30T14:30",
            "--slug",
            "tong-ket-2025",
            "--no-draft",
        ]
    )
    assert (args.kind, args.title, args.bloc) == ("tin", TITLE, "khoi-doan-the")
    assert args.events == ["tong-ket", "bieu-duong"]
    assert (args.date, args.slug, args.draft) == ("2025-12-30T14:30", "tong-ket-2025", False)
    assert parser().parse_args(["new", "bloc", "X"]).draft is True  # a draft by default
    for kind in (
        "bulletin",
        "profile",
        "campaign",
        "page",
        "bloc",
        "tin",
        "dien-hinh",
        "phong-trao",
        "trang",
        "khoi",
    ):
        assert parser().parse_args(["new", kind, "X"]).kind == kind
    with pytest.raises(SystemExit):
        parser().parse_args(["new", "article", "X"])
    with pytest.raises(SystemExit):  # there is no way to overwrite
        parser().parse_args(["new", "tin", "X", "--force"])


# ---------------------------------------------------------------- each kind, end to end


def test_a_bulletin_is_written_where_the_loader_looks_and_loads(site, capsys):
    code = new(site, "tin", TITLE, "--date", "2025-12-30T14:30", "--event", "tong-ket")
    rel = f"content/bulletins/2025/{SLUG}.md"
    assert code == 0
    assert capsys.readouterr().out.splitlines()[0] == f"created {rel}"
    path = site / rel
    text = path.read_text(encoding="utf-8")
    assert f'title: "{TITLE}"' in text
    assert 'date: "2025-12-30T14:30:00+07:00"' in text
    assert "draft: true" in text
    assert "\n# bloc: khoi-doan-the" in text  # the site's default_bloc applies
    assert "\nevent_types: [tong-ket]" in text

    # a draft: the site still builds, without it
    site_before, problems = load_and_link(site)
    assert errors(problems) == []
    assert f"2025/{SLUG}" not in site_before.by_id

    publish(path)
    built, problems = load_and_link(site)
    assert errors(problems) == []
    b = built.by_id[f"2025/{SLUG}"]
    assert (b.title, b.slug, b.year) == (TITLE, SLUG, 2025)
    assert b.date == datetime(2025, 12, 30, 14, 30, tzinfo=HCM)
    assert b.date.utcoffset() == timedelta(hours=7)
    assert b.bloc == "khoi-doan-the"
    assert b.event_types == ("tong-ket",)
    assert f"2025/{SLUG}" in built.bulletins_by_event["tong-ket"]


def test_a_bulletin_with_bloc_and_events_and_no_draft(site):
    new(
        site,
        "bulletin",
        "Kiểm tra chéo 6 tháng đầu năm 2025",
        "--bloc",
        "khoi-doan-the",
        "--event",
        "kiem-tra-cheo",
        "--event",
        "so-ket",
        "--date",
        "2025-07-10",
        "--no-draft",
    )
    path = site / "content/bulletins/2025/kiem-tra-cheo-6-thang-dau-nam-2025.md"
    text = path.read_text(encoding="utf-8")
    assert "\nbloc: khoi-doan-the " in text
    assert "\ndraft: false " in text
    built, problems = load_and_link(site)
    assert errors(problems) == []
    b = built.by_id["2025/kiem-tra-cheo-6-thang-dau-nam-2025"]
    assert b.bloc == "khoi-doan-the"
    assert b.event_types == ("kiem-tra-cheo", "so-ket")
    assert b.date == datetime(2025, 7, 10, 0, 0, tzinfo=HCM)  # a bare date is local midnight


def test_a_profile_loads_and_is_published_once_consent_is_recorded(site):
    new(site, "dien-hinh", "Nguyễn Thị Hoà", "--bloc", "khoi-doan-the")
    path = site / "content/profiles/nguyen-thi-hoa.md"
    text = path.read_text(encoding="utf-8")
    assert 'name: "Nguyễn Thị Hoà"' in text
    assert "\nconsent: false " in text  # never published without a person's consent
    assert "\nbloc: khoi-doan-the " in text
    assert "unit: ubmttq" in text  # the bloc's members are listed for the writer
    _, problems = load_and_link(site)
    assert errors(problems) == []

    publish(path, **{"consent: false": "consent: true", 'title: ""': 'title: "Chủ tịch Hội"'})
    built, problems = load_and_link(site)
    assert errors(problems) == []
    p = built.profile_by_slug["nguyen-thi-hoa"]
    assert (p.name, p.bloc, p.consent) == ("Nguyễn Thị Hoà", "khoi-doan-the", True)
    assert p.positions[0].title == "Chủ tịch Hội"
    assert p.positions[0].holds_leadership_post is False


def test_a_campaign_loads_and_is_published(site):
    new(site, "phong-trao", "Phong trào “Dân vận khéo” giai đoạn 2026-2030", "--no-draft")
    slug = "phong-trao-dan-van-kheo-giai-doan-2026-2030"
    text = (site / f"content/campaigns/{slug}.md").read_text(encoding="utf-8")
    assert "\nprovince: bac-kan " in text  # the site's province
    built, problems = load_and_link(site)
    assert errors(problems) == []
    c = built.campaign_by_slug[slug]
    assert c.name == "Phong trào “Dân vận khéo” giai đoạn 2026-2030"
    assert (c.type, c.scope, c.province) == ("phong-trao-thi-dua", "provincial", "bac-kan")


def test_a_page_loads_and_is_published(site):
    new(site, "trang", "Liên hệ")
    path = site / "content/pages/lien-he.md"
    publish(path)
    built, problems = load_and_link(site)
    assert errors(problems) == []
    assert built.page_by_slug["lien-he"].title == "Liên hệ"
    assert built.page_by_slug["lien-he"].menu is None


def test_a_bloc_loads_and_is_published(site):
    new(site, "khoi", "Cụm thi đua số 3", "--date", "2026-01-05")
    path = site / "content/blocs/cum-thi-dua-so-3.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# ")  # a YAML file, no front matter fences
    assert "\nkind: cum " in text
    assert "\nnumber: 3 " in text
    assert "\nprovince: bac-kan " in text
    assert "# from: 2026" in text
    _, problems = load_and_link(site)
    assert errors(problems) == []
    publish(path)
    built, problems = load_and_link(site)
    assert errors(problems) == []
    bloc = built.bloc_by_slug["cum-thi-dua-so-3"]
    assert (bloc.name, bloc.kind, bloc.number, bloc.province) == (
        "Cụm thi đua số 3",
        "cum",
        3,
        "bac-kan",
    )
    assert len(bloc.members) == 1


# ---------------------------------------------------------------- paths, slugs, dates


def test_the_slug_of_a_vietnamese_title_with_d_and_tone_marks(site):
    nfd = unicodedata.normalize("NFD", TITLE)
    new(site, "tin", nfd, "--date", "2026-01-15T08:00")
    path = site / f"content/bulletins/2026/{SLUG}.md"
    data = path.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")  # UTF-8 without BOM
    assert b"\r" not in data  # LF line endings
    text = data.decode("utf-8")
    assert unicodedata.is_normalized("NFC", text)
    assert f'title: "{TITLE}"' in text  # NFC, though typed in NFD
    assert slugify("Đoàn Điển") == "doan-dien"  # đ is not an accent


def test_a_long_title_gives_a_slug_cut_at_a_word(site):
    title = "Hội nghị " + "tổng kết công tác thi đua khen thưởng " * 6
    new(site, "tin", title, "--date", "2026-01-15")
    (created,) = (site / "content/bulletins/2026").iterdir()
    slug = created.stem
    assert len(slug) <= scaffold.SLUG_MAX
    assert slugify(title).startswith(slug + "-")


@pytest.mark.parametrize(
    "title",
    [
        'Khối thi đua: "tổng kết" năm 2025',
        "- Bắt đầu bằng gạch ngang: vẫn là tiêu đề",
        "# Dấu thăng # ở giữa #1",
        "Trích dẫn 'đơn' và \\ gạch chéo ngược \\n",
        "19:29 sáng nay",
        "yes",
        "Tin [mới] {nóng}: & * ! % @ ` | >",
        "Tiêu đề có\ttab và dấu “ngoặc kép cong”",
        "---",
    ],
)
def test_titles_with_yaml_syntax_survive_the_round_trip(site, title):
    new(site, "tin", "--date", "2026-02-01", "--slug", "tieu-de-kho", "--", title)
    path = site / "content/bulletins/2026/tieu-de-kho.md"
    config = load_config(site)
    item, problems = parse_file(
        config,
        path,
        "content/bulletins/2026/tieu-de-kho.md",
        ("bulletins", "2026", "tieu-de-kho.md"),
    )
    assert errors(problems) == []
    assert item.title == title


def test_date_sets_the_year_folder_and_keeps_the_site_offset(site):
    new(site, "tin", "Sơ kết 6 tháng", "--date", "2023-07-19T15:10")
    path = site / "content/bulletins/2023/so-ket-6-thang.md"
    assert 'date: "2023-07-19T15:10:00+07:00"' in path.read_text(encoding="utf-8")


def test_default_date_is_now_in_the_site_time_zone_with_its_offset(site):
    before = datetime.now(HCM)
    new(site, "tin", "Tin hôm nay")
    (path,) = (site / "content/bulletins").glob("*/tin-hom-nay.md")
    m = re.search(r'\ndate: "([^"]+)"', path.read_text(encoding="utf-8"))
    written = datetime.fromisoformat(m.group(1))
    assert m.group(1).endswith(":00+07:00")
    assert before - timedelta(minutes=1) <= written <= datetime.now(HCM)
    assert path.parent.name == str(written.year)


def test_just_after_midnight_on_new_year_is_the_new_year(site):
    # 17:30 UTC on 31/12 is 00:30 on 1/1 in Việt Nam: the bulletin belongs to the new year
    created = scaffold.scaffold(
        site, "bulletin", "Chúc mừng năm mới", now=datetime(2025, 12, 31, 17, 30, tzinfo=UTC)
    )
    assert created.rel == "content/bulletins/2026/chuc-mung-nam-moi.md"
    assert 'date: "2026-01-01T00:30:00+07:00"' in created.path.read_text(encoding="utf-8")


def test_the_offset_follows_the_site_time_zone(site):
    config = (site / "site_config.yaml").read_text(encoding="utf-8")
    (site / "site_config.yaml").write_text(
        config.replace("timezone: Asia/Ho_Chi_Minh", "timezone: Europe/Paris"), encoding="utf-8"
    )
    new(site, "tin", "Giờ mùa hè", "--date", "2025-07-01T09:00")
    text = (site / "content/bulletins/2025/gio-mua-he.md").read_text(encoding="utf-8")
    assert 'date: "2025-07-01T09:00:00+02:00"' in text


# ---------------------------------------------------------------- never overwrite


def test_an_existing_file_is_never_overwritten(site):
    new(site, "tin", TITLE, "--date", "2025-12-30")
    path = site / f"content/bulletins/2025/{SLUG}.md"
    path.write_text("đã sửa\n", encoding="utf-8")
    with pytest.raises(SiteError) as exc:
        new(site, "tin", TITLE, "--date", "2025-12-01")
    problem = only_problem(exc)
    assert problem.path == f"content/bulletins/2025/{SLUG}.md"
    assert "already exists" in problem.message
    assert "--slug" in problem.hint
    assert path.read_text(encoding="utf-8") == "đã sửa\n"


def test_a_fixture_file_is_not_overwritten_either(site):
    path = site / "content/bulletins/2024/tong-ket-khoi-nam-2023.md"
    before = path.read_bytes()
    with pytest.raises(SiteError):
        new(site, "tin", "Khác", "--slug", "tong-ket-khoi-nam-2023", "--date", "2024-05-01")
    write_files(site, {"content/blocs/khoi-moi.yml": "kind: khoi\n"})
    with pytest.raises(SiteError):  # a bloc written .yml is the same bloc
        new(site, "khoi", "Khối mới")
    assert path.read_bytes() == before
    assert not (site / "content/blocs/khoi-moi.yaml").exists()


# ---------------------------------------------------------------- mistakes in the command


def test_an_unknown_bloc_gets_a_did_you_mean(site):
    with pytest.raises(SiteError) as exc:
        new(site, "tin", "Tin", "--bloc", "khoi-doan-th")
    problem = only_problem(exc)
    assert problem.format() == (
        "--bloc: error: unknown bloc 'khoi-doan-th' (did you mean 'khoi-doan-the'?)"
    )
    assert not (site / "content/bulletins").joinpath(str(datetime.now(HCM).year), "tin.md").exists()


def test_an_unknown_event_type_gets_a_did_you_mean(site):
    with pytest.raises(SiteError) as exc:
        new(site, "tin", "Tin", "--event", "tong-ket", "--event", "tong-kt")
    problem = only_problem(exc)
    assert problem.format() == (
        "--event: error: unknown event type 'tong-kt' (did you mean 'tong-ket'?)"
    )
    assert problem.format("vi") == (
        "--event: error: không có loại hoạt động 'tong-kt' (có phải ý bạn là 'tong-ket'?)"
    )


def test_every_mistake_is_reported_at_once(site):
    with pytest.raises(SiteError) as exc:
        new(site, "tin", "Tin", "--bloc", "zzz", "--event", "zzz", "--date", "30/12/2025")
    assert sorted(p.path for p in exc.value.problems) == ["--bloc", "--date", "--event"]


@pytest.mark.parametrize("value", ["30/12/2025", "2025-02-30", "2025-12-30T25:00", "hôm nay"])
def test_a_bad_date_is_refused(site, value):
    with pytest.raises(SiteError) as exc:
        new(site, "tin", "Tin", "--date", value)
    problem = only_problem(exc)
    assert problem.message == f"'{value}' is not a date"
    assert "2026-11-21T09:30" in problem.hint


def test_options_that_do_not_fit_the_kind_are_refused(site):
    with pytest.raises(SiteError) as exc:
        new(site, "khoi", "Khối mới", "--bloc", "khoi-doan-the")
    assert only_problem(exc).message == "--bloc is not used for a bloc"
    with pytest.raises(SiteError) as exc:
        new(site, "trang", "Liên hệ", "--event", "tong-ket")
    assert only_problem(exc).message == "--event is not used for a page"


def test_a_title_without_letters_needs_a_slug(site):
    with pytest.raises(SiteError) as exc:
        new(site, "tin", "!!! ???")
    assert "--slug" in only_problem(exc).hint
    with pytest.raises(SiteError):
        new(site, "tin", "   ")
    assert new(site, "tin", "!!! ???", "--slug", "dau-cham-than", "--date", "2026-03-01") == 0
    assert (site / "content/bulletins/2026/dau-cham-than.md").is_file()


def test_a_slug_option_must_be_a_slug(site):
    with pytest.raises(SiteError) as exc:
        new(site, "tin", "Tin", "--slug", "Hội Nghị")
    problem = only_problem(exc)
    assert problem.hint == "use --slug hoi-nghi"


def test_a_page_cannot_take_the_name_of_a_url_segment(site):
    with pytest.raises(SiteError) as exc:
        new(site, "trang", "Tin tức")
    assert "tin-tuc" in only_problem(exc).message


def test_messages_are_printed_in_the_writers_language(site, capsys):
    new(site, "trang", "Giới thiệu khối", lang="vi")
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "đã tạo content/pages/gioi-thieu-khoi.md"
    assert "draft: false" in out[1]
    with pytest.raises(SiteError) as exc:
        new(site, "trang", "Giới thiệu khối")
    assert tr(only_problem(exc).message, "vi") == (
        "content/pages/gioi-thieu-khoi.md đã có; bantin không bao giờ ghi đè lên tệp đã có"
    )


# ---------------------------------------------------------------- which bloc


def _without_default_bloc(site: Path) -> None:
    path = site / "site_config.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("default_bloc: khoi-doan-the\n", ""), encoding="utf-8")


def test_without_default_bloc_the_only_bloc_is_used(site):
    _without_default_bloc(site)
    new(site, "tin", "Tin một khối", "--date", "2026-03-02", "--no-draft")
    text = (site / "content/bulletins/2026/tin-mot-khoi.md").read_text(encoding="utf-8")
    assert "\nbloc: khoi-doan-the " in text
    built, problems = load_and_link(site)
    # (the fixture's own bulletins name no bloc: they relied on default_bloc)
    assert [e for e in errors(problems) if "tin-mot-khoi" in e] == []
    assert built.by_id["2026/tin-mot-khoi"].bloc == "khoi-doan-the"


def test_without_default_bloc_and_with_several_the_writer_is_told_to_choose(site, capsys):
    _without_default_bloc(site)
    write_files(site, {"content/blocs/cum-hoi.yaml": "kind: cum\n"})
    new(site, "tin", "Tin nhiều khối", "--date", "2026-03-02")
    out = capsys.readouterr().out
    assert "write the bloc in 'bloc:' before the next build (one of: cum-hoi, khoi-doan-the)" in out
    text = (site / "content/bulletins/2026/tin-nhieu-khoi.md").read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.startswith("bloc:"))
    assert "cum-hoi, khoi-doan-the" in line
    assert parse_yaml(line) == {"bloc": None}


# ---------------------------------------------------------------- archetypes


def test_the_site_archetype_replaces_the_themes(site, capsys):
    write_files(
        site,
        {
            "archetypes/page.md": "---\ntitle: {{ title|yaml }}\nmenu: 9\n"
            "draft: {{ draft|yaml }}\n---\nTrang riêng của tỉnh, tạo ngày {{ today }}.\n"
        },
    )
    new(site, "trang", "Liên hệ", "--date", "2026-04-30", "--no-draft")
    text = (site / "content/pages/lien-he.md").read_text(encoding="utf-8")
    assert text == '---\ntitle: "Liên hệ"\nmenu: 9\ndraft: false\n---\n' + (
        "Trang riêng của tỉnh, tạo ngày 2026-04-30.\n"
    )
    built, problems = load_and_link(site)
    assert errors(problems) == []
    assert built.page_by_slug["lien-he"].menu == 9
    # other kinds still come from the theme
    new(site, "tin", "Tin", "--date", "2026-04-30")
    assert "event_types" in (site / "content/bulletins/2026/tin.md").read_text(encoding="utf-8")


def test_the_title_is_data_never_a_template(site):
    new(site, "trang", "{{ 7 * 7 }} {% if true %}x{% endif %}", "--slug", "jinja", "--no-draft")
    built, _ = load_and_link(site)
    assert built.page_by_slug["jinja"].title == "{{ 7 * 7 }} {% if true %}x{% endif %}"


def test_a_broken_archetype_writes_nothing(site):
    write_files(site, {"archetypes/page.md": "---\ntitle: {{ titel }}\n---\n"})
    with pytest.raises(SiteError) as exc:
        new(site, "trang", "Liên hệ")
    problem = only_problem(exc)
    assert problem.path == "archetypes/page.md"
    assert "titel" in problem.message
    write_files(site, {"archetypes/page.md": "---\ntitle: {{ title }}\n---\n"})  # not quoted
    with pytest.raises(SiteError) as exc:
        new(site, "trang", "Khối: thi đua")
    assert only_problem(exc).path == "archetypes/page.md"
    assert "cannot read" in only_problem(exc).message
    assert not (site / "content/pages/khoi-thi-dua.md").exists()
    assert not (site / "content/pages/lien-he.md").exists()


def test_a_missing_archetype_is_reported(site):
    (site / "themes/default/archetypes/campaign.md").unlink()
    with pytest.raises(SiteError) as exc:
        new(site, "phong-trao", "Phong trào")
    assert "archetypes/campaign.md" in only_problem(exc).message


# ---------------------------------------------------------------- the yaml filter


@pytest.mark.parametrize(
    "text",
    [
        "Khối: thi đua",
        '"trích dẫn"',
        "\\ gạch chéo",
        "- gạch đầu dòng",
        "no",
        "0123",
        "19:29",
        "2024-01-10",
        "dòng 1\ndòng 2",
        "tab\there",
        "nul\x00 bel\x07 del\x7f nel\x85 ls\u2028 ps\u2029 bom\ufeff zwj\u200d",
        "\x1a\u0301 ký tự điều khiển rồi dấu sắc",
        "riêng\ue000 chưa gán\U000e0080 ngoài BMP 😀",
    ],
)
def test_yaml_scalar_reads_back_as_itself(text):
    line = "title: " + scaffold.yaml_scalar(text) + "\n"
    assert "\n" not in line[:-1]
    # as bantin reads it (after NFC of the whole file) and as plain PyYAML reads it
    assert parse_yaml(unicodedata.normalize("NFC", line))["title"] == text
    assert yaml.safe_load(line)["title"] == text


def test_yaml_scalar_leaves_only_unmistakable_slugs_bare():
    assert scaffold.yaml_scalar(["tong-ket", "no", "0123", "2024-01-10"], plain=True) == (
        '[tong-ket, "no", "0123", "2024-01-10"]'
    )
    assert scaffold.yaml_scalar("tong-ket") == '"tong-ket"'
    assert scaffold.yaml_scalar(None) == "null"
    assert scaffold.yaml_scalar(True) == "true"


# ---------------------------------------------------------------- property


@pytest.fixture(scope="module")
def property_site(tmp_path_factory) -> Path:
    return copy_site("basic", tmp_path_factory.mktemp("new-property"))


TITLES = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60)
VI_TITLES = st.text(
    alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợ"
    "ĐỦÁ0123456789 :\"'#-–—…“”[]{}&*!%@`|>\\",
    min_size=1,
    max_size=60,
)


@settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(title=TITLES | VI_TITLES)
def test_any_title_loads_back_exactly(property_site, title):
    expected = unicodedata.normalize("NFC", title).strip()
    slug = slugify(expected)
    assume(slug)
    root = property_site
    assert new(root, "tin", "--date", "2025-06-01T10:00", "--", title) == 0
    (path,) = (root / "content/bulletins/2025").iterdir()
    try:
        rel = path.relative_to(root).as_posix()
        item, problems = parse_file(load_config(root), path, rel, ("bulletins", "2025", path.name))
        assert errors(problems) == []
        assert item.title == expected
        assert item.slug == path.stem
        assert slug.startswith(path.stem)
    finally:
        path.unlink()
