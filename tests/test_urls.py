"""bantin.urls: the one slug and URL policy."""

import unicodedata
from pathlib import Path

import pytest

from bantin.config import Segments, SiteConfig
from bantin.urls import (
    Urls,
    absolute,
    find_collisions,
    heading_id,
    href,
    is_slug,
    output_path,
    shorter_name,
    slugify,
)


def config(base_url: str) -> SiteConfig:
    return SiteConfig(title="Khối thi đua", base_url=base_url, root=Path("."))


SUB = config("https://example.gov.vn/khoi-thi-dua/")
ROOT = config("https://example.gov.vn/")


# ---------------------------------------------------------------- slugs


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Đoàn Điển", "doan-dien"),
        ("đ", "d"),
        ("Tổng kết năm 2023: Khối thi đua", "tong-ket-nam-2023-khoi-thi-dua"),
        ("Ủy ban MTTQ Việt Nam tỉnh", "uy-ban-mttq-viet-nam-tinh"),
        ("Hội Liên hiệp Phụ nữ", "hoi-lien-hiep-phu-nu"),
        ("  Thi   đua -- yêu nước  ", "thi-dua-yeu-nuoc"),
        ("“Dân vận khéo”", "dan-van-kheo"),
        ("---", ""),
    ],
)
def test_slugify_folds_vietnamese_to_ascii_kebab_case(text, slug):
    assert slugify(text) == slug


def test_slugify_gives_the_same_slug_for_nfc_and_nfd():
    text = "Đoàn Thanh niên Cộng sản Hồ Chí Minh"
    assert slugify(unicodedata.normalize("NFD", text)) == slugify(text)


def test_slugify_merges_hoa_and_hoa_which_is_why_collisions_are_checked():
    assert slugify("Hòa") == slugify("Hoa") == "hoa"


@pytest.mark.parametrize("text", ["tin-tuc", "a", "2024", "khoi-5", "a1-b2"])
def test_is_slug_accepts_lowercase_ascii_words_joined_by_dashes(text):
    assert is_slug(text)


@pytest.mark.parametrize(
    "text", ["", "Tin-tuc", "tin_tuc", "tin--tuc", "-tin", "tin-", "tin tuc", "đ"]
)
def test_is_slug_refuses_anything_else(text):
    assert not is_slug(text)


def test_heading_ids_map_d_with_stroke_to_d():
    assert heading_id("Đoàn kết") == "doan-ket"
    assert heading_id("Kết quả bình xét năm 2023") == "ket-qua-binh-xet-nam-2023"


def test_a_heading_without_letters_still_gets_an_id():
    assert heading_id("…") == "muc"


# ---------------------------------------------------------------- paths


def test_urls_for_every_page_kind_with_the_default_segments():
    u = Urls(Segments())
    assert u.home() == "/"
    assert u.bulletins() == "/tin-tuc/"
    assert u.year(2024) == "/tin-tuc/2024/"
    assert u.bulletin(2024, "tong-ket") == "/tin-tuc/2024/tong-ket/"
    assert u.tags() == "/chu-de/"
    assert u.tag("thi-dua") == "/chu-de/thi-dua/"
    assert u.events() == "/hoat-dong/"
    assert u.event("tong-ket") == "/hoat-dong/tong-ket/"
    assert u.blocs() == "/khoi/"
    assert u.bloc("khoi-mttq") == "/khoi/khoi-mttq/"
    assert u.unit("khoi-mttq", "tinh-doan") == "/khoi/khoi-mttq/tinh-doan/"
    assert u.profiles() == "/dien-hinh/"
    assert u.profile("nguyen-thi-a") == "/dien-hinh/nguyen-thi-a/"
    assert u.campaigns() == "/phong-trao/"
    assert u.campaign("dan-van-kheo") == "/phong-trao/dan-van-kheo/"
    assert u.page("gioi-thieu") == "/gioi-thieu/"
    assert u.search() == "/tim-kiem/"
    assert u.media("2024/anh.jpg") == "/media/2024/anh.jpg"
    assert u.static("css/site.css") == "/static/css/site.css"
    assert u.not_found() == "/404.html"


def test_the_first_page_of_a_list_has_no_page_number():
    u = Urls(Segments())
    assert u.bulletins(1) == "/tin-tuc/"
    assert u.bulletins(2) == "/tin-tuc/trang/2/"
    assert u.year(2024, 3) == "/tin-tuc/2024/trang/3/"
    assert u.tag("thi-dua", 2) == "/chu-de/thi-dua/trang/2/"
    assert u.event("tong-ket", 2) == "/hoat-dong/tong-ket/trang/2/"


def test_renamed_segments_change_every_url():
    u = Urls(Segments(bulletins="tin", tags="the", page="p", blocs="cum-khoi"))
    assert u.bulletin(2024, "a") == "/tin/2024/a/"
    assert u.bulletins(2) == "/tin/p/2/"
    assert u.tag("x") == "/the/x/"
    assert u.unit("k", "u") == "/cum-khoi/k/u/"


def test_href_carries_the_base_url_sub_path():
    assert href(SUB, "/") == "/khoi-thi-dua/"
    assert href(SUB, "/tin-tuc/2024/a/") == "/khoi-thi-dua/tin-tuc/2024/a/"
    assert href(SUB, "/tin-tuc/2024/a/#muc-1") == "/khoi-thi-dua/tin-tuc/2024/a/#muc-1"


