"""Credit lines, event types, leads, sentences to copy, quoted names (importer/guess.py)."""

from __future__ import annotations

import pytest
import yaml
from conftest import REPO

from bantin.importer.guess import (
    EVENT_WORDS,
    find_credit,
    guess_event_types,
    lead_paragraph,
    plain,
    quoted_names,
    sentences_to_copy,
)


def test_every_event_type_of_the_vocabulary_has_words():
    vocab = yaml.safe_load((REPO / "bantin" / "vocab.yaml").read_text(encoding="utf-8"))
    assert list(EVENT_WORDS) == list(vocab["event_types"])


@pytest.mark.parametrize(
    ("title", "lead", "expected"),
    [
        ("Khối thi đua sơ kết 6 tháng", "", [("so-ket", "sơ kết")]),
        ("TỔNG KẾT CÔNG TÁC NĂM", "", [("tong-ket", "TỔNG KẾT")]),
        ("", "Các đơn vị kí giao ước thi đua", [("ky-giao-uoc", "kí giao ước")]),
        ("Phát động phong trào", "", [("phat-dong", "Phát động")]),
        ("", "Hội nghị bầu Trưởng khối năm 2024", [("bau-truong-khoi", "bầu Trưởng khối")]),
        ("", "bầu cụm trưởng", [("bau-truong-khoi", "bầu cụm trưởng")]),
        ("Biểu dương 28 điển hình", "", [("bieu-duong", "Biểu dương")]),
        ("Suy tôn đơn vị dẫn đầu", "", [("suy-ton", "Suy tôn")]),
        ("", "Chấm điểm, bình xét thi đua", [("cham-diem", "Chấm điểm")]),
        ("Bàn giao nhiệm vụ Trưởng cụm", "", [("ban-giao", "Bàn giao")]),
        ("Kiểm tra chéo công tác thi đua", "", [("kiem-tra-cheo", "Kiểm tra chéo")]),
        ("Giao lưu bóng chuyền", "", [("hoat-dong-chung", "Giao lưu")]),
        ("TOẠ ĐÀM về văn hoá công sở", "", [("hoi-nghi-chuyen-de", "TOẠ ĐÀM")]),
        ("Đại hội Thi đua yêu nước lần thứ V", "", [("dai-hoi-thi-dua", "Đại hội Thi đua")]),
        ("Đăng ký danh hiệu thi đua", "", [("dang-ky", "Đăng ký danh hiệu")]),
        (
            "Tổng kết và phát động",
            "ký giao ước, bầu Trưởng khối",
            [
                ("phat-dong", "phát động"),
                ("ky-giao-uoc", "ký giao ước"),
                ("tong-ket", "Tổng kết"),
                ("bau-truong-khoi", "bầu Trưởng khối"),
            ],
        ),
    ],
)
def test_event_types_from_title_and_lead(title, lead, expected):
    assert guess_event_types(title, lead) == expected


def test_event_words_ignore_where_the_tone_mark_sits():
    # "tọa" and "toạ": the same word
    assert guess_event_types("Tọa đàm", "") == [("hoi-nghi-chuyen-de", "Tọa đàm")]
    assert guess_event_types("Toạ đàm", "") == [("hoi-nghi-chuyen-de", "Toạ đàm")]


def test_the_office_name_thi_dua_khen_thuong_is_no_award_event():
    lead = "Hội nghị sơ kết công tác thi đua, khen thưởng; đại diện Ban Thi đua - Khen thưởng dự"
    assert guess_event_types("", lead) == [("so-ket", "sơ kết")]
    assert guess_event_types("", "khen thưởng 12 tập thể") == [("bieu-duong", "khen thưởng")]


def test_event_types_only_from_what_is_given():
    assert guess_event_types("Hội nghị của khối", "Các đơn vị dự họp.") == []


