"""Injection payloads in every field that reaches the output, on every kind of page.

A fixture site (the minimal one, with the repository's theme) gets, for each payload of
``tests/data/payloads.yaml``, a bulletin, a profile, a campaign, a page, a bloc with a member
unit, a category, a menu entry and tags whose every text field is the payload, and whose body is
Markdown holding it as raw HTML, a heading, a link, an image description and caption, a table
cell, a quotation and a footnote. The site is built by the real pipeline (``bantin.pipeline``);
then every file of ``output/`` is parsed (lxml.html for pages, lxml.etree for feeds and
sitemaps, the HTML inside feed entries parsed again) and checked:

* no ``<script>`` but the theme's own (``src`` under ``static/`` or the search bundle) and
  JSON-LD blocks, which must parse as JSON and hold the payload exactly;
* no ``on*`` attribute anywhere; no ``href``, ``src``, ``srcset``, ``action``, ``formaction``,
  ``xlink:href``… whose scheme (control characters and spaces removed, case folded) is
  ``javascript``, ``vbscript`` or ``data``;
* no ``<iframe>``, ``<object>``, ``<embed>``, ``<base>``, ``<form>`` (but the theme's search
  form), ``<meta http-equiv>``, ``<style>``, ``<svg>`` (but the theme's logo), ``<math>``…;
* the payload appears as text, exactly (``{{ 7*7 }}`` never becomes 49), in the title, the
  headings, JSON-LD and feed titles of its own pages.

The site's own settings (title, short title, description, publisher) are on every page: each
payload is put there too, one site per payload, rendered in memory by the same renderer.

Fields the loader or linker refuses to take a payload in, by design, and so are not filled
with one here (each is a slug, a key of a vocabulary, a date, a number or a media path):
file names (slugs), ``bloc``, ``units``, ``host_unit``, ``people``, ``campaigns``,
``event_types``, ``category`` keys, ``image.src``, ``photo.src``, award ``title`` and
``authority`` keys, dates and years. Links written in fields (a bulletin's ``source.url``, a
member unit's ``url``, a ``menu`` entry's ``url``) take the payloads that are not dangerous
addresses; the dangerous ones are refused with ``load.unsafe_url``
(:func:`test_dangerous_addresses_in_fields_are_refused`). A tag names its page's folder: the
very long payloads are refused there with ``render.name_too_long``
(:func:`test_a_tag_too_long_for_an_address_is_refused`) and kept in every other field.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import lxml.etree as etree
import lxml.html
import pytest
import yaml
from conftest import TESTS, copy_site, needs_theme, write_files

PAYLOAD_FILE = TESTS / "data" / "payloads.yaml"
BASE = "/khoi-thi-dua/"
SITE_TITLE = "Khối thi đua thử nghiệm"
ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT_NS = "{http://purl.org/rss/1.0/modules/content/}"
SAFE_URL = "https://example.gov.vn/don-vi/"


@dataclass(frozen=True)
class Payload:
    index: int
    name: str
    text: str

    @property
    def key(self) -> str:
        return f"{self.index:02d}"

    @property
    def shown(self) -> str:
        """The payload as a page shows it: without the characters XML and HTML forbid."""
        return FORBIDDEN_CHARS.sub("", self.text)


def load_payloads() -> list[Payload]:
    data = yaml.safe_load(PAYLOAD_FILE.read_text(encoding="utf-8"))
    return [Payload(i, d["name"], d["text"] * d.get("repeat", 1)) for i, d in enumerate(data, 1)]


PAYLOADS = load_payloads()
FORBIDDEN_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
DANGEROUS_SCHEMES = {"javascript", "vbscript", "data"}
# attributes whose value a browser follows, loads or runs as an address
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "{http://www.w3.org/1999/xlink}href",
    "poster",
    "background",
    "cite",
    "data",
    "ping",
    "lowsrc",
    "dynsrc",
    "longdesc",
    "manifest",
    "codebase",
    "archive",
}
FORBIDDEN_ELEMENTS = {
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "style",
    "math",
    "template",
    "textarea",
    "select",
    "isindex",
    "xmp",
    "plaintext",
    "noembed",
    "noframes",
    "portal",
    "video",
    "audio",
    "source",  # only inside <picture>, checked below
}
STYLE_VALUES = {f"text-align: {side};" for side in ("left", "center", "right")}


def scheme(url: str) -> str:
    """The scheme of an address as strictly as possible: every control character and space
    removed (browsers drop some anywhere and the others at the ends), case folded."""
    squeezed = "".join(ch for ch in url if ch > " " and ch != "\x7f").casefold()
    m = re.match(r"([a-z][a-z0-9+.\-]*):", squeezed)
    return m.group(1) if m else ""


def is_dangerous(url: str) -> bool:
    return scheme(url) in DANGEROUS_SCHEMES


def q(text: str) -> str:
    """``text`` as a YAML double-quoted scalar (JSON's escapes are YAML's; non-ASCII escaped,
    so that U+2028 and control characters cannot end a line)."""
    return json.dumps(text, ensure_ascii=True)


def tags_for(p: Payload) -> list[str]:
    """The tags of a payload's bulletin: the payload itself and one of its own ("Chủ đề 07 …",
    so that each has a tag page), unless its address would be too long for a file name (those
    are refused, see test_a_tag_too_long_for_an_address_is_refused)."""
    from bantin.urls import slugify

    own = f"Chủ đề {p.key} {p.text}"
    return [t for t in (p.text, own) if len(slugify(t).encode()) <= 255]


def url_for(p: Payload) -> str:
    """What a link field gets: the payload, unless it is a dangerous address (those are
    refused, see test_dangerous_addresses_in_fields_are_refused)."""
    return SAFE_URL if is_dangerous(p.text) else p.text


# ---------------------------------------------------------------- the fixture site


def body(p: Payload) -> str:
    t = p.text
    return (
        f"{t}\n\n"
        f"## {t}\n\n"
        f"Đoạn văn có [liên kết]({t}) và [liên kết có tiêu đề](https://example.gov.vn/ {q(t)}).\n\n"
        f"![{t}](media/anh.png)\n{t}\n\n"
        f"| Cột | {t} |\n|:---|---:|\n| {t} | ô |\n\n"
        f"> {t}\n\n"
        f"Có chú thích[^1].\n\n"
        f"[^1]: {t}\n"
    )


def bulletin_date(p: Payload) -> str:
    return f"2024-02-{1 + p.index % 27:02d}T08:{p.index % 60:02d}:00+07:00"


def content_files(p: Payload) -> dict[str, str]:
    t, k, u = q(p.text), p.key, q(url_for(p))
    bloc = f"khoi-{k}"
    return {
        f"content/blocs/{bloc}.yaml": (
            f"kind: khoi\nname: {t}\nshort_name: {t}\ndescription: {t}\n"
            f"names: [{{name: {t}, from: 2015, to: 2016}}]\nprovince: lao-cai\n"
            "members:\n"
            f"  - {{slug: don-vi-a, name: {t}, short_name: {t}, aliases: [{t}], url: {u}}}\n"
            '  - {slug: don-vi-b, name: "Đơn vị B"}\n'
            f"leadership:\n  - {{year: 2024, head: don-vi-a, deputy: don-vi-b, decision: {t}}}\n"
            "results:\n  - year: 2023\n    scores: [{unit: don-vi-a, points: 98.5, rank: 1}]\n"
            "    awards:\n      - {unit: don-vi-a, title: co-thi-dua-tinh, authority: ubnd-tinh, "
            f"status: awarded, label: {t}, decision: {t}}}\n"
            f"      - {{body: {t}, label: {t}, status: proposed}}\n"
            f"rules: [{{year: 2024, title: {t}}}]\n"
        ),
        f"content/bulletins/2024/tin-{k}.md": (
            f"---\ntitle: {t}\ndate: {bulletin_date(p)}\n"
            f"bloc: {bloc}\nevent_types: [tong-ket]\nperiod: {t}\nhost_unit: don-vi-a\n"
            f"units: [don-vi-a, don-vi-b]\npeople: [nguoi-{k}]\ncampaigns: [phong-trao-{k}]\n"
            f"guests: [{{name: {t}, post: {t}}}]\ncategory: muc-{k}\n"
            f"tags: [{', '.join(map(q, tags_for(p)))}]\n"
            f"summary: {t}\ndateline: {t}\n"
            f"image: {{src: anh.png, alt: {t}, caption: {t}, credit: {t}}}\n"
            f"images: [{{src: anh.png, alt: {t}, caption: {t}, credit: {t}}}]\n"
            f"byline: {{kind: tin-anh, names: [{t}], org: {t}}}\n"
            f"source: {{name: {t}, author: {t}, url: {u}}}\n"
            "leadership_change: {year: 2024, head: don-vi-a, deputy: don-vi-b}\n"
            "awards_mentioned: [{unit: don-vi-a, title: co-thi-dua-tinh, year: 2023}]\n"
            f"---\n{body(p)}"
        ),
        f"content/profiles/nguoi-{k}.md": (
            f"---\nname: {t}\nconsent: true\nbloc: {bloc}\npositions:\n"
            f"  - {{title: {t}, unit: don-vi-a, holds_leadership_post: false, from: 2020}}\n"
            f"  - {{title: {t}, unit_name: {t}, holds_leadership_post: true}}\n"
            "exemplary_for: [2023]\nawards:\n"
            "  - {year: 2023, title: bang-khen-tinh, authority: chu-tich-ubnd-tinh, "
            f"status: awarded, label: {t}, decision: {t}, decision_date: 2024-01-25}}\n"
            f"campaigns: [phong-trao-{k}]\nphoto: {{src: anh.png, alt: {t}}}\nsummary: {t}\n"
            f"---\n{body(p)}"
        ),
        f"content/campaigns/phong-trao-{k}.md": (
            f"---\nname: {t}\naliases: [{t}]\ntype: phong-trao-thi-dua\nform: thuong-xuyen\n"
            f"launched_by: {t}\nscope: provincial\nprovince: lao-cai\n"
            f"legal_basis: [{{ref: {t}, date: 2020-01-01, issuer: {t}}}]\n"
            f"period: {{start: 2020-01-01}}\nphases: [{{label: {t}, basis: {t}}}]\nsummary: {t}\n"
            f"---\n{body(p)}"
        ),
        f"content/pages/trang-{k}.md": (
            f"---\ntitle: {t}\nmenu: {p.index}\nsummary: {t}\n---\n{body(p)}"
        ),
    }


def site_config(title: str, *, short_title: str | None = None, extra: str = "") -> str:
    lines = [
        f"title: {q(title)}",
        'base_url: "https://example.gov.vn/khoi-thi-dua/"',
        "default_bloc: khoi-thu",
        "per_page: 1000",
        "home_bulletins: 1000",
        "feeds: {entries: 1000, content: full}",
    ]
    if short_title is not None:
        lines.append(f"short_title: {q(short_title)}")
    return "\n".join(lines) + "\n" + extra


def main_config() -> str:
    categories = "".join(f"  - {{slug: muc-{p.key}, label: {q(p.text)}}}\n" for p in PAYLOADS)
    menu = "".join(f"  - {{label: {q(p.text)}, url: {q(url_for(p))}}}\n" for p in PAYLOADS)
    return site_config(SITE_TITLE, extra=f"categories:\n{categories}menu:\n{menu}")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The fixture site with every payload in every field, built by the real pipeline."""
    from conftest import theme_missing

    if theme_missing():
        pytest.skip(theme_missing())
    from bantin.pipeline import build

    root = copy_site("minimal", tmp_path_factory.mktemp("injection"))
    files = {"site_config.yaml": main_config()}
    for p in PAYLOADS:
        files.update(content_files(p))
    write_files(root, files)
    build(root)
    return root / "output"


