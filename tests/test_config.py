"""bantin.config: site_config.yaml → a typed SiteConfig; every mistake named with its line."""

import os

import pytest

from bantin.config import Segments, load_config
from bantin.errors import SiteError

MINIMAL = 'title: "Khối thi đua"\nbase_url: "https://example.gov.vn/khoi-thi-dua/"\n'


def load(tmp_path, text: str, **overrides):
    (tmp_path / "site_config.yaml").write_text(text, encoding="utf-8")
    return load_config(tmp_path, overrides or None)


def problems(tmp_path, text: str) -> list[str]:
    with pytest.raises(SiteError) as info:
        load(tmp_path, text)
    return [p.format() for p in info.value.problems]


def test_a_minimal_config_gets_the_documented_defaults(tmp_path):
    config = load(tmp_path, MINIMAL)
    assert config.title == "Khối thi đua"
    assert config.language == "vi"
    assert config.timezone == "Asia/Ho_Chi_Minh"
    assert config.theme == "default"
    assert config.per_page == 20
    assert config.segments == Segments()
    assert config.root == tmp_path
    assert config.output_dir == (tmp_path / "output").resolve()
    assert "event_types" in config.vocabularies


@pytest.mark.parametrize(
    ("base_url", "base_path"),
    [
        ("https://example.gov.vn/khoi-thi-dua/", "/khoi-thi-dua"),
        ("https://example.gov.vn/khoi-thi-dua", "/khoi-thi-dua"),
        ("https://example.gov.vn/so-noi-vu/khoi-thi-dua/", "/so-noi-vu/khoi-thi-dua"),
        ("https://example.gov.vn/", ""),
        ("http://example.gov.vn", ""),
    ],
)
def test_the_base_url_sub_path_becomes_base_path(tmp_path, base_url, base_path):
    config = load(tmp_path, f'title: "K"\nbase_url: "{base_url}"\n')
    assert config.base_path == base_path


@pytest.mark.parametrize(
    ("base_url", "message"),
    [
        (
            "example.gov.vn/khoi-thi-dua/",
            "base_url must be an absolute http(s) address, got 'example.gov.vn/khoi-thi-dua/' "
            "(e.g. https://example.gov.vn/khoi-thi-dua/)",
        ),
        (
            "ftp://example.gov.vn/",
            "base_url must be an absolute http(s) address, got 'ftp://example.gov.vn/' "
            "(e.g. https://example.gov.vn/khoi-thi-dua/)",
        ),
        ("https://example.gov.vn/?trang=1", "base_url must not have a query or #fragment"),
        ("https://example.gov.vn/#tin", "base_url must not have a query or #fragment"),
    ],
)
def test_a_bad_base_url_is_an_error_on_its_line(tmp_path, base_url, message):
    assert problems(tmp_path, f'title: "K"\nbase_url: "{base_url}"\n') == [
        f"site_config.yaml:2:1: error: {message}"
    ]


def test_an_unknown_key_is_an_error_with_a_did_you_mean(tmp_path):
    assert problems(tmp_path, MINIMAL + "per_pgae: 10\n") == [
        "site_config.yaml:3:1: error: unknown key 'per_pgae' (did you mean 'per_page'?)"
    ]


def test_derived_fields_cannot_be_set_from_the_file(tmp_path):
    assert problems(tmp_path, MINIMAL + "root: /etc\n") == [
        "site_config.yaml:3:1: error: unknown key 'root' (free-form data goes under 'extra:')"
    ]


def test_missing_required_keys_are_errors(tmp_path):
    assert problems(tmp_path, "language: vi\n") == [
        "site_config.yaml:1:1: error: missing required key 'base_url' (add 'base_url: …')",
        "site_config.yaml:1:1: error: missing required key 'title' (add 'title: …')",
    ]


def test_a_boolean_title_is_an_error_with_a_quote_hint(tmp_path):
    assert problems(tmp_path, 'title: true\nbase_url: "https://e.vn/"\n') == [
        "site_config.yaml:1:1: error: 'title' must be text, got 'true' (put it in double quotes)"
    ]


def test_yes_stays_a_title_rather_than_a_boolean(tmp_path):
    assert load(tmp_path, 'title: yes\nbase_url: "https://e.vn/"\n').title == "yes"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('per_page: "10"', "'per_page' must be a whole number, got '10'"),
        ("per_page: true", "'per_page' must be a whole number, got 'true'"),
        ("per_page: 0", "per_page must be at least 1"),
        ("language: fr", "language 'fr' has no interface strings (one of: vi, en)"),
        ("timezone: Asia/Hanoi", "unknown time zone 'Asia/Hanoi' (e.g. Asia/Ho_Chi_Minh)"),
        (
            "timezone: ../../etc/passwd",
            "unknown time zone '../../etc/passwd' (e.g. Asia/Ho_Chi_Minh)",
        ),
    ],
)
def test_wrong_values_are_errors_on_their_line(tmp_path, line, message):
    assert problems(tmp_path, MINIMAL + line + "\n") == [f"site_config.yaml:3:1: error: {message}"]


def test_english_is_a_supported_language(tmp_path):
    assert load(tmp_path, MINIMAL + "language: en\n").language == "en"


def test_another_time_zone_is_accepted(tmp_path):
    config = load(tmp_path, MINIMAL + "timezone: Asia/Bangkok\n")
    assert config.tz.key == "Asia/Bangkok"


def test_segments_can_be_renamed_one_by_one(tmp_path):
    config = load(tmp_path, MINIMAL + "segments:\n  bulletins: tin\n  page: p\n")
    assert config.segments.bulletins == "tin"
    assert config.segments.page == "p"
    assert config.segments.tags == "chu-de"


