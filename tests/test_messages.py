"""bantin.messages: the catalogue in bantin/strings/<lang>/ is complete and consistent in every
language, every key the code uses exists, and real problems are said in Vietnamese."""

from __future__ import annotations

import pickle
import re
import string
import unicodedata
from pathlib import Path

import pytest
from conftest import REPO, bulletin_text, copy_site, load_and_link, write_files

from bantin.cache import BuildCache
from bantin.config import load_config
from bantin.errors import Problem, SiteError
from bantin.messages import CATALOGUE, LANGUAGES, Msg, msg, tr
from bantin.render import PageSpec, _check_collisions
from bantin.writer import _checked
from bantin.yamlio import parse_yaml

SOURCES = sorted((REPO / "bantin").rglob("*.py"))
MSG_CALL = re.compile(r'msg\(\s*"([a-z0-9_.]+)"')
KEY = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)+$")


def raw_catalogue(lang: str) -> dict[str, dict[str, str]]:
    """file name → key → text, read as written (bantin's YAML reader refuses duplicate keys;
    nothing is normalised, unlike :func:`bantin.messages.catalogue`)."""
    out = {}
    for path in sorted((CATALOGUE / lang).glob("*.yaml")):
        data = parse_yaml(path.read_text(encoding="utf-8")) or {}
        out[path.name] = {str(k): v for k, v in data.items()}
    return out


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def used_keys() -> dict[str, list[str]]:
    """Every key given literally to msg() in bantin's sources → the files that use it."""
    found: dict[str, list[str]] = {}
    for path in SOURCES:
        for key in MSG_CALL.findall(path.read_text(encoding="utf-8")):
            found.setdefault(key, []).append(path.relative_to(REPO).as_posix())
    return found


# ---------------------------------------------------------------- the catalogue


def test_every_language_has_the_same_files_and_keys():
    en = raw_catalogue("en")
    assert en, "no English catalogue"
    for lang in LANGUAGES:
        other = raw_catalogue(lang)
        assert sorted(other) == sorted(en), lang
        for name in en:
            assert sorted(set(en[name]) ^ set(other[name])) == [], f"{lang}/{name}"


def test_keys_are_lowercase_area_names_and_texts_are_quoted_text():
    for lang in LANGUAGES:
        for name, texts in raw_catalogue(lang).items():
            for key, text in texts.items():
                assert KEY.match(key), f"{lang}/{name}: {key}"
                assert isinstance(text, str) and text.strip(), f"{lang}/{name}: {key}"
            area = name.removesuffix(".yaml")  # one area a file
            assert {k.split(".")[0] for k in texts} == {area}, f"{lang}/{name}"


def test_every_text_has_the_same_placeholders_in_every_language():
    en = {k: v for texts in raw_catalogue("en").values() for k, v in texts.items()}
    for lang in LANGUAGES:
        for texts in raw_catalogue(lang).values():
            for key, text in texts.items():
                assert fields(text) == fields(en[key]), f"{lang}: {key}"
                # and it renders: no stray brace, no field with a format spec it cannot take
                text.format_map({name: "x" for name in fields(text)})


def test_every_text_is_nfc():
    for lang in LANGUAGES:
        for path in (CATALOGUE / lang).glob("*.yaml"):
            text = path.read_text(encoding="utf-8")
            assert unicodedata.normalize("NFC", text) == text, path


def test_every_key_the_code_uses_is_in_the_english_catalogue():
    used = used_keys()
    assert "load.unknown_key" in used and "render.page_collision" in used  # the scan works
    english = {k for texts in raw_catalogue("en").values() for k in texts}
    missing = {k: files for k, files in used.items() if k not in english}
    assert missing == {}


@pytest.mark.parametrize("area", ["load", "render"])
def test_every_key_of_the_loader_and_renderer_is_used(area):
    used = used_keys()
    unused = [k for k in raw_catalogue("en")[f"{area}.yaml"] if k not in used]
    assert unused == []


