"""What makes user text safe to publish: the HTML allow-list of bulletin bodies, the URL schemes
a link may use, the characters an XML or HTML file may not hold, and the check of SVG files.

* :func:`sanitize_html` passes the HTML made from a Markdown body through nh3 (the Rust library
  ammonia, which parses HTML as a browser does) with an allow-list fit for news articles: what
  Markdown itself makes survives unchanged; ``<script>``, ``<style>``, ``<iframe>``, event
  handlers (``onclick=``), ``style=`` and links to ``javascript:``, ``vbscript:`` or ``data:``
  do not. It also says, in a few words, what it removed (for a warning naming the file).
* :func:`url_scheme` reads the scheme of a URL the way a browser does (``" JaVa\\tScript:"`` is
  ``javascript``); :func:`is_safe_url` accepts http, https, mailto, tel and relative URLs.
* :func:`xml_safe` drops the characters XML 1.0 forbids (C0 controls but tab and line breaks,
  U+FFFE, U+FFFF, lone surrogates): a title with one would make every feed unreadable.
* :func:`svg_danger` reads an SVG file with the standard library's expat, without loading any
  external entity or DTD, and says what in it would run as a program when the file is opened:
  ``<script>``, ``<foreignObject>``, event handlers, ``javascript:`` links… or that it cannot be
  read at all.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser
from xml.parsers import expat

import nh3

from .urls import srcset_candidates

# ---------------------------------------------------------------- URLs

SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# what bantin's Markdown writes for links to items and media until a page is rendered
PLACEHOLDER_SCHEME = "bantin-ref"

# Browsers remove tabs and line breaks anywhere in a URL, and C0 controls and spaces at its
# ends; here every control character and space is removed, wherever it stands, so that an
# address some lenient parser might still read as "javascript:" counts as one
_URL_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")


def url_scheme(url: str) -> str:
    """The scheme of ``url`` in lower case, read at least as leniently as any browser does
    (``" JaVa\tScript:"`` is ``javascript``); ``""`` for a relative URL."""
    m = _SCHEME.match(_URL_INVISIBLE.sub("", url))
    return m.group(1).lower() if m else ""


def is_safe_url(url: str) -> bool:
    """Whether a link to ``url`` can only open a page or a file: http(s), mailto, tel or a
    relative address (never ``javascript:``, ``vbscript:``, ``data:``…)."""
    scheme = url_scheme(url)
    return scheme == "" or scheme in SAFE_SCHEMES


# ---------------------------------------------------------------- characters

# Not allowed anywhere in XML 1.0 (and parse errors in HTML): C0 controls but tab, LF and CR;
# the non-characters U+FFFE and U+FFFF; lone surrogates (they cannot even be written as UTF-8).
_NOT_PRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters an XML or HTML file may not hold; ``text`` itself when
    it holds none (every one of them is "not printable" to Python, which tells the most common
    case, a title, a name, an address, at once)."""
    if text.isprintable() or not _NOT_PRINTABLE.search(text):
        return text
    return _NOT_PRINTABLE.sub("", text)


# ---------------------------------------------------------------- the allow-list of bodies

ALLOWED_TAGS = frozenset(
    {
        # text
        "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "div", "span",
        "a", "abbr", "b", "strong", "i", "em", "u", "s", "del", "ins", "mark", "small",
        "sub", "sup", "code", "kbd", "samp", "var", "q", "cite", "dfn", "time", "wbr",
        "bdi", "bdo",
        # lists
        "ul", "ol", "li", "dl", "dt", "dd",
        # tables
        "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "colgroup", "col",
        # pictures and folding
        "figure", "figcaption", "img", "details", "summary",
    }
)  # fmt: skip
# Removed with everything inside them (the others are removed, their text kept)
REMOVED_WITH_CONTENT = frozenset(
    {
        "script", "style", "template", "iframe", "frame", "frameset", "object", "embed",
        "applet", "noscript", "noembed", "noframes", "textarea", "select", "title", "xmp",
        "svg", "math",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "*": {"id", "title", "lang", "dir"},
    "a": {"href", "hreflang"},
    "img": {"src", "srcset", "sizes", "alt", "width", "height"},
    "ol": {"start", "reversed"},
    "th": {"colspan", "rowspan", "scope", "headers"},
    "td": {"colspan", "rowspan", "headers"},
    "col": {"span"},
    "colgroup": {"span"},
    "time": {"datetime"},
    "details": {"open"},
}
# Attributes allowed with these values only (the ones bantin's Markdown writes)
_ALIGN = {f"text-align: {side};" for side in ("left", "center", "right")}
ALLOWED_VALUES = {
    "img": {"loading": {"lazy", "eager"}, "decoding": {"async", "sync", "auto"}},
    "div": {"tabindex": {"0"}},  # a scrolling table can be scrolled from the keyboard
    "th": {"style": _ALIGN},  # the column alignment of Markdown tables
    "td": {"style": _ALIGN},
}
# The classes bantin's Markdown writes: scrolling tables, footnotes, a [TOC]
ALLOWED_CLASSES = {
    "div": {"table-scroll", "footnote", "toc"},
    "a": {"footnote-ref", "footnote-backref"},
}
URL_SCHEMES = SAFE_SCHEMES | {PLACEHOLDER_SCHEME}


def _url_filter(tag: str, attr: str, value: str) -> str | None:
    """nh3 checks the scheme of ``href`` and ``src`` as a browser reads it; here it is read
    more leniently still (spaces inside, ``java script:``), and a ``srcset``, a list of
    addresses, is kept only when each of them is safe."""
    if attr in ("href", "src"):
        scheme = url_scheme(value)
        return value if scheme == "" or scheme in URL_SCHEMES else None
    if attr == "srcset":
        urls = [value, *(url for url, _ in srcset_candidates(value))]
        return value if all(is_safe_url(url) for url in urls) else None
    return value


_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(REMOVED_WITH_CONTENT),
    attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
    tag_attribute_values={t: {a: set(v) for a, v in d.items()} for t, d in ALLOWED_VALUES.items()},
    allowed_classes={k: set(v) for k, v in ALLOWED_CLASSES.items()},
    url_schemes=set(URL_SCHEMES),
    attribute_filter=_url_filter,
    link_rel=None,
    strip_comments=True,
)


