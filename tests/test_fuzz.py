"""Bad input never crashes bantin: property-based tests that feed arbitrary content through the
real entry points (:func:`bantin.config.load_config`, :func:`bantin.loader.parse_file`,
:func:`bantin.loader.load_content` and the whole :func:`bantin.pipeline.load_site` with its
linker) and require every outcome to be a result or bantin :class:`~bantin.errors.Problem`\\ s,
each naming a file and printable in every language — never another exception.

What is generated:

* YAML text, from fragments of YAML syntax (anchors, aliases, tags such as ``!!binary`` and
  ``!!python/…``, flow and block collections, quotes, tabs, documents…) and from any text;
* front matter for each kind of content file: mappings of the schema's real keys (with values
  of roughly the right type, or of any type) and of random keys, dumped as YAML;
* Markdown bodies: paragraphs, headings, lists, quotes, tables, footnotes, HTML, emphasis and
  links with bantin's schemes (``bulletin:``, ``unit:``, ``media/…``, ``#anchors``…);
* ``site_config.yaml`` settings and bloc files, built the same way from their schemas;
* raw bytes, read as a Markdown and as a YAML file;
* whole sites: the minimal fixture site with random files added (random names in random
  folders, random text or bytes), loaded and linked.

How many cases: the profile in ``HYPOTHESIS_PROFILE`` — ``ci`` (the default, 3,160 cases over
all targets, under a minute on a shared machine) or ``deep`` (ten times as many).
Each case has a generous ``deadline`` so that a hang fails the test instead of stalling it.
The targets' shares of the cases are ``WEIGHT``.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
import typing
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml
from conftest import SITES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bantin import models
from bantin.config import CONFIG_NAME, SiteConfig, load_config
from bantin.errors import Problem, SiteError
from bantin.loader import load_content, parse_file
from bantin.pipeline import load_site
from bantin.schema import yaml_keys
from bantin.yamlio import YamlError, parse_yaml

# ---------------------------------------------------------------- profiles

PROFILES = {"ci": 1, "deep": 10}
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
SCALE = PROFILES.get(PROFILE, 1)
# cases per target in the ci profile (deep: ten times as many)
WEIGHT = {
    "yaml_fragments": 400,
    "yaml_any_text": 200,
    "front_matter": 400,
    "well_typed": 300,
    "markdown": 400,
    "site_config": 300,
    "bloc": 300,
    "raw_bytes": 250,
    "content_tree": 60,
    "whole_site": 150,
}


def cases(target: str):
    """The settings of one target: its share of the profile's cases, a deadline as a hang
    guard, and no example database in the working folder (conftest redirects it)."""
    return settings(
        max_examples=WEIGHT[target] * SCALE,
        deadline=timedelta(seconds=20),
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# ---------------------------------------------------------------- checking outcomes


def assert_problems(problems, path: str | None = None) -> None:
    """Each problem is a bantin Problem that names a file (``path`` when given) and can be
    printed in English and in Vietnamese."""
    for p in problems:
        assert isinstance(p, Problem), p
        assert p.path, p
        if path is not None:
            assert p.path == path, p
        assert p.line >= 0 and p.col >= 0
        for lang in ("en", "vi"):
            line = p.format(lang)
            assert isinstance(line, str) and line


def parses_or_fails_cleanly(config, rel: str, parts: tuple[str, ...], data: bytes):
    item, problems = parse_file(config, Path(rel), rel, parts, data)
    assert_problems(problems, rel)
    if item is None:  # refused with an error, or an unfinished draft left out with a warning
        left_out = {"load.draft_undated", "load.draft_no_bloc"}
        assert any(
            p.severity == "error" or getattr(p.message, "key", "") in left_out for p in problems
        )
    return item, problems


# ---------------------------------------------------------------- strategies: text and values

VI = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
VI += VI.upper()
words = st.text(alphabet=VI + "0123456789 -", min_size=1, max_size=12)
any_text = st.text(max_size=40)
SLUGS = """khoi-thu ubmttq hoi-nong-dan hoi-lhpn tinh-doan nguyen-thi-a tran-van-b dan-van-kheo
gioi-thieu tong-ket co-thi-dua-tinh ubnd-tinh lao-cai 2024/hop-khoi khong-co ../x a/b tin-tuc"""
slugs = st.sampled_from([*SLUGS.split(), "", "Khối Thử"])
texts = st.one_of(words, any_text, slugs)
OFFSETS = [timezone(timedelta(hours=h)) for h in (-12, -5, 0, 7, 14)]
moments = st.datetimes(  # the ends of the calendar too, in zones that move them past it
    min_value=datetime(1, 1, 1),
    max_value=datetime(9999, 12, 31, 23, 59),
    timezones=st.none() | st.sampled_from(OFFSETS),
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.integers(),
    st.floats(),
    texts,
    st.dates(),
    moments,
    st.sampled_from(["2024-01-10", "2024-02-30", "19:29", "0123", "1.10", "no", "~", "null"]),
    st.sampled_from(["2024-01-10T16:30:00+07:00", "2024-01-10 16:30", "10/01/2024", "9" * 40]),
)
keys = st.one_of(words, any_text, st.integers(0, 3000), st.none(), st.booleans())
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
    max_leaves=10,
)


WELL_TYPED = {
    str: texts,
    int: st.integers(-5, 3000) | st.integers(),
    float: st.floats(),
    bool: st.booleans(),
    date: st.dates(),
    datetime: moments,
}
ILL_TYPED = {
    bool: st.sampled_from(["yes", "có", 1]),
    date: st.sampled_from(["2024-01-10", "2024-13-01", "1/1/2024"]),
    datetime: st.sampled_from(["2024-01-10T16:30:00+07:00", "19:29", ""]),
}


@st.composite
def for_type(draw, tp, tame: bool = False) -> typing.Any:
    """A value for a schema type: of the right shape, and unless ``tame`` sometimes anything
    or a value that only looks right."""
    if not tame and draw(st.integers(0, 9)) == 0:
        return draw(values)
    origin = typing.get_origin(tp)
    if origin in (typing.Union, type(int | None)):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if type(None) in typing.get_args(tp) and draw(st.booleans()):
            return None
        return draw(for_type(args[0], tame))
    if origin is typing.Literal:
        choices = st.sampled_from(typing.get_args(tp))
        return draw(choices if tame else choices | texts)
    if origin is tuple:
        return draw(st.lists(for_type(typing.get_args(tp)[0], tame), max_size=3))
    if dataclasses.is_dataclass(tp):
        return draw(fields_of(tp, tame))
    if tp is dict or origin is dict:
        return draw(st.dictionaries(words, values, max_size=3))
    typed = WELL_TYPED.get(tp, values)
    if not tame and tp in ILL_TYPED:
        typed = typed | ILL_TYPED[tp]
    return draw(typed)


@st.composite
def fields_of(draw, cls, tame: bool = False) -> dict:
    """A mapping for a dataclass of the schema: some of its keys, and unless ``tame``
    sometimes others; ``tame`` ones always have the keys that are required."""
    hints = typing.get_type_hints(cls)
    known = yaml_keys(cls)
    chosen = draw(st.lists(st.sampled_from(sorted(known)), unique=True, max_size=len(known)))
    if tame:
        chosen += [
            k
            for k, f in known.items()
            if f.default is dataclasses.MISSING
            and f.default_factory is dataclasses.MISSING
            and k not in chosen
        ]
    out: dict = {k: draw(for_type(hints[known[k].name], tame)) for k in chosen}
    if not tame and draw(st.integers(0, 4)) == 0:
        out.update(draw(st.dictionaries(keys, values, max_size=2)))
    return out


def dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


YAML_BITS = [
    *"title date bloc units tags image src extra kind members slug".split(),
    *[":", ": ", " ", "\n", "  ", "- ", "[", "]", "{", "}", ", ", "? ", "'", '"', "# ", "|", ">"],
    *["&a ", "*a", "&b ", "*b", "!!str ", "!!int ", "!!binary ", "!!set ", "!!omap ", "!!map "],
    *["!!python/object/apply:os.system ", "!!python/name:os.system ", "!local ", "!!merge <<: "],
    *["!!timestamp ", "!!float ", "!!null ", "!!bool ", "<<: ", "2024-01-10", "19:29", "0123"],
    *["1.10", "no", "~", "null", ".inf", ".nan", "0x1F", "1e400", "9" * 30, "Đoàn", "Ủy ban"],
    *["\t", "---\n", "...\n", "%YAML 1.1\n", "@", "`", "\\", "\ufeff", "\r\n", "\x85", "\u2028"],
    *["\x00", "\x07", '"\\u00', "'it''s'", "{a: 1, a: 2}", "[*a, *a, *a]", "&a [*a]", "- - - -"],
]
yaml_texts = st.lists(st.sampled_from(YAML_BITS) | words, max_size=40).map("".join)

# ---------------------------------------------------------------- strategies: Markdown

LINK_TARGETS = [
    "bulletin:2024/hop-khoi",
    "bulletin:2024/hop-khoi#ket-qua",
    "bulletin:2024/khong-co",
    "bulletin:",
    "bulletin:2024",
    "profile:nguyen-thi-a",
    "profile:tran-van-b",
    "campaign:dan-van-kheo",
    "campaign:dan-van-kheo#",
    "bloc:khoi-thu",
    "unit:khoi-thu/ubmttq",
    "unit:khoi-thu",
    "unit:/",
    "page:gioi-thieu#muc",
    "tag:tong-ket",
    "event:tong-ket",
    "event:khong-co",
    "media/anh.png",
    "media/",
    "media/../site_config.yaml",
    "media/%2e%2e/x",
    "media/a\\b.png",
    "media//anh.png",
    "https://example.gov.vn/a?b=c#d",
    "#muc",
    "javascript:alert(1)",
]
link_targets = st.one_of(
    st.sampled_from(LINK_TARGETS),
    st.builds(lambda t, x: t + x, st.sampled_from(LINK_TARGETS), any_text),
)
inline_bits = st.one_of(
    words,
    any_text,
    st.sampled_from(["*", "**", "_", "__", "`", "``", "[", "]", "(", ")", "![", "<", ">", "&"]),
    st.sampled_from(["\\", "<b>", "</b>", "<span>", '<div markdown="1">', "[^1]", "{: .a}"]),
    st.sampled_from(["<!--", "-->", "<![CDATA[", "&amp;", "&#x0;", "\x00", "\u202e", "\ufeff"]),
    st.builds(lambda t, u: f"[{t}]({u})", words, link_targets),
    st.builds(lambda t, u: f"![{t}]({u})", words | st.just(""), link_targets),
    st.builds(lambda t, u: f'[{t}]({u} "tựa đề")', words, link_targets),
    st.builds(lambda u: f"<{u}>", link_targets),
)
inline = st.lists(inline_bits, min_size=1, max_size=12).map(" ".join)
blocks = st.one_of(
    inline,
    st.builds(lambda n, t: "#" * n + " " + t, st.integers(1, 7), inline),
    st.builds(lambda t: t + "\n" + "=" * 3, inline),
    st.builds(lambda d, t: "    " * d + "- " + t, st.integers(0, 6), inline),
    st.builds(lambda d, t: "    " * d + "1. " + t, st.integers(0, 6), inline),
    st.builds(lambda d, t: "> " * d + t, st.integers(1, 8), inline),
    st.builds(lambda t: f"| a | b |\n|---|---|\n| {t} | x |", inline),
    st.builds(lambda t: f"[^1]: {t}", inline),
    st.builds(lambda t: f"*[HTML]: {t}", words),
    st.builds(lambda t: f"{t}\n:   định nghĩa", words),
    st.builds(lambda u, t: f"![ảnh]({u})\n{t}", link_targets, inline),
    st.builds(lambda t: f"<div>\n{t}\n</div>", inline),
    st.builds(lambda t: "    " + t, inline),
    st.sampled_from(["---", "* * *", "```", "~~~", "", "\t", "<!-- x", "]: /a"]),
)
markdown = st.lists(blocks, max_size=10).flatmap(
    lambda bs: st.sampled_from(["\n\n", "\n", "\r\n"]).map(lambda sep: sep.join(bs))
)

FRONT = 'title: "Tin thử"\ndate: 2024-03-01T08:00:00+07:00\n'

# ---------------------------------------------------------------- the site they are read for

MINIMAL = SITES / "minimal"
MINIMAL_FILES = {
    p.relative_to(MINIMAL).as_posix(): p.read_bytes()
    for p in sorted(MINIMAL.rglob("*"))
    if p.is_file()
}


@pytest.fixture(scope="module")
def config() -> SiteConfig:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / CONFIG_NAME).write_bytes(MINIMAL_FILES[CONFIG_NAME])
        return load_config(root)


KINDS = {
    "bulletins": (models.Bulletin, "content/bulletins/2024/thu.md"),
    "profiles": (models.Profile, "content/profiles/thu.md"),
    "campaigns": (models.Campaign, "content/campaigns/thu.md"),
    "pages": (models.Page, "content/pages/thu.md"),
}


def parts_of(rel: str) -> tuple[str, ...]:
    return tuple(rel.split("/")[1:])


# ---------------------------------------------------------------- YAML


def yaml_outcome(text: str) -> None:
    try:
        parse_yaml(text)
    except YamlError as exc:
        assert exc.message
        assert exc.line >= 0 and exc.col >= 0
        Problem("a.yaml", exc.line, exc.col, exc.message, exc.hint).format("vi")


@cases("yaml_fragments")
@given(yaml_texts)
def test_yaml_made_of_yaml_syntax_is_read_or_refused_with_a_position(text):
    yaml_outcome(text)


@cases("yaml_any_text")
@given(st.text(max_size=200))
def test_any_text_as_yaml_is_read_or_refused_with_a_position(text):
    yaml_outcome(text)


# ---------------------------------------------------------------- content files


@cases("front_matter")
@given(kind=st.sampled_from(sorted(KINDS)), data=st.data())
def test_front_matter_of_any_shape_gives_a_model_or_problems(config, kind, data):
    cls, rel = KINDS[kind]
    front = data.draw(fields_of(cls))
    if kind == "bulletins" and data.draw(st.booleans()):
        front.setdefault("title", "Tin thử")
        front.setdefault("date", "2024-03-01T08:00:00+07:00")
    text = "---\n" + dump(front) + "---\n" + data.draw(markdown)
    parses_or_fails_cleanly(config, rel, parts_of(rel), text.encode("utf-8", "surrogatepass"))


@cases("well_typed")
@given(kind=st.sampled_from(sorted(KINDS)), data=st.data())
def test_well_typed_front_matter_gives_a_model_or_problems(config, kind, data):
    """Fields of the right types, so that most files get past the schema to the checks that
    follow it (dates in the site's time zone, templates, the body)."""
    cls, rel = KINDS[kind]
    front = data.draw(fields_of(cls, tame=True))
    text = "---\n" + dump(front) + "---\n" + data.draw(markdown)
    parses_or_fails_cleanly(config, rel, parts_of(rel), text.encode("utf-8", "surrogatepass"))


@cases("front_matter")
@given(kind=st.sampled_from(sorted(KINDS)), text=yaml_texts, body=markdown)
def test_front_matter_of_any_yaml_text_gives_a_model_or_problems(config, kind, text, body):
    _, rel = KINDS[kind]
    data = f"---\n{text}\n---\n{body}".encode("utf-8", "surrogatepass")
    parses_or_fails_cleanly(config, rel, parts_of(rel), data)


@cases("markdown")
@given(body=markdown)
def test_any_markdown_body_gives_a_bulletin_or_problems(config, body):
    rel = KINDS["bulletins"][1]
    data = f"---\n{FRONT}---\n{body}".encode("utf-8", "surrogatepass")
    item, _ = parses_or_fails_cleanly(config, rel, parts_of(rel), data)
    if item is not None:
        for ref in item.body.refs:
            assert ref.loc.path == rel and ref.loc.line >= 5


@cases("bloc")
@given(st.data())
def test_bloc_files_of_any_shape_give_a_bloc_or_problems(config, data):
    front = data.draw(fields_of(models.Bloc))
    text = data.draw(st.sampled_from([dump(front), dump([front]), ""]) | yaml_texts)
    rel = "content/blocs/khoi-thu.yaml"
    parses_or_fails_cleanly(config, rel, parts_of(rel), text.encode("utf-8", "surrogatepass"))


@cases("raw_bytes")
@given(
    data=st.binary(max_size=300)
    | st.builds(
        lambda a, b: a + b, st.sampled_from([b"---\n", b"\xef\xbb\xbf---\r\n"]), st.binary()
    )
    | st.builds(lambda b: b"---\ntitle: x\ndate: 2024-01-01\n---\n" + b, st.binary()),
    rel=st.sampled_from([KINDS["bulletins"][1], KINDS["pages"][1], "content/blocs/khoi.yaml"]),
)
def test_raw_bytes_give_a_model_or_problems(config, data, rel):
    parses_or_fails_cleanly(config, rel, parts_of(rel), data)


# ---------------------------------------------------------------- settings


@cases("site_config")
@given(st.data())
def test_site_config_of_any_shape_gives_settings_or_problems(data):
    settings_ = data.draw(fields_of(SiteConfig))
    if data.draw(st.booleans()):
        settings_.setdefault("title", "Khối thi đua")
        settings_.setdefault("base_url", "https://example.gov.vn/khoi-thi-dua/")
    text = data.draw(st.sampled_from([dump(settings_)]) | yaml_texts | st.just(dump([1])))
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / CONFIG_NAME).write_bytes(text.encode("utf-8", "surrogatepass"))
        try:
            load_config(root)
        except SiteError as exc:
            assert exc.problems
            assert_problems(exc.problems, CONFIG_NAME)


