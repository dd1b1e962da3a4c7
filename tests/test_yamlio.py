"""bantin.yamlio: YAML 1.2-style scalars, duplicate keys, positions, and errors with a place."""

from datetime import date, datetime, timedelta, timezone

import pytest

from bantin.yamlio import PosDict, PosList, YamlError, parse_yaml


def value(text: str):
    return parse_yaml(f"v: {text}\n")["v"]


def error(text: str) -> YamlError:
    with pytest.raises(YamlError) as info:
        parse_yaml(text)
    return info.value


# ---------------------------------------------------------------- scalars


def test_unquoted_time_stays_text():
    assert value("19:29") == "19:29"


@pytest.mark.parametrize("word", ["no", "yes", "on", "off", "No", "YES", "y", "n", "Off"])
def test_yaml11_booleans_stay_text(word):
    assert value(word) == word


def test_number_with_a_leading_zero_stays_text():
    assert value("0123") == "0123"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("true", True), ("True", True), ("TRUE", True), ("false", False), ("False", False)],
)
def test_true_and_false_are_booleans(text, expected):
    assert value(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("42", 42), ("-5", -5), ("0", 0), ("98.5", 98.5), ("0x1F", 31), ("0o17", 15)],
)
def test_decimal_hex_and_octal_numbers_are_numbers(text, expected):
    result = value(text)
    assert result == expected
    assert isinstance(result, type(expected)) and not isinstance(result, bool)


def test_a_decimal_keeps_the_text_it_was_written_as():
    """2.350 is 2.35 to YAML; the text tells a check that 2350 was meant."""
    number = value("2.350")
    assert number == 2.35
    assert number.text == "2.350"


def test_a_version_like_one_point_ten_is_a_float_so_it_must_be_quoted():
    assert value("1.10") == 1.1
    assert value('"1.10"') == "1.10"


@pytest.mark.parametrize("text", ["", "~", "null", "Null", "NULL"])
def test_null_spellings_are_none(text):
    assert value(text) is None


def test_a_date_is_a_date():
    assert value("2024-01-10") == date(2024, 1, 10)


def test_a_datetime_with_seconds_is_a_naive_datetime():
    assert value("2024-01-10 16:30:00") == datetime(2024, 1, 10, 16, 30)


def test_a_datetime_with_an_offset_is_aware():
    result = value("2024-01-10T16:30:00+07:00")
    assert result == datetime(2024, 1, 10, 16, 30, tzinfo=timezone(timedelta(hours=7)))
    assert result.utcoffset() == timedelta(hours=7)


def test_a_datetime_without_seconds_stays_text():
    assert value("2024-01-10 16:30") == "2024-01-10 16:30"


def test_a_year_used_as_a_key_is_an_int():
    assert parse_yaml("2023: x\n") == {2023: "x"}


def test_empty_text_is_none():
    assert parse_yaml("") is None
    assert parse_yaml("# only a comment\n") is None


def test_anchors_and_aliases_still_work():
    assert parse_yaml("a: &x [1, 2]\nb: *x\n") == {"a": [1, 2], "b": [1, 2]}


# ---------------------------------------------------------------- errors with a place


def test_duplicate_key_is_an_error_with_its_line():
    exc = error('title: "Một"\ndate: 2024-01-10\ntitle: "Hai"\n')
    assert "duplicate key 'title'" in exc.message
    assert (exc.line, exc.col) == (3, 1)


def test_duplicate_key_in_a_nested_mapping_names_the_nested_line():
    exc = error("image:\n  src: a.jpg\n  alt: x\n  src: b.jpg\n")
    assert "duplicate key 'src'" in exc.message
    assert (exc.line, exc.col) == (4, 3)


def test_unquoted_colon_in_a_title_is_an_error_with_line_col_and_a_quote_hint():
    exc = error("date: 2024-01-10\ntitle: Khối: thi đua\n")
    assert exc.message == "invalid YAML: mapping values are not allowed here"
    assert (exc.line, exc.col) == (2, 12)
    assert "double quotes" in exc.hint
    assert 'title: "Khối: thi đua"' in exc.hint


def test_tab_indentation_is_an_error_with_a_spaces_hint():
    exc = error("byline:\n\tkind: tin\n")
    assert exc.line == 2
    assert exc.hint == "indent with spaces, not tabs"


def test_impossible_date_is_an_error_with_its_line():
    exc = error('title: "x"\nevent_date: 2023-02-30\n')
    assert "'2023-02-30' is not a real date" in exc.message
    assert (exc.line, exc.col) == (2, 13)


def test_impossible_datetime_is_an_error_with_its_line():
    exc = error("date: 2023-13-01 10:00:00\n")
    assert "is not a real date" in exc.message
    assert exc.line == 1


def test_an_unclosed_flow_list_is_an_error_with_a_line():
    exc = error("tags: [a, b\ntitle: x\n")
    assert exc.message.startswith("invalid YAML:")
    assert exc.line >= 1


def test_python_object_tags_are_refused():
    exc = error("a: !!python/object/apply:os.system ['true']\n")
    assert "could not determine a constructor" in exc.message
    assert exc.line == 1


def test_a_list_used_as_a_key_is_an_error():
    exc = error("? [a, b]\n: c\n")
    assert "not a plain name" in exc.message
    assert exc.line == 1


@pytest.mark.parametrize(
    "text",
    ["a: !!bool maybe\n", "a: !!timestamp hom-qua\n", "a: !!map [1]\n", "a: !!seq {b: 1}\n"],
)
def test_explicit_tags_with_bad_values_raise_yaml_error(text):
    with pytest.raises(YamlError):
        parse_yaml(text)


# ---------------------------------------------------------------- positions


def test_mappings_remember_the_line_and_column_of_each_key():
    data = parse_yaml('title: "x"\nimage:\n  src: a.jpg\n  alt: "b"\n')
    assert isinstance(data, PosDict)
    assert data.pos == {"title": (1, 1), "image": (2, 1)}
    assert data["image"].pos == {"src": (3, 3), "alt": (4, 3)}
    assert data["image"].start == (3, 3)


def test_block_lists_remember_the_position_of_each_item():
    data = parse_yaml("units:\n  - ubmttq\n  - tinh-doan\n")
    units = data["units"]
    assert isinstance(units, PosList)
    assert units == ["ubmttq", "tinh-doan"]
    assert units.pos == [(2, 5), (3, 5)]


def test_flow_lists_remember_the_column_of_each_item():
    units = parse_yaml("units: [ubmttq, tinh-doan]\n")["units"]
    assert units.pos == [(1, 9), (1, 17)]
    assert units.start == (1, 8)


def test_mappings_inside_lists_keep_their_positions():
    data = parse_yaml("members:\n  - {slug: a, name: A}\n  - slug: b\n    name: B\n")
    first, second = data["members"]
    assert first.pos == {"slug": (2, 6), "name": (2, 15)}
    assert second.pos == {"slug": (3, 5), "name": (4, 5)}
    assert data["members"].pos == [(2, 5), (3, 5)]


def test_positions_count_code_points_not_bytes():
    data = parse_yaml('tiêu: "Đoàn"\nkhác: 1\n')
    assert data.pos == {"tiêu": (1, 1), "khác": (2, 1)}
    exc = error("tiêu_đề: Khối: thi đua\n")
    assert (exc.line, exc.col) == (1, 14)
