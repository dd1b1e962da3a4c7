"""bantin.importer.match: the bloc, member units and campaigns an imported article names.

Catalogues are two small sites of two provinces (Bắc Kạn, Nam Định) and one of Lào Cai under
tests/fixtures/import/match/; the articles there are written for these tests. The seed texts of
real portals are read, when present, only as inputs."""

from __future__ import annotations

import os
import re
import shutil
import unicodedata
from pathlib import Path

import pytest
from conftest import FIXTURES, REPO

from bantin.config import SiteConfig, load_config
from bantin.importer.match import (
    BlocEntry,
    CampaignEntry,
    Catalogue,
    Match,
    MemberEntry,
    match_bloc,
    match_campaigns,
    match_units,
)
from bantin.messages import catalogue

HERE = FIXTURES / "import" / "match"
ARTICLES = HERE / "articles"
SEEDS = Path(os.environ.get("BANTIN_SEEDS") or REPO.parent / "shared" / "seeds")


def load(site: str | Path) -> Catalogue:
    root = site if isinstance(site, Path) else HERE / site
    return Catalogue.load(root, load_config(root))


def quoted(text: str) -> list[str]:
    """What the guess stage hands over: the names between curly quotes."""
    return re.findall(r"“([^”]+)”", text)


def units(cat: Catalogue, bloc: str, text: str, year: int | None) -> list[tuple]:
    return [(m.slug, m.seen, m.count, m.sure) for m in match_units(cat, bloc, text, year)]


def article(name: str) -> str:
    return (ARTICLES / name).read_text(encoding="utf-8")


# --- the catalogue ------------------------------------------------------------------------


def test_the_catalogue_holds_names_aliases_former_names_years_and_drafts():
    cat = load("nam-dinh")
    assert cat.problems == []
    assert sorted(cat.blocs) == ["cum-huyen-phia-nam", "khoi-mttq-doan-the", "khoi-van-hoa-xa-hoi"]
    bloc = cat.blocs["khoi-mttq-doan-the"]
    assert bloc.name == "Khối thi đua Mặt trận Tổ quốc và các đoàn thể tỉnh"
    assert bloc.short_name == "Khối thi đua MTTQ và các đoàn thể"
    assert bloc.names == ("Khối thi đua các đoàn thể chính trị - xã hội tỉnh",)
    assert bloc.aliases == ("Khối MTTQ, đoàn thể tỉnh",)
    assert (bloc.kind, bloc.province, bloc.number) == ("khoi", "nam-dinh", None)
    assert [m.slug for m in bloc.members] == [
        "ubmttq",
        "ldld",
        "hoi-nong-dan",
        "hoi-phu-nu",
        "hoi-ccb",
        "tinh-doan",
        "hoi-lam-vuon",
    ]
    assert bloc.members[-1] == MemberEntry(
        "hoi-lam-vuon", "Hội Làm vườn tỉnh", None, ("Hội Làm vườn và Trang trại tỉnh",), 2015, 2021
    )
    cum = cat.blocs["cum-huyen-phia-nam"]
    assert (cum.kind, cum.number, cum.draft) == ("cum", 3, True)
    assert sorted(cat.campaigns) == [
        "hoc-tap-lam-theo-bac",
        "thu-bay-tinh-nguyen",
        "vi-nguoi-ngheo",
    ]
    assert cat.campaigns["thu-bay-tinh-nguyen"].aliases == (
        '"Thứ Bảy xanh" #TBX',
        "<script>alert(1)</script> Thứ Bảy tình nguyện",
    )
    drafts = load("bac-kan").campaigns["nong-dan-san-xuat-gioi"]
    assert drafts.draft is True


def test_the_sample_site_catalogue_loads():
    config = load_config(REPO)
    cat = Catalogue.load(REPO, config)
    assert (len(cat.blocs), len(cat.campaigns), cat.problems) == (4, 8, [])
    assert cat.blocs["cum-hoi-dac-thu"].number == 3


