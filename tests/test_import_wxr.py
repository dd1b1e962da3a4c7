"""WordPress exports (WXR) as one RawArticle per post: tests/fixtures/import/wxr/ holds the export
of a provincial Youth Union and Women's Union site (a classic post with a [caption] image whose
upload is beside the export, a Gutenberg post, a draft, a post without a date, a post with a
hostile title; a page, a menu item, attachments present and missing), a billion-laughs file, an
XXE file, an export cut short, and a sitemap that is XML but not an export."""

from __future__ import annotations

import os
import time
from datetime import date, datetime, timedelta, timezone

import pytest
from conftest import FIXTURES

from bantin.importer import wxr
from bantin.importer.htmlmd import html_to_markdown
from bantin.importer.model import ImportProblem, Moment, Picture
from bantin.importer.wxr import read_wxr, wordpress_html, wpautop
from bantin.messages import tr

HERE = FIXTURES / "import" / "wxr"
EXPORT = HERE / "tinh-doan-yen-bai.xml"
SITE = "https://tinhdoan.yenbai.example"
UPLOADS = SITE + "/wp-content/uploads"
VN = timezone(timedelta(hours=7))


@pytest.fixture(scope="module")
def posts():
    return {a.part: a for a in read_wxr(EXPORT)}


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=VN)


# --- the fixture export, post by post


def test_every_post_is_an_article_and_pages_attachments_and_menus_are_not(posts):
    assert list(posts) == ["101", "102", "103", "104", "105"]
    assert {a.format for a in posts.values()} == {"wxr"}
    assert {a.source for a in posts.values()} == {EXPORT}
    assert {a.site_name for a in posts.values()} == {"Tỉnh đoàn Yên Bái & Hội LHPN tỉnh"}
    assert "Giới thiệu" not in {a.title for a in posts.values()}


def test_a_classic_post_with_a_caption_image_beside_the_export(posts):
    a = posts["101"]
    assert a.title == "Tuổi trẻ Yên Bái ký giao ước thi đua năm 2023"
    assert a.url == SITE + "/2023/07/tuoi-tre-yen-bai-ky-giao-uoc/"
    assert a.author == "Ban Tuyên giáo Tỉnh đoàn"  # dc:creator "bantuyengiao", resolved
    assert a.status == "publish"
    assert a.published == Moment(
        at(2023, 7, 19, 16, 5), "wp:post_date 2023-07-19 16:05:00", "meta", "sure"
    )
    assert a.updated == Moment(
        at(2023, 7, 20, 8, 0), "wp:post_modified 2023-07-20 08:00:00", "meta", "sure"
    )
    assert a.categories == ["Hoạt động Đoàn"]
    assert a.tags == ["Khối thi đua", "Giao ước 2023"]
    # The featured image (_thumbnail_id 201) is the caption's image: one picture, named as the
    # body names it (the resized copy), found as the full-size upload under wp-content/uploads.
    assert a.pictures == [
        Picture(
            original=UPLOADS + "/2023/07/ky-giao-uoc-2023-800x533.jpg",
            file=HERE / "wp-content/uploads/2023/07/ky-giao-uoc-2023.jpg",
            caption="Bí thư các huyện đoàn ký giao ước.",
            credit="Lò Văn Khánh",
            alt="Ký giao ước thi đua",
        )
    ]
    assert a.removed == ['[contact-form-7 id="5" title="Liên hệ"]']
    assert a.converted == []
    assert a.markdown == html_to_markdown(
        "<p>Chiều 18/7, Ban Thường vụ Tỉnh đoàn tổ chức lễ ký giao ước thi đua giữa 9 huyện, "
        "thị, thành đoàn.</p>\n"
        '<figure><img class="size-large wp-image-201" src="' + UPLOADS + "/2023/07/"
        'ky-giao-uoc-2023-800x533.jpg" alt="Ký giao ước thi đua" width="800" height="533" />'
        "<figcaption>Bí thư các huyện đoàn ký giao ước. (Ảnh: Lò Văn Khánh)</figcaption>"
        "</figure>\n"
        "<p>Các đơn vị thống nhất ba nội dung:<br />\n"
        "- xây dựng 15 công trình thanh niên;<br />\n"
        "- hỗ trợ 120 hộ nghèo.</p>\n"
        "<table>\n<tr><td>Đơn vị</td>\n<td>Số công trình</td></tr>\n\n"
        "<tr><td>Huyện đoàn Văn Chấn</td><td>3</td></tr>\n</table>\n"
        "<p>[Xem thêm] các tin cùng chuyên mục.</p>"
    )
    assert "Tóm tắt" not in a.markdown  # excerpt:encoded is not the body


