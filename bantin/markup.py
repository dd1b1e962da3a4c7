"""One configured Python-Markdown for every body.

What it adds to Markdown:

* ``# …`` headings written as ``<h2>``: the page's title is its one ``<h1>``;
* heading ids made by :func:`bantin.urls.heading_id` (``## Đoàn`` → ``id="doan"``);
* an image alone in a paragraph becomes ``<figure>``; the text on the line after it becomes its
  ``<figcaption>`` (the portal convention of a caption under the photo);
* links to other items — ``bulletin:2024/slug``, ``profile:slug``, ``campaign:slug``,
  ``bloc:slug``, ``unit:bloc/unit``, ``page:slug``, ``tag:slug``, ``event:tong-ket``, each with an
  optional ``#anchor`` — and ``media/…`` paths are turned into placeholders and returned as
  :class:`~bantin.models.Ref` records. The linker checks them; :func:`resolve_placeholders`
  swaps them for URLs when a page is rendered. Any other address without a scheme (a path on
  the server: ``IMG_1.jpg``, ``../media/a.jpg``, ``/uploads/a.pdf``) is returned as a ``local``
  Ref, which the linker reports: the built site has no such file.

HTML the author typed into the Markdown follows the site's ``markdown.raw_html`` policy:
``sanitize`` (the default) passes the whole body through :func:`bantin.sanitize.sanitize_html`
(an allow-list: no script, no event handlers, no ``javascript:`` links; a warning says what was
removed), ``escape`` shows the HTML as text and still removes what attribute lists and links in
Markdown syntax could add, ``allow`` publishes it as written (for trusted authors only).

:func:`parse_markdown` depends on the text and the policy alone, so its result can be cached by
content hash.
"""

from __future__ import annotations

import re
import threading
import xml.etree.ElementTree as etree
from bisect import bisect_left
from collections.abc import Callable
from html import unescape

import markdown
from markdown import blockprocessors, inlinepatterns, util
from markdown.extensions import Extension, abbr, def_list, footnotes
from markdown.treeprocessors import InlineProcessor, Treeprocessor

from .errors import Loc, Problem
from .messages import msg
from .models import Body, Ref
from .sanitize import locate, sanitize_html
from .urls import heading_id

SCHEMES = ("bulletin", "profile", "campaign", "bloc", "unit", "page", "tag", "event")
PLACEHOLDER = "bantin-ref:"
_PLACEHOLDER_RE = re.compile(r'(href|src)="bantin-ref:([a-z]+):([^"#]*)(#[^"]*)?"')
_SCHEME_RE = re.compile(r"^({}):(.*)$".format("|".join(SCHEMES)))
# a path on this server written as a link or picture address: no scheme (https:, mailto:…)
# nor host (//…), path characters only, and either from the root or a folder (/uploads/a.pdf,
# ../media/a.jpg) or naming a file (IMG_1.jpg); the built site would not have it
_LOCAL_RE = re.compile(
    r"""^(?![a-zA-Z][a-zA-Z0-9+.-]*:)(?!//)(?=\.{0,2}/|[^#?]*\.[A-Za-z0-9]{1,5}(?:[#?]|$))"""
    r"""[^\s<>"'`\\]+$"""
)
# an address in the HTML that looks like a placeholder: only the ones made here are kept
_ANY_PLACEHOLDER_RE = re.compile(r'\s(?:href|src)="(bantin-ref:[^"]*)"')
RAW_HTML_POLICIES = ("sanitize", "escape", "allow")
_SUMMARY_LIMIT = 320


def _split_anchor(target: str) -> tuple[str, str]:
    if "#" in target:
        path, anchor = target.split("#", 1)
        return path, anchor
    return target, ""


