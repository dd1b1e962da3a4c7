"""Saved web pages (``bantin.importer.html``) and HTML to Markdown (``bantin.importer.htmlmd``).

The fixtures are pages written for these tests in the two commonest portal layouts, saved the way
a browser saves them ("Save page as, complete": ``x.html`` and ``x_files/``):

* ``hnd-bac-kan.html``: a WordPress theme (a provincial Farmers' Union), og and article meta
  tags, figure/figcaption, a media player, share bar, "Tin liên quan", comments, a tracking pixel;
* ``so-ket-2017.html``: a Java/Liferay portal page in Windows-1258 (combining tone marks, the
  emoji as a character reference), a US-order stamp "7/25/2017 3:10:40 PM", the title only in
  ``<title>`` and a portlet heading, an image file name with spaces and ``#``;
* ``mttq-nam-dinh.htm``: an ASP.NET/DNN government portal (a Fatherland Front), a table layout
  inside one big form, __VIEWSTATE, no meta dates, a visible "Cập nhật lúc…" stamp, photos in
  tables with a caption row, an image still at its absolute address, "Xem thêm", counters, and
  today's date in the header.
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from conftest import FIXTURES

from bantin.importer import html as html_reader
from bantin.importer.encoding import decode_bytes
from bantin.importer.html import parse_iso, read_html, split_credit
from bantin.importer.htmlmd import html_to_markdown
from bantin.importer.model import Decoded, ImportProblem, Picture
from bantin.markup import parse_markdown

HERE = FIXTURES / "import" / "html"
LIFERAY = HERE / "so-ket-2017.html"
WP = HERE / "hnd-bac-kan.html"
DNN = HERE / "mttq-nam-dinh.htm"
ICT = timezone(timedelta(hours=7))

WP_MARKDOWN = """\
**BBK - Ngày 05/7, tại hội trường Hội Nông dân tỉnh (đơn vị giữ chức Trưởng khối năm 2023), Khối \
thi đua MTTQ và các đoàn thể tỉnh họp sơ kết công tác thi đua, khen thưởng nửa đầu năm.**

![Hội nghị sơ kết](./hnd-bac-kan_files/hoi-nghi-so-ket.jpg)
Các đại biểu tham dự hội nghị sơ kết tại hội trường Hội Nông dân tỉnh. (Ảnh: Hà Linh)

Sáu tháng qua, sáu đơn vị trong khối đã phối hợp tổ chức nhiều hoạt động thiết thực, hướng về cơ \
sở; phong trào *“Nông dân thi đua sản xuất, kinh doanh giỏi”* tiếp tục lan rộng ở cả 8 huyện, \
thành phố.

## Những kết quả nổi bật

- Hỗ trợ 312 hộ hội viên vay vốn phát triển chăn nuôi;
- Mở 14 lớp tập huấn kỹ thuật trồng cây dược liệu;
- Thăm, tặng quà 95 gia đình chính sách.