def test_a_gutenberg_post_loses_its_block_comments_and_lists_what_it_cannot_show(posts):
    a = posts["102"]
    assert a.title == "Hội LHPN tỉnh sơ kết 6 tháng đầu năm 2023"
    assert a.author == "Hoàng Thị Mai"
    assert a.categories == ["Phụ nữ & Gia đình"]
    assert a.tags == ["Khối thi đua"]
    assert a.published == Moment(
        at(2023, 8, 10, 7, 30), "wp:post_date 2023-08-10 07:30:00", "meta", "sure"
    )
    assert a.removed == [
        '<!-- wp:latest-posts {"postsToShow":3} /-->',  # a dynamic block: no text of its own
        '[gallery ids="202,999"]',  # attachment 999 is not in the export
    ]
    assert a.pictures == [  # the upload is not beside the export
        Picture(
            original=UPLOADS + "/2023/08/so-ket-hoi-phu-nu.jpg",
            file=None,
            caption="Quang cảnh hội nghị sơ kết",
            alt="Hội nghị sơ kết",
        )
    ]
    assert "wp:" not in a.markdown and "<p>" not in a.markdown
    # no wpautop on block content: the line break inside a paragraph is a space, as HTML reads it
    assert "Hội nghị thống nhất các chỉ tiêu cho 6 tháng cuối năm." in a.markdown
    assert "Hội nghị sơ kết 6 tháng" in a.markdown  # the gallery's image with its caption


def test_a_draft_is_imported_with_its_status_and_its_saved_date_to_check(posts):
    a = posts["103"]
    assert a.title == "Kế hoạch Tháng Thanh niên (bản nháp)"  # NFD in the export
    assert a.status == "draft"
    # post_date_gmt is 0000-00-00 for a draft: the blog's usual offset (+07:00) is used, and a
    # draft's date is when it was last saved, not a publication, so "check".
    assert a.published == Moment(
        at(2023, 8, 25, 21, 40), "wp:post_date 2023-08-25 21:40:00", "meta", "check"
    )
    assert a.url == SITE + "/?p=103"
    assert a.pictures == []
    assert a.removed == [UPLOADS + "/2023/08/ke-hoach-thang-thanh-nien.pdf"]  # not an image
    assert a.markdown == html_to_markdown(
        "<p>Dự thảo kế hoạch, các cơ sở góp ý trước ngày 30/8.<br />\nXem tệp đính kèm.</p>"
    )


def test_a_post_dated_0000_00_00_has_no_date(posts):
    a = posts["104"]
    assert a.status == "pending"
    assert a.published is None
    assert a.updated == Moment(
        at(2023, 9, 1, 10, 0), "wp:post_modified 2023-09-01 10:00:00", "meta", "sure"
    )
    assert a.title == "Hoà nhịp phong trào “Phụ nữ tích cực học tập”"
    assert a.author == "nguoi.da.xoa"  # a login the author list does not hold: kept as it is
    assert a.url == SITE + "/?p=104"
    assert a.categories == [] and a.tags == []