@dataclass(frozen=True)
class Sanitized:
    html: str
    # what was removed, in a few words each ("<script>", "onclick=", "a javascript: link"),
    # sorted; empty when the HTML was already within the allow-list
    removed: tuple[str, ...] = ()


def sanitize_html(html: str) -> Sanitized:
    """``html`` (a fragment: the body of a page) within the allow-list, and what was removed.

    HTML the sanitiser keeps whole is returned exactly as it came, not as nh3 writes it again:
    when the two differ only in how characters are written (``&#160;`` or ``&nbsp;``, the
    footnotes' ``&#8617;`` or "↩", the encoded letters of a Markdown e-mail link), they hold
    the same text, tags and attributes. Nothing of the kind can hide markup: the only places
    where a browser does not decode a character reference (scripts, styles, comments, raw text
    elements) are all removed by the allow-list, so the two would differ in more than that."""
    clean = _CLEANER.clean(html)
    if clean == html or unescape(clean) == unescape(html):
        return Sanitized(html)
    return Sanitized(clean, _removed(html, clean))


class HtmlReader(HTMLParser):
    """:class:`html.parser.HTMLParser` that reads ``<![`` as browsers do outside SVG and
    MathML: a bogus comment up to the next ``>``. The standard parser raises AssertionError on
    a marked section it does not know (``<![i](media/a.jpg)`` in Markdown, ``<![if !vml]>``
    pasted from Word)."""

    def parse_marked_section(self, i: int, report: int = 1) -> int:
        end = self.rawdata.find(">", i + 3)
        return -1 if end < 0 else end + 1


