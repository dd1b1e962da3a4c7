"""Search: a Pagefind index of the site, made in parts from records of the pages.

**Records.** When a page is rendered, :func:`page_record` reads from its bytes what Pagefind's own
reading of the HTML would take from it (``fossick/parser.rs`` of Pagefind): the text of the
elements marked ``data-pagefind-body``, less the parts marked ``data-pagefind-ignore``, scripts,
styles, forms, navigation and the like; a full stop and a space after each block element, the
headings weighted as Pagefind weights them; the filters (``data-pagefind-filter``), sort keys
(``data-pagefind-sort``) and meta data (``data-pagefind-meta``; the title from the first ``h1``,
the picture from the first ``img`` after it). The record is deterministic JSON of what Pagefind's
``AddRecord`` takes, so the index Pagefind makes of it is the one it would make of the page.
``tests/test_search_records.py`` holds that against Pagefind itself.

**Folding đ.** Pagefind folds tone marks, so "nong thon moi" finds "nông thôn mới". It does not
fold ``đ`` (U+0111 has no decomposition), so "doan" would not find "Đoàn", nor its look-alike
``Ð`` (U+00D0, the Latin eth, which text copied from some documents has for Đ). Each record's
text ends with a marker word and the words of the text that hold ``đ`` or ``ð``, spelt with ``d``
(and those with ``ð`` also with ``đ``): :func:`with_folded_words`. A word is what Pagefind takes as
one, all that lies between spaces: it indexes "98/2023/NĐ-CP" as "982023nđcp" (and its parts), so
the record adds "98/2023/nd-cp" and "98/2023/ND-CP" finds the page. The search page's script
(``search.js`` of the theme) searches for ``ð`` as ``đ`` and builds each excerpt from the text
before the marker, so the folded spelling is never shown. The pages themselves carry none of it.

**Parts.** The index is cut into parts (:func:`plan_parts`), each a complete Pagefind index made
by a ``pagefind --service`` of its own: a year of bulletins (a year with more than
``search.part_size`` of them in runs of whole months), and the pages without a date (profiles,
campaigns). A build makes again only the parts whose records changed, up to ``jobs`` of them at
once, each from its records in the order of their addresses; :func:`settle` sorts what Pagefind
still writes in hash-map order. So the same records always give the same files. The newest part
is the bundle folder itself (with Pagefind's script and WebAssembly); every other part is a
sub-folder of it, named in ``bantin-parts.json``, which the search page merges at query time.
"""

from __future__ import annotations

import base64
import functools
import gzip
import hashlib
import json
import math
import os
import re
import select
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from html import unescape
from importlib import metadata
from pathlib import Path
from typing import Any

from lxml import etree

FORMAT = 6  # bump when what is given to Pagefind changes
FOLD_MARK = "bantinfold"  # begins the folded words of a record; the search script cuts there
BODY_ATTR = "data-pagefind-body"
PARTS_FILE = "bantin-parts.json"  # in the bundle folder: the other parts' folder names
PART_SIZE = 1500  # search.part_size: records in a part, above which a year is cut into months
MIN_PART_SIZE = 50
OTHER = "khac"  # the part of the pages without a date: profiles, campaigns
ALL = "tat-ca"  # the only part of an index of up to part_size pages


_D_BAR = "đĐðÐ"  # đ, and the Latin eth that looks like it
_TO_D = str.maketrans(_D_BAR, "dDdD")
_TO_D_BAR = str.maketrans("ðÐ", "đĐ")


def fold(text: str) -> str:
    """``Đoàn Thanh niên`` → ``Doan Thanh nien``: tone marks dropped, đ (and ð, Ð) → d."""
    decomposed = unicodedata.normalize("NFD", text.translate(_TO_D))
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


_EDGES_RE = re.compile(r"^\W+|\W+$")
_D_CHAR_RE = re.compile(f"[{_D_BAR}]")


def folded_words(text: str) -> list[str]:
    """The words of ``text`` that hold ``đ`` or ``ð``, folded and in small letters, each once, in
    order; a word with ``ð`` also spelt with ``đ``. A word is what lies between spaces, as
    Pagefind takes it, less the punctuation at its ends: "(98/2023/NĐ-CP)" gives
    "98/2023/nd-cp", which Pagefind indexes as "982023ndcp", "98", "2023", "nd" and "cp"."""
    text = " ".join(text.split())
    seen: dict[str, None] = {}
    end = 0
    for m in _D_CHAR_RE.finditer(text):
        at = m.start()
        if at < end:  # in the word just taken
            continue
        end = text.find(" ", at)
        if end < 0:
            end = len(text)
        for word in _folded_word(text[text.rfind(" ", 0, at) + 1 : end]):
            seen.setdefault(word, None)
    return list(seen)