class _BantinTree(Treeprocessor):
    def __init__(self, md: markdown.Markdown):
        super().__init__(md)
        # scheme, target, anchor, raw, alt (None for a link, the text for an image)
        self.found: list[tuple[str, str, str, str, str | None]] = []
        self.images: list[str] = []
        self.made: set[str] = set()  # the placeholders written into this body

    def run(self, root: etree.Element) -> None:
        for el in root.iter():
            if el.tag == "h1":  # the page's title is its only <h1>: "# …" in a text is a section
                el.tag = "h2"
            elif el.tag == "a":
                self._link(el, "href")
            elif el.tag == "img":
                self._link(el, "src")
                el.set("loading", "lazy")
                el.set("decoding", "async")
        self._figures(root)
        self._tables(root)

    def _link(self, el: etree.Element, attr: str) -> None:
        # this runs before Python-Markdown puts back the characters written with a backslash
        # (``media/a\\_b.pdf``), which stand in the text as STX code ETX until then
        raw = self.md.treeprocessors["unescape"].unescape(el.get(attr, ""))
        m = _SCHEME_RE.match(raw)
        if m:
            scheme, rest = m.group(1), m.group(2)
        elif raw.startswith("media/"):
            scheme, rest = "media", raw[len("media/") :]
        elif _LOCAL_RE.match(raw):  # a file on this server named otherwise: the linker says so
            alt = el.get("alt", "") if el.tag == "img" else None
            self.found.append(("local", raw, "", raw, alt))
            return
        else:
            return
        target, anchor = _split_anchor(rest)
        alt = el.get("alt", "") if el.tag == "img" else None
        self.found.append((scheme, target, anchor, raw, alt))
        if scheme == "media" and el.tag == "img":
            self.images.append(target)
        placeholder = f"{PLACEHOLDER}{scheme}:{target}" + (f"#{anchor}" if anchor else "")
        self.made.add(placeholder)
        el.set(attr, placeholder)

    def _figures(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            for index, p in enumerate(list(parent)):
                if p.tag != "p" or (p.text or "").strip() or not len(p) or p[0].tag != "img":
                    continue
                img = p[0]
                rest = list(p)[1:]
                caption_text = (img.tail or "").strip()
                if not caption_text and not rest:
                    figure = etree.Element("figure")
                    img.tail = None
                    figure.append(img)
                    figure.tail = p.tail
                    parent.remove(p)
                    parent.insert(index, figure)
                    continue
                if rest and rest[0].tag == "img":
                    continue  # a row of inline images, not a captioned photo
                if not (img.tail or "").startswith("\n") and not rest:
                    continue  # text on the same line: an inline image
                figure = etree.Element("figure")
                img_tail = (img.tail or "").lstrip()
                img.tail = None
                figure.append(img)
                caption = etree.SubElement(figure, "figcaption")
                caption.text = img_tail
                for child in rest:
                    caption.append(child)
                if len(caption):
                    if caption[-1].tail:
                        caption[-1].tail = caption[-1].tail.rstrip()
                elif caption.text:
                    caption.text = caption.text.rstrip()
                figure.tail = p.tail
                parent.remove(p)
                parent.insert(index, figure)

    def _tables(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                if child.tag == "table":
                    wrap = etree.Element("div", {"class": "table-scroll", "tabindex": "0"})
                    parent.remove(child)
                    wrap.append(child)
                    wrap.tail, child.tail = child.tail, None
                    parent.insert(index, wrap)


# The version of Python-Markdown whose inner workings _QuickInline and the quick block
# processors below were written for; with another, Python-Markdown runs as it comes
_KNOWN_MARKDOWN = markdown.__version_info__[:2] == (3, 11)

# What a text must hold for an inline pattern of Python-Markdown to match, by the pattern's
# regular expression as Python-Markdown 3.11 writes it: "(?<!\!)\[" cannot match a text without
# "[". A pattern whose expression is not one of these (another version's) is always tried.
_NEEDS = {
    r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`)": ("`",),  # code
    r"\\(.)": ("\\",),  # escapes
    r"(?<!\!)\[": ("[",),  # links, references, short references
    r"\!\[": ("![",),  # pictures, picture references
    r"<([A-Za-z][A-Za-z0-9+.-]*://[^<>]*)>": ("<",),  # <https://…>
    r"<([^<> !]+@[^@<> ]+)>": ("<",),  # <name@host>
    (  # HTML tags, comments, processing instructions, CDATA: each "<…>"
        r"""(<(\/?+[a-zA-Z][^\s"'<>@]*+(?:\s+[^\s"'=<>]++(?:\s*+=\s*+(?:"[^"]*+"|'[^']*+'|[^\s"'=<>]++))?+)*+\s*+/?|"""
        r"!--(?:(?!<!--|-->).)*--|[?](?:(?!<[?]|[?]>).)*[?]|!\[CDATA\[(?:(?!<!\[CDATA\[|\]\]>).)*\]\])>)"
    ): ("<",),
    r"(&(?:\#[0-9]+|\#x[0-9a-fA-F]+|[a-zA-Z0-9]+);)": ("&",),  # entities
    r"  \n": ("  \n",),  # line breaks
    r"\[\^([^\]]*)\]": ("[^",),  # footnote references
}


def _needs(pattern: inlinepatterns.Pattern) -> tuple[str, ...] | None:
    """What a text must hold for ``pattern`` to match in it; None when not known."""
    if isinstance(pattern, inlinepatterns.DelimiterProcessor):  # "*" and "_" of emphasis
        return tuple(pattern.tokens)
    return _NEEDS.get(pattern.getCompiledRegExp().pattern)


class _QuickInline(InlineProcessor):
    """Python-Markdown's inline processor, which tries each inline pattern on each piece of
    text in turn (fifteen of them, most pieces of text holding none of their marks): here a
    pattern is passed over, as if it had not matched, when the text lacks every string it
    could match at (:data:`_NEEDS`), so the result is the same. A pattern changes nothing,
    and keeps no state, unless its expression matches."""

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        # InlineProcessor.__handleInline (name-mangled), with the patterns the text lacks the
        # marks of passed over
        if isinstance(data, util.AtomicString):
            return data
        patterns = self._patterns
        needs = self._needs
        present: dict[str, bool] = {}
        start = 0
        index = patternIndex
        count = len(patterns)
        while index < count:
            marks = needs[index]
            if marks is not None:
                for mark in marks:
                    found = present.get(mark)
                    if found is None:
                        found = present[mark] = mark in data
                    if found:
                        break
                else:
                    index += 1
                    start = 0
                    continue
            data, matched, start = self._InlineProcessor__applyPattern(
                patterns[index], data, index, start
            )
            if not matched:
                index += 1
        return data

    def run(self, tree: etree.Element, ancestors: list[str] | None = None) -> etree.Element:
        self._patterns = list(self.inlinePatterns)  # in order, as Registry[index] gives them
        self._needs = [_needs(p) for p in self._patterns]
        return super().run(tree, ancestors)


class _BantinExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_BantinTree(md), "bantin", 1)
        if _KNOWN_MARKDOWN and type(md.treeprocessors["inline"]) is InlineProcessor:
            md.treeprocessors.register(_QuickInline(md), "inline", 20)


def _make_markdown(raw_html: str = "sanitize") -> markdown.Markdown:
    md = markdown.Markdown(
        extensions=[
            "tables",
            "attr_list",
            "def_list",
            "footnotes",
            "abbr",
            "sane_lists",
            "md_in_html",
            "toc",
            _BantinExtension(),
        ],
        extension_configs={
            "toc": {"slugify": heading_id, "permalink": False},
            "footnotes": {"BACKLINK_TITLE": "", "SUPERSCRIPT_TEXT": "{}"},
        },
        output_format="html",
    )
    if raw_html == "escape":  # HTML blocks and inline tags are text like any other
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
    if _KNOWN_MARKDOWN:
        for processor in md.parser.blockprocessors:
            _quick_block(processor)
    return md


# Block processors of Python-Markdown whose test searches the whole of each block (paragraph) for
# a line of their kind, or whose run does (their test saying yes to every block), with here a
# test that first looks for what any such line holds. Python-Markdown asks each processor in turn
# about each block, and most blocks are plain paragraphs. Each test does what Python-Markdown
# 3.11's does (the same expression, the same look at the recursion limit), in a method of its
# own: no call is added to the stack, whose depth Python-Markdown looks at. A processor whose
# class or expression is not the one expected is left as it is.


class _QuickQuote(blockprocessors.BlockQuoteProcessor):
    def test(self, parent: etree.Element, block: str) -> bool:
        return ">" in block and bool(self.RE.search(block)) and not util.nearing_recursion_limit()


class _QuickHashHeader(blockprocessors.HashHeaderProcessor):
    def test(self, parent: etree.Element, block: str) -> bool:
        return "#" in block and bool(self.RE.search(block))


class _QuickHR(blockprocessors.HRProcessor):
    def test(self, parent: etree.Element, block: str) -> bool:
        if "-" not in block and "_" not in block and "*" not in block:
            return False
        m = self.SEARCH_RE.search(block)
        if m:
            self.match = m
            return True
        return False


class _QuickDefList(def_list.DefListProcessor):
    def test(self, parent: etree.Element, block: str) -> bool:
        return ":" in block and bool(self.RE.search(block))


# Their run() gives the block back and says no when its expression finds nothing in it


class _QuickFootnote(footnotes.FootnoteBlockProcessor):
    def test(self, parent: etree.Element, block: str) -> bool:
        return "[^" in block


class _QuickAbbr(abbr.AbbrBlockprocessor):
    def test(self, parent: etree.Element, block: str) -> bool:
        return "*[" in block


class _QuickReference(blockprocessors.ReferenceProcessor):
    def test(self, parent: etree.Element, block: str) -> bool:
        return "]:" in block


# processor class → (its quick class, the attribute holding its expression, the expression)
_QUICK_BLOCKS: dict[type, tuple[type, str, str]] = {
    blockprocessors.BlockQuoteProcessor: (_QuickQuote, "RE", r"(^|\n)[ ]{0,3}>[ ]?(.*)"),
    blockprocessors.HashHeaderProcessor: (
        _QuickHashHeader,
        "RE",
        r"(?:^|\n)(?P<level>#{1,6})(?P<header>(?:\\.|[^\\#]|#+(?=[^#\n]))*?)#*(?:\n|$)",
    ),
    blockprocessors.HRProcessor: (
        _QuickHR,
        "SEARCH_RE",
        r"^[ ]{0,3}(?=(?P<atomicgroup>(-+[ ]{0,2}){3,}|(_+[ ]{0,2}){3,}|(\*+[ ]{0,2}){3,}))"
        r"(?P=atomicgroup)[ ]*$",
    ),
    def_list.DefListProcessor: (_QuickDefList, "RE", r"(^|\n)[ ]{0,3}:[ ]{1,3}(.*?)(\n|$)"),
    footnotes.FootnoteBlockProcessor: (
        _QuickFootnote,
        "RE",
        r"^[ ]{0,3}\[\^([^\]]*)\]:[ ]*(.*)$",
    ),
    abbr.AbbrBlockprocessor: (
        _QuickAbbr,
        "RE",
        r"^[*]\[(?P<abbr>[^\\]*?)\][ ]?:[ ]*\n?[ ]*(?P<title>.*)$",
    ),
    blockprocessors.ReferenceProcessor: (
        _QuickReference,
        "RE",
        r"^[ ]{0,3}\[([^\[\]]*)\]:[ ]*(?:\n[ ]*)?([^\s]+)[ ]*(?:\n[ ]*)?"
        r"""((["\'])(.*)\4[ ]*|\((.*)\)[ ]*)?$""",
    ),
}


def _quick_block(processor: blockprocessors.BlockProcessor) -> None:
    """Give ``processor`` its quick test, when it is one of :data:`_QUICK_BLOCKS`."""
    found = _QUICK_BLOCKS.get(type(processor))
    if found is not None and getattr(processor, found[1]).pattern == found[2]:
        processor.__class__ = found[0]


_local = threading.local()


def _md(raw_html: str) -> markdown.Markdown:
    made: dict[str, markdown.Markdown] = _local.__dict__.setdefault("md", {})
    md = made.get(raw_html)
    if md is None:
        md = made[raw_html] = _make_markdown(raw_html)
    return md


# where a link target is written: "(target)" or "(target "title")", "<target>", "]: target"
_TARGET_FORMS = (
    (re.compile(r"\(([^)\s]*)"), 1),
    (re.compile(r"<([^>\s]*)>"), 1),
    (re.compile(r"\]: (\S*)"), 2),
)


class _Locator:
    """Where the link targets of a text are written, found in time linear in the text (a text
    of 20,000 links must not be searched from the start 20,000 times).

    :meth:`find` gives the offset of ``raw`` written as a whole Markdown target at or after
    ``start`` (the offset is that of the target, or for ``]: target`` of the space before
    it), or else of ``raw`` anywhere after ``start``; -1 if it is nowhere."""

    def __init__(self, text: str):
        self.text = text
        self.at: dict[str, list[tuple[int, int]]] = {}  # target → (where its form starts, offset)
        for pattern, shift in _TARGET_FORMS:
            for m in pattern.finditer(text):
                self.at.setdefault(m.group(1), []).append((m.start(), m.start() + shift))
        for places in self.at.values():
            places.sort()
        # a target written otherwise (unescaped, or holding ")") is searched for as it is,
        # at most a few times the text's length in all
        self.budget = 4 * len(text) + 10_000
        self.newlines = [m.start() for m in re.finditer("\n", text)]

    def find(self, raw: str, start: int) -> int:
        places = self.at.get(raw, [])
        i = bisect_left(places, (start, -1))
        if i < len(places):
            return places[i][1]
        if self.budget <= 0:
            return -1
        at = self.text.find(raw, start)
        self.budget -= (at + len(raw) if at >= 0 else len(self.text)) - start
        return at

    def line_col(self, at: int) -> tuple[int, int]:
        """The 0-based line and column of offset ``at`` (-1: the start of the text)."""
        if at < 0:
            return 0, 0
        line = bisect_left(self.newlines, at)
        return line, at - (self.newlines[line - 1] + 1 if line else 0)


_TAG_RE = re.compile(r"<[^>]+>")


def _first_paragraph_text(html: str) -> str:
    m = re.search(r"<p>(.*?)</p>", html, re.S)
    if not m:
        return ""
    text = unescape(_TAG_RE.sub("", m.group(1)))
    text = " ".join(text.split())
    if len(text) > _SUMMARY_LIMIT:
        cut = text[:_SUMMARY_LIMIT].rsplit(" ", 1)[0]
        text = cut.rstrip(",;:") + "…"
    return text


def parse_markdown(
    text: str,
    path: str,
    first_line: int,
    *,
    raw_html: str = "sanitize",
    problems: list[Problem] | None = None,
) -> Body:
    """Render ``text`` (the body of ``path`` starting at file line ``first_line``) with the
    ``raw_html`` policy (``sanitize``, ``escape`` or ``allow``). When the sanitiser removes
    something, a warning saying what is added to ``problems``."""
    if raw_html not in RAW_HTML_POLICIES:
        raise ValueError(f"raw_html must be one of {', '.join(RAW_HTML_POLICIES)}")
    md = _md(raw_html)
    md.reset()
    tree: _BantinTree = md.treeprocessors["bantin"]
    tree.found, tree.images, tree.made = [], [], set()
    html = md.convert(text)
    if raw_html != "allow":
        cleaned = sanitize_html(html)
        html = cleaned.html
        if cleaned.removed and problems is not None:
            line, col = locate(text, cleaned.removed)
            problems.append(
                Problem(
                    path,
                    first_line + line,
                    col + 1,
                    msg("load.raw_html_removed", removed=", ".join(cleaned.removed)),
                    msg("load.hint_raw_html"),
                    "warning",
                )
            )
    html = _keep_own_placeholders(html, tree.made)
    heading_ids = tuple(t["id"] for t in _flatten_toc(md.toc_tokens))
    return Body(
        html=html,
        summary=_first_paragraph_text(html),
        refs=_refs(text, tree.found, path, first_line),
        heading_ids=heading_ids,
        images=tuple(tree.images),
    )


def _refs(
    text: str, found: list[tuple[str, str, str, str, str | None]], path: str, first_line: int
) -> tuple[Ref, ...]:
    """The links ``found`` in ``text`` as :class:`Ref` records, each with its file line and
    column."""
    if not found:
        return ()
    where = _Locator(text)
    refs = []
    cursor: dict[str, int] = {}  # the same target twice: the second is found after the first
    for scheme, target, anchor, raw, alt in found:
        at = where.find(raw, cursor.get(raw, 0))
        if at < 0:
            at = where.find(raw, 0)
        cursor[raw] = at + 1
        line, col = where.line_col(at)
        loc = Loc(path, first_line + line, col + 1)
        refs.append(Ref(scheme=scheme, target=target, anchor=anchor, loc=loc, alt=alt))
    return tuple(refs)


def _keep_own_placeholders(html: str, made: set[str]) -> str:
    """``html`` without the link and picture addresses that look like placeholders but were not
    made from this body's links (an author typing ``bantin-ref:…``): those were never checked."""
    if PLACEHOLDER not in html:
        return html
    return _ANY_PLACEHOLDER_RE.sub(
        lambda m: m.group(0) if unescape(m.group(1)) in made else "", html
    )


def _flatten_toc(tokens: list[dict]) -> list[dict]:
    out = []
    for t in tokens:
        out.append(t)
        out.extend(_flatten_toc(t.get("children", [])))
    return out


def resolve_placeholders(html: str, resolve: Callable[[str, str, str], str]) -> str:
    """Swap every placeholder for ``resolve(scheme, target, anchor)``."""
    if PLACEHOLDER not in html:
        return html
    return _PLACEHOLDER_RE.sub(
        lambda m: f'{m.group(1)}="{resolve(m.group(2), m.group(3), (m.group(4) or "")[1:])}"',
        html,
    )