def test_a_hostile_title_is_kept_as_text(posts):
    a = posts["105"]
    assert a.title == '"Bão" <script>alert(1)</script> & #tag'
    assert a.status == "private"
    assert a.tags == ["#Bão lũ <b>2023</b>"]
    assert a.published == Moment(  # the GMT date is the day before
        at(2023, 9, 5, 6, 45), "wp:post_date 2023-09-05 06:45:00", "meta", "sure"
    )
    assert a.updated is None
    # no attachment item and no uploads/2023/09/: the one file of that name under the export
    assert a.pictures == [
        Picture(
            original=UPLOADS + "/2023/09/bao-lu-2023.jpg",
            file=HERE / "anh-cu" / "bao-lu-2023.jpg",
            caption="Thanh niên gia cố bờ kè",  # from [caption caption="…"]
        )
    ]
    assert a.removed == ['<script>alert("x")</script>']
    assert "alert" not in a.markdown
    assert "https://www.youtube.com/watch?v=lulut2023" in a.markdown  # [embed] as a link
    assert "\\[gallery\\] là cách viết mã ngắn thành chữ." in a.markdown  # [[gallery]]: text


def test_the_same_export_gives_the_same_checksums(posts):
    again = read_wxr(EXPORT)
    assert [a.checksum for a in again] == [a.checksum for a in posts.values()]
    assert len({a.checksum for a in again}) == 5
    assert all(len(a.checksum) == 64 for a in again)


# --- files that are not exports


@pytest.mark.parametrize("name", ["billion-laughs.xml", "doc-ngoai.xml"])
def test_entities_are_refused_at_once(name):
    started = time.monotonic()
    with pytest.raises(ImportProblem) as caught:
        read_wxr(HERE / name)
    assert time.monotonic() - started < 2
    problem = caught.value
    assert problem.message.key == "import.wxr_unsafe"
    assert problem.message == (
        f"{name} declares a DTD or XML entities (DTDForbidden), which a WordPress export never"
        " does: not read, for safety"
    )
    assert tr(problem.message, "vi").startswith(f"{name} khai báo DTD hoặc thực thể XML")
    assert problem.hint.key == "import.wxr_hint_export"
    assert "Công cụ → Xuất" in tr(problem.hint, "vi")


def test_an_export_cut_short_names_the_line():
    with pytest.raises(ImportProblem) as caught:
        read_wxr(HERE / "bi-cat-ngang.xml")
    assert caught.value.message == (
        "bi-cat-ngang.xml is not well-formed XML at line 30, column 10: unclosed token"
    )
    assert tr(caught.value.message, "vi") == (
        "bi-cat-ngang.xml không phải XML hợp lệ ở dòng 30, cột 10: unclosed token"
    )
    assert caught.value.hint.key == "import.wxr_hint_truncated"


def test_other_xml_is_not_an_export():
    with pytest.raises(ImportProblem) as caught:
        read_wxr(HERE / "sitemap.xml")
    assert caught.value.message.key == "import.wxr_not_wxr"
    assert tr(caught.value.message, "vi").startswith("sitemap.xml là tệp XML nhưng không phải")


def test_an_export_without_posts_says_so(tmp_path):
    path = tmp_path / "trang.xml"
    path.write_text(
        export("<item><wp:post_id>7</wp:post_id><wp:post_type>page</wp:post_type></item>")
    )
    with pytest.raises(ImportProblem) as caught:
        read_wxr(path)
    assert (
        caught.value.message == "trang.xml has no posts (1 items: pages, attachments, menu items…)"
    )


def test_an_unreadable_file(tmp_path):
    with pytest.raises(ImportProblem) as caught:
        read_wxr(tmp_path)  # a folder
    assert caught.value.message.key == "import.wxr_unreadable"


# --- small exports written by the tests


def export(items: str, declaration: str = '<?xml version="1.0" encoding="UTF-8"?>') -> str:
    return (
        f"{declaration}\n"
        '<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.1/excerpt/"'
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.1/">'
        f"<channel><title>Hội LHPN tỉnh Lào Cai</title><wp:wxr_version>1.1</wp:wxr_version>{items}"
        "</channel></rss>"
    )