# ---------------------------------------------------------------- whole sites

FOLDERS = ["bulletins/2024", "bulletins/2023", "bulletins/x", "profiles", "campaigns", "pages"]
FOLDERS += ["blocs", "media", "media/2024", "", "tin-tuc", "bulletins"]
file_names = st.one_of(
    st.sampled_from(["hop-khoi.md", "thu.md", "khoi-thu.yaml", "anh.png", "Tổng Kết.md", ".an.md"]),
    st.text(
        alphabet=st.characters(blacklist_characters="/\x00", blacklist_categories=["Cs"]),
        min_size=1,
        max_size=20,
    ).filter(lambda n: n not in (".", "..")),
)
file_bodies = st.one_of(
    st.builds(lambda f, b: f"---\n{dump(f)}---\n{b}", fields_of(models.Bulletin), markdown),
    st.builds(
        lambda f, b: f"---\n{dump(f)}---\n{b}", fields_of(models.Bulletin, tame=True), markdown
    ),
    st.builds(lambda f: dump(f), fields_of(models.Bloc, tame=True)),
    st.builds(lambda f, b: f"---\n{dump(f)}---\n{b}", fields_of(models.Page, tame=True), markdown),
    st.builds(lambda f, b: f"---\n{FRONT}{dump(f)}---\n{b}", fields_of(models.Bulletin), markdown),
    st.builds(lambda f: dump(f), fields_of(models.Bloc)),
    st.builds(lambda f, b: f"---\n{dump(f)}---\n{b}", fields_of(models.Profile), markdown),
    yaml_texts,
    st.binary(max_size=200),
)