@functools.lru_cache(maxsize=1 << 16)
def _folded_word(chunk: str) -> tuple[str, ...]:
    """The spellings :func:`folded_words` gives one chunk of text between spaces."""
    word = _EDGES_RE.sub("", chunk)
    if not any(c in _D_BAR for c in word):
        return ()
    if "ð" in word or "Ð" in word:
        return word.translate(_TO_D_BAR).lower(), fold(word).lower()
    return (fold(word).lower(),)


def with_folded_words(text: str) -> str:
    """``text`` followed by the marker word and its folded ``đ``-words (and ``ð``-words);
    unchanged when it has none."""
    words = folded_words(text)
    return f"{text} {FOLD_MARK} {' '.join(words)}" if words else text


# ---------------------------------------------------------------- what Pagefind takes from a page
#
# Pagefind reads a page as a stream of tags (lol_html) and keeps, for each open element, the text
# it has gathered; at an element's end tag it takes the element's filters, sort keys and meta
# data, and hands its text to the parent: nothing for an ignored element, " text. " for a block
# element, the text between weight markers for a heading; a body empties its parent and makes it
# a "parent of a body", which takes no other element's text from then on. _Reader does the same
# over the tree lxml parses (libxml2 follows HTML5's tokenizer; bantin's pages are well formed),
# walking in full only the bodies and the elements that give a filter, sort key, meta datum, the
# title or the picture, and the way down to them: nothing else can reach the record.

_INDEXING, _IGNORED, _EXCLUDED, _BODY, _PARENT_OF_BODY = range(5)
_SENTENCE = frozenset("h1 h2 h3 h4 h5 h6 p td div ul li article section".split())
_REMOVED = frozenset("head style script noscript label form svg footer nav iframe template".split())
_VOID = frozenset(
    "area base br col embed hr img input keygen link meta param source track wbr".split()
)
# elements whose text element() hands to their parent as it is, when they hold no element and
# no attribute Pagefind reads
_INLINE = frozenset(
    "a abbr b bdi bdo cite code data dfn em i kbd mark q s samp small span strong sub sup time u"
    " var".split()
)
_WEIGHT = {"h1": "7", "h2": "6", "h3": "5", "h4": "4", "h5": "3", "h6": "2"}
_ATTRIBUTES = (  # (attribute, what it gives), in the order Pagefind takes them
    ("data-pagefind-filter", "filters"),
    ("data-pagefind-sort", "sort"),
    ("data-pagefind-meta", "meta"),
    ("data-pagefind-default-meta", "default_meta"),
)
_WHOLE = frozenset({BODY_ATTR, *(a for a, _ in _ATTRIBUTES)})  # walked in full: all they hold
_MARKS = _WHOLE | {"data-pagefind-ignore", "data-pagefind-index-attrs", "data-pagefind-weight"}
# what can reach a record besides the bodies' text: elements with these attributes (found fast
# as attributes) and the title, the first h1 and the picture after it
_WANTED_ATTRIBUTES = (*_WHOLE, "data-pagefind-index-attrs")
_WANTED_TAGS = ("h1", "title", "img")
_FROM_ATTRIBUTE = re.compile(r"^\s*(?P<name>[^:\[\]]+)\[(?P<attr>.+)\]\s*$", re.S)
_PRIVATE = re.compile(r"___PAGEFIND_\S+\s?")  # Pagefind's own markers, never in a value
# white space as Rust's char::is_whitespace has it (Pagefind splits words there)
_WS = "\t\n\v\f\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_SPACES = re.compile(f"[{_WS}]+")
_SEPARATORS = re.compile("[\x1c-\x1f]")
_TRIM = re.compile(f"^[{_WS}]+|[{_WS}]+$")
_RUNS = re.compile(f"[{_WS}]{{2,}}")
_NEWLINES = re.compile(r"(?:\n|\r\n)+")
# Pagefind sees a character reference undecoded when it looks at the last character of a block
# (a block ending with "&#34;" ends with ";", so gets no full stop), and takes a picture's
# address and text as written; the parser decodes them. The references to quotes are read as
# noncharacters instead, given back as quotes at the end (or as written, for the picture).
_REFS = (  # (reference, what stands for it, the character)
    ("&#34;", "\ufdd0", '"'),
    ("&quot;", "\ufdd1", '"'),
    ("&#39;", "\ufdd2", "'"),
    ("&#x27;", "\ufdd3", "'"),
    ("&apos;", "\ufdd4", "'"),
)
_QUOTES = str.maketrans({mark: char for _ref, mark, char in _REFS})
_AS_WRITTEN = str.maketrans({mark: ref for ref, mark, _char in _REFS})
_PARSER = etree.HTMLParser(encoding="utf-8", no_network=True, remove_pis=True)