@pytest.mark.parametrize(
    ("line", "byline", "source"),
    [
        ("Tin, ảnh: Lam Hồng", {"kind": "tin-anh", "names": ["Lam Hồng"], "org": None}, None),
        (
            "Bài và ảnh: Hà Linh - Minh Tuấn",
            {"kind": "bai-anh", "names": ["Hà Linh", "Minh Tuấn"], "org": None},
            None,
        ),
        (
            "Tin: M.Dung (Hội LHPN tỉnh)",
            {"kind": "tin", "names": ["M.Dung"], "org": "Hội LHPN tỉnh"},
            None,
        ),
        ("Ảnh: Quốc Việt", {"kind": "anh", "names": ["Quốc Việt"], "org": None}, None),
        (
            "Bài: Lê Văn C – Hội CCB tỉnh",
            {"kind": "bai", "names": ["Lê Văn C"], "org": "Hội CCB tỉnh"},
            None,
        ),
        ("**Tin, ảnh: Thu Hà**", {"kind": "tin-anh", "names": ["Thu Hà"], "org": None}, None),
        ("Nguyễn Thị A", {"kind": "tin", "names": ["Nguyễn Thị A"], "org": None}, None),
        (
            "Nguồn: Lò Thị Hoa, Báo Sơn La điện tử",
            None,
            {"name": "Báo Sơn La điện tử", "author": "Lò Thị Hoa", "url": None},
        ),
        ("Theo TTXVN", None, {"name": "TTXVN", "author": None, "url": None}),
        (
            "Nguồn: https://baolaocai.vn/bai-1.html",
            None,
            {
                "name": "https://baolaocai.vn/bai-1.html",
                "author": None,
                "url": "https://baolaocai.vn/bai-1.html",
            },
        ),
    ],
)
def test_find_credit_reads_the_credit_line_and_takes_it_out(line, byline, source):
    markdown = f"Đoạn mở đầu của bài.\n\nĐoạn cuối của bài./.\n\n{line}\n"
    credit = find_credit(markdown)
    assert (credit.byline, credit.source, credit.evidence) == (byline, source, line)
    assert credit.markdown == "Đoạn mở đầu của bài.\n\nĐoạn cuối của bài./.\n"


def test_find_credit_leaves_an_article_without_one_alone():
    markdown = "Đoạn mở đầu.\n\nQuang cảnh hội nghị.\n"
    credit = find_credit(markdown)
    assert (credit.byline, credit.source, credit.evidence, credit.markdown) == (
        None,
        None,
        "",
        markdown,
    )


def test_find_credit_uses_the_author_field_when_there_is_no_line():
    credit = find_credit("Đoạn mở đầu.\n", author="Phạm Hùng")
    assert credit.byline == {"kind": "tin", "names": ["Phạm Hùng"], "org": None}
    assert find_credit("Đoạn mở đầu.\n", author="admin").byline is None


def test_a_source_naming_a_person_only_is_the_sites():
    credit = find_credit("Bài.\n\nNguồn: Hoàng Lan\n", site_name="Cổng TTĐT tỉnh")
    assert credit.source == {"name": "Cổng TTĐT tỉnh", "author": "Hoàng Lan", "url": None}


def test_lead_paragraph_passes_over_pictures_and_stamps():
    markdown = (
        "Thứ Hai, 15/01/2024 - 08:30\n\n![](a.jpg)\nChú thích ảnh.\n\n"
        "Chiều 14-1, \\*Khối\\* họp **tổng kết**.\n\nĐoạn hai.\n"
    )
    assert lead_paragraph(markdown) == "Chiều 14-1, *Khối* họp tổng kết."
    assert lead_paragraph("") == ""


def test_plain_keeps_escaped_signs_as_text():
    written = "\\[a\\](b) \\*x\\* [liên kết](https://x.vn) &lt;b&gt;"
    assert plain(written) == "[a](b) *x* liên kết <b>"


def test_sentences_to_copy_awards_and_figures():
    text = (
        "Hội nghị diễn ra sáng nay. Khối đề nghị tặng Cờ thi đua cho Hội Nông dân tỉnh. "
        "Các đơn vị vận động được 1,2 tỷ đồng! Tỷ lệ đạt 40% kế hoạch.\n\n"
        "Biểu dương 28 điển hình tiên tiến. Công tác thi đua, khen thưởng được chú trọng. "
        "Năm 2023 có 6 tháng khó khăn. Ông Nguyễn Văn B đạt danh hiệu Chiến sĩ thi đua cơ sở."
    )
    assert sentences_to_copy(text) == [
        "Khối đề nghị tặng Cờ thi đua cho Hội Nông dân tỉnh.",
        "Các đơn vị vận động được 1,2 tỷ đồng!",
        "Tỷ lệ đạt 40% kế hoạch.",
        "Biểu dương 28 điển hình tiên tiến.",
        "Ông Nguyễn Văn B đạt danh hiệu Chiến sĩ thi đua cơ sở.",
    ]


def test_quoted_names_as_written():
    text = (
        "Phong trào “Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở” và "
        '"Xanh - sạch - đẹp", cuộc vận động «Ngày thứ bảy tình nguyện»; “Tốt” và '
        "“Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở” lần nữa."
    )
    assert quoted_names(text) == [
        "Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở",
        "Xanh - sạch - đẹp",
        "Ngày thứ bảy tình nguyện",
    ]