# ---------------------------------------------------------------- checking a parsed page


@dataclass
class Findings:
    """What is wrong in the files checked, one line each, and what the JSON-LD blocks said."""

    problems: list[str]
    json_strings: dict[str, set[str]]  # file → every string of its JSON-LD blocks

    def add(self, where: str, what: str) -> None:
        self.problems.append(f"{where}: {what}")


def attributes(el) -> Iterator[tuple[str, str]]:
    for name, value in el.attrib.items():
        yield str(name), str(value)


def check_element_tree(root, where: str, found: Findings, *, page: bool) -> None:
    """The checks of every HTML element under ``root``: a whole page (``page``: the theme's
    own scripts, form and logo allowed) or a fragment from a feed (nothing of the kind)."""
    for el in root.iter():
        if not isinstance(el.tag, str):  # comments, processing instructions
            continue
        tag = el.tag.rpartition("}")[2].lower()
        for name, value in attributes(el):
            lname = name.lower()
            if lname.rpartition("}")[2].startswith("on"):
                found.add(where, f"<{tag} {name}={value[:60]!r}>")
            if lname in URL_ATTRIBUTES and is_dangerous(value):
                found.add(where, f"<{tag} {name}={value[:60]!r}> is a {scheme(value)}: address")
            if lname in ("srcset", "imagesrcset"):
                for candidate in value.split(","):
                    if candidate.strip() and is_dangerous(candidate.strip().split()[0]):
                        found.add(where, f"<{tag} {name}={value[:60]!r}>")
            if lname == "style" and value not in STYLE_VALUES:
                found.add(where, f"<{tag} style={value[:60]!r}>")
            if lname == "srcdoc":
                found.add(where, f"<{tag} srcdoc>")
        if tag in FORBIDDEN_ELEMENTS and not (tag == "source" and _parent_tag(el) == "picture"):
            found.add(where, f"<{tag}> element")
        if tag == "script":
            _check_script(el, where, found, page=page)
        elif tag == "meta" and (
            el.get("http-equiv") is not None or el.get("charset", "utf-8") != "utf-8"
        ):
            found.add(where, f"<meta {dict(el.attrib)}>")
        elif tag == "link" and not page:
            found.add(where, "<link> in a fragment")
        elif (
            tag == "link" and el.get("rel") == "stylesheet" and not _theme_asset(el.get("href", ""))
        ):
            found.add(where, f"<link rel=stylesheet href={el.get('href')!r}>")
        elif tag == "link" and el.get("rel") not in (
            "stylesheet",
            "canonical",
            "icon",
            "apple-touch-icon",
            "alternate",
        ):
            found.add(where, f"<link rel={el.get('rel')!r}>")
        elif tag == "form" and not (page and _theme_form(el)):
            found.add(where, f"<form action={el.get('action')!r}>")
        elif tag in ("input", "button") and not (page and _inside_theme_form(el)):
            found.add(where, f"<{tag}> outside the theme's search form")
        elif tag == "svg" and not (page and _theme_svg(el)):
            found.add(where, "<svg> element")
        elif tag == "noscript" and not (
            page and el.find("p[@class='search__noscript']") is not None
        ):
            found.add(where, "<noscript> element")