def test_href_at_the_domain_root_has_no_prefix():
    assert href(ROOT, "/tin-tuc/") == "/tin-tuc/"
    assert href(config("https://example.gov.vn"), "/") == "/"


def test_a_base_url_without_a_trailing_slash_gives_the_same_links():
    assert href(config("https://example.gov.vn/khoi-thi-dua"), "/khoi/") == "/khoi-thi-dua/khoi/"


def test_href_leaves_absolute_addresses_and_fragments_alone():
    assert href(SUB, "https://baolaocai.vn/a") == "https://baolaocai.vn/a"
    assert href(SUB, "mailto:ban@example.gov.vn") == "mailto:ban@example.gov.vn"
    assert href(SUB, "#noi-dung") == "#noi-dung"


def test_href_percent_encodes_what_is_not_url_safe():
    assert href(SUB, "/media/ảnh 1.jpg") == "/khoi-thi-dua/media/%E1%BA%A3nh%201.jpg"


def test_absolute_adds_scheme_and_host():
    assert absolute(SUB, "/tin-tuc/") == "https://example.gov.vn/khoi-thi-dua/tin-tuc/"
    assert absolute(ROOT, "/") == "https://example.gov.vn/"


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("/", "index.html"),
        ("/tin-tuc/", "tin-tuc/index.html"),
        ("/tin-tuc/trang/2/", "tin-tuc/trang/2/index.html"),
        ("/404.html", "404.html"),
        ("/media/2024/a.jpg", "media/2024/a.jpg"),
    ],
)
def test_output_path_turns_pretty_urls_into_index_files(url, path):
    assert output_path(url) == path


@pytest.mark.parametrize(
    ("name", "address"),
    [
        ("2024/anh.jpg", "/media/2024/anh.jpg"),
        ("2024/hoi nghi #1 50%.png", "/media/2024/hoi%20nghi%20%231%2050%25.png"),
        ("2024/bao-cao?v=2.pdf", "/media/2024/bao-cao%3Fv%3D2.pdf"),
        ("ảnh hội nghị.jpg", "/media/%E1%BA%A3nh%20h%E1%BB%99i%20ngh%E1%BB%8B.jpg"),
        ("tai lieu/a%20b.pdf", "/media/tai%20lieu/a%2520b.pdf"),
    ],
)
def test_media_addresses_are_percent_encoded_and_lead_back_to_the_file(name, address):
    u = Urls(Segments())
    assert u.media(name) == address
    assert href(SUB, address) == "/khoi-thi-dua" + address  # not encoded twice
    assert absolute(SUB, address) == "https://example.gov.vn/khoi-thi-dua" + address
    assert output_path(address) == "media/" + name
    assert u.static(name) == address.replace("/media/", "/static/", 1)


def test_find_collisions_reports_paths_claimed_twice_even_differing_in_case():
    claims = [
        ("gioi-thieu/index.html", "content/pages/gioi-thieu.md"),
        ("tin-tuc/index.html", "bulletin index"),
        ("tin-tuc/index.html", "content/pages/tin-tuc.md"),
        ("Khoi/index.html", "a"),
        ("khoi/index.html", "b"),
    ]
    assert find_collisions(claims) == {
        "tin-tuc/index.html": ["bulletin index", "content/pages/tin-tuc.md"],
        "khoi/index.html": ["a", "b"],
    }


def test_find_collisions_is_empty_when_every_path_is_unique():
    assert find_collisions([("a/index.html", 1), ("b/index.html", 2)]) == {}


@pytest.mark.parametrize(
    ("name", "limit", "shorter"),
    [
        ("Hội nghị tổng kết.JPG", 250, "hoi-nghi-tong-ket.jpg"),
        ("Hội nghị tổng kết năm 2024.png", 17, "hoi-nghi-tong.png"),
        ("Hội nghị tổng kết năm 2024.png", 16, "hoi-nghi.png"),
        ("Biên bản " + "a" * 300 + ".pdf", 30, "bien-ban.pdf"),
        ("a" * 300 + ".pdf", 30, "a" * 26 + ".pdf"),
        ("###.png", 30, "tep.png"),
    ],
)
def test_a_shorter_name_is_a_slug_cut_after_a_whole_word(name, limit, shorter):
    assert shorter_name(name, limit) == shorter
    assert len(shorter.encode()) <= limit


def test_statistics_ledger_and_open_data_addresses():
    u = Urls(Segments())
    assert u.stats() == "/thong-ke/"
    assert u.bloc_stats("khoi-mttq") == "/thong-ke/khoi-mttq/"
    assert u.awards() == "/khen-thuong/"
    assert u.awards("nam", 2024) == "/khen-thuong/nam/2024/"
    assert u.awards("trang-thai", "de-nghi", 2) == "/khen-thuong/trang-thai/de-nghi/trang/2/"
    assert u.open_data() == "/du-lieu-mo/"
    assert u.open_data("datapackage.json") == "/du-lieu-mo/datapackage.json"
    renamed = Urls(Segments(stats="so-lieu", awards="thi-dua", data="open-data"))
    assert renamed.bloc_stats("k") == "/so-lieu/k/"
    assert renamed.open_data("khoi.csv") == "/open-data/khoi.csv"
