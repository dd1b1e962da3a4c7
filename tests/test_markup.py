"""bantin.markup: figures and captions, heading ids, item links as placeholders, summaries."""

import pytest

from bantin.errors import Loc
from bantin.markup import parse_markdown, resolve_placeholders

PATH = "content/bulletins/2024/a.md"


def md(text: str, first_line: int = 1):
    return parse_markdown(text, PATH, first_line)


# ---------------------------------------------------------------- images and figures


def test_an_image_with_a_caption_on_the_next_line_becomes_a_figure():
    body = md("![Quang cảnh hội nghị](media/2024/a.jpg)\nQuang cảnh hội nghị. (Ảnh: Hà Minh)\n")
    assert body.html == (
        '<figure><img alt="Quang cảnh hội nghị" decoding="async" loading="lazy" '
        'src="bantin-ref:media:2024/a.jpg">'
        "<figcaption>Quang cảnh hội nghị. (Ảnh: Hà Minh)</figcaption></figure>"
    )
    assert body.images == ("2024/a.jpg",)


def test_an_image_alone_becomes_a_figure_without_a_caption():
    body = md("Mở đầu.\n\n![Ảnh](media/a.jpg)\n\nKết.\n")
    assert '<figure><img alt="Ảnh"' in body.html
    assert "figcaption" not in body.html
    assert "<p><img" not in body.html


def test_an_image_inside_a_sentence_stays_inline():
    body = md("Biểu tượng ![cờ](media/co.png) của khối.\n")
    assert body.html.startswith("<p>Biểu tượng <img ")
    assert "<figure>" not in body.html


def test_text_on_the_same_line_as_the_image_is_not_a_caption():
    body = md("![cờ](media/co.png) cờ thi đua\n")
    assert "<figure>" not in body.html


def test_a_caption_keeps_its_links():
    body = md("![a](media/a.jpg)\nChị [Trần Thị Mai](profile:tran-thi-mai) nhận Bằng khen.\n")
    assert "<figcaption>Chị <a href=" in body.html
    assert body.html.endswith("nhận Bằng khen.</figcaption></figure>")


def test_two_images_in_a_row_stay_a_paragraph():
    body = md("![a](media/a.jpg)\n![b](media/b.jpg)\n")
    assert "<figure>" not in body.html
    assert body.images == ("a.jpg", "b.jpg")


def test_body_images_are_lazy_loaded():
    body = md("![a](media/a.jpg)\n")
    assert 'loading="lazy"' in body.html
    assert 'decoding="async"' in body.html


# ---------------------------------------------------------------- headings and tables


def test_heading_ids_fold_vietnamese_and_map_d_with_stroke():
    body = md("## Đoàn kết\n\n### Ủy ban MTTQ\n\n## Kết quả bình xét\n")
    assert '<h2 id="doan-ket">Đoàn kết</h2>' in body.html
    assert body.heading_ids == ("doan-ket", "uy-ban-mttq", "ket-qua-binh-xet")


def test_repeated_headings_get_distinct_ids():
    assert md("## Đoàn\n\n## Đoàn\n").heading_ids == ("doan", "doan_1")


def test_heading_ids_do_not_leak_from_one_document_to_the_next():
    md("## Tổng kết\n")
    assert md("## Tổng kết\n").heading_ids == ("tong-ket",)


def test_tables_are_wrapped_in_a_scrolling_div():
    body = md("| Đơn vị | Điểm |\n|---|---|\n| Tỉnh đoàn | 98,5 |\n")
    assert body.html.startswith('<div class="table-scroll" tabindex="0"><table>')
    assert body.html.endswith("</table></div>")


# ---------------------------------------------------------------- item links


@pytest.mark.parametrize(
    ("link", "scheme", "target", "anchor"),
    [
        ("bulletin:2024/tong-ket", "bulletin", "2024/tong-ket", ""),
        ("bulletin:2024/tong-ket#ket-qua", "bulletin", "2024/tong-ket", "ket-qua"),
        ("profile:tran-thi-mai", "profile", "tran-thi-mai", ""),
        ("campaign:dan-van-kheo", "campaign", "dan-van-kheo", ""),
        ("bloc:khoi-doan-the", "bloc", "khoi-doan-the", ""),
        ("unit:khoi-doan-the/tinh-doan", "unit", "khoi-doan-the/tinh-doan", ""),
        ("page:gioi-thieu", "page", "gioi-thieu", ""),
        ("tag:thi-dua", "tag", "thi-dua", ""),
        ("event:tong-ket", "event", "tong-ket", ""),
        ("media/quy-che.pdf", "media", "quy-che.pdf", ""),
    ],
)
def test_item_links_become_placeholders_and_refs(link, scheme, target, anchor):
    body = md(f"Xem [liên kết]({link}).\n")
    placeholder = f"bantin-ref:{scheme}:{target}" + (f"#{anchor}" if anchor else "")
    assert f'href="{placeholder}"' in body.html
    [ref] = body.refs
    assert (ref.scheme, ref.target, ref.anchor) == (scheme, target, anchor)