def test_broken_files_are_left_out_with_a_warning_naming_the_file(tmp_path):
    root = tmp_path / "site"
    shutil.copytree(HERE / "bac-kan", root)
    blocs, campaigns = root / "content" / "blocs", root / "content" / "campaigns"
    (blocs / "hong.yaml").write_text('kind: khoi\nname: "Khối\n  thiếu ngoặc\n', encoding="utf-8")
    (blocs / "khong-ten.yaml").write_text("kind: khoi\nprovince: bac-kan\n", encoding="utf-8")
    (blocs / "danh-sach.yaml").write_text("- a\n- b\n", encoding="utf-8")
    (blocs / "cu.yaml").write_bytes(b"name: H\xf4\xf2i \xf0\xf4ng\n")  # Windows-1258
    (blocs / "thieu-slug.yaml").write_text(
        'kind: khoi\nname: "Khối thi đua số 7"\nmembers:\n  - {name: "Sở Tư pháp"}\n'
        '  - {slug: so-tai-chinh, name: "Sở Tài chính"}\n',
        encoding="utf-8",
    )
    (campaigns / "khong-front-matter.md").write_text("Chỉ có nội dung.\n", encoding="utf-8")
    (blocs / "ghi-chu.txt").write_text("không phải tệp khối", encoding="utf-8")
    cat = load(root)
    said = [(p.path, p.line, p.code, p.severity) for p in cat.problems]
    assert said == [
        ("content/blocs/cu.yaml", 1, "import.match_file_skipped", "warning"),
        ("content/blocs/danh-sach.yaml", 0, "import.match_file_skipped", "warning"),
        ("content/blocs/hong.yaml", 2, "import.match_file_skipped", "warning"),
        ("content/blocs/khong-ten.yaml", 0, "import.match_file_skipped", "warning"),
        ("content/blocs/thieu-slug.yaml", 4, "import.match_member_skipped", "warning"),
        ("content/campaigns/khong-front-matter.md", 1, "import.match_file_skipped", "warning"),
    ]
    assert "has no `name`" in cat.problems[3].message
    assert "member 1 has no `slug` or `name`" in cat.problems[4].message
    vi = cat.problems[3].format("vi")
    assert vi.startswith("content/blocs/khong-ten.yaml: warning: bỏ qua tệp này")
    assert "thiếu `name`" in vi
    # the good files are still used
    assert sorted(cat.blocs) == ["khoi-mttq-doan-the", "thieu-slug"]
    assert [m.slug for m in cat.blocs["thieu-slug"].members] == ["so-tai-chinh"]
    assert len(cat.campaigns) == 3


def test_every_message_of_matching_is_in_both_languages():
    keys = [k for k in catalogue("en") if k.startswith("import.match_")]
    assert len(keys) == 5
    assert all(k in catalogue("vi") for k in keys)


# --- articles written for these tests ---------------------------------------------------------


def test_bac_kan_pledge_article():
    cat, text = load("bac-kan"), article("bac-kan-giao-uoc-2023.txt")
    bloc = match_bloc(cat, text)
    assert bloc == Match("khoi-mttq-doan-the", "Khối thi đua MTTQ và các đoàn thể tỉnh", 2, "sure")
    assert units(cat, "khoi-mttq-doan-the", text, 2023) == [
        # next to the bloc's name that also holds "MTTQ"
        ("ubmttq", "Ủy ban MTTQ Việt Nam tỉnh", 1, "sure"),
        # "Hội Nông dân tỉnh Thái Nguyên", another province's, is not counted
        ("hoi-nong-dan", "Hội Nông dân tỉnh", 1, "sure"),
        ("hoi-lhpn", "Hội LHPN tỉnh", 1, "sure"),
        ("tinh-doan", "Đoàn Thanh niên tỉnh", 1, "sure"),
        ("ldld", "Liên đoàn Lao động tỉnh", 1, "sure"),
        # "Hội Cựu chiến binh huyện Ba Bể" is a district's
        ("hoi-ccb", "Hội CCB tỉnh", 1, "sure"),
    ]
    campaigns, proposals = match_campaigns(cat, text, quoted(text))
    # the alias in quotes; the quoted "mô hình" is no movement, "Đoàn kết" is one word
    assert campaigns == [
        Match("ren-luyen-than-the", "Cuộc vận động rèn luyện thân thể theo gương Bác Hồ", 1, "sure")
    ]
    assert proposals == ["Bắc Kạn chung tay xóa nhà tạm"]


