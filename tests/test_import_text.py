"""Text copied from portal pages (bantin/importer/textfile.py), with the dates and guesses read
from it: the three real seed texts (read-only, when present) and fixtures written for this."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import FIXTURES, REPO

from bantin.importer.guess import find_credit, guess_event_types, lead_paragraph
from bantin.importer.model import ImportProblem, Picture
from bantin.importer.portaldates import event_from_lead, find_stamp, year_in_text
from bantin.importer.textfile import escape_markdown, read_txt
from bantin.markup import parse_markdown

VN = ZoneInfo("Asia/Ho_Chi_Minh")
SEEDS = REPO.parent / "shared" / "seeds"
TEXT = FIXTURES / "import" / "text"
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed texts are not here")


def seed_lines(name: str) -> list[str]:
    """The seed's non-empty lines, stripped: what the assertions name by position, so that no
    sentence of the seed is copied into this file."""
    text = (SEEDS / f"{name}.txt").read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]


def read(path: Path):
    (article,) = read_txt(path)
    stamp = find_stamp(article.date_lines, VN)
    credit = find_credit(article.markdown)
    lead = lead_paragraph(credit.markdown)
    year = year_in_text(article.title + "\n" + article.markdown)
    event = event_from_lead(lead, stamp.value if stamp else None, year)
    return article, stamp, credit, lead, year, event


# ------------------------------------------------------------------ the seed texts


@needs_seeds
def test_seed_bac_kan():
    article, stamp, credit, lead, year, event = read(SEEDS / "bac-kan-2023-so-ket.txt")
    assert article.title == seed_lines("bac-kan-2023-so-ket")[0]
    assert (article.date_lines, stamp) == ([], None)
    assert article.dateline == "BBK"
    assert lead.startswith("Ngày 05/7, Hội Nông dân tỉnh")
    assert year == 2023
    assert (event.day, event.part, event.sure) == (date(2023, 7, 5), None, "likely")
    caption = article.removed[2]
    assert article.removed == ["0:00 / 0:00", "0:00", caption, "Xem thêm"]
    assert caption.startswith("Các đại biểu dự hội nghị")
    assert article.markdown.count(caption) == 1  # the caption pasted twice: kept once
    assert f"\n\n{caption}\n\n" in article.markdown
    assert (credit.byline, credit.source) == (None, None)
    assert guess_event_types(article.title, lead) == [("so-ket", "sơ kết")]
    assert article.pictures == []


@needs_seeds
def test_seed_nam_dinh():
    article, stamp, credit, lead, year, event = read(SEEDS / "nam-dinh-2020-phat-dong.txt")
    title, stamp_line = seed_lines("nam-dinh-2020-phat-dong")[:2]
    assert article.title == title
    assert article.date_lines == [stamp_line]
    assert stamp_line.startswith("Cập nhật lúc19:29")
    assert (stamp.value, stamp.sure) == (datetime(2020, 2, 12, 19, 29, tzinfo=VN), "sure")
    assert stamp.value.isoformat() == "2020-02-12T19:29:00+07:00"
    assert "Cập nhật" not in article.markdown
    assert (event.day, event.part, event.sure) == (date(2020, 2, 12), "chieu", "sure")
    assert year == 2020
    assert credit.byline == {"kind": "tin-anh", "names": ["Lam Hồng"], "org": None}
    assert credit.evidence == "Tin, ảnh: Lam Hồng"
    assert article.markdown.endswith("\n\nTin, ảnh: Lam Hồng\n")  # the reader keeps it
    assert "Lam Hồng" not in credit.markdown
    assert article.removed[1:] == [",", ",", ".", ",", ",", ",", ","]
    assert article.removed[0].startswith("Đồng chí Trần Văn Chung")
    assert article.dateline == ""
    assert guess_event_types(article.title, lead) == [
        ("phat-dong", "phát động"),
        ("tong-ket", "tổng kết"),
    ]


@needs_seeds
def test_seed_lao_cai():
    article, stamp, credit, lead, year, event = read(SEEDS / "lao-cai-2023-tong-ket.txt")
    lines = seed_lines("lao-cai-2023-tong-ket")
    assert article.title == lines[0]
    assert (article.date_lines, stamp, event) == ([], None, None)
    assert year == 2023
    assert credit.byline is None
    assert credit.source == {
        "name": "Báo Lào Cai điện tử",
        "author": "Trần Tuấn Ngọc",
        "url": None,
    }
    # the portal's last seven lines: "latest news", the visitor counter's five, "log in"
    assert article.removed == lines[-7:]
    assert article.removed[1].startswith("Thống kê") and article.removed[-1] == "Đăng nhập"
    images = [line for line in lines if line.endswith(".jpg")]
    assert len(images) == 7
    assert [p.original for p in article.pictures] == images
    caption = lines[lines.index(images[0]) + 1]  # the line under the first image name
    assert article.pictures[0] == Picture(images[0], None, caption)
    assert article.pictures[1].caption == ""
    assert f"\n\n![]({images[0]})\n{caption}\n\n" in article.markdown
    assert guess_event_types(article.title, lead) == [("bieu-duong", "biểu dương")]


@needs_seeds
@pytest.mark.parametrize(
    "name", ["bac-kan-2023-so-ket", "lao-cai-2023-tong-ket", "nam-dinh-2020-phat-dong"]
)
def test_seed_markdown_has_no_trailing_spaces_and_a_checksum(name):
    path = SEEDS / f"{name}.txt"
    (article,) = read_txt(path)
    assert article.checksum == hashlib.sha256(path.read_bytes()).hexdigest()
    assert (article.source, article.format) == (path, "txt")
    assert all(line == line.rstrip() for line in article.markdown.splitlines())
    assert "\n\n\n" not in article.markdown and article.markdown.endswith("\n")


# ------------------------------------------------------------------ fixtures written for this


def test_a_text_without_any_date():
    article, stamp, credit, lead, year, event = read(TEXT / "khong-ngay.txt")
    assert article.title == "Cụm thi đua số 3 giao lưu thể thao chào mừng ngày thành lập Mặt trận"
    assert (article.date_lines, stamp, year, event) == ([], None, None, None)
    assert article.removed == [
        "0:00 / 0:00",
        "Vận động viên hai đội chào nhau trước trận chung kết.",
        "Xem thêm",
    ]
    assert credit.byline == {"kind": "tin", "names": ["Thu Trang"], "org": None}
    assert credit.markdown == (
        "Các đơn vị trong Cụm thi đua số 3 tham gia giải bóng chuyền hơi do Hội Liên hiệp Phụ nữ"
        " tỉnh đăng cai, với 6 đội và 72 vận động viên.\n\n"
        "Vận động viên hai đội chào nhau trước trận chung kết.\n\n"
        "Ban tổ chức trao 3 giải nhất, nhì, ba và 1 giải phong cách cho các đội.\n"
    )
    assert guess_event_types(article.title, lead) == [("hoat-dong-chung", "giao lưu")]


def test_a_us_order_stamp_of_an_aspnet_portal():
    article, stamp, credit, _lead, _year, event = read(TEXT / "hoi-dac-thu-2017.txt")
    assert article.date_lines == ["7/25/2017 3:10:40 PM"]
    assert (stamp.value, stamp.sure) == (datetime(2017, 7, 25, 15, 10, 40, tzinfo=VN), "sure")
    assert article.dateline == "LCO"
    assert (event.day, event.part, event.sure) == (date(2017, 7, 19), None, "sure")
    assert credit.byline == {"kind": "tin-anh", "names": ["Hoàng Minh"], "org": None}
    assert article.markdown.startswith("Ngày 19/7, Hội Chữ thập đỏ tỉnh")


def test_a_stamp_whose_weekday_is_wrong_asks_for_a_check():
    article, stamp, credit, lead, _year, event = read(TEXT / "sai-thu.txt")
    assert article.date_lines == ["Thứ Hai, 15/01/2025 - 08:30"]
    assert (stamp.value, stamp.sure) == (datetime(2025, 1, 15, 8, 30, tzinfo=VN), "check")
    assert (event.day, event.part) == (date(2025, 1, 14), "sang")
    assert credit.byline == {
        "kind": "bai-anh",
        "names": ["Đỗ Quyên"],
        "org": "Sở Văn hóa, Thể thao và Du lịch",
    }
    assert guess_event_types(article.title, lead) == [("ky-giao-uoc", "ký giao ước")]


def test_a_tay_ninh_cluster_with_its_picture_beside_the_text():
    path = TEXT / "tay-ninh-tong-ket.txt"
    article, stamp, _credit, lead, _year, event = read(path)
    assert article.title == (
        "Cụm thi đua các đoàn thể chính trị - xã hội tỉnh Tây Ninh tổng kết năm 2016, "
        "bầu Trưởng cụm năm 2017"
    )
    assert stamp.value == datetime(2016, 12, 14, 17, 5, tzinfo=VN)
    assert article.dateline == "Baotayninh.vn"
    assert (event.day, event.part, event.sure) == (date(2016, 12, 14), "sang", "sure")
    assert article.pictures == [
        Picture(
            "anh 2.JPG",
            TEXT / "tay-ninh-tong-ket" / "anh 2.JPG",
            "Lãnh đạo Hội Nông dân tỉnh nhận Cờ thi đua của UBND tỉnh.",
            "Bảo Ngọc",
        )
    ]
    assert article.markdown.split("\n\n")[1] == (
        "![](<anh 2.JPG>)\n"
        "Lãnh đạo Hội Nông dân tỉnh nhận Cờ thi đua của UBND tỉnh. (Ảnh: Bảo Ngọc)"
    )
    assert article.removed == [
        "Liên kết website",
        "Thống kê truy cập",
        "• Đang online: 15",
        "• Hôm nay: 1.204",
        "Đăng nhập",
    ]
    assert guess_event_types(article.title, lead) == [
        ("tong-ket", "tổng kết"),
        ("bau-truong-khoi", "bầu Trưởng cụm"),
    ]
    body = parse_markdown(article.markdown, "bai.md", 1)
    assert '<figure><img alt="" decoding="async" loading="lazy" src="' in body.html
    assert "<figcaption>Lãnh đạo Hội Nông dân tỉnh" in body.html


def test_hostile_text_renders_literally():
    article, stamp, credit, _lead, _year, event = read(TEXT / "doc-hai.txt")
    assert article.title == '<script>alert("x")</script> Khối *thi đua* 🎉 "Tuổi trẻ # sáng tạo"'
    assert stamp.value == date(2024, 1, 3)
    assert (event.day, event.sure) == (date(2023, 12, 28), "sure")
    assert article.removed == [",,,", "…"]
    assert credit.byline == {"kind": "tin", "names": ["Nguyễn Thị A"], "org": None}
    assert credit.markdown == (
        "Ngày 28/12, Khối thi đua \\*\\*Khối 5\\*\\* họp &lt;b>tổng kết&lt;/b> năm 2023 🎉 tại "
        "\\[phòng họp\\](javascript:alert(1)).\n\n"
        "\\# not a heading\n\n"
        "1\\. không phải danh sách\n\n"
        "\\- cũng không phải\n\n"
        "\\> không phải trích dẫn\n\n"
        "&#58; không phải định nghĩa\n\n"
        "Giá trị 5 \\* 3 \\_nháy\\_ \\`mã\\` \\{: .lop\\} a \\| b &amp;amp; &amp;#60; \\\\ cuối\n\n"
        "🎉🎉\n"
    )
    html = parse_markdown(credit.markdown, "bai.md", 1).html
    for shown in (
        "**Khối 5**",
        "&lt;b&gt;tổng kết&lt;/b&gt;",
        "[phòng họp](javascript:alert(1))",
        "<p># not a heading</p>",
        "<p>1. không phải danh sách</p>",
        "<p>- cũng không phải</p>",
        "<p>&gt; không phải trích dẫn</p>",
        "<p>&#58; không phải định nghĩa</p>",
        "5 * 3 _nháy_ `mã` {: .lop} a | b &amp;amp; &amp;#60; \\ cuối",
        "<p>🎉🎉</p>",
    ):
        assert shown in html
    for absent in ("<script", "<em>", "<strong>", "<h", "<ol", "<ul", "<blockquote", "<a ", "<dl"):
        assert absent not in html


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("* sao *", "\\* sao \\*"),
        ("+ cộng", "\\+ cộng"),
        ("12) mục", "12\\) mục"),
        ("a <br> b", "a &lt;br> b"),
        ("a < b và c > d", "a < b và c > d"),
        ("Tin & ảnh", "Tin & ảnh"),
        ("cuối   ", "cuối"),
    ],
)
def test_escape_markdown(text, escaped):
    assert escape_markdown(text) == escaped


def test_an_empty_file_is_skipped_with_a_message(tmp_path):
    path = tmp_path / "trong.txt"
    path.write_text(" \n\u00a0\n\n\t\n  \n", encoding="utf-8")
    with pytest.raises(ImportProblem) as caught:
        read_txt(path)
    assert (
        caught.value.message == f"the text file {path} holds no text: there is no article to import"
    )
    assert caught.value.hint.key == "import.text.empty_hint"


def test_a_missing_file_is_skipped_with_a_message(tmp_path):
    with pytest.raises(ImportProblem) as caught:
        read_txt(tmp_path / "khong-co.txt")
    assert caught.value.message.key == "import.text.unreadable"
    assert str(tmp_path / "khong-co.txt") in caught.value.message


def test_a_picture_in_a_folder_beside_found_whatever_the_case(tmp_path):
    (tmp_path / "bai").mkdir()
    (tmp_path / "bai" / "ANH-1.jpg").write_bytes(b"\xff\xd8\xff\xd9")
    (tmp_path / "bai.txt").write_text("Tiêu đề\n\nanh-1.JPG\nChú thích.\n", encoding="utf-8")
    (article,) = read_txt(tmp_path / "bai.txt")
    assert article.pictures == [Picture("anh-1.JPG", tmp_path / "bai" / "ANH-1.jpg", "Chú thích.")]
    assert article.markdown == "![](anh-1.JPG)\nChú thích.\n"