Theo báo cáo, tỷ lệ 1\\*2 đơn vị đã chấm điểm chéo đạt 100% chỉ tiêu_giao, xem chi tiết tại \
[báo cáo sơ kết](https://hoinongdan.backan.gov.vn/van-ban/bao-cao-so-ket/).

| Đơn vị | Điểm tự chấm |
| --- | --- |
| Hội Nông dân tỉnh | 96,5 |
| Tỉnh Đoàn | 95 |

![](./hnd-bac-kan_files/trao%20giay%20khen%20%231.jpg)
Trao giấy khen cho các hội viên tiêu biểu 👏🌾 Ảnh: TTXVN

Sáu tháng cuối năm, khối thống nhất đẩy mạnh tuyên truyền, chuẩn bị chu đáo cho đợt kiểm tra \
chéo vào tháng 10.

**Tin, ảnh: Lam Hồng**
"""

DNN_MARKDOWN = """\
**Chiều 12-2, tại hội trường Ủy ban MTTQ tỉnh, các đơn vị thuộc Khối thi đua MTTQ và các đoàn thể \
tỉnh tổng kết năm 2019 và cùng phát động thi đua năm 2020.**

![](./mttq-nam-dinh_files/IMG_2211.JPG)
Lãnh đạo Ủy ban MTTQ tỉnh phát biểu tại hội nghị.

Năm 2019, các đơn vị trong khối đã bám sát nhiệm vụ chính trị, chủ động phối hợp vận động đoàn \
viên, hội viên tham gia xây dựng nông thôn mới và đô thị văn minh.

Hội nghị đã thống nhất suy tôn Hội Cựu chiến binh tỉnh là đơn vị dẫn đầu, đề nghị UBND tỉnh tặng \
Cờ thi đua; bầu Liên đoàn Lao động tỉnh làm Trưởng khối năm 2020.

![Ký giao ước thi đua](http://mattran.namdinh.gov.vn/Portals/0/NewsImages/2020/IMG_2230.JPG)
Đại diện các đơn vị ký giao ước thi đua năm 2020 (Ảnh: Minh Châu)

Năm 2020, khối phát động phong trào thi đua yêu nước lập thành tích chào mừng đại hội Đảng bộ \
các cấp.

**Bài và ảnh: Minh Châu**
"""


def test_wordpress_page_fields():
    [a] = read_html(WP)
    assert a.format == "html" and a.source == WP
    assert a.title == 'Sơ kết thi đua 6 tháng: “Nông dân giỏi” & "Bắc Kạn xanh" <script> *2023*'
    assert (
        a.url == "https://hoinongdan.backan.gov.vn/2023/07/06/so-ket-thi-dua-6-thang-dau-nam-2023/"
    )
    assert a.site_name == "Hội Nông dân tỉnh Bắc Kạn"
    assert a.author == "Lam Hồng"
    assert a.published is not None and a.published.how == "meta"
    assert a.published.value == datetime(2023, 7, 6, 8, 15, tzinfo=ICT)
    assert a.published.evidence == "2023-07-06T08:15:00+07:00"
    assert a.updated is not None and a.updated.value == datetime(2023, 7, 7, 10, 2, 41, tzinfo=ICT)
    assert a.date_lines == ["06/07/2023", "07/07/2023"]  # not the header's "today" date
    assert a.categories == ["Thi đua - Khen thưởng"]
    assert a.tags == ["sơ kết", "khối thi đua"]
    assert a.markdown == WP_MARKDOWN
    assert len(a.checksum) == 64


def test_wordpress_page_pictures():
    [a] = read_html(WP)
    files = (WP.parent / "hnd-bac-kan_files").resolve()
    assert a.pictures == [
        Picture(
            "./hnd-bac-kan_files/hoi-nghi-so-ket.jpg",
            files / "hoi-nghi-so-ket.jpg",
            "Các đại biểu tham dự hội nghị sơ kết tại hội trường Hội Nông dân tỉnh.",
            "Hà Linh",
            "Hội nghị sơ kết",
        ),
        Picture(
            "./hnd-bac-kan_files/trao%20giay%20khen%20%231.jpg",
            files / "trao giay khen #1.jpg",
            "Trao giấy khen cho các hội viên tiêu biểu 👏🌾",
            "TTXVN",
            "",
        ),
    ]
    # the logo, share icons, sidebar banner and the tracking pixel are not the article's
    assert "logo" not in a.markdown and "facebook" not in a.markdown.lower()


def test_wordpress_page_removed_clutter():
    [a] = read_html(WP)
    assert a.removed == [
        "Trang chủ » Thi đua - Khen thưởng » Sơ kết thi đua 6 tháng",
        "Thi đua - Khen thưởng",
        "Đăng bởi",
        "Lượt xem: 1.204",
        "0:00 / 0:00",
        "Chia sẻ:",
        "Facebook",
        "Zalo",
        "Tin liên quan",
        "Khối thi đua ký giao ước thi đua năm 2023",
        "Tổng kết công tác Hội năm 2022",
        "Thẻ: sơ kết, khối thi đua",
        "Để lại bình luận",
        "Email của bạn sẽ không được hiển thị công khai.",
        "Bình luận",
    ]


def test_dnn_page_fields():
    [a] = read_html(DNN)
    assert a.title == "Khối thi đua MTTQ và các đoàn thể tỉnh phát động thi đua năm 2020"
    assert a.url == "http://mattran.namdinh.gov.vn/Default.aspx?tabid=120&ItemID=3456"  # saved from
    assert a.site_name == "Ủy ban MTTQ Việt Nam tỉnh Nam Định"  # the <title>'s suffix
    assert a.published is None and a.updated is None
    # the stamp verbatim; neither the header's date of saving nor the related list's dates
    assert a.date_lines == ["Cập nhật lúc08:45, Thứ Năm, 13/02/2020 (GMT+7)"]
    assert a.author == ""
    assert a.markdown == DNN_MARKDOWN
    assert "VIEWSTATE" not in a.markdown and "wEPDw" not in a.markdown


def test_dnn_page_pictures_and_removed():
    [a] = read_html(DNN)
    files = (DNN.parent / "mttq-nam-dinh_files").resolve()
    assert a.pictures == [
        Picture(
            "./mttq-nam-dinh_files/IMG_2211.JPG",
            files / "IMG_2211.JPG",
            "Lãnh đạo Ủy ban MTTQ tỉnh phát biểu tại hội nghị.",
        ),
        Picture(  # still at its absolute address: found by its file name
            "http://mattran.namdinh.gov.vn/Portals/0/NewsImages/2020/IMG_2230.JPG",
            files / "IMG_2230.JPG",
            "Đại diện các đơn vị ký giao ước thi đua năm 2020",
            "Minh Châu",
            "Ký giao ước thi đua",
        ),
    ]
    assert a.removed == [
        "Trang chủ > Tin hoạt động",
        "Lượt xem: 2.315",
        "In bài viết",
        "Gửi email | In trang | Quay lại",
        "Xem thêm",
        "Hội nghị Ủy ban MTTQ tỉnh lần thứ 5",
        "(05/02/2020)",
        "Trao quà Tết cho hộ nghèo",
        "(20/01/2020)",
        "Tập huấn nghiệp vụ công tác Mặt trận",
        "(10/01/2020)",
    ]


def test_markdown_renders_figures_and_literal_text():
    """bantin's Markdown makes each photo a figure with its caption; the escaped text shows as
    written."""
    for page in (WP, DNN):
        [a] = read_html(page)
        html = parse_markdown(a.markdown, "x.md", 1).html
        assert html.count("<figure>") == 2 and html.count("<figcaption>") == 2
    [a] = read_html(WP)
    html = parse_markdown(a.markdown, "x.md", 1).html
    assert "1*2 đơn vị" in html and "chỉ tiêu_giao" in html


def test_missing_files_folder_and_lead_image(tmp_path: Path):
    """Without its ``_files`` folder a picture keeps its address and has no file; the lead image
    named by og:image comes first when it was saved but is not in the body."""
    text = WP.read_text("utf-8")
    (tmp_path / "bai.html").write_text(text, "utf-8")
    [a] = read_html(tmp_path / "bai.html")
    assert [p.file for p in a.pictures] == [None, None]
    text = text.replace(
        'og:image" content="https://hoinongdan.backan.gov.vn/wp-content/uploads/2023/07/hoi-nghi-so-ket.jpg',
        'og:image" content="https://x.vn/anh-dai-dien.jpg',
    )
    (tmp_path / "bai2.html").write_text(text, "utf-8")
    (tmp_path / "bai2_files").mkdir()
    (tmp_path / "bai2_files" / "anh-dai-dien.jpg").write_bytes(b"x")
    [a] = read_html(tmp_path / "bai2.html")
    assert a.pictures[0] == Picture(
        "https://x.vn/anh-dai-dien.jpg", (tmp_path / "bai2_files" / "anh-dai-dien.jpg").resolve()
    )
    assert len(a.pictures) == 3


def test_image_outside_the_page_folder_is_not_taken(tmp_path: Path):
    (tmp_path / "secret.jpg").write_bytes(b"x")
    page = tmp_path / "sub" / "bai.html"
    page.parent.mkdir()
    page.write_text(
        "<html><body><article><h1>Tiêu đề</h1><p>"
        + "Nội dung bài viết đủ dài để đọc. " * 5
        + '</p><p><img src="../secret.jpg" width="600" height="400"></p></article></body></html>',
        "utf-8",
    )
    [a] = read_html(page)
    assert [p.file for p in a.pictures] == [None]


def test_unreadable_and_empty_pages(tmp_path: Path):
    with pytest.raises(ImportProblem) as err:
        read_html(tmp_path / "khong-co.html")
    assert "khong-co.html" in err.value.message
    empty = tmp_path / "trong.html"
    empty.write_text("<html><head><title>Trang chủ</title></head><body></body></html>", "utf-8")
    with pytest.raises(ImportProblem) as err:
        read_html(empty)
    assert err.value.message == f"no article found in the saved web page {empty}"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-07-06T08:15:00+07:00", datetime(2023, 7, 6, 8, 15, tzinfo=ICT)),
        ("2023-07-06T01:15:00Z", datetime(2023, 7, 6, 1, 15, tzinfo=UTC)),
        ("2020-02-12 19:29:00", datetime(2020, 2, 12, 19, 29, tzinfo=ICT)),
        ("2020-02-12", datetime(2020, 2, 12).date()),
        ("12/02/2020", None),
    ],
)
def test_parse_iso(value: str, expected):
    moment = parse_iso(value)
    if expected is None:
        assert moment is None
    else:
        assert moment is not None and moment.value == expected and moment.evidence == value
        assert (
            moment.value.utcoffset() == expected.utcoffset()
            if isinstance(expected, datetime)
            else True
        )


def test_meta_date_without_offset_and_visible_stamps(tmp_path: Path):
    page = tmp_path / "bai.html"
    page.write_text(
        '<html><head><meta name="pubdate" content="2017-07-25T15:10:40">'
        "<title>Sơ kết 6 tháng | Cổng TTĐT</title></head><body><div class='news'>"
        "<h1>Sơ kết 6 tháng</h1><div class='ngay-dang'>7/25/2017 3:10:40 PM</div>"
        "<p>" + "Khối thi đua tổ chức hội nghị sơ kết công tác thi đua. " * 4 + "</p>"
        "</div></body></html>",
        "utf-8",
    )
    [a] = read_html(page)
    assert a.title == "Sơ kết 6 tháng" and a.site_name == "Cổng TTĐT"
    assert a.published is not None
    assert a.published.value == datetime(2017, 7, 25, 15, 10, 40, tzinfo=ICT)
    assert a.published.value.utcoffset() == timedelta(hours=7)
    assert a.date_lines == ["7/25/2017 3:10:40 PM"]
    assert a.markdown.startswith("Khối thi đua tổ chức")  # the title is not repeated in the body


@pytest.mark.parametrize(
    ("caption", "expected"),
    [
        ("Quang cảnh hội nghị. (Ảnh: Hà Linh)", ("Quang cảnh hội nghị.", "Hà Linh")),
        ("Trao giấy khen 👏 Ảnh: TTXVN", ("Trao giấy khen 👏", "TTXVN")),
        ("Ảnh 1: Quang cảnh hội nghị", ("Ảnh 1: Quang cảnh hội nghị", "")),
        ("Ảnh: M.Dung", ("", "M.Dung")),
    ],
)
def test_split_credit(caption: str, expected: tuple[str, str]):
    assert split_credit(caption) == expected


# --- html_to_markdown on its own (WordPress post bodies)


def test_markdown_escapes_what_markdown_would_read():
    md = html_to_markdown(
        "<p># 1 không phải tiêu đề, &lt;script&gt;alert(1)&lt;/script&gt; và [x](y) *z* _w_ "
        "&amp;amp; {: .a}</p><p>1. không phải danh sách</p><p>- cũng không</p>"
    )
    assert md == (
        "\\# 1 không phải tiêu đề, &lt;script>alert(1)&lt;/script> và \\[x\\](y) \\*z\\* "
        "\\_w\\_ &amp;amp; \\{: .a}\n\n1\\. không phải danh sách\n\n\\- cũng không\n"
    )
    html = parse_markdown(md, "x.md", 1).html
    assert "# 1 không phải tiêu đề, &lt;script&gt;alert(1)&lt;/script&gt; và [x](y) *z* _w_" in html
    assert "<ol>" not in html and "<ul>" not in html and "<h" not in html


def test_markdown_structure_and_clutter():
    removed: list[str] = []
    md = html_to_markdown(
        "<h3>Kết quả</h3><p>Chữ <b>đậm</b>,&nbsp;&nbsp;<i>nghiêng</i> và "
        '<a href="/tin/1">liên kết</a>.</p>'
        "<script>var a=1;</script><iframe src='https://www.youtube.com/embed/x'></iframe>"
        "<div class='wp-caption'><img src='a b.jpg' alt='Ảnh [1]'><p class='wp-caption-text'>"
        "Chú thích (Ảnh: An)</p></div>"
        "<p><img src='c.jpg'></p><p><em>Chú thích nghiêng</em></p>"
        "<p>0:00 / 0:00</p><h4>Xem thêm:</h4><ul><li><a href='/x'>Bài khác</a></li></ul>"
        "<table><tr><td>Bố cục</td></tr><tr><td>một cột</td></tr></table>"
        "<p><img class='emoji' src='1f44f.png' alt='👏'> vỗ tay</p>",
        base_url="https://hoi.vn/bai/",
        removed=removed,
    )
    assert md == (
        "### Kết quả\n\nChữ **đậm**, *nghiêng* và [liên kết](https://hoi.vn/tin/1).\n\n"
        "![Ảnh \\[1\\]](<a b.jpg>)\nChú thích (Ảnh: An)\n\n"
        "![](c.jpg)\nChú thích nghiêng\n\n"
        "Bố cục\n\nmột cột\n\n👏 vỗ tay\n"
    )
    assert removed == ["0:00 / 0:00", "Xem thêm:", "Bài khác"]
    html = parse_markdown(md, "x.md", 1).html
    assert html.count("<figcaption>") == 2 and 'src="a b.jpg"' in html


LIFERAY_MARKDOWN = """\
Ngày 19/7, Khối thi đua Mặt trận Tổ quốc và các đoàn thể tỉnh họp sơ kết công tác thi đua 6 \
tháng đầu năm, bàn phương hướng nhiệm vụ những tháng cuối năm 2017.

Các đơn vị trong khối đánh giá việc ký kết giao ước đầu năm đã được thực hiện nghiêm túc; nhiều \
mô hình hay ở cơ sở được nhân rộng.

![](<./so-ket-2017_files/so ket #2017.jpg>)
Toàn cảnh buổi họp sơ kết 😀

Khối thống nhất tổ chức kiểm tra chéo vào quý IV.

**Phạm Thu**
"""


def _check_liferay(a) -> None:
    assert a.title == "Sơ kết công tác thi đua 6 tháng đầu năm 2017"
    assert a.site_name == "Mặt trận Tổ quốc tỉnh Lào Cai"
    assert a.url == (
        "https://mattran.laocai.gov.vn/web/guest/tin-tuc/-/asset_publisher/AbCd/content/so-ket-2017"
    )
    assert a.published is None
    assert a.date_lines == ["7/25/2017 3:10:40 PM"]
    assert a.markdown == LIFERAY_MARKDOWN
    assert a.pictures == [
        Picture(
            "./so-ket-2017_files/so ket #2017.jpg",
            (HERE / "so-ket-2017_files" / "so ket #2017.jpg").resolve(),
            "Toàn cảnh buổi họp sơ kết 😀",
        )
    ]
    assert a.removed == ["Tin liên quan", "Hội nghị Ủy ban MTTQ tỉnh", "Đánh giá: 0 (0 Votes)"]


def test_liferay_page_declared_charset_is_passed_on(monkeypatch: pytest.MonkeyPatch):
    """The reader hands the page's bytes and its declared charset to decode_bytes, and keeps
    what it says it converted (here a stand-in decoder; the real one is tested below)."""
    seen = []

    def decode(data: bytes, declared: str | None = None) -> Decoded:
        seen.append(declared)
        text = unicodedata.normalize("NFC", data.decode("cp1258"))
        return Decoded(text, "windows-1258", ["Windows-1258"])

    monkeypatch.setattr(html_reader, "decode_bytes", decode)
    [a] = read_html(LIFERAY)
    assert seen == ["windows-1258"]
    assert a.converted == ["Windows-1258"]
    _check_liferay(a)


def test_liferay_page_end_to_end():
    data = LIFERAY.read_bytes()
    try:
        decoded = decode_bytes(data, "windows-1258")
    except UnicodeError:
        pytest.skip("bantin.importer.encoding does not read Windows-1258 yet")
    if "Sơ kết" not in decoded.text:
        pytest.skip("bantin.importer.encoding does not read Windows-1258 yet")
    _check_liferay(read_html(LIFERAY)[0])


def test_undecodable_page_is_a_problem_not_a_traceback(monkeypatch: pytest.MonkeyPatch):
    def decode(data: bytes, declared: str | None = None) -> Decoded:
        raise UnicodeDecodeError("utf-8", data, 0, 1, "invalid start byte")

    monkeypatch.setattr(html_reader, "decode_bytes", decode)
    with pytest.raises(ImportProblem) as err:
        read_html(LIFERAY)
    assert str(err.value.message).startswith(f"cannot read the saved web page {LIFERAY}")