def test_nam_dinh_review_article():
    cat, text = load("nam-dinh"), article("nam-dinh-tong-ket-2022.txt")
    assert match_bloc(cat, text) == Match(
        "khoi-mttq-doan-the", "Khối thi đua Mặt trận Tổ quốc và các đoàn thể tỉnh", 2, "sure"
    )
    assert units(cat, "khoi-mttq-doan-the", text, 2022) == [
        ("ubmttq", "Uỷ ban Mặt trận Tổ quốc Việt Nam tỉnh Nam Định", 1, "sure"),
        ("hoi-phu-nu", "Hội Phụ nữ tỉnh", 1, "sure"),
        ("tinh-doan", "Đoàn TNCS Hồ Chí Minh tỉnh", 1, "sure"),
        ("ldld", "LĐLĐ tỉnh", 1, "sure"),
        # left the bloc after 2021
        ("hoi-lam-vuon", "Hội Làm vườn tỉnh", 1, "check"),
        # "Hội Nông dân các cấp" is not the unit; its short name is
        ("hoi-nong-dan", "Hội ND tỉnh", 1, "likely"),
        # "Hội Cựu chiến binh tỉnh Hoà Bình" (old tone placement) is another province's
    ]
    assert [m.sure for m in match_units(cat, "khoi-mttq-doan-the", text, 2021)][4] == "sure"
    assert [m.sure for m in match_units(cat, "khoi-mttq-doan-the", text, None)][4] == "sure"
    campaigns, proposals = match_campaigns(cat, text, quoted(text))
    assert campaigns == [
        Match(
            "vi-nguoi-ngheo",
            "Cả nước chung tay vì người nghèo - Không để ai bị bỏ lại phía sau",
            1,
            "sure",
        ),
        Match("thu-bay-tinh-nguyen", "Ngày thứ Bảy tình nguyện", 1, "sure"),
        Match("hoc-tap-lam-theo-bac", "học tập và làm theo Bác", 1, "sure"),
    ]
    assert proposals == ["Nam Định chung tay vì môi trường xanh"]


def test_a_numbered_bloc_and_its_list_of_members():
    cat, text = load("nam-dinh"), article("nam-dinh-khoi-3-so-ket.txt")
    # "Cụm thi đua số 3" is the cụm, named once; the khối of the same number twice
    assert match_bloc(cat, text) == Match("khoi-van-hoa-xa-hoi", "Khối thi đua số 3", 2, "sure")
    assert units(cat, "khoi-van-hoa-xa-hoi", text, 2023) == [
        ("so-y-te", "Sở Y tế", 2, "sure"),
        ("so-van-hoa", "Sở Văn hóa, Thể thao và Du lịch", 1, "sure"),
        # a short name, but in the text's own list of the members
        ("so-giao-duc", "Sở GD&ĐT", 1, "sure"),
    ]
    assert units(cat, "khoi-van-hoa-xa-hoi", "Sở GD&ĐT chủ trì.", 2023) == [
        ("so-giao-duc", "Sở GD&ĐT", 1, "likely")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Cụm thi đua số 3 họp.", Match("cum-huyen-phia-nam", "Cụm thi đua số 3", 1, "sure")),
        ("Khối 3 họp.", Match("khoi-van-hoa-xa-hoi", "Khối 3", 1, "likely")),
        ("Cụm số 3 họp.", Match("cum-huyen-phia-nam", "Cụm số 3", 1, "likely")),
        # a cụm called khối: the name says which, the kind is to check
        (
            "Khối thi đua các huyện phía Nam họp.",
            Match("cum-huyen-phia-nam", "Khối thi đua các huyện phía Nam", 1, "check"),
        ),
        # a former name and an alias
        (
            "Khối thi đua các đoàn thể CT-XH tỉnh năm 2016",
            Match("khoi-mttq-doan-the", "Khối thi đua các đoàn thể CT-XH tỉnh", 1, "sure"),
        ),
        (
            "Khối MTTQ, đoàn thể tỉnh Nam Định",
            Match("khoi-mttq-doan-the", "Khối MTTQ, đoàn thể tỉnh Nam Định", 1, "sure"),
        ),
        # two blocs named as often: a tie is for a person to check
        (
            "Khối thi đua số 3 và Khối thi đua MTTQ và các đoàn thể",
            Match("khoi-mttq-doan-the", "Khối thi đua MTTQ và các đoàn thể", 1, "check"),
        ),
        ("Khối thi đua số 30 họp.", None),
        ("Khối thi đua MTTQ và các đoàn thể tỉnh Thái Bình họp.", None),
    ],
)
def test_bloc_by_number_kind_former_name_alias_and_ties(text, expected):
    assert match_bloc(load("nam-dinh"), text) == expected