def _theme_svg(el) -> bool:
    """The theme's logo, or a chart the build drew (bantin.charts; its texts and attributes are
    checked like every other element's)."""
    cls = el.get("class") or ""
    return cls == "site-brand__mark" or re.fullmatch(r"chart chart--[a-z]+", cls) is not None


def _parent_tag(el) -> str:
    parent = el.getparent()
    return "" if parent is None else str(parent.tag).lower()


def _theme_asset(url: str) -> bool:
    return url.startswith((f"{BASE}static/", f"{BASE}tim-kiem/pagefind/"))


def _theme_form(el) -> bool:
    return el.get("class") == "site-search" and el.get("action") == f"{BASE}tim-kiem/"


def _inside_theme_form(el) -> bool:
    return any(a.tag == "form" and _theme_form(a) for a in el.iterancestors())


def _check_script(el, where: str, found: Findings, *, page: bool) -> None:
    kind = el.get("type")
    if page and kind == "application/ld+json" and el.get("src") is None:
        try:
            data = json.loads(el.text or "")
        except ValueError as exc:
            found.add(where, f"JSON-LD does not parse: {exc}")
            return
        found.json_strings.setdefault(where, set()).update(json_strings(data))
    elif page and kind is None and el.get("src") and not (el.text or "").strip():
        if not _theme_asset(el.get("src", "")):
            found.add(where, f"<script src={el.get('src')!r}>")
    else:
        found.add(where, f"<script> {(el.text or '')[:60]!r}")