def _stops(c: str) -> bool:
    """Whether Pagefind ends a block whose text ends with ``c`` with a full stop (Rust's
    ``[\\w'")$*]``: letters, marks, digits, connectors, and those five)."""
    if c in "'\")$*":
        return True
    category = unicodedata.category(c)
    return category[0] in "LM" or category in ("Nd", "Nl", "Pc")


def _as_written(value: str) -> str:
    """An attribute's value as Pagefind takes it, undecoded: as bantin's templates write it."""
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return value.translate(_AS_WRITTEN)


def _normal(text: str) -> str:
    """Pagefind's normalize_content, less its decoding of character references (the parser has
    decoded them): ends trimmed, line breaks and runs of white space made one space."""
    if text.isprintable() and text[:1] != " " and text[-1:] != " " and "  " not in text:
        return text  # nothing to do (the usual case: a word or a name)
    return _RUNS.sub(" ", _NEWLINES.sub(" ", _TRIM.sub("", text)))


class _Node:
    __slots__ = ("status", "value")

    def __init__(self, status: int) -> None:
        self.status = status
        self.value: list[str] = []


class _Reader:
    """One page, read as Pagefind reads it."""

    def __init__(self, wanted: set[Any]) -> None:
        self.wanted = wanted  # the elements on the way to what can reach the record
        self.filters: dict[str, list[str]] = {}
        self.sort: dict[str, str] = {}
        self.meta: dict[str, str] = {}
        self.default_meta: dict[str, str] = {}
        self.auto: dict[str, str] = {}  # title, page_title, image, image_alt

    def element(self, el: Any, parent: _Node, whole: bool) -> None:
        """Read ``el`` into ``parent``; ``whole``: every element inside counts."""
        tag = el.tag
        keys = el.keys()
        marked = bool(keys) and not _MARKS.isdisjoint(keys)  # has an attribute Pagefind reads
        status = _EXCLUDED if parent.status == _EXCLUDED else _INDEXING
        attrib = el.attrib if marked else None
        if attrib is not None:
            own = _INDEXING
            if BODY_ATTR in attrib:
                own = _BODY
            elif (ignore := attrib.get("data-pagefind-ignore")) is not None:
                own = _IGNORED if ignore.lower() in ("", "index", "true") else _EXCLUDED
            if own != _EXCLUDED and (names := attrib.get("data-pagefind-index-attrs")):
                for name in names.split(","):
                    value = attrib.get(name.strip(), "")
                    if value and _stops(value[-1]):
                        value += "."
                    parent.value += (" ", value, " ")
            if status != _EXCLUDED:
                status = own
        if tag in _REMOVED:
            status = _IGNORED
        elif tag in _VOID:
            if tag == "br" and whole:
                parent.value.append(" ")
            if status != _EXCLUDED:
                if attrib is not None:
                    self._attributes(attrib, "")
                if (
                    tag == "img"
                    and "image" not in self.auto
                    and ("title" in self.auto or "title" in self.meta)
                    and (src := el.get("src")) is not None
                ):
                    self.auto["image"] = _as_written(src)
                    self.auto["image_alt"] = _as_written(el.get("alt", ""))
            # what libxml2 puts inside an element HTML5 has empty (<source>) is its parent's
            self._inside(el, parent, whole)
            return
        node = _Node(status)
        self._inside(
            el,
            node,
            whole or tag in ("h1", "title") or (attrib is not None and not _WHOLE.isdisjoint(keys)),
        )
        if status == _EXCLUDED:
            return
        value = "".join(node.value)
        if attrib is not None:
            self._attributes(attrib, value)
        if tag == "h1":
            if "title" not in self.auto and _TRIM.sub("", value):
                self.auto["title"] = _normal(value)
        elif tag == "title" and "page_title" not in self.auto:
            self.auto["page_title"] = _normal(value)
        if node.status == _IGNORED:
            return
        if tag in _SENTENCE:
            value = f" {value}. " if value and _stops(value[-1]) else f" {value} "
        if attrib is not None and (weight := attrib.get("data-pagefind-weight")) is not None:
            value = f" ___PAGEFIND_WEIGHT___{weight} {value} ___END_PAGEFIND_WEIGHT___ "
        elif tag in _WEIGHT:
            value = f" ___PAGEFIND_AUTO_WEIGHT___{_WEIGHT[tag]} {value} ___END_PAGEFIND_WEIGHT___ "
        if node.status == _INDEXING:
            if parent.status != _PARENT_OF_BODY:
                parent.value.append(value)
        else:  # a body, or an element holding one
            if parent.status != _PARENT_OF_BODY:
                parent.value.clear()
                parent.status = _PARENT_OF_BODY
            parent.value.append(value)

    def _inside(self, el: Any, node: _Node, whole: bool) -> None:
        value = node.value
        if el.text:
            value.append(el.text)
        wanted = self.wanted
        for child in el:
            if whole:
                tag = child.tag
                if tag in _INLINE and not len(child) and _MARKS.isdisjoint(child.keys()):
                    # text in a link, emphasis…: what element() would do, quicker
                    if child.text and node.status not in (_EXCLUDED, _PARENT_OF_BODY):
                        value.append(child.text)
                elif tag.__class__ is str:  # not a comment
                    self.element(child, node, whole)
            elif child in wanted and child.tag.__class__ is str:
                self.element(child, node, whole)
            if child.tail:
                value.append(child.tail)

    def _attributes(self, attrib: Any, value: str) -> None:
        """The filters, sort keys and meta data an element gives, its text being ``value``."""
        for attribute, kind in _ATTRIBUTES:
            spec = attrib.get(attribute)
            if spec is None:
                continue
            for item in _attribute_list(spec, attrib):
                name, given, literal = item.partition(":")
                if given:
                    found = _normal(literal)
                elif value:
                    found = _normal(value)
                else:
                    continue
                if kind == "filters":
                    # Pagefind decodes the character references of a filter's value twice: the
                    # default theme writes each "&" of a value once more for it
                    found = _PRIVATE.sub("", _normal(unescape(found)))
                    self.filters.setdefault(name, []).append(found)
                else:
                    getattr(self, kind)[name] = found

    def page_meta(self) -> dict[str, str]:
        meta = dict(self.meta)
        if "image" in self.auto and "image" not in meta:
            meta["image"] = self.auto["image"]
            meta["image_alt"] = self.auto["image_alt"]
        for key in ("title", "page_title"):
            if key in self.auto and "title" not in meta:
                meta["title"] = self.auto[key]
        return {k: _PRIVATE.sub("", v) for k, v in {**self.default_meta, **meta}.items()}