def test_generic_words_and_hostile_text_match_nothing():
    cat, text = load("nam-dinh"), article("hostile.txt")
    assert match_bloc(cat, text) is None
    assert match_units(cat, "khoi-mttq-doan-the", text, 2023) == []
    assert match_campaigns(cat, text, quoted(text)) == ([], [])
    assert match_units(cat, "khong-co", "Hội Nông dân tỉnh", 2023) == []
    lone = Catalogue(
        {
            "k": BlocEntry(
                "k",
                "Khối",
                short_name="Khối thi đua",
                members=(MemberEntry("h", "Hội", "Hội tỉnh", ("Đoàn",)),),
            )
        }
    )
    assert match_bloc(lone, "Khối thi đua họp; Khối họp") is None
    assert match_units(lone, "k", "Hội tỉnh, Hội và Đoàn cùng dự", None) == []


def test_the_longest_name_wins_and_side_by_side_names_both_count():
    cat = load("bac-kan")
    text = "Khối thi đua MTTQ và các đoàn thể tỉnh Hội Nông dân tỉnh làm Trưởng khối"
    assert match_bloc(cat, text).seen == "Khối thi đua MTTQ và các đoàn thể tỉnh"
    assert units(cat, "khoi-mttq-doan-the", text, 2023) == [
        ("hoi-nong-dan", "Hội Nông dân tỉnh", 1, "sure")
    ]
    # the bloc's name ends with a member's name: that is not the unit
    lao_cai = load("lao-cai")
    name = "Khối thi đua MTTQ, các tổ chức chính trị - xã hội và Hội Chữ thập đỏ tỉnh"
    assert match_units(lao_cai, "khoi-mttq-ctxh", name + " họp.", 2023) == []
    assert units(lao_cai, "khoi-mttq-ctxh", name + "; Hội Chữ thập đỏ tỉnh", 2023) == [
        ("hoi-chu-thap-do", "Hội Chữ thập đỏ tỉnh", 1, "sure")
    ]
    # a member not yet in the bloc that year
    assert units(lao_cai, "khoi-mttq-ctxh", "Hội Chữ thập đỏ tỉnh Lào Cai", 2021) == [
        ("hoi-chu-thap-do", "Hội Chữ thập đỏ tỉnh Lào Cai", 1, "check")
    ]