def post(post_id: str = "1", content: str = "", extra: str = "") -> str:
    return (
        f"<item><title>Tin {post_id}</title><wp:post_id>{post_id}</wp:post_id>"
        f"<wp:post_type>post</wp:post_type><wp:status>publish</wp:status>"
        f"<content:encoded><![CDATA[{content}]]></content:encoded>{extra}</item>"
    )


def test_the_xml_declaration_is_handed_to_the_decoder(tmp_path, monkeypatch):
    seen = []
    real = wxr.decode_bytes
    monkeypatch.setattr(
        wxr, "decode_bytes", lambda data, declared=None: seen.append(declared) or real(data)
    )
    path = tmp_path / "cu.xml"
    path.write_text(export(post(), '<?xml version="1.0" encoding="windows-1258" ?>'))
    read_wxr(path)
    assert seen == ["windows-1258"]


def test_control_characters_are_removed_and_reported(tmp_path):
    path = tmp_path / "dieu-khien.xml"
    path.write_text(export(post(content="Hội nghị\x0b sơ kết\x08")))
    [a] = read_wxr(path)
    assert a.markdown == html_to_markdown("<p>Hội nghị sơ kết</p>")
    assert a.converted == ["removed 2 control characters that XML does not allow"]


def test_without_any_gmt_date_the_day_is_kept_without_a_time(tmp_path):
    path = tmp_path / "nhap.xml"
    dates = (
        "<wp:post_date>2021-03-08 07:00:00</wp:post_date>"
        "<wp:post_date_gmt>0000-00-00 00:00:00</wp:post_date_gmt>"
    )
    path.write_text(export(post(extra=dates)))
    [a] = read_wxr(path)
    assert a.published == Moment(
        date(2021, 3, 8), "wp:post_date 2021-03-08 07:00:00", "meta", "likely"
    )


# --- WordPress's steps on the body


def test_wpautop_paragraphs_and_line_breaks():
    assert wpautop("Dòng một\nDòng hai\n\nĐoạn hai") == (
        "<p>Dòng một<br />\nDòng hai</p>\n<p>Đoạn hai</p>\n"
    )


def test_wpautop_leaves_pre_tables_and_block_elements_alone():
    text = "<pre>a\n\nb\nc</pre>\nSau\n\n<h2>Tiêu đề</h2>\n<ul>\n<li>một</li>\n<li>hai</li>\n</ul>"
    assert wpautop(text) == (
        "<pre>a\n\nb\nc</pre>\n<p>Sau</p>\n<h2>Tiêu đề</h2>\n"
        "<ul>\n<li>một</li>\n<li>hai</li>\n</ul>\n"
    )
    assert wpautop("<table><tr><td>x\n\ny</td></tr></table>") == (
        "<table><tr><td>x\n\ny</td></tr></table>\n"
    )
    assert (
        wpautop("<blockquote>Trích\ndẫn</blockquote>")
        == "<blockquote><p>Trích<br />\ndẫn</p></blockquote>\n"
    )


def test_a_caption_becomes_a_figure():
    media: dict = {}
    html, removed = wordpress_html(
        '[caption id="attachment_9" align="alignleft" width="300"]'
        '<a href="https://x.example/a.jpg">'
        '<img src="https://x.example/a-300x200.jpg" alt="A" /></a>'
        " Chú thích <em>ảnh</em>[/caption]",
        media,
        [],
    )
    assert (
        html
        == (
            '<figure><img src="https://x.example/a-300x200.jpg" alt="A" />'
            "<figcaption>Chú thích <em>ảnh</em></figcaption></figure>\n"
        ).strip()
    )
    assert removed == []