def _attribute_list(spec: str, attrib: Any) -> list[str]:
    """Pagefind's reading of an attribute's value: ``"a, b:c"`` (the literal after the first
    colon belongs to the last name), ``"name[attribute]"`` (the value of another attribute)."""
    head, colon, literal = spec.partition(":")
    if colon:
        items = _attribute_list(head, attrib)
        if items:
            items[-1] += ":" + literal
        return items
    items = []
    for chunk in spec.split(","):
        chunk = chunk.strip()
        m = _FROM_ATTRIBUTE.match(chunk)
        items.append(f"{m['name']}:{attrib.get(m['attr'], '')}" if m else chunk)
    return items


def page_url(rel: str) -> str:
    """The address Pagefind gives the page written at ``rel`` (relative to the site):
    ``tin-tuc/2024/a/index.html`` → ``/tin-tuc/2024/a/``."""
    if rel.endswith("/index.html"):
        rel = rel[: -len("index.html")]
    elif rel == "index.html":
        rel = ""
    return "/" + rel


def read_page(rel: str, html: bytes, language: str) -> dict[str, Any] | None:
    """What the index takes from the page ``html`` written at ``rel``: its record as a dict
    (url, content, language, meta, filters, sort); None for a page without an indexed element,
    and for any file but HTML (Pagefind reads only those: a CSV cell holding the marker is
    data, not a page)."""
    if not rel.endswith(".html") or BODY_ATTR.encode() not in html:
        return None
    quotes = False
    for ref, mark, _char in _REFS:
        if ref.encode() in html:
            html = html.replace(ref.encode(), mark.encode())
            quotes = True
    try:
        doc = etree.fromstring(html, _PARSER)
    except (etree.LxmlError, ValueError):
        return None
    if doc is None:
        return None
    wanted: set[Any] = set()
    present = tuple(a for a in _WANTED_ATTRIBUTES if a.encode() in html)
    for found in [*_attributes_xpath(present)(doc), *doc.iter(_WANTED_TAGS)]:
        el = found if isinstance(found, etree._Element) else found.getparent()
        while el is not None and el not in wanted:
            wanted.add(el)
            el = el.getparent()
    reader = _Reader(wanted)
    top = _Node(_INDEXING)
    if doc in wanted:
        reader.element(doc, top, False)
    if top.status != _PARENT_OF_BODY:
        return None
    text = "".join(top.value)
    # Python splits words where Pagefind does, but also at the four information separators
    text = " ".join(_SPACES.split(text) if _SEPARATORS.search(text) else text.split()).strip(" ")
    record = {
        "url": page_url(rel),
        "content": with_folded_words(text),
        "language": language,
        "meta": reader.page_meta(),
        "filters": reader.filters,
        "sort": reader.sort,
    }
    return _quotes_back(record) if quotes else record


@functools.lru_cache(maxsize=64)
def _attributes_xpath(names: tuple[str, ...]) -> Any:
    """An XPath finding the attributes ``names`` (faster than finding their elements)."""
    return etree.XPath(" | ".join(f"//@{name}" for name in names) or "/..")