# ---------------------------------------------------------------- Msg itself


def test_a_message_is_its_english_text_and_translates_its_fragments():
    m = msg("load.must_be_text", key="title", value=msg("load.type.list"))
    assert m == "'title' must be text, got a list"
    assert isinstance(m, str) and m.key == "load.must_be_text"
    assert tr(m, "vi") == "'title' phải là văn bản, nhưng đang là một danh sách"
    assert tr("plain text", "vi") == "plain text"


def test_a_message_survives_pickling_with_its_key_and_arguments():
    m = msg("load.key_problem", key="date", problem=msg("load.expected_date", value="'x'"))
    back = pickle.loads(pickle.dumps(m, protocol=pickle.HIGHEST_PROTOCOL))
    assert isinstance(back, Msg) and back == m
    assert back.key == "load.key_problem"
    assert back.args["key"] == "date"
    assert isinstance(back.args["problem"], Msg)
    assert back.args["problem"].key == "load.expected_date"
    assert tr(back, "vi") == "'date': cần một ngày dạng 2024-01-10, nhưng đang là 'x'"


# ---------------------------------------------------------------- real problems in Vietnamese


def broken_bulletin(tmp_path, front: str, folder: str = "2024") -> list[Problem]:
    """The problems of the minimal site with one broken bulletin, that file's only."""
    root = copy_site("minimal", tmp_path, theme=False)
    rel = f"content/bulletins/{folder}/tin-loi.md"
    write_files(root, {rel: bulletin_text(front)})
    _, problems = load_and_link(root)
    mine = [p for p in problems if p.path == rel]
    assert mine, problems
    return mine


def only(problems: list[Problem], key: str) -> Problem:
    found = [p for p in problems if p.code == key]
    assert len(found) == 1, [p.format() for p in problems]
    return found[0]


def test_an_unknown_key_with_a_suggestion_in_vietnamese(tmp_path):
    problems = broken_bulletin(tmp_path, 'titel: "Họp khối"\ndate: 2024-03-01\n')
    p = only(problems, "load.unknown_key")
    assert p.format() == (
        "content/bulletins/2024/tin-loi.md:2:1: error: unknown key 'titel' (did you mean 'title'?)"
    )
    assert p.format("vi") == (
        "content/bulletins/2024/tin-loi.md:2:1: error: khoá 'titel' không hợp lệ "
        "(có phải ý bạn là 'title'?)"
    )
    assert p.as_dict("vi")["hint"] == "có phải ý bạn là 'title'?"


def test_a_wrong_date_says_the_date_problem_in_vietnamese(tmp_path):
    problems = broken_bulletin(tmp_path, 'title: "Họp khối"\ndate: "hôm qua"\n')
    p = only(problems, "load.key_problem")
    assert p.format("vi") == (
        "content/bulletins/2024/tin-loi.md:3:1: error: 'date': cần một ngày dạng 2024-01-10 "
        "hoặc 2024-01-10T16:30:00+07:00, nhưng đang là 'hôm qua'"
    )


@pytest.mark.parametrize(
    ("date", "code", "said"),
    [
        # read by the YAML reader as a date
        ("2024-02-30", "load.not_a_real_date", "'2024-02-30' không phải là một ngày có thật"),
        # text, read by bantin's date parser
        (
            '"2024-02-30 08:00"',
            "load.key_problem",
            "'date': '2024-02-30 08:00' không phải là một ngày có thật",
        ),
    ],
)
def test_an_impossible_date_says_why_in_vietnamese(tmp_path, date, code, said):
    p = only(broken_bulletin(tmp_path, f'title: "Họp khối"\ndate: {date}\n'), code)
    assert p.format().endswith(" (day is out of range for month)")
    assert p.format("vi").endswith(f"error: {said} (tháng đó không có ngày này)")