class _Inventory(HtmlReader):
    """The start tags and attributes of an HTML fragment, counted."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.attrs: Counter[tuple[str, str]] = Counter()
        self.urls: dict[tuple[str, str], Counter[str]] = {}
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        for name, value in attrs:
            self.attrs[(tag, name)] += 1
            if name in ("href", "src"):
                self.urls.setdefault((tag, name), Counter())[value or ""] += 1

    handle_startendtag = handle_starttag


_MOST = 6  # what a warning names at most


def _removed(before: str, after: str) -> tuple[str, ...]:
    """What the sanitiser took out of ``before`` to make ``after``, in a few words each."""
    was, now = _Inventory(before), _Inventory(after)
    found: set[str] = set()
    gone_tags = {t for t, n in was.tags.items() if n > now.tags[t]}
    found |= {f"<{t}>" for t in gone_tags}
    for (tag, name), n in was.attrs.items():
        if tag in gone_tags or n <= now.attrs[(tag, name)]:
            continue
        left = now.urls.get((tag, name), Counter())
        bad = {url_scheme(v) for v in was.urls.get((tag, name), ()) if v not in left}
        bad = {s for s in bad if s and s not in URL_SCHEMES}
        found |= {f"{s}:" for s in bad} if bad else {f"{name}="}
    items = sorted(found)
    return tuple(items[:_MOST] + (["…"] if len(items) > _MOST else []))


def locate(text: str, removed: tuple[str, ...]) -> tuple[int, int]:
    """The 0-based line and column in ``text`` (the Markdown) of the first thing ``removed``
    names that can be found there; (0, 0) when none can."""
    best = -1
    for item in removed:
        if item.startswith("<"):
            pattern = r"<\s*" + re.escape(item[1:-1]) + r"\b"
        elif item.endswith("="):
            pattern = r"\b" + re.escape(item[:-1]) + r"\s*="
        elif item.endswith(":"):
            pattern = r"\b" + re.escape(item[:-1]) + r"\s*:"
        else:
            continue
        m = re.search(pattern, text, re.IGNORECASE)
        if m and (best < 0 or m.start() < best):
            best = m.start()
    if best < 0:
        return 0, 0
    return text.count("\n", 0, best), best - (text.rfind("\n", 0, best) + 1)


# ---------------------------------------------------------------- SVG

_SVG_NS = "http://www.w3.org/2000/svg"
_XHTML_NS = "http://www.w3.org/1999/xhtml"
_ANIMATIONS = frozenset({"set", "animate", "animateMotion", "animateTransform", "animateColor"})
# pictures an SVG may carry inside itself (an <image> of a logo, exported by drawing programs)
_DATA_PICTURE = re.compile(r"data:image/(png|jpeg|jpg|gif|webp)[;,]", re.IGNORECASE)


@dataclass(frozen=True)
class SvgDanger:
    """Why an SVG file may not be published: ``what`` it holds in a few words (``<script>``,
    ``onload=``, ``a javascript: link``…), or, with ``unreadable``, the XML parser's reason;
    and the 1-based line and column where it was found (0 when unknown)."""

    what: str
    line: int = 0
    col: int = 0
    unreadable: bool = False


class _Refused(Exception):
    def __init__(self, danger: SvgDanger):
        super().__init__(danger.what)
        self.danger = danger


def svg_danger(data: bytes) -> SvgDanger | None:
    """What in the SVG ``data`` would run as a program when a reader opens the file, or why
    it cannot be read; None for a picture safe to publish as it is.

    Read with expat: no external entity, DTD or parameter entity is ever loaded, and an entity
    declared in the file must be plain text (no references to other entities, no markup), so
    no expansion can grow (the "billion laughs")."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def here(what: str) -> SvgDanger:
        return SvgDanger(what, parser.CurrentLineNumber, parser.CurrentColumnNumber + 1)

    def refuse(what: str) -> None:
        raise _Refused(here(what))

    def entity(name, is_parameter, value, base, system_id, public_id, notation) -> None:
        if is_parameter or value is None or notation is not None:
            refuse(f"<!ENTITY {name}>")
        if "&" in value or "<" in value or len(value) > 10_000:
            refuse(f"<!ENTITY {name}>")

    def external(context, base, system_id, public_id) -> int:
        refuse(f"SYSTEM {system_id!r}")
        return 0

    def start(name: str, attrs: dict[str, str]) -> None:
        ns, _, local = name.rpartition(" ")
        if ns == _XHTML_NS:
            refuse(f"<{local}>")  # HTML inside the picture: <script>, <iframe>, <object>…
        if local.lower() in ("script", "foreignobject", "handler", "listener"):
            refuse(f"<{local}>")
        for key, value in attrs.items():
            attr = key.rpartition(" ")[2]
            if attr.lower().startswith("on"):
                refuse(f"{attr}=")
            if attr == "href" or (local in _ANIMATIONS and attr in ("to", "from", "values")):
                scheme = _script_scheme(value, local)
                if scheme:
                    refuse(f"{scheme}:")
        if local in _ANIMATIONS:
            target = attrs.get("attributeName", "")
            if target.rpartition(":")[2] == "href" or target.lower().startswith("on"):
                refuse(f"<{local} attributeName={target!r}>")

    def instruction(target: str, data: str) -> None:
        if target.lower() == "xml-stylesheet":
            refuse("<?xml-stylesheet?>")

    parser.EntityDeclHandler = entity
    parser.ExternalEntityRefHandler = external
    parser.StartElementHandler = start
    parser.ProcessingInstructionHandler = instruction
    try:
        parser.Parse(data, True)
    except _Refused as exc:
        return exc.danger
    except expat.ExpatError as exc:
        return SvgDanger(expat.errors.messages[exc.code], exc.lineno, exc.offset + 1, True)
    except (ValueError, RecursionError) as exc:  # an encoding expat does not know, say
        return SvgDanger(str(exc), 0, 0, True)
    return None


def _script_scheme(value: str, element: str) -> str:
    """The scheme of an address in an SVG (or of one of a list, ``values="a;b"``) that is not
    a page, a file or an embedded picture: ``javascript``, ``data`` (of a document)…; or ""."""
    for part in value.split(";") if element in _ANIMATIONS else [value]:
        scheme = url_scheme(part)
        if scheme == "" or scheme in SAFE_SCHEMES:
            continue
        if scheme == "data" and _DATA_PICTURE.match(_URL_INVISIBLE.sub("", part)):
            continue
        return scheme
    return ""