def test_two_segments_with_the_same_name_are_an_error(tmp_path):
    assert problems(tmp_path, MINIMAL + "segments: {bulletins: tin, profiles: tin}\n") == [
        "site_config.yaml:3:1: error: segments 'bulletins' and 'profiles' are both 'tin' "
        "(give each a different name)"
    ]


def test_a_segment_renamed_onto_a_default_one_is_an_error(tmp_path):
    [problem] = problems(tmp_path, MINIMAL + "segments: {campaigns: khoi}\n")
    assert "segments 'campaigns' and 'blocs' are both 'khoi'" in problem


def test_a_segment_must_be_a_slug(tmp_path):
    assert problems(tmp_path, MINIMAL + 'segments: {bulletins: "Tin tức"}\n') == [
        "site_config.yaml:3:1: error: segment 'bulletins' must be a lowercase ASCII slug, "
        "got 'Tin tức'"
    ]


def test_an_unknown_segment_is_an_error_with_a_did_you_mean(tmp_path):
    assert problems(tmp_path, MINIMAL + "segments: {bulltins: tin}\n") == [
        "site_config.yaml:3:12: error: unknown key 'bulltins' in 'segments' "
        "(did you mean 'bulletins'?)"
    ]


def test_vocab_adds_and_relabels_entries(tmp_path):
    config = load(
        tmp_path,
        MINIMAL
        + 'vocab:\n  event_types:\n    hop-mat: "Họp mặt"\n    tong-ket: {label: "Tổng kết"}\n',
    )
    events = config.vocabularies["event_types"]
    assert events["hop-mat"] == {"label": "Họp mặt"}
    assert events["tong-ket"]["label"] == "Tổng kết"
    assert "so-ket" in events


def test_an_unknown_vocabulary_is_an_error_with_a_did_you_mean(tmp_path):
    assert problems(tmp_path, MINIMAL + "vocab: {event_type: {a: b}}\n") == [
        "site_config.yaml:3:1: error: unknown vocabulary 'event_type' (did you mean 'event_types'?)"
    ]


def test_a_vocabulary_key_must_be_a_slug(tmp_path):
    [problem] = problems(tmp_path, MINIMAL + 'vocab: {event_types: {"Họp mặt": x}}\n')
    assert "key 'Họp mặt' must be an ASCII slug" in problem


def test_categories_need_a_label(tmp_path):
    assert problems(tmp_path, MINIMAL + "categories: [{slug: tin-khoi}]\n") == [
        "site_config.yaml:3:14: error: missing required key 'label' in 'categories[1]' "
        "(add 'label: …')"
    ]


def test_overrides_replace_values_from_the_file(tmp_path):
    config = load(tmp_path, MINIMAL, base_url="http://127.0.0.1:8000/")
    assert config.base_url == "http://127.0.0.1:8000/"
    assert config.base_path == ""


def test_a_missing_config_file_is_an_error(tmp_path):
    with pytest.raises(SiteError) as info:
        load_config(tmp_path)
    assert [p.format() for p in info.value.problems] == [
        "site_config.yaml: error: no site_config.yaml here (run bantin from the site's folder)"
    ]


def test_a_config_that_is_not_a_mapping_is_an_error(tmp_path):
    assert problems(tmp_path, "- title\n- base_url\n") == [
        "site_config.yaml:1:1: error: site_config.yaml must be a mapping of settings"
    ]


def test_yaml_errors_in_the_config_have_a_line(tmp_path):
    assert problems(tmp_path, 'base_url: "https://e.vn/"\ntitle: Khối: thi đua\n') == [
        "site_config.yaml:2:12: error: invalid YAML: mapping values are not allowed here "
        '(put the value in double quotes, e.g. title: "Khối: thi đua")'
    ]


def test_a_config_that_is_not_utf8_is_an_error(tmp_path):
    (tmp_path / "site_config.yaml").write_bytes('title: "Khối"\n'.encode()[:-4] + b'\xff"\n')
    with pytest.raises(SiteError) as info:
        load_config(tmp_path)
    assert "not UTF-8 text" in info.value.problems[0].message


def test_an_unreadable_or_huge_config_is_a_message_not_a_traceback(tmp_path, run_cli):
    config = tmp_path / "site_config.yaml"
    config.write_text("title: x\n# " + "x" * 6_000_000 + "\n", encoding="utf-8")
    run = run_cli("--root", str(tmp_path), "check")
    assert run.code == 1 and "Traceback" not in run.err
    assert "site_config.yaml: error: the file is 5.7 MB, more than the 5 MB bantin reads" in run.err
    if os.name == "posix" and os.geteuid() != 0:
        config.write_text("title: x\n", encoding="utf-8")
        config.chmod(0)
        run = run_cli("--root", str(tmp_path), "check")
        assert (
            "site_config.yaml: error: bantin cannot read this file (Permission denied)" in run.err
        )


def test_a_config_that_is_a_named_pipe_is_refused_not_missing(tmp_path):
    """A pipe where site_config.yaml should be is never opened (reading it would wait for a
    writer) and is said to be a pipe, not "there is no site_config.yaml here"."""
    os.mkfifo(tmp_path / "site_config.yaml")
    with pytest.raises(SiteError) as info:
        load_config(tmp_path)
    [problem] = info.value.problems
    assert problem.code == "load.special_file"
    assert problem.path == "site_config.yaml"
    assert "named pipe" in problem.message