def site_with(folder: Path, files: list[tuple[str, str, object]]) -> Path:
    root = folder / "site"
    for rel, data in MINIMAL_FILES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    for where, name, body in files:
        path = root / "content" / where / name
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.is_dir():
                shutil.rmtree(path)
            data = body if isinstance(body, bytes) else body.encode("utf-8", "surrogatepass")
            path.write_bytes(data)
        except OSError:  # a name this file system does not take (too long…)
            continue
    return root


@cases("content_tree")
@given(st.lists(st.tuples(st.sampled_from(FOLDERS), file_names, file_bodies), max_size=4))
def test_any_files_in_content_load_or_give_problems_naming_them(files):
    with tempfile.TemporaryDirectory() as folder:
        root = site_with(Path(folder), files)
        config = load_config(root)
        content = load_content(config)
        assert_problems(content.problems)
        for p in content.problems:
            assert p.path.startswith("content"), p


@cases("whole_site")
@given(st.lists(st.tuples(st.sampled_from(FOLDERS[:7]), file_names, file_bodies), max_size=3))
def test_a_site_with_any_files_links_or_gives_problems_naming_files(files):
    with tempfile.TemporaryDirectory() as folder:
        root = site_with(Path(folder), files)
        try:
            site, warnings = load_site(root)
        except SiteError as exc:
            assert exc.problems
            assert_problems(exc.problems)
        else:
            assert_problems(warnings)
            assert site.bulletins