def test_shortcodes_become_html_links_or_are_listed():
    html, removed = wordpress_html(
        "[vc_row][vc_column]Nội dung trong trình dựng trang[/vc_column][/vc_row]\n\n"
        '[video width="640" src="https://x.example/le-ky.mp4"][/video]\n\n'
        "[Xem thêm] và [1] là chữ",
        {},
        [],
    )
    assert html == (
        "<p>Nội dung trong trình dựng trang</p>\n"
        '<p><a href="https://x.example/le-ky.mp4">https://x.example/le-ky.mp4</a></p>\n'
        "<p>[Xem thêm] và [1] là chữ</p>"
    )
    assert removed == ["[vc_row]", "[vc_column]"]


def test_a_bare_gallery_shows_the_posts_attached_images(tmp_path):
    a = wxr._Attachment(
        "5", "https://x.example/up/b.jpg", "2020/01/b.jpg", "Chú thích B", "B", "1", 0
    )
    doc = wxr._Attachment("6", "https://x.example/up/c.pdf", "", "", "", "1", 1)
    html, removed = wordpress_html("[gallery]", {"5": a, "6": doc}, [a, doc])
    assert html == (
        '<figure><img class="wp-image-5" src="https://x.example/up/b.jpg" alt="B" />'
        "<figcaption>Chú thích B</figcaption></figure>"
    )
    assert removed == []


def test_an_iframe_becomes_a_link():
    html, _ = wordpress_html('<iframe src="https://www.youtube.com/embed/abc"></iframe>', {}, [])
    assert (
        html
        == '<p><a href="https://www.youtube.com/embed/abc">https://www.youtube.com/embed/abc</a></p>'
    )


# --- finding uploads, never outside the export's folder


def test_uploads_are_looked_for_only_under_the_exports_folder(tmp_path):
    inside = tmp_path / "xuat"
    (inside / "uploads" / "2022" / "05").mkdir(parents=True)
    (inside / "uploads" / "2022" / "05" / "dai-hoi.jpg").write_bytes(b"jpg")
    (tmp_path / "ngoai.jpg").write_bytes(b"jpg")
    (inside / "a").mkdir()
    (inside / "b").mkdir()
    (inside / "a" / "trung.jpg").write_bytes(b"1")
    (inside / "b" / "trung.jpg").write_bytes(b"2")
    uploads = wxr._Uploads(inside)
    site = "https://x.example/wp-content/uploads/"
    assert (
        uploads.find("", site + "2022/05/dai-hoi-1024x768.jpg")
        == inside / "uploads/2022/05/dai-hoi.jpg"
    )
    assert uploads.find("../ngoai.jpg", site + "ngoai.jpg") is None
    assert uploads.find("", site + "2022/05/trung.jpg") is None  # two files of that name
    if hasattr(os, "symlink"):
        (inside / "lien-ket.jpg").symlink_to(tmp_path / "ngoai.jpg")
        assert wxr._Uploads(inside).find("", site + "lien-ket.jpg") is None


def test_hostile_shortcodes_neither_hang_nor_overflow():
    nested = (
        "".join(f"[n{i}]" for i in range(3000))
        + "x"
        + "".join(f"[/n{i}]" for i in reversed(range(3000)))
    )
    started = time.monotonic()
    html, removed = wordpress_html(nested, {}, [])
    wordpress_html("[a]" * 50000 + "[/a]", {}, [])
    assert time.monotonic() - started < 5
    assert removed[:2] == ["[n0]", "[n1]"] and "x" in html


def test_blank_lines_before_the_xml_declaration_are_forgiven(tmp_path):
    path = tmp_path / "dong-trong.xml"  # a theme printed blank lines before the export
    path.write_text("\n\n  " + export(post(content="Tin ngắn")))
    [a] = read_wxr(path)
    assert a.markdown == html_to_markdown("<p>Tin ngắn</p>")
    path.write_text("\n\n" + export(post(content="Tin ngắn")).replace("</channel>", ""))
    with pytest.raises(ImportProblem) as caught:
        read_wxr(path)
    assert caught.value.message.args["line"] == 4  # counted in the file as it is