def _quotes_back(value: Any) -> Any:
    if isinstance(value, str):
        return value.translate(_QUOTES)
    if isinstance(value, dict):
        return {_quotes_back(k): _quotes_back(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_quotes_back(v) for v in value]
    return value


def record_bytes(record: Mapping[str, Any]) -> bytes:
    """A record as deterministic JSON: the same record, the same bytes."""
    text = json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return text.encode("utf-8", "surrogatepass")


def page_record(rel: str, html: bytes, language: str) -> bytes | None:
    """:func:`read_page` as deterministic JSON bytes (what is given to Pagefind and cached)."""
    record = read_page(rel, html, language)
    return None if record is None else record_bytes(record)


# ---------------------------------------------------------------- parts

_DATE = re.compile(r"(\d{4})(?:-(\d{2}))?")


def record_date(record: Mapping[str, Any]) -> str:
    """The date a record is filed under (its ``date`` sort key), or ``""``."""
    date = (record.get("sort") or {}).get("date", "")
    return date if _DATE.match(date) else ""


def part_name(record: Mapping[str, Any]) -> str:
    """The year of the record's date (``"2024"``), or ``"khac"`` for a record without one; a year
    with more than ``search.part_size`` records is cut further by :func:`plan_parts`."""
    date = record_date(record)
    return date[:4] if date else OTHER


def plan_parts(pages: Iterable[tuple[str, str]], part_size: int) -> dict[str, list[str]]:
    """The parts of the index: part name → the addresses it holds, sorted. ``pages`` are
    (address, date) pairs, the date as :func:`record_date` gives it.

    Up to ``part_size`` pages are one part, "tat-ca". Above that, each year is a part; a year
    with more than ``part_size`` pages is cut into runs of whole months from January, a run
    ending before the month that would take it over ``part_size`` and named after its first
    month ("2024-01", "2024-07"); a single month larger than that is a part alone. The pages
    without a date are the part "khac", cut when it is too large into ``ceil(n / part_size)``
    parts by a hash of the address ("khac-1", "khac-2"…)."""
    pages = list(pages)
    if len(pages) <= part_size:  # one part holds them all
        return {ALL: sorted(url for url, _date in pages)}
    years: dict[str, dict[str, list[str]]] = {}
    other: list[str] = []
    for url, date in pages:
        m = _DATE.match(date)
        if m is None:
            other.append(url)
        else:
            years.setdefault(m[1], {}).setdefault(m[2] or "00", []).append(url)
    parts: dict[str, list[str]] = {}
    for year, months in years.items():
        if sum(len(urls) for urls in months.values()) <= part_size:
            parts[year] = [url for urls in months.values() for url in urls]
            continue
        name, run = "", []
        for month in sorted(months):
            if run and len(run) + len(months[month]) > part_size:
                parts[name] = run
                run = []
            if not run:
                name = f"{year}-{month}"
            run = run + months[month]
        parts[name] = run
    if len(other) > part_size:
        count = math.ceil(len(other) / part_size)
        for url in other:
            bucket = int.from_bytes(hashlib.blake2b(url.encode(), digest_size=8).digest(), "big")
            parts.setdefault(f"{OTHER}-{bucket % count + 1}", []).append(url)
    elif other or not parts:
        parts[OTHER] = other
    return {name: sorted(urls) for name, urls in sorted(parts.items())}


def primary_part(names: Iterable[str]) -> str:
    """The part in the bundle folder itself, with Pagefind's script: the newest year's."""
    names = sorted(names)
    dated = [n for n in names if n[:1].isdigit()]
    return dated[-1] if dated else names[0]


def version() -> str:
    """The version of the ``pagefind`` package (part of the index's identity)."""
    try:
        return metadata.version("pagefind")
    except metadata.PackageNotFoundError:
        return ""


class SearchError(Exception):
    """Pagefind could not be started or failed; the message says why."""


def executable() -> str | None:
    """The Pagefind program: ``PAGEFIND_BINARY_PATH``, the one the ``pagefind`` package
    installed, or one on ``PATH``."""
    try:
        from pagefind.service import get_executable
    except ImportError:  # pragma: no cover - a dependency of bantin
        return shutil.which("pagefind")
    found = get_executable()
    return str(found) if found else None


# ---------------------------------------------------------------- making the parts


class Part:
    """One part to make: its name, the folder its files go to, its records (a callable giving
    them in the order of their addresses, read only when the part's turn comes), and whether it
    is the primary part (which keeps Pagefind's script and WebAssembly)."""

    def __init__(
        self,
        name: str,
        folder: Path,
        records: Callable[[], Iterable[bytes]],
        primary: bool,
        size: int = 0,
    ) -> None:
        self.name = name
        self.folder = folder
        self.records = records
        self.primary = primary
        self.size = size  # how many records (0: not known), for make_parts' at_once


# Pagefind's ready-made interfaces: the search page is bantin's own script
_UNUSED = ("pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.", "pagefind-highlight.")
_INDEX_FILES = ("index/", "fragment/", "filter/")


def _kept(rel: str, primary: bool) -> bool:
    """Whether a file Pagefind gives for a part is published: a part in a sub-folder holds only
    its own index; the primary part also Pagefind's script, worker and WebAssembly."""
    if rel.startswith(_INDEX_FILES) or rel == "pagefind-entry.json":
        return True
    if rel.startswith("pagefind.") and rel.endswith(".pf_meta") and "/" not in rel:
        return True
    return primary and "/" not in rel and not rel.startswith(_UNUSED)


# Pagefind holds about 0.3 MB per record until its part is written (94 MB for 250 records,
# 309 MB for 1,000, 563 MB for 2,000, measured with Pagefind 1.5): a second process starts only
# while the parts being made hold no more records than this. Beside a process that holds the
# linked site (serve's, 480 MB at 10,000 bulletins) 1,500; beside a lean build's, which does not
# (about 100 MB), 2,500: two years of 1,000 bulletins at once, each on its own core.
RECORDS_AT_ONCE = 1500
RECORDS_AT_ONCE_LEAN = 2500


def make_parts(
    parts: Sequence[Part], language: str, processes: int, at_once: int = RECORDS_AT_ONCE
) -> None:
    """Make the index of each part in its folder (made anew), up to ``processes`` Pagefind
    processes at once (while they hold at most ``at_once`` records; a larger part is made
    alone), each fed one part's records and ended when the part is written. Raises
    :class:`SearchError` when Pagefind is missing or fails."""
    program = executable()
    if program is None:
        raise SearchError("the Pagefind program was not found")
    pending = list(parts)
    running: list[tuple[Part, PagefindService]] = []

    def room_for(part: Part) -> bool:
        if not running:
            return True
        held = sum(p.size for p, _ in running)
        return len(running) < processes and held + part.size <= at_once

    try:
        while pending or running:
            while pending and room_for(pending[0]):
                part = pending.pop(0)
                service = PagefindService(program)
                running.append((part, service))
                service.index(language, part.records())
            part, service = running.pop(0)
            with service:
                answers = service.read_answers()
            # Pagefind has ended (its memory given back) before its answer is decoded
            _write_part(part, service.files(answers))
    except OSError as exc:
        raise SearchError(str(exc)) from None
    except (ValueError, KeyError, TypeError, IndexError) as exc:
        raise SearchError(f"unexpected answer from Pagefind ({exc})") from None
    finally:
        for _part, service in running:
            service.kill()


def _write_part(part: Part, files: list[dict[str, str]]) -> None:
    shutil.rmtree(part.folder, ignore_errors=True)
    part.folder.mkdir(parents=True)
    for file in files:
        rel = file["path"]
        if _kept(rel, part.primary):
            _write_bundle_file(part.folder, rel, base64.b64decode(file["content"]))
    settle(part.folder)


def _write_bundle_file(bundle: Path, rel: str, data: bytes) -> None:
    path = bundle / rel
    if Path(rel).is_absolute() or ".." in Path(rel).parts:
        raise ValueError(f"a file outside the bundle: {rel}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


# ---------------------------------------------------------------- talking to Pagefind
#
# ``pagefind --service`` reads requests on its standard input and answers each on its standard
# output, in order: JSON, base64-encoded, each followed by a comma. This is what the ``pagefind``
# Python package speaks too, but that package waits 0.1 s before reading each answer (17 minutes
# for 10,000 pages), runs an event loop of its own (``serve`` already runs one), and its
# ``write_files`` answers before the files are on disk, so closing the service then can leave
# them cut short. Here all the requests of a part are written at once (Pagefind reads its input
# in a thread of its own, into a queue without bound, and answers from another: writing never
# waits for an answer to be read), then the answers are read; the index's files come back in the
# answer to ``GetFiles`` and are written by bantin.

TIMEOUT = 3600.0  # seconds for a whole index
PR_SET_PDEATHSIG = 1  # prctl(2): the signal this process gets when its parent ends


class PagefindService:
    """``pagefind --service``, started for one index and ended when the ``with`` block ends.
    On Linux it is killed when this process ends, even by ``kill -9``."""

    def __init__(self, program: str) -> None:
        self._errors = tempfile.TemporaryFile()  # not a pipe: it can never fill up and block
        try:
            self._process = subprocess.Popen(
                [*_dying_with_parent(), program, "--service"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._errors,
            )
        except OSError:
            self._errors.close()
            raise
        self._deadline = time.monotonic() + TIMEOUT
        self._received = bytearray()
        self._sent = 0  # the id of the last request written
        self._answered = 0  # the id of the last answer read

    def __enter__(self) -> PagefindService:
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            if self._process.stdin is not None:
                self._process.stdin.close()  # at the end of its input, Pagefind stops
            self._process.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.kill()
        finally:
            self._errors.close()

    def kill(self) -> None:
        """End Pagefind at once (a build that failed)."""
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        for stream in (self._process.stdin, self._process.stdout):
            if stream is not None:
                try:
                    stream.close()
                except OSError:
                    pass
        self._errors.close()

    def send(self, request: dict[str, Any]) -> None:
        """Write ``request`` (a payload of the service); its answer is read later, in turn."""
        self._sent += 1
        message = {"message_id": self._sent, "payload": request}
        self._write(json.dumps(message, ensure_ascii=False).encode("utf-8"))

    def _write(self, message: bytes) -> None:
        stdin = self._process.stdin
        assert stdin is not None
        try:
            stdin.write(base64.b64encode(message) + b",")
        except BrokenPipeError:
            raise SearchError(self._why("Pagefind stopped")) from None

    def ask(self, request: dict[str, Any]) -> dict[str, Any]:
        """Send ``request`` and return its answer's payload (every earlier answer read first)."""
        self.send(request)
        return self.payloads(self.read_answers())[-1]

    def index(self, language: str, records: Iterable[bytes]) -> None:
        """Write the requests that make one index of ``records`` (:func:`record_bytes`, in the
        order Pagefind is to number them): the first index of a new service is number 0."""
        self.send({"type": "NewIndex", "config": {"force_language": language}})
        for record in records:
            if not (record.startswith(b"{") and record.endswith(b"}") and len(record) > 2):
                raise ValueError("a search record that is not a JSON object")
            self._sent += 1
            head = b'{"message_id":%d,"payload":{"type":"AddRecord","index_id":0,' % self._sent
            self._write(head + record[1:] + b"}")
        self.send({"type": "GetFiles", "index_id": 0})
        self._flush()

    def files(self, answers: list[tuple[int, bytes]]) -> list[dict[str, str]]:
        """The files of the index (path, base64 content), from the answers to :meth:`index`."""
        payloads = self.payloads(answers)
        if payloads[0].get("index_id") != 0:
            raise SearchError(f"unexpected answer from Pagefind ({str(payloads[0])[:200]})")
        return payloads[-1]["files"]

    def read_answers(self) -> list[tuple[int, bytes]]:
        """The answers to every request written and not yet answered, as read: (the id of
        the request, the answer still encoded), to be decoded by :meth:`payloads`."""
        self._flush()
        got = []
        while self._answered < self._sent:
            self._answered += 1
            got.append((self._answered, self._read_answer()))
        return got

    @staticmethod
    def payloads(answers: list[tuple[int, bytes]]) -> list[dict[str, Any]]:
        got = []
        for asked, data in answers:
            answer = json.loads(base64.b64decode(data))
            payload = answer.get("payload") or {}
            if payload.get("type") == "Error" or answer.get("message_id") != asked:
                raise SearchError(str(payload.get("message") or answer)[:500])
            got.append(payload)
        return got

    def _flush(self) -> None:
        try:
            if self._process.stdin is not None:
                self._process.stdin.flush()
        except BrokenPipeError:
            raise SearchError(self._why("Pagefind stopped")) from None

    def _read_answer(self) -> bytes:
        stdout = self._process.stdout
        assert stdout is not None
        searched = 0
        while (end := self._received.find(b",", searched)) < 0:
            searched = len(self._received)
            left = self._deadline - time.monotonic()
            if left <= 0 or not _readable(stdout, left):
                raise SearchError(f"Pagefind did not finish within {TIMEOUT:.0f} seconds")
            chunk = os.read(stdout.fileno(), 1 << 20)
            if not chunk:
                raise SearchError(self._why("Pagefind stopped"))
            self._received += chunk
        with memoryview(self._received) as received:
            answer = bytes(received[:end])  # one copy (a slice of the bytearray would be two)
        del self._received[: end + 1]
        return answer

    def _why(self, what: str) -> str:
        """``what``, with the last line Pagefind wrote to its standard error if any."""
        try:
            self._process.wait(timeout=5)
            self._errors.seek(0)
            said = self._errors.read().decode("utf-8", "replace").strip().splitlines()
        except (OSError, ValueError, subprocess.TimeoutExpired):
            said = []
        return f"{what}: {said[-1]}" if said else what


def _readable(stream: Any, seconds: float) -> bool:
    """Whether ``stream`` has something to read within ``seconds``. Windows cannot wait on a
    pipe: there the read itself waits, without a time limit."""
    if os.name != "posix":
        return True
    return bool(select.select([stream], [], [], seconds)[0])


# Run by a new interpreter in the child, which then becomes Pagefind: the kernel is asked to kill
# it when its parent (the thread that started it) ends, and it ends at once if the parent is
# already gone. The setting outlives exec. Done with a function run between fork and exec
# (``preexec_fn``), it made Python fork this whole process instead of using vfork: for a moment a
# copy of serve's 460 MB process at 10,000 bulletins, and its memory counted twice.
_LAUNCHER = f"""
import os, sys
try:
    import ctypes, signal
    ctypes.CDLL(None, use_errno=True).prctl({PR_SET_PDEATHSIG}, signal.SIGKILL)
except (ImportError, OSError, AttributeError):
    pass
if os.getppid() != int(sys.argv[1]):
    os._exit(1)
os.execv(sys.argv[2], sys.argv[2:])
"""


def _dying_with_parent() -> list[str]:
    """What comes before Pagefind's command so that it dies with this process, on Linux (an
    interpreter that asks for it, then runs Pagefind in its place); nothing elsewhere."""
    if not sys.platform.startswith("linux") or not sys.executable:
        return []
    return [sys.executable, "-I", "-S", "-c", _LAUNCHER, str(os.getpid())]


# ---------------------------------------------------------------- a reproducible bundle
#
# Pagefind writes the values of each filter, and the list of filters, in the order of a Rust
# hash map, which changes from run to run; the file names are hashes of the contents, so they
# change too. settle() sorts both and names the files by the hash of what they now hold, so the
# same pages always give the same bundle. The files are gzip'd "pagefind_dcd" + CBOR (only the
# few CBOR types Pagefind writes are read).

_DCD = b"pagefind_dcd"


def _cbor_decode(data: bytes, i: int = 0) -> tuple[Any, int]:
    first = data[i]
    major, info = first >> 5, first & 31
    i += 1
    if info < 24:
        n = info
    elif info <= 27:
        size = 1 << (info - 24)
        n = int.from_bytes(data[i : i + size], "big")
        i += size
    else:
        raise ValueError(f"CBOR item {first:#x}")
    if major == 0:
        return n, i
    if major == 1:
        return -1 - n, i
    if major == 2:
        return bytes(data[i : i + n]), i + n
    if major == 3:
        return data[i : i + n].decode("utf-8"), i + n
    if major == 4:
        items = []
        for _ in range(n):
            item, i = _cbor_decode(data, i)
            items.append(item)
        return items, i
    if major == 7 and info in (20, 21, 22):
        return {20: False, 21: True, 22: None}[info], i
    raise ValueError(f"CBOR item {first:#x}")


def _cbor_head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([major << 5 | n])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if n < 1 << (8 * size):
            return bytes([major << 5 | info]) + n.to_bytes(size, "big")
    raise ValueError("CBOR integer too large")


def _cbor_encode(x: Any) -> bytes:
    if x is None or isinstance(x, bool):
        return {False: b"\xf4", True: b"\xf5", None: b"\xf6"}[x]
    if isinstance(x, int):
        return _cbor_head(0, x) if x >= 0 else _cbor_head(1, -1 - x)
    if isinstance(x, bytes):
        return _cbor_head(2, len(x)) + x
    if isinstance(x, str):
        data = x.encode("utf-8")
        return _cbor_head(3, len(data)) + data
    if isinstance(x, list):
        return _cbor_head(4, len(x)) + b"".join(map(_cbor_encode, x))
    raise ValueError(f"CBOR of {type(x).__name__}")


def _read_dcd(path: Path) -> Any:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(_DCD):
        raise ValueError(f"{path.name} is not a Pagefind file")
    value, end = _cbor_decode(data, len(_DCD))
    if end != len(data):
        raise ValueError(f"{path.name} has trailing bytes")
    return value


def _dcd_bytes(value: Any) -> bytes:
    return gzip.compress(_DCD + _cbor_encode(value), compresslevel=9, mtime=0)


def _name(prefix: str, data: bytes, length: int) -> str:
    return f"{prefix}_{hashlib.sha256(data).hexdigest()[:length]}"


def settle(bundle: Path) -> None:
    """Sort what Pagefind wrote in hash-map order and rename the files it changes."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text("utf-8"))
    for language in entry["languages"].values():
        old_meta = bundle / f"pagefind.{language['hash']}.pf_meta"
        meta = _read_dcd(old_meta)
        prefix = language["hash"].rsplit("_", 1)[0]
        filters = []
        for name, old_hash in meta[3]:
            old = bundle / "filter" / f"{old_hash}.pf_filter"
            filter_name, values = _read_dcd(old)
            data = _dcd_bytes([filter_name, sorted(values, key=lambda v: v[0])])
            new_hash = _name(prefix, data, 7)
            old.unlink()
            (bundle / "filter" / f"{new_hash}.pf_filter").write_bytes(data)
            filters.append([name, new_hash])
        meta[3] = sorted(filters)
        data = _dcd_bytes(meta)
        language["hash"] = _name(prefix, data, 10)
        old_meta.unlink()
        (bundle / f"pagefind.{language['hash']}.pf_meta").write_bytes(data)
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), "utf-8")