def test_tone_placement_nfd_and_province_suffix():
    bloc = BlocEntry(
        "khoi-hb",
        "Khối thi đua MTTQ và các đoàn thể tỉnh",
        province="hoa-binh",
        members=(
            MemberEntry("ccb", "Hội Cựu chiến binh tỉnh"),
            MemberEntry("ubmttq", "Uỷ ban MTTQ tỉnh"),
            MemberEntry("doan", "Tỉnh đoàn"),
        ),
    )
    cat = Catalogue({"khoi-hb": bloc}, provinces={"hoa-binh": "Hòa Bình", "nam-dinh": "Nam Định"})
    text = (
        "Hội Cựu chiến binh tỉnh Hoà Bình; Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh; "
        "Tỉnh Đoàn Hòa Bình; Hội Cựu chiến binh Nam Định; Hội Cựu chiến binh Việt Nam; "
        "Trung ương Hội Cựu chiến binh; Hội Cựu chiến binh cơ sở"
    )
    expected = [
        ("ccb", "Hội Cựu chiến binh tỉnh Hoà Bình", 1, "sure"),
        ("ubmttq", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", 1, "sure"),
        ("doan", "Tỉnh Đoàn Hòa Bình", 1, "sure"),
    ]
    assert units(cat, "khoi-hb", text, None) == expected
    nfd = unicodedata.normalize("NFD", text)
    assert units(cat, "khoi-hb", nfd, None) == expected
    assert units(cat, "khoi-hb", "Hội Cựu chiến binh đến dự", None) == [
        ("ccb", "Hội Cựu chiến binh", 1, "likely")
    ]


@pytest.mark.parametrize(
    ("text", "names", "proposals"),
    [
        # chained after one "phong trào thi đua"
        ("phong trào thi đua “Cải cách hành chính”, “Chuyển đổi số”", None, None),
        ("hưởng ứng cuộc vận động “Mỗi người một cây xanh”", None, None),
        ("triển khai “Thi đua làm theo lời Bác”", None, None),
        ("xây dựng mô hình “Dân vận khéo ở cơ sở”", None, []),
        ("phong trào “Đoàn kết”", None, []),
        ("khẩu hiệu “Ở đâu cần thanh niên có”", None, []),
        ("phong trào “Vì người nghèo – Không để ai bị bỏ lại phía sau”", None, []),
    ],
)
def test_which_quoted_names_are_proposed(text, names, proposals):
    cat = load("nam-dinh")
    names = quoted(text) if names is None else names
    expected = names if proposals is None else proposals
    assert match_campaigns(cat, text, names)[1] == expected


def test_a_quoted_alias_counts_even_when_the_text_spells_it_differently():
    cat = load("nam-dinh")
    campaigns, proposals = match_campaigns(cat, "Đợt ra quân tình nguyện.", ["Thứ Bảy xanh #TBX"])
    assert campaigns == [Match("thu-bay-tinh-nguyen", "Thứ Bảy xanh #TBX", 1, "sure")]
    assert proposals == []


# --- the seeds: real portal texts, read only -------------------------------------------------

SEED_CASES = [
    (
        "bac-kan-2023-so-ket.txt",
        "bac-kan",
        "khoi-mttq-doan-the",
        2023,
        ["hoi-nong-dan"],
        ["hoc-tap-lam-theo-bac", "ren-luyen-than-the"],
        [],
    ),
    (
        "lao-cai-2023-tong-ket.txt",
        "lao-cai",
        "khoi-mttq-ctxh",
        2023,
        ["ubmttq", "hoi-ccb", "hoi-nong-dan", "ldld", "hoi-lhpn", "tinh-doan", "hoi-chu-thap-do"],
        ["van-hoa-cong-so"],
        [
            "Cải cách hành chính",
            "Chuyển đổi số",
            "Đẩy mạnh phát triển kết cấu hạ tầng đồng bộ, hiện đại; thực hành tiết kiệm, "
            "chống lãng phí",
        ],
    ),
    (
        "nam-dinh-2020-phat-dong.txt",
        "nam-dinh",
        "khoi-mttq-doan-the",
        2019,
        ["ubmttq"],
        ["hoc-tap-lam-theo-bac", "vi-nguoi-ngheo"],
        ["Nam Định chung sức xây dựng nông thôn mới", "Xây dựng nông thôn mới"],
    ),
]


@pytest.mark.parametrize(
    ("seed", "site", "bloc", "year", "unit_slugs", "campaign_slugs", "proposals"), SEED_CASES
)
def test_seed_texts(seed, site, bloc, year, unit_slugs, campaign_slugs, proposals):
    path = SEEDS / seed
    if not path.is_file():
        pytest.skip(f"the seed texts are not beside the repository ({seed})")
    text = path.read_text(encoding="utf-8")
    cat = load(site)
    found = match_bloc(cat, text)
    assert (found.slug, found.sure) == (bloc, "sure")
    matched = match_units(cat, bloc, text, year)
    assert [m.slug for m in matched] == unit_slugs
    assert {m.sure for m in matched} == {"sure"}
    campaigns, proposed = match_campaigns(cat, text, quoted(text))
    assert sorted(m.slug for m in campaigns) == campaign_slugs
    assert proposed == proposals


def test_seed_lao_cai_counts_the_list_and_not_the_blocs_name():
    path = SEEDS / "lao-cai-2023-tong-ket.txt"
    if not path.is_file():
        pytest.skip("the seed texts are not beside the repository")
    text = path.read_text(encoding="utf-8")
    cat = load("lao-cai")
    assert match_bloc(cat, text).count == 6
    counts = {m.slug: (m.seen, m.count) for m in match_units(cat, "khoi-mttq-ctxh", text, 2023)}
    assert counts["hoi-chu-thap-do"] == ("Hội Chữ thập đỏ tỉnh", 1)
    assert counts["tinh-doan"] == ("Tỉnh Đoàn", 2)
    assert counts["ubmttq"] == ("Ủy ban MTTQ Việt Nam tỉnh", 2)


# --- speed ----------------------------------------------------------------------------------

UNIT_NAMES = [
    ("Sở Tư pháp", None),
    ("Sở Tài chính", "STC"),
    ("Sở Xây dựng", None),
    ("Sở Công Thương", "Sở CT"),
    ("Ban Dân tộc tỉnh", None),
    ("Thanh tra tỉnh", None),
    ("Hội Nông dân tỉnh", "Hội ND tỉnh"),
    ("Hội Cựu chiến binh tỉnh", "Hội CCB tỉnh"),
    ("Liên đoàn Lao động tỉnh", "LĐLĐ tỉnh"),
    ("Báo Nam Định", None),
]


def big_catalogue() -> Catalogue:
    blocs = {}
    for b in range(10):
        members = tuple(
            MemberEntry(
                f"b{b}-m{m}",
                f"{name} số {b}",
                f"{short} số {b}" if short else None,
                (f"{name} khu vực {b}",),
            )
            for m, (name, short) in enumerate(UNIT_NAMES)
        )
        blocs[f"b{b}"] = BlocEntry(
            f"b{b}",
            f"Khối thi đua các cơ quan nhóm {b} tỉnh",
            number=b + 1,
            short_name=f"Khối thi đua nhóm {b}",
            province="nam-dinh",
            members=members,
        )
    campaigns = {
        f"c{c}": CampaignEntry(f"c{c}", f"Phong trào thử nghiệm thứ {c}", (f"PT{c}",))
        for c in range(10)
    }
    return Catalogue(blocs, campaigns, {"nam-dinh": "Nam Định", "ha-nam": "Hà Nam"})


def test_a_long_article_against_a_big_catalogue():
    """(Its cost is a benchmark figure: bench/import_bench.py, never a timed test.)"""
    cat = big_catalogue()
    body = " ".join(article(n) for n in ("nam-dinh-tong-ket-2022.txt", "bac-kan-giao-uoc-2023.txt"))
    text = body + body + " Hội Nông dân tỉnh số 3; Khối thi đua số 4; Sở Tài chính số 7 và PT2."
    assert len(text.split()) > 800
    bloc = match_bloc(cat, text)
    found = match_units(cat, bloc.slug, text, 2023)
    campaigns, _ = match_campaigns(cat, text, quoted(text))
    assert bloc.slug == "b3"
    assert [m.slug for m in found] == ["b3-m6"]
    assert [m.slug for m in campaigns] == ["c2"]


def test_a_site_config_built_in_code_is_enough():
    cat = Catalogue.load(HERE / "bac-kan", SiteConfig(title="t", base_url="https://x.vn/"))
    assert match_bloc(cat, "Khối thi đua MTTQ và các đoàn thể tỉnh Bắc Kạn").sure == "sure"


def test_a_capital_after_a_comma_is_the_next_clause_not_another_province():
    cat = load("bac-kan")
    text = "Chủ trì là Hội Nông dân tỉnh, Trưởng khối năm nay; Hội Nông dân tỉnh Thái Nguyên dự."
    assert units(cat, "khoi-mttq-doan-the", text, 2023) == [
        ("hoi-nong-dan", "Hội Nông dân tỉnh", 1, "sure")
    ]