def json_strings(data) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for v in data.values():
            yield from json_strings(v)
    elif isinstance(data, list):
        for v in data:
            yield from json_strings(v)


def check_html_fragment(html: str, where: str, found: Findings) -> None:
    """HTML carried inside a feed entry, parsed as a feed reader would."""
    if not html.strip():
        return
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    check_element_tree(root, where, found, page=False)


def check_feed(path: Path, where: str, found: Findings) -> etree._Element:
    root = etree.fromstring(path.read_bytes())  # must be well-formed XML
    if root.tag == f"{ATOM}feed":
        for entry in root.iter(f"{ATOM}entry"):
            for part in ("content", "summary"):
                el = entry.find(f"{ATOM}{part}")
                if el is not None and el.get("type") == "html":
                    check_html_fragment(el.text or "", where, found)
    else:
        for item in root.iter("item"):
            for el in (item.find("description"), item.find(f"{CONTENT_NS}encoded")):
                if el is not None:
                    check_html_fragment(el.text or "", where, found)
    for el in root.iter():
        for name, value in attributes(el):
            if name in ("href", "url", "domain", "scheme") and is_dangerous(value):
                found.add(where, f"<{el.tag} {name}={value[:60]!r}>")
    return root


def check_output(out: Path) -> Findings:
    found = Findings([], {})
    for path in sorted(out.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(out).as_posix()
        if path.suffix == ".html":
            doc = lxml.html.document_fromstring(path.read_bytes())
            check_element_tree(doc, rel, found, page=True)
        elif path.suffix == ".xml":
            root = check_feed(path, rel, found)
            for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc"):
                if not (loc.text or "").startswith("https://example.gov.vn/khoi-thi-dua/"):
                    found.add(rel, f"<loc>{loc.text!r}")
        elif path.suffix == ".txt":
            for line in path.read_text(encoding="utf-8").splitlines():
                if line and not re.match(r"(User-agent|Disallow|Allow|Sitemap):", line):
                    found.add(rel, f"robots.txt line {line!r}")
    return found


@pytest.fixture(scope="module")
def findings(built) -> Findings:
    return check_output(built)


def page(out: Path, rel: str):
    return lxml.html.document_fromstring((out / rel).read_bytes())


# ---------------------------------------------------------------- the tests


def test_the_corpus_has_at_least_forty_distinct_payloads():
    texts = [p.text for p in PAYLOADS]
    assert len(PAYLOADS) >= 40
    assert len(set(texts)) == len(texts)
    assert len({p.name for p in PAYLOADS}) == len(PAYLOADS)
    assert all(unicodedata.normalize("NFC", t) == t for t in texts)  # the loader keeps NFC
    assert max(map(len, texts)) > 10_000
    print(f"\n{len(PAYLOADS)} injection payloads")


def test_the_checker_sees_what_it_looks_for():
    """The checks themselves, on a page that breaks each of them."""
    bad = (
        "<html><body><script>alert(1)</script><img src=x onerror=alert(1)>"
        '<a href=" JaVa&#x09;Script:alert(1)">a</a><iframe></iframe><form action="/x"></form>'
        '<meta http-equiv="refresh" content="0"><style>p{}</style><svg></svg>'
        '<script type="application/ld+json">{"a": </script><p style="color:red">p</p>'
        "</body></html>"
    )
    found = Findings([], {})
    check_element_tree(lxml.html.document_fromstring(bad), "bad.html", found, page=True)
    said = "\n".join(found.problems)
    for what in ("<script>", "onerror", "javascript", "<iframe>", "<form", "<meta", "<style>",
                 "<svg>", "JSON-LD does not parse", "style="):  # fmt: skip
        assert what.lower() in said.lower(), what


@needs_theme
def test_every_page_feed_and_sitemap_is_inert(built, findings):
    kinds = {
        "home": "index.html",
        "bulletin": "tin-tuc/2024/tin-01/index.html",
        "bulletin list": "tin-tuc/index.html",
        "year archive": "tin-tuc/2024/index.html",
        "tag index": "chu-de/index.html",
        "event": "hoat-dong/tong-ket/index.html",
        "bloc": "khoi/khoi-01/index.html",
        "unit": "khoi/khoi-01/don-vi-a/index.html",
        "campaign": "phong-trao/phong-trao-01/index.html",
        "profile": "dien-hinh/nguoi-01/index.html",
        "page": "trang-01/index.html",
        "search": "tim-kiem/index.html",
        "404": "404.html",
        "atom": "feed.xml",
        "rss": "rss.xml",
        "bloc feed": "khoi/khoi-01/feed.xml",
        "sitemap": "sitemap.xml",
        "robots": "robots.txt",
    }
    missing = [k for k, rel in kinds.items() if not (built / rel).is_file()]
    assert missing == []
    tag_pages = [p for p in (built / "chu-de").iterdir() if (p / "index.html").is_file()]
    assert len(tag_pages) >= len(PAYLOADS) - len(TOO_LONG_FOR_A_TAG)
    files = sum(
        1 for p in built.rglob("*") if p.is_file() and p.suffix in (".html", ".xml", ".txt")
    )
    print(f"\nchecked {files} files of {len(kinds)} kinds for {len(PAYLOADS)} payloads")
    assert findings.problems == []


@needs_theme
@pytest.mark.parametrize("p", PAYLOADS, ids=[p.name for p in PAYLOADS])
def test_each_payload_is_shown_as_text_on_its_pages(built, findings, p):
    k, shown = p.key, p.shown
    bulletin_rel = f"tin-tuc/2024/tin-{k}/index.html"
    doc = page(built, bulletin_rel)
    assert doc.get_element_by_id("tieu-de").text_content() == shown
    assert doc.findtext(".//title") == f"{shown} – {SITE_TITLE}"
    assert doc.xpath("string(//meta[@name='description']/@content)") == shown
    assert doc.xpath("string(//figure[contains(@class, 'figure--lead')]//img/@alt)") == shown
    assert p.text in findings.json_strings[bulletin_rel]  # JSON-LD: exactly, not even cleaned

    profile = page(built, f"dien-hinh/nguoi-{k}/index.html")
    assert profile.get_element_by_id("ten").text_content() == shown
    assert p.text in findings.json_strings[f"dien-hinh/nguoi-{k}/index.html"]
    campaign = page(built, f"phong-trao/phong-trao-{k}/index.html")
    assert campaign.get_element_by_id("tieu-de").text_content() == shown
    pg = page(built, f"trang-{k}/index.html")
    assert pg.get_element_by_id("tieu-de").text_content() == shown
    bloc = page(built, f"khoi/khoi-{k}/index.html")
    assert bloc.xpath("string(//h1)") == shown
    assert p.text in findings.json_strings[f"khoi/khoi-{k}/index.html"]
    unit = page(built, f"khoi/khoi-{k}/don-vi-a/index.html")
    assert unit.xpath("string(//h1)") == shown
    assert p.text in findings.json_strings[f"khoi/khoi-{k}/don-vi-a/index.html"]

    from bantin.urls import slugify

    for label in tags_for(p)[1:]:
        tag = page(built, f"chu-de/{slugify(label)}/index.html")
        assert FORBIDDEN_CHARS.sub("", label) in tag.xpath("string(//h1)")

    atom = etree.fromstring((built / f"khoi/khoi-{k}/feed.xml").read_bytes())
    assert [e.findtext(f"{ATOM}title") for e in atom.iter(f"{ATOM}entry")] == [shown]
    rss = etree.fromstring((built / f"phong-trao/phong-trao-{k}/rss.xml").read_bytes())
    # RSS titles are read as HTML: the payload is escaped text in it, no element
    titles = [i.findtext("title") for i in rss.iter("item")]
    assert [html.unescape(t) for t in titles] == [shown] and "<" not in titles[0]


@needs_theme
def test_template_syntax_in_user_text_is_never_evaluated(built):
    for name in ("jinja-expression", "jinja-statement", "jinja-globals", "format-string"):
        p = next(x for x in PAYLOADS if x.name == name)
        doc = page(built, f"tin-tuc/2024/tin-{p.key}/index.html")
        assert doc.get_element_by_id("tieu-de").text_content() == p.text
        assert p.text in doc.text_content()
    expression = next(x for x in PAYLOADS if x.name == "jinja-expression")
    heading = page(built, f"tin-tuc/2024/tin-{expression.key}/index.html").get_element_by_id(
        "tieu-de"
    )
    assert "49" not in heading.text_content()


# ---------------------------------------------------------------- the site's own settings


@pytest.fixture(scope="module")
def settings_site(tmp_path_factory) -> Path:
    from conftest import theme_missing

    if theme_missing():
        pytest.skip(theme_missing())
    root = copy_site("minimal", tmp_path_factory.mktemp("injection-settings"))
    (root / "bytecode").mkdir()
    return root


def render_with_settings(root: Path, p: Payload, out: Path) -> None:
    """The minimal site with the payload as its title, short title, description, publisher,
    a menu label and a category label, rendered (every page, feed and the sitemap) into
    ``out`` by the renderer the build uses, with its cache of compiled templates."""
    from bantin.config import load_config
    from bantin.loader import load_content
    from bantin.render import make_env, plan_pages, render_page
    from bantin.site import link

    t = q(p.text)
    extra = (
        f"description: {t}\npublisher: {t}\n"
        f"categories: [{{slug: muc, label: {t}}}]\n"
        f"menu: [{{label: {t}, url: {q(url_for(p))}}}, {{label: {t}, url: /gioi-thieu/}}]\n"
    )
    write_files(root, {"site_config.yaml": site_config(p.text, short_title=p.text, extra=extra)})
    config = load_config(root)
    content = load_content(config)
    site, problems = link(config, content)
    assert [x for x in content.problems + problems if x.severity == "error"] == []
    if out.exists():
        shutil.rmtree(out)
    env = make_env(site, root / "bytecode")
    for f in (render_page(env, spec) for spec in plan_pages(site)):
        path = out / f.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(f.data)


@needs_theme
@pytest.mark.parametrize("p", PAYLOADS, ids=[p.name for p in PAYLOADS])
def test_the_sites_own_settings_are_inert_on_every_page(settings_site, p):
    out = settings_site / "rendered"
    render_with_settings(settings_site, p, out)
    found = check_output(out)
    assert found.problems == []
    shown = p.shown
    home = page(out, "index.html")
    assert home.findtext(".//h1") == shown
    assert home.xpath("string(//meta[@property='og:site_name']/@content)") == shown
    assert p.text in found.json_strings["index.html"]
    atom = etree.fromstring((out / "feed.xml").read_bytes())
    assert atom.findtext(f"{ATOM}title") == shown
    assert atom.findtext(f"{ATOM}subtitle") == shown
    rss = etree.fromstring((out / "rss.xml").read_bytes())
    assert html.unescape(rss.findtext("channel/description")) == shown  # read as HTML
    assert page(out, "404.html").xpath("string(//p[@class='site-footer__title'])") == shown


# ---------------------------------------------------------------- fields that refuse a payload

TOO_LONG_FOR_A_TAG = [p for p in PAYLOADS if len(tags_for(p)) < 2]


def test_a_tag_too_long_for_an_address_is_refused(minimal_site):
    """A tag is the name of its page's folder: one longer than a file name may be is an error
    naming a bulletin that has it (not a crash when the page is written)."""
    from bantin.check import check_site

    assert TOO_LONG_FOR_A_TAG, "the corpus has very long payloads"
    long_tag = TOO_LONG_FOR_A_TAG[0].text
    write_files(
        minimal_site,
        {
            "content/bulletins/2024/dai.md": (
                "---\ntitle: Tin có chủ đề dài\ndate: 2024-01-11T08:00:00+07:00\n"
                f"tags: [{q(long_tag)}]\n---\nNội dung.\n"
            )
        },
    )
    problems = [x for x in check_site(minimal_site).problems if x.code == "render.name_too_long"]
    assert [x.path for x in problems] == ["content/bulletins/2024/dai.md"]
    assert len(str(problems[0].message)) < 300  # the tag is shortened in the message


# ---------------------------------------------------------------- links written in fields

DANGEROUS = [p for p in PAYLOADS if is_dangerous(p.text)]


def test_the_corpus_has_dangerous_addresses():
    assert len(DANGEROUS) >= 6


@needs_theme
@pytest.mark.parametrize("p", DANGEROUS, ids=[p.name for p in DANGEROUS])
def test_dangerous_addresses_in_fields_are_refused(minimal_site, p):
    """A ``javascript:`` (``data:``, ``vbscript:``…) address in a field printed as a link is
    an error naming the file, in ``check`` as in ``build``."""
    from bantin.check import check_site

    t = q(p.text)
    write_files(
        minimal_site,
        {
            "content/bulletins/2024/nguon.md": (
                "---\ntitle: Tin đăng lại\ndate: 2024-01-11T08:00:00+07:00\n"
                f"source: {{name: Báo tỉnh, url: {t}}}\n---\nNội dung.\n"
            ),
            "content/blocs/khoi-hai.yaml": (
                "kind: khoi\nname: Khối hai\nprovince: lao-cai\n"
                f"members:\n  - {{slug: don-vi, name: Đơn vị, url: {t}}}\n"
            ),
            "site_config.yaml": site_config(
                SITE_TITLE, extra=f"menu: [{{label: Trang chủ, url: {t}}}]\n"
            ),
        },
    )
    report = check_site(minimal_site)
    refused = {(x.path, x.line > 0) for x in report.problems if x.code == "load.unsafe_url"}
    assert refused == {
        ("content/bulletins/2024/nguon.md", True),
        ("content/blocs/khoi-hai.yaml", True),
        ("site_config.yaml", False),
    }


# ---------------------------------------------------------------- feeds, as a reader parses them


def _reader_fields(parsed) -> Iterator[tuple[str, str, str]]:
    """Every text a feed reader takes from a parsed feed: (where, content type, value)."""
    for name in ("title", "subtitle", "rights", "publisher", "author"):
        detail = parsed.feed.get(f"{name}_detail")
        if detail is not None:
            yield f"feed {name}", detail.get("type", "text/plain"), detail.get("value", "")
    for n, entry in enumerate(parsed.entries):
        for name in ("title", "summary", "rights", "author"):
            detail = entry.get(f"{name}_detail")
            if detail is not None:
                yield f"entry {n} {name}", detail.get("type", "text/plain"), detail.get("value", "")
        for c in entry.get("content", []):
            yield f"entry {n} content", c.get("type", "text/plain"), c.get("value", "")


def test_feeds_are_inert_in_a_reader_that_does_not_sanitise(built):
    """Every feed parsed by feedparser with its sanitiser off, as a careless feed reader would:
    whatever it hands out as HTML (the RSS descriptions of the channel and of each item, titles
    it guesses to be HTML, Atom's ``type="html"`` content) holds no element or attribute that
    could run."""
    feedparser = pytest.importorskip("feedparser")
    found = Findings([], {})
    feeds = sorted(built.rglob("*.xml"))
    checked = 0
    for path in feeds:
        if path.name == "sitemap.xml":
            continue
        rel = path.relative_to(built).as_posix()
        parsed = feedparser.parse(path.read_bytes(), sanitize_html=False)
        assert not parsed.bozo, f"{rel}: {parsed.bozo_exception}"
        for where, kind, value in _reader_fields(parsed):
            checked += 1
            if "html" in kind:
                check_html_fragment(value, f"{rel} {where}", found)
    assert checked > 1000
    assert found.problems == [], f"{len(found.problems)} problems:\n" + "\n".join(
        found.problems[:40]
    )
