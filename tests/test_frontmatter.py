"""bantin.frontmatter: decoding content files and splitting the YAML fence from the body."""

import unicodedata

import pytest

from bantin.frontmatter import ContentFileError, read_text, split_front_matter


def test_splits_yaml_and_body_and_says_where_each_starts():
    split = split_front_matter('---\ntitle: "x"\ndate: 2024-01-10\n---\nĐoạn đầu.\n', "a.md")
    assert split.meta == 'title: "x"\ndate: 2024-01-10'
    assert split.body == "Đoạn đầu.\n"
    assert split.meta_offset == 1  # YAML line 1 is file line 2
    assert split.body_line == 5


def test_three_dots_also_close_the_front_matter():
    split = split_front_matter('---\ntitle: "x"\n...\nThân bài.', "a.md")
    assert split.meta == 'title: "x"'
    assert split.body == "Thân bài."


def test_fences_may_carry_trailing_spaces():
    split = split_front_matter('---  \ntitle: "x"\n---   \nThân.', "a.md")
    assert split.body == "Thân."


def test_a_horizontal_rule_in_the_body_stays_in_the_body():
    split = split_front_matter('---\ntitle: "x"\n---\nMột.\n\n---\n\nHai.\n', "a.md")
    assert split.body == "Một.\n\n---\n\nHai.\n"


def test_empty_front_matter_is_allowed_by_the_splitter():
    split = split_front_matter("---\n---\nThân.\n", "a.md")
    assert split.meta == ""
    assert split.body_line == 3


def test_a_file_without_an_opening_fence_is_an_error_on_line_one():
    with pytest.raises(ContentFileError) as info:
        split_front_matter('title: "x"\n', "content/pages/a.md")
    problem = info.value.problem
    assert (problem.path, problem.line, problem.col) == ("content/pages/a.md", 1, 1)
    assert "must start with front matter" in problem.message


def test_a_front_matter_never_closed_is_an_error():
    with pytest.raises(ContentFileError) as info:
        split_front_matter('---\ntitle: "x"\n\nThân bài.\n', "a.md")
    assert info.value.problem.message == "the front matter is never closed"
    assert "---" in info.value.problem.hint


def test_read_text_drops_the_byte_order_mark_and_folds_crlf(tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes("\ufeff---\r\ntitle: x\r\n---\r\nThân\r\n".encode())
    assert read_text(path, "a.md") == "---\ntitle: x\n---\nThân\n"


def test_read_text_normalises_to_nfc(tmp_path):
    path = tmp_path / "a.md"
    path.write_text(unicodedata.normalize("NFD", "Ủy ban"), encoding="utf-8")
    text = read_text(path, "a.md")
    assert text == "Ủy ban"
    assert unicodedata.is_normalized("NFC", text)


def test_read_text_names_the_line_of_the_first_byte_that_is_not_utf8(tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes(b"---\ntitle: x\nsummary: caf\xe9\n---\n")
    with pytest.raises(ContentFileError) as info:
        read_text(path, "content/pages/a.md")
    problem = info.value.problem
    assert (problem.path, problem.line) == ("content/pages/a.md", 3)
    assert problem.message == "not UTF-8 text"
    assert "Windows-1258" in problem.hint


def test_read_text_refuses_binary_files(tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(ContentFileError) as info:
        read_text(path, "a.md")
    assert "binary" in info.value.problem.message