# ---------------------------------------------------------------- YAML is only loaded safely

UNSAFE = [
    '!!python/object/apply:os.system ["touch {canary}"]',
    "!!python/object/apply:subprocess.call [[touch, '{canary}']]",
    "!!python/object/new:os.system [touch {canary}]",
    "!!python/object/apply:builtins.exec [\"open('{canary}', 'w').close()\"]",
    "!!python/name:os.system",
    "!!python/module:os",
    "!!python/object:os.PathLike {{}}",
    "!!python/tuple [1, 2]",
    "!<tag:yaml.org,2002:python/object/apply:os.system> [touch {canary}]",
]


@pytest.mark.parametrize("value", UNSAFE)
def test_python_tags_are_refused_and_nothing_runs(tmp_path, config, value):
    canary = tmp_path / "ran"
    value = value.format(canary=canary)
    with pytest.raises(YamlError) as info:
        parse_yaml(f"title: {value}\n")
    assert info.value.line == 1 and info.value.col == 8
    rel = "content/bulletins/2024/thu.md"
    data = f"---\ntitle: {value}\ndate: 2024-03-01T08:00:00+07:00\n---\nNội dung.\n"
    item, problems = parse_file(config, Path(rel), rel, parts_of(rel), data.encode())
    assert item is None
    assert [(p.path, p.line, p.col, p.code) for p in problems] == [(rel, 2, 8, "load.invalid_yaml")]
    bloc = "content/blocs/khoi.yaml"
    item, problems = parse_file(
        config, Path(bloc), bloc, parts_of(bloc), f"kind: {value}\n".encode()
    )
    assert item is None and problems[0].code == "load.invalid_yaml"
    (tmp_path / CONFIG_NAME).write_text(f"title: {value}\nbase_url: https://a.vn/\n")
    with pytest.raises(SiteError) as refused:
        load_config(tmp_path)
    assert [p.code for p in refused.value.problems] == ["load.invalid_yaml"]
    assert not canary.exists()