def test_a_fragment_naming_a_kind_of_value_is_translated(tmp_path):
    problems = broken_bulletin(tmp_path, "title: [a, b]\ndate: 2024-03-01\ndraft: {x: 1}\n")
    title = only(problems, "load.must_be_text").format("vi")
    draft = only(problems, "load.must_be_bool").format("vi")
    assert title.endswith("error: 'title' phải là văn bản, nhưng đang là một danh sách")
    assert draft.endswith(
        "error: 'draft' phải là true hoặc false, nhưng đang là một nhóm dòng 'khoá: giá trị'"
    )


def test_an_empty_value_names_what_to_give_in_vietnamese(tmp_path):
    problems = broken_bulletin(tmp_path, "title:\ndate: 2024-03-01\n")
    p = only(problems, "load.empty_value")
    assert p.format() == (
        "content/bulletins/2024/tin-loi.md:2:1: error: 'title' must not be empty (give text)"
    )
    assert p.format("vi") == (
        "content/bulletins/2024/tin-loi.md:2:1: error: 'title' không được để trống "
        "(hãy điền văn bản)"
    )


def test_an_unknown_vocabulary_value_in_vietnamese(tmp_path):
    front = 'title: "Họp khối"\ndate: 2024-03-01\nevent_types: [phat-dong, tong-kett]\n'
    p = only(broken_bulletin(tmp_path, front), "load.unknown_vocab_value")
    assert p.format("vi") == (
        "content/bulletins/2024/tin-loi.md:4:26: error: 'event_types[2]': giá trị 'tong-kett' "
        "không có trong danh mục event_types (có phải ý bạn là 'tong-ket'?)"
    )


def test_a_bulletin_in_the_wrong_year_folder_in_vietnamese(tmp_path):
    front = 'title: "Họp khối"\ndate: 2024-03-01\n'
    p = only(broken_bulletin(tmp_path, front, folder="2023"), "load.year_mismatch")
    assert p.format("vi") == (
        "content/bulletins/2023/tin-loi.md:3:1: error: ngày đăng thuộc năm 2024 nhưng tệp lại "
        "nằm trong thư mục 2023 (hãy chuyển tệp vào content/bulletins/2024/ hoặc sửa lại ngày)"
    )


def test_a_yaml_mistake_is_said_in_vietnamese_and_keeps_the_parser_words_in_english(tmp_path):
    problems = broken_bulletin(tmp_path, 'title: "Họp khối"\ndate: 2024-03-01\ntags:\n\t- a\n')
    p = only(problems, "load.invalid_yaml")
    assert p.format("vi").endswith(
        "error: YAML không hợp lệ: một giá trị không thể bắt đầu bằng ký tự '\\t' "
        "(hãy thụt lề bằng dấu cách, không dùng phím Tab)"
    )
    assert p.format("en").endswith(
        "error: invalid YAML: found character '\\t' that cannot start any token "
        "(indent with spaces, not tabs)"
    )


@pytest.mark.parametrize(
    ("yaml", "said"),
    [
        ("title: Họp khối: quý I\n", "không được có giá trị kiểu 'khoá: giá trị' ở đây"),
        ('title: "Họp khối\ndate: 2024-03-01\n', "dấu ngoặc mở ở đây không bao giờ được đóng"),
        ("title: 'Họp' khối\n", "còn có nội dung ở chỗ một giá trị hay một nhóm dòng"),
        ("title: Họp\ntags: *chu-de\n", "bí danh *chu-de không ứng với mỏ neo &chu-de"),
        ("title: Họp\ntags: [a, b\n", "chưa được đóng bằng ']'"),
        ("title: Họp\nngay thang\n", "không tìm thấy dấu ':' cần có"),
    ],
)
def test_the_common_pyyaml_problems_are_worded_in_vietnamese(tmp_path, yaml, said):
    p = only(broken_bulletin(tmp_path, yaml), "load.invalid_yaml")
    text = p.format("vi")
    assert said in text
    assert not any(english in text for english in ("found", "expected", "allowed", "scanning"))