def test_refs_record_the_file_line_and_column_of_the_link():
    text = (
        "Đoạn một.\n\n"
        "Theo [Hội LHPN tỉnh](unit:khoi-a/hoi-lhpn) và\n"
        "[chị Mai](profile:tran-thi-mai).\n"
    )
    body = md(text, first_line=12)
    assert [r.loc for r in body.refs] == [
        Loc(PATH, 14, 22),  # column of "unit:…", counted in characters
        Loc(PATH, 15, 11),
    ]


def test_reference_style_links_point_at_their_definition_line():
    body = md("Theo [quy chế][qc].\n\n[qc]: media/quy-che.pdf\n", first_line=5)
    [ref] = body.refs
    assert (ref.scheme, ref.target, ref.loc.line) == ("media", "quy-che.pdf", 7)


def test_a_link_whose_target_is_a_prefix_of_an_earlier_link_gets_its_own_line():
    body = md("[Mai](profile:tran-thi-mai) phát biểu.\n\nSau đó [Thị](profile:tran-thi).\n")
    assert [r.loc.line for r in body.refs] == [1, 3]


def test_ordinary_links_and_code_are_left_alone():
    body = md(
        "[báo](https://baolaocai.vn/a) [thư](mailto:a@b.vn) [mục](#ket-qua) `[x](profile:y)`\n"
    )
    assert body.refs == ()
    assert 'href="https://baolaocai.vn/a"' in body.html
    assert "<code>[x](profile:y)</code>" in body.html


def test_paths_on_the_server_are_returned_for_the_linker_to_refuse():
    body = md("[gốc](/gioi-thieu/)\n\n![Ảnh](../media/IMG_1.jpg)\n", first_line=3)
    assert [(r.scheme, r.target, r.loc.line, r.alt) for r in body.refs] == [
        ("local", "/gioi-thieu/", 3, None),
        ("local", "../media/IMG_1.jpg", 5, "Ảnh"),
    ]
    assert 'href="/gioi-thieu/"' in body.html  # as written: the build stops at the error anyway


def test_resolve_placeholders_swaps_each_one_with_its_anchor():
    html = md("[a](bulletin:2024/x#muc-2) ![b](media/b.jpg)\n").html
    out = resolve_placeholders(html, lambda s, t, a: f"/{s}/{t}/" + (f"#{a}" if a else ""))
    assert 'href="/bulletin/2024/x/#muc-2"' in out
    assert 'src="/media/b.jpg/"' in out
    assert "bantin-ref:" not in out


def test_resolve_placeholders_does_nothing_without_placeholders():
    def fail(*_):
        raise AssertionError("called")

    assert resolve_placeholders("<p>Không có liên kết.</p>", fail) == "<p>Không có liên kết.</p>"


# ---------------------------------------------------------------- summary


def test_the_summary_is_the_plain_text_of_the_first_paragraph():
    body = md("Chiều 10/1, *Khối* thi đua [tổng kết](bulletin:2024/a) &amp; ký giao ước.\n\nHai.\n")
    assert body.summary == "Chiều 10/1, Khối thi đua tổng kết & ký giao ước."


def test_the_summary_skips_a_leading_heading():
    assert md("## Tiêu đề\n\nĐoạn đầu tiên.\n").summary == "Đoạn đầu tiên."


def test_a_long_summary_is_cut_at_a_word_with_an_ellipsis():
    text = " ".join(["thi đua"] * 100)
    summary = md(text + "\n").summary
    assert summary.endswith("…")
    assert len(summary) <= 321
    assert text.startswith(summary[:-1])


def test_a_body_without_paragraphs_has_an_empty_summary():
    assert md("![a](media/a.jpg)\nChú thích.\n").summary == ""


# ---------------------------------------------------------------- raw HTML (tests/test_sanitize.py)


def test_raw_html_is_sanitised_unless_the_site_says_otherwise():
    text = 'Chữ <b>đậm</b><script>alert(1)</script> <a href="javascript:x()">liên kết</a>\n'
    assert md(text).html == "<p>Chữ <b>đậm</b> <a>liên kết</a></p>"
    escaped = parse_markdown(text, PATH, 1, raw_html="escape").html
    assert escaped.startswith("<p>Chữ &lt;b&gt;đậm&lt;/b&gt;&lt;script&gt;")
    assert "<script>" in parse_markdown(text, PATH, 1, raw_html="allow").html


def test_a_backslash_escape_in_a_link_target_is_the_character_itself():
    """``\\_`` in a target is an underscore, as in the text around it, not a hidden code."""
    body = parse_markdown("[quy chế](media/quy\\_che.pdf), [tin](bulletin:2024/a\\_b)\n", "t.md", 1)
    assert [(r.scheme, r.target) for r in body.refs] == [
        ("media", "quy_che.pdf"),
        ("bulletin", "2024/a_b"),
    ]
    assert 'href="bantin-ref:media:quy_che.pdf"' in body.html


def test_a_top_level_heading_in_a_text_is_a_section_heading():
    """The page's title is its only <h1>; "# …" in a text becomes <h2>, with no warning."""
    problems: list = []
    body = parse_markdown("# Kết quả năm 2024\n\nNội dung.\n", "t.md", 1, problems=problems)
    assert body.html.startswith('<h2 id="ket-qua-nam-2024">Kết quả năm 2024</h2>')
    assert problems == []