@pytest.mark.parametrize(
    ("line", "said"),
    [
        (
            "per_pgae: 10",
            "site_config.yaml:5:1: error: khoá 'per_pgae' không hợp lệ "
            "(có phải ý bạn là 'per_page'?)",
        ),
        (
            "language: fr",
            "site_config.yaml:5:1: error: ngôn ngữ 'fr' chưa có bản dịch giao diện "
            "(chọn một trong: vi, en)",
        ),
        (
            "base_url: example.gov.vn",
            "site_config.yaml:3:1: error: base_url phải là một địa chỉ http(s) đầy đủ, nhưng "
            "đang là 'example.gov.vn' (ví dụ: https://example.gov.vn/khoi-thi-dua/)",
        ),
    ],
)
def test_configuration_problems_in_vietnamese(tmp_path, line, said):
    root = copy_site("minimal", tmp_path, theme=False)
    config = (root / "site_config.yaml").read_text(encoding="utf-8")
    key = line.split(":")[0]
    kept = [x for x in config.splitlines() if not x.startswith(key + ":")]
    if key == "base_url":
        kept.insert(2, line)
    else:
        kept.append(line)
    write_files(root, {"site_config.yaml": "\n".join(kept) + "\n"})
    with pytest.raises(SiteError) as info:
        load_config(root)
    assert [p.format("vi") for p in info.value.problems] == [said]


def test_a_page_collision_names_each_page_in_vietnamese():
    specs = [
        PageSpec("/tin-tuc/", "bulletin_list.html", {}, ("bulletin_index",)),
        PageSpec("/tin-tuc/", "bulletin_list.html", {}, ("archive", 2024)),
        PageSpec("/tin-tuc/", "page.html", {}, "content/pages/tin-tuc.md"),
    ]
    with pytest.raises(SiteError) as info:
        _check_collisions(specs)
    (p,) = info.value.problems
    assert p.format() == (
        "content/pages/tin-tuc.md: error: two pages would be written to output/tin-tuc/index.html: "
        "bulletin index, archive 2024, content/pages/tin-tuc.md (rename one of them)"
    )
    assert p.format("vi") == (
        "content/pages/tin-tuc.md: error: hai trang sẽ cùng được ghi vào "
        "output/tin-tuc/index.html: trang danh sách bản tin, trang lưu trữ năm 2024, "
        "content/pages/tin-tuc.md (hãy đổi tên một trong số đó)"
    )


def test_writing_outside_the_output_folder_is_refused_in_vietnamese():
    with pytest.raises(SiteError) as info:
        _checked("../thoat.html")
    assert info.value.problems[0].format("vi") == (
        "../thoat.html: error: không ghi ra ngoài thư mục đầu ra"
    )


def test_a_cache_note_in_vietnamese(tmp_path: Path):
    cache = BuildCache(tmp_path)
    cache.dir.mkdir()
    cache.manifest_path.write_bytes(b"not a manifest")
    assert cache.load_manifest() is None
    (note,) = cache.notes
    assert note == "the build cache's manifest was damaged; rebuilding everything"
    assert tr(note, "vi") == "bản ghi của bộ nhớ đệm bị hỏng; đang dựng lại toàn bộ trang web"


def test_a_problem_survives_pickling_as_the_parse_cache_stores_it(tmp_path):
    problems = broken_bulletin(tmp_path, 'title: "Họp khối"\ndate: "hôm qua"\n')
    p = only(problems, "load.key_problem")
    back = pickle.loads(pickle.dumps(p, protocol=pickle.HIGHEST_PROTOCOL))
    assert back == p
    assert back.code == "load.key_problem"
    assert back.message.args["problem"].key == "load.expected_datetime"
    assert back.format("vi") == p.format("vi") != p.format()
