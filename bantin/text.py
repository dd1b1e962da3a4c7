"""Vietnamese text helpers: NFC normalisation and collation."""

from __future__ import annotations

import json
import math
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any


class Quantity(float):
    """A figure's value (:class:`bantin.models.Figure`): a whole number (``2350``) or a decimal
    (``2.5``, ``"2,5"``); never ``2.350``, which YAML reads as 2.35 (see :mod:`bantin.schema`).
    Here rather than with the models so that reading the settings does not import them."""


# Vietnamese order is ICU's collation for "vi" (CLDR's root order with the Vietnamese letters
# and tones tailored), on three levels: the letters first (spaces, punctuation, symbols and
# digits are letters of their own, before a, as in CLDR's root order: "Ma Văn" before "Mai"),
# then the tones, then the case (small letters first).
#
# The alphabet in dictionary order, with the Latin letters Vietnamese does not use in their
# places (f, j, w, z); letters outside it sort after it, by code point.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
# Tone marks, in the order Vietnamese dictionaries (and CLDR) use:
# none, huyền, hỏi, ngã, sắc, nặng. Other marks (ü, ç…) come after them.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Marks that make a base letter distinct (ă â ê ô ơ ư); đ has no decomposition.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}
# Letters that sort as another with a mark of their own: the look-alike of Đ, Ð (eth), is a d.
_MARKED_LETTERS = {"ð": ("d", 0x10000)}
# Whitespace, punctuation and symbols in ICU's order (characters in one group are equal at the
# first level); each sorts before the digits, and the digits before the letters. Punctuation
# not listed sorts after the listed, other symbols after those.
_PUNCTUATION_GROUPS = (
    *"\t\n\x0b\x0c\r\x85\u2028\u2029",
    " \u00a0\u2009",
    "_",
    "-",
    "\u2010\u2011",
    *"–—,;:!?.…·'‘’\"“”«»()[]{}@*/\\&#%•`^+<=>|~−$",
)
_PUNCTUATION_RANK = {ch: i - 1000 for i, group in enumerate(_PUNCTUATION_GROUPS) for ch in group}
_OTHER_PUNCTUATION = len(_PUNCTUATION_GROUPS) - 1000
_OTHER_SYMBOL = _OTHER_PUNCTUATION + 1
_DIGIT_RANK = -100  # plus the digit's value
_OTHER_LETTER = 1000  # plus the code point


def decimals(value: float | int | None) -> int:
    """How many decimals (at most 3) ``value`` needs: 98 → 0, 98.5 → 1, 1.125 → 3."""
    if value is None or float(value).is_integer():
        return 0
    return len(f"{value:.3f}".rstrip("0").partition(".")[2])


def vn_number(value: float | int | None, min_decimals: int = 0) -> str:
    """``14.100`` and ``98,5``: Vietnamese thousands and decimal separators, with as many
    decimals as needed (at most 3) and at least ``min_decimals`` (``96,0`` beside ``98,5``)."""
    if value is None:
        return ""
    places = max(decimals(value), min_decimals)
    whole, _, frac = f"{value:,.{places}f}".partition(".")
    return whole.replace(",", ".") + ("," + frac if frac else "")


def vn_percent(share: float | None) -> str:
    """A share (0.355) as a percentage with one decimal at most ("35,5%"); "—" when unknown."""
    return vn_number(round(share * 100, 1)) + "%" if share is not None else "—"


def decimal(value: float) -> Any:
    """A number for a message: a whole number as it is, any other in the way the reader's
    language writes decimals (``2.5`` in English, ``2,5`` in Vietnamese)."""
    if isinstance(value, int):
        return str(value)
    if value != value or value in (float("inf"), float("-inf")):
        return str(value)
    if value.is_integer():
        return str(int(value))
    whole, _, fraction = f"{value:g}".partition(".")
    if not fraction or "e" in fraction:
        return f"{value:g}"
    from .messages import msg

    return msg("load.decimal", whole=whole, fraction=fraction)


def printable(text: str) -> str:
    """``text`` with every character a terminal would not show as itself written as a visible
    escape: control characters (C0 with tab and line break, DEL, C1: so no escape sequence
    reaches the terminal) as ``\\x1b``, invisible format characters (right-to-left overrides
    and other bidi controls, zero-width spaces, byte-order marks) as ``\\u202e`` or
    ``\\U000e0001``, and separators other than the space likewise. For paths and for what a
    file holds, quoted in messages."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else _escape(c) for c in text)


def _escape(c: str) -> str:
    n = ord(c)
    return f"\\x{n:02x}" if n < 0x100 else f"\\u{n:04x}" if n < 0x10000 else f"\\U{n:08x}"


def json_visible(text: str) -> str:
    """JSON text with the characters :func:`printable` escapes written as JSON ``\\u`` escapes
    (JSON itself escapes only C0 controls): it decodes to the same strings, and printed on a
    terminal shows them rather than obeying them. Line breaks between values are kept."""
    if all(c.isprintable() or c == "\n" for c in text):
        return text
    return "".join(
        c if c.isprintable() or c == "\n" else json.dumps(c, ensure_ascii=True)[1:-1] for c in text
    )


def nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value)


def utf16_encoding(data: bytes) -> str | None:
    """``utf-16`` when ``data`` starts with a UTF-16 byte-order mark (a file Notepad or Word
    saved as "Unicode"), ``utf-16-le``/``utf-16-be`` for UTF-16 without one (zero bytes on one
    side of most pairs, as Latin and Vietnamese text gives), None otherwise."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "utf-16"
    if len(data) < 4 or len(data) % 2:
        return None
    low, high = data[0::2].count(0), data[1::2].count(0)
    enough = max(1, len(data) // 8)  # a short text without a zero byte is not UTF-16
    if high >= enough and low * 4 <= high:
        return "utf-16-le"
    if low >= enough and high * 4 <= low:
        return "utf-16-be"
    return None


def decode_text(data: bytes) -> str:
    """The text of a file's bytes: UTF-8 (a byte-order mark dropped) or UTF-16 (see
    :func:`utf16_encoding`); raises :class:`UnicodeDecodeError` for anything else."""
    return data.decode(utf16_encoding(data) or "utf-8-sig")


def nfc_deep(value: Any) -> Any:
    """NFC-normalise every string inside nested dicts and lists, keeping their classes."""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, dict):
        out = value.__class__()
        out.update((nfc_deep(k), nfc_deep(v)) for k, v in value.items())
        if hasattr(value, "pos"):
            out.pos = {nfc_deep(k): v for k, v in value.pos.items()}
            out.start = value.start
        return out
    if isinstance(value, list):
        out = value.__class__(nfc_deep(v) for v in value)
        if hasattr(value, "pos"):
            out.pos = value.pos
            out.start = value.start
        return out
    return value


def sort_key(text: str) -> tuple:
    """A key that sorts text in Vietnamese dictionary order as ICU's "vi" collation does: by
    letters (spaces and punctuation before digits, digits before letters), then tones, then
    case (small before capital), and finally by the text itself so that the order is total."""
    elements = _collation_elements(text)
    return (
        tuple(e[0] for e in elements),
        tuple(e[1] for e in elements),
        tuple(e[2] for e in elements),
        text,
    )


def _collation_elements(text: str) -> list[tuple[int, tuple[int, ...], int]]:
    """(letter rank, marks, form) for each letter, digit, space or punctuation of text: a base
    character with the combining marks after it. A compatibility form counts as what it stands
    for ("²" is a 2, "½" is 1⁄2), told apart at the third level (``form``: small letters and
    other characters, then capitals, with compatibility forms among them as in ICU). Control
    and invisible format characters are left out, as ICU ignores them."""
    out: list[tuple[int, tuple[int, ...], int]] = []
    base, marks, form = "", [], 0
    for original in unicodedata.normalize("NFD", text):
        decomposed = unicodedata.normalize("NFKD", original)
        for ch in decomposed:
            if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me"):
                if base:
                    marks.append(ch)
            elif unicodedata.category(ch) in ("Cc", "Cf") and ch not in _PUNCTUATION_RANK:
                continue
            else:
                if base:
                    out.append(_element(base, marks, form))
                base, marks = ch, []
                form = _form(original, capital=ch.lower() != ch)
    if base:
        out.append(_element(base, marks, form))
    return out


def _form(ch: str, capital: bool) -> int:
    """The third-level weight of a character, as ICU's: a small letter (or any other character),
    its wide, compatibility, font and circled forms, the same for a capital; then superscripts,
    no-break spaces and the other forms."""
    tag = unicodedata.decomposition(ch).partition(" ")[0]
    if tag and tag not in _LOW_FORMS:
        return 20
    return _LOW_FORMS.get(tag, 0) + (6 if capital else 0)


_LOW_FORMS = {"<wide>": 1, "<compat>": 2, "<font>": 3, "<circle>": 4}


def _element(base: str, marks: list[str], form: int) -> tuple[int, tuple[int, ...], int]:
    small = base.lower()
    weights: list[int] = []
    if small in _MARKED_LETTERS:
        small, weight = _MARKED_LETTERS[small]
        weights.append(weight)
    for mark in marks:
        letter = unicodedata.normalize("NFC", small + mark)
        if mark in _LETTER_MARKS and letter in _LETTER_RANK:
            small = letter
        else:
            weights.append(_TONES.get(mark, ord(mark)))
    return _rank(small), tuple(weights), form


def _rank(ch: str) -> int:
    if ch in _LETTER_RANK:
        return _LETTER_RANK[ch]
    if ch in _PUNCTUATION_RANK:
        return _PUNCTUATION_RANK[ch]
    if ch.isdigit():
        return _DIGIT_RANK + unicodedata.digit(ch)
    category = unicodedata.category(ch)
    if category.startswith("Z"):
        return _PUNCTUATION_RANK[" "]
    if category.startswith("P"):
        return _OTHER_PUNCTUATION
    if category.startswith("S"):
        return _OTHER_SYMBOL
    return _OTHER_LETTER + ord(ch)


# ---------------------------------------------------------------- what Markdown would cost
#
# Python-Markdown recurses once per level of quotes and lists (a few hundred levels exhaust
# Python's stack), and some inputs make it slow:
#
# * each '[' is read to its ']' (to the end of its paragraph if it has none), and each '](' to
#   its ')', one character at a time;
# * each '<tag' without '>' is read to the end of the text (the HTML block parser), a run of
#   backticks that never closes to the end of its paragraph;
# * each inline element found (emphasis, a link, code, an entity, a tag…) copies its paragraph's
#   whole text to put a placeholder in its place, so a paragraph of many elements costs their
#   number times its length (``*_*_*_…``, or thousands of lines without a blank line between);
# * each paragraph is taken from the front of a list of all the paragraphs left;
# * duplicate headings or footnote references are numbered by counting up one at a time.
#
# The functions below measure a text for these in linear time, before Python-Markdown sees it.


class _AtLineStart:
    """A pattern that matches at the start of a line (``^…`` with ``re.M``), found fast: Python's
    engine tries ``^`` at every character of the text, but finds a ``\n`` at once; so the pattern
    is tried where the search starts, when a line starts there, and after each ``\n``. Each
    match comes with the offset of its line (the match itself may begin at the ``\n`` before)."""

    __slots__ = ("here", "later")

    def __init__(self, pattern: str):
        self.here = re.compile(pattern, re.M)  # at the start of a line
        self.later = re.compile(f"\n(?:{pattern})", re.M)  # at the start of a later line

    def search(self, text: str, pos: int = 0) -> tuple[int, re.Match[str]] | None:
        """The first match at the start of a line at or after ``pos``, with that offset."""
        if pos == 0 or text[pos - 1 : pos] == "\n":
            m = self.here.match(text, pos)
            if m is not None:
                return pos, m
        m = self.later.search(text, pos)
        return None if m is None else (m.start() + 1, m)

    def finditer(self, text: str) -> Iterator[tuple[int, re.Match[str]]]:
        """Every match in turn, as ``re.finditer`` with the pattern ``^…`` gives them."""
        pos = 0
        while (found := self.search(text, pos)) is not None:
            yield found
            start, m = found
            pos = m.end() if m.end() > start else start + 1
            if pos > len(text):
                return

    def count(self, text: str) -> int:
        """How many matches :meth:`finditer` gives, counted by the engine alone: for a pattern
        whose matches never end with the line's ``\\n`` (a match after the ``\\n`` of the one
        before is the same either way)."""
        return (1 if self.here.match(text) else 0) + len(self.later.findall(text))


_QUOTE_OR_ITEM = re.compile(r"[ ]{0,3}(?:>[ ]?|(?:[*+-]|[0-9]{1,9}[.)])(?:[ \t]+|$))")
_QUOTES_AND_ITEMS = re.compile(rf"(?:{_QUOTE_OR_ITEM.pattern})*")
_BLANK = re.compile(r"\n[ \t]*\n[ \t\n]*")  # blank lines, and the indentation after them
# a definition (": …") followed by a line that is neither indented nor another definition:
# Python-Markdown reads the rest of the paragraph as the definition's content, one list deeper
_NESTING_DEFINITION = _AtLineStart(r"[ ]{0,3}:[ ]{1,3}.*\n(?=[ ]{0,3}[^ :\n])")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def markdown_depth(text: str) -> tuple[int, int]:
    """The deepest nesting of quotes, lists, definitions and indentation in a Markdown text,
    and the (1-based) line where it is: each '>' or list marker at the start of a line is one
    level, and so are each four columns of indentation, and each definition (": …") with a
    term after it in the same paragraph. Only the lines that may be deeper than the deepest
    so far are looked at one by one."""
    deepest, where = 0, 0
    at, line_number = 0, 1  # an offset, and the number of the line it is on
    while found := _deeper_than(deepest).search(text, at):
        start = found[0]
        line_number += text.count("\n", at, start)
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        depth = _line_depth(text[start:end])
        if depth > deepest:
            deepest, where = depth, line_number
        at = end
    nested, where_nested = _definition_depth(text)
    if nested > deepest:
        deepest, where = nested, where_nested
    return deepest, where


def _line_depth(line: str) -> int:
    indent = len(line) - len(line.lstrip(" \t"))
    end = _QUOTES_AND_ITEMS.match(line, indent).end()  # "> - > 1. " before the text
    # each '>' or list marker there is one level ("1." and "1)" end with '.' or ')')
    levels = sum(line.count(c, indent, end) for c in ">*+-.)")
    return len(line[:indent].expandtabs(4)) // 4 + levels


@lru_cache(maxsize=128)
def _deeper_than(depth: int) -> _AtLineStart:
    """The start of a line that may hold more than ``depth`` levels: each level takes at least
    one character of indentation, '>' or list marker."""
    return _AtLineStart(rf"(?={_LEVEL})[ \t>*+\-0-9.)]{{{depth + 1}}}")


_LEVEL = r"[ ]{4}|[ ]{0,3}(?:\t|>|(?:[*+-]|[0-9]{1,9}[.)])(?:[ \t]|$))"  # the first level


def _definition_depth(text: str) -> tuple[int, int]:
    """The most definitions nested in one another in a paragraph, and the (1-based) line of
    the deepest."""
    if ":" not in text:
        return 0, 0
    blanks = [m.start() for m in _BLANK_LINE.finditer(text)]
    deepest, offset, paragraph, depth = 0, 0, -1, 0
    for start, _ in _NESTING_DEFINITION.finditer(text):
        here = bisect_right(blanks, start)
        depth = depth + 1 if here == paragraph else 1
        paragraph = here
        if depth > deepest:
            deepest, offset = depth, start
    return deepest, text.count("\n", 0, offset) + 1 if deepest else 0


@dataclass(frozen=True)
class MarkdownCost:
    """An estimate of the time Python-Markdown would take on a text, in seconds of an ordinary
    computer, with what costs most: ``reason`` (``brackets``, ``tags``, ``backticks``,
    ``escapes``, ``markup`` (inline elements in a long paragraph), ``blocks`` (paragraphs,
    list items, table cells), ``headings``, ``footnotes``, ``abbreviations`` or ``size``), how
    many of that thing there are, and the (1-based) line where the worst of them is."""

    seconds: float
    reason: str = "size"
    count: int = 0
    line: int = 1


# Seconds per unit, measured with Python-Markdown 3.11 and the extensions bantin uses, each
# case in a fresh process (see bench/pathological.py, which prints the estimate beside the
# time taken)
_PER_CHAR = 6e-7  # any text
_PER_MARK = 5e-5  # '[', '<', '\\', '&', a pair of '*', '_' or '`': an inline element to try
_PER_BLOCK = 1e-4  # a paragraph, list item, table cell, heading or definition: a text read
_BLOCKS = 2e-9  # times the square of the number of paragraphs
_MARKUP = 6e-10  # per inline element, times the bytes of its paragraph's text
_PLACEHOLDER = 12  # characters an element found adds to its paragraph's text
_PER_TAG = 1.5e-4  # an HTML tag: parsed, stashed, put back and sanitised
_PER_LINK = 1e-4  # a link or picture with its target "](": an element, checked and located
_BRACKETS = 5e-7  # per paragraph, times the square of its '[' (when there are few)
_BRACKET_SCAN = 1e-6  # per character from a '[' to its ']', or a '](' to its ')'
_OPEN_TAG = 7e-8  # per character from a '<tag' to the next '>'
_CDATA = 2.5e-6  # per paragraph, times the square of its '<!['
_BACKTICKS = 8e-8  # per character from a run of backticks that never closes to its block's end
_ESCAPES = 4e-9  # per paragraph, times the square of its '\\'
_HEADINGS = 2e-7  # times the square of the number of headings with the same id
_FOOTNOTES = 1.3e-6  # times the square of the references to one footnote
_ABBREVIATIONS = 5e-8  # abbreviations defined, times the length of the text

_MARKS = "[<\\&"  # each one an element to try; and so is each pair of '*', '_' or '`'
_EMPHASIS_RUN = re.compile(r"\*+|_+|`+")
_TAG_START = re.compile(r"<[/!?]?[A-Za-z]")
_TICKS = re.compile(r"`+")
_ATX = _AtLineStart(r"[ ]{0,3}#{1,6}(?=[ \t]|$)(.*)$")
_SETEXT = _AtLineStart(r"[ ]{0,3}(?:=+|-+)[ \t]*$")
_FOOTNOTE_REF = re.compile(r"\[\^([^\]\n]{1,200})\](?!:)")
_ABBREVIATION = _AtLineStart(r"[ ]{0,3}\*\[[^\]\n]+\]:")
_WORD = re.compile(r"\w")
# what starts a text of its own: a list item, a definition, a blank line inside a quote
_ITEM = _AtLineStart(r"[ \t>]*(?:[*+-]|[0-9]{1,9}[.)])[ \t]")
_DEFINITION = _AtLineStart(r"[ ]{0,3}:[ ]{1,3}")
_QUOTED_BLANK = _AtLineStart(r"[ ]{0,3}>[ \t>]*$")
_BRACKET = re.compile(r"[\[\]]")
_LINK_DEFINITION = re.compile(r"^[ ]{0,3}\[[^\[\]\n]*\]:.*$", re.M)
_LINK_TARGET = re.compile(r"\]\(")
_CLOSE_PAREN = re.compile(r"\)")
_LIST_START = re.compile(r"[ ]{0,3}(?:([*+-])|[0-9]{1,9}[.)])[ \t]")
_TABLE_RULE = re.compile(r"[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*")
_PRECISE = 200_000  # the most brackets or parentheses followed one by one in a paragraph


def markdown_cost(text: str, limit: float = math.inf) -> MarkdownCost:
    """:class:`MarkdownCost` of ``text``, in time linear in its length. The cheapest measures
    come first; once the estimate passes ``limit`` the others are left out (the text is refused
    whatever they add), so that a text of a million paragraphs is refused as fast as any."""
    terms: dict[str, tuple[float, int, int]] = {}  # reason → (seconds, count, offset)

    def note(reason: str, seconds: float, count: int, offset: int) -> None:
        total, worst, at = terms.get(reason, (0.0, 0, 0))
        if count > worst:
            worst, at = count, offset
        terms[reason] = (total + seconds, worst, at)

    def over() -> bool:
        return sum(t[0] for t in terms.values()) > limit

    runs = (text.count("*") + text.count("_") + text.count("`")) // 2
    marks = sum(text.count(c) for c in _MARKS) + runs
    links = text.count("](")
    note("size", len(text) * _PER_CHAR + marks * _PER_MARK + links * _PER_LINK, marks, 0)
    paragraphs = 1 + len(_BLANK.findall(text.strip())) + _QUOTED_BLANK.count(text)
    cells = text.count("|") // 2  # a table row "| a | b |" is two texts
    units = paragraphs + cells
    note("blocks", units * _PER_BLOCK + paragraphs * paragraphs * _BLOCKS, units, 0)
    for pattern in (_ITEM, _DEFINITION, _ATX, _SETEXT):  # more texts of their own
        if not over():
            n = pattern.count(text)
            note("blocks", n * _PER_BLOCK, units + n, 0)
            units += n
    for measure in (_footnote_cost, _abbreviation_cost, _heading_cost, _tag_cost):
        if not over():
            measure(text, note)
    if not over():
        for n, (start, end) in enumerate(_blocks(text)):
            _block_cost(text[start:end], start, note)
            if n % 256 == 255 and over():
                break
    seconds = sum(t[0] for t in terms.values())
    reason, (_, count, offset) = max(terms.items(), key=lambda kv: kv[1][0])
    return MarkdownCost(seconds, reason, count, text.count("\n", 0, offset) + 1)


Note = Callable[[str, float, int, int], None]


def _blocks(text: str) -> Iterator[tuple[int, int]]:
    """The start and end of each paragraph of ``text`` (the parts between blank lines)."""
    start = 0
    for m in _BLANK.finditer(text):
        yield start, m.start()
        start = m.end()
    yield start, len(text)


def _footnote_cost(text: str, note: Note) -> None:
    if "[^" not in text:
        return
    refs: dict[str, int] = {}
    first_ref: dict[str, int] = {}
    for m in _FOOTNOTE_REF.finditer(text):
        refs[m.group(1)] = refs.get(m.group(1), 0) + 1
        first_ref.setdefault(m.group(1), m.start())
    for label, n in refs.items():
        if n > 1:
            note("footnotes", n * n * _FOOTNOTES, n, first_ref[label])


def _abbreviation_cost(text: str, note: Note) -> None:
    if "*[" not in text:
        return
    defined = _ABBREVIATION.count(text)
    if defined:
        note("abbreviations", defined * len(text) * _ABBREVIATIONS, defined, 0)


def _block_cost(block: str, start: int, note: Note) -> None:
    """The costs that grow faster than the length of one paragraph (``block``, at offset
    ``start`` of the text)."""
    if "]:" in block:  # link definitions are taken out before the text is read for links
        block = _LINK_DEFINITION.sub("", block)
    n = block.count("[")
    if n > 1:
        scanned = _bracket_scan(block) if n > 300 else None
        seconds = n * n * _BRACKETS if scanned is None else scanned * _BRACKET_SCAN
        note("brackets", seconds, n, start + block.index("["))
    n = block.count("<![")
    if n > 1:
        note("tags", n * n * _CDATA, n, start + block.index("<!["))
    n = block.count("\\")
    if n > 1:
        note("escapes", n * n * _ESCAPES, n, start + block.index("\\"))
    if "`" in block:
        runs = [(m.start(), m.end() - m.start()) for m in _TICKS.finditer(block)]
        later: set[int] = set()
        unmatched, cost, first = 0, 0, 0
        for at, length in reversed(runs):
            if length not in later:
                unmatched += 1
                cost += len(block) - at
                first = at
            later.add(length)
        if unmatched > 1:
            note("backticks", cost * _BACKTICKS, unmatched, start + first)
    elements = _elements(block)
    if elements > 1:
        seconds = _markup_seconds(block, elements)
        if seconds > 0.01:  # worth a closer look: count runs, not signs, in each item or row
            elements = _elements(block, runs=True)
            parts = _units(block)
            seconds = _markup_seconds(block, elements)
            if len(parts) > 1:
                seconds = sum(_markup_seconds(p, _elements(p, runs=True)) for p in parts)
        note("markup", seconds, int(elements), start)


def _elements(text: str, runs: bool = False) -> float:
    """How many inline elements ``text`` may hold: two runs of '*', '_' or '`' make one (two
    such signs, unless ``runs``: counting runs takes longer), and so may each '[', '<', '&',
    '\\' and line break."""
    signs = text.count("*") + text.count("_") + text.count("`")
    if runs and signs <= 5 * _PRECISE:
        signs = len(_EMPHASIS_RUN.findall(text))
    return signs / 2 + sum(text.count(c) for c in _MARKS) + text.count("  \n")


def _markup_seconds(text: str, elements: float) -> float:
    """The time to copy ``text`` once for each inline element found in it."""
    if elements < 1:
        return 0.0
    return elements * (len(text) + _PLACEHOLDER * elements) * _width(text) * _MARKUP


def _width(text: str) -> int:
    """Bytes a character of ``text`` takes in Python's memory (1, 2 or 4)."""
    if text.isascii():
        return 1
    top = max(text)
    return 1 if top <= "\xff" else 2 if top <= "\uffff" else 4


def _units(block: str) -> list[str]:
    """The texts Python-Markdown reads one by one in a paragraph that is a list (each item)
    or a table (each row); the paragraph itself otherwise."""
    lines = block.split("\n")
    first = _LIST_START.match(lines[0])
    if first is None and not (len(lines) > 1 and _TABLE_RULE.fullmatch(lines[1]) and "|" in block):
        return [block]
    if first is None:
        return lines
    bullet = first.group(1) is not None  # "-", "*", "+" or "1.", "1)": one kind of list
    units: list[list[str]] = []
    for line in lines:
        m = _ITEM_LINE.match(line)
        starts = m is not None and (len(m.group(1)) >= 4 or (m.group(2) is not None) == bullet)
        if starts or not units:
            units.append([])
        units[-1].append(line)
    return ["\n".join(u) for u in units]


_ITEM_LINE = re.compile(r"([ \t]*)(?:([*+-])|[0-9]{1,9}[.)])[ \t]")


def _bracket_scan(block: str) -> int | None:
    """How many characters Python-Markdown reads looking for the ']' of each '[' (to the end
    of ``block`` when there is none) and the ')' of each '](': None when there are too many
    to follow one by one (the square of their number is then the estimate)."""
    if block.count("[") + block.count("]") > _PRECISE or block.count(")") > _PRECISE:
        return None
    total, stack = 0, []
    for m in _BRACKET.finditer(block):
        if m.group() == "[":
            stack.append(m.start())
        elif stack:
            total += m.start() - stack.pop()
    total += sum(len(block) - at for at in stack)
    if "](" in block:
        closes = [m.start() for m in _CLOSE_PAREN.finditer(block)]
        for m in _LINK_TARGET.finditer(block):
            i = bisect_right(closes, m.start())
            total += (closes[i] if i < len(closes) else len(block)) - m.start()
    return total


def _tag_cost(text: str, note: Note) -> None:
    if "<" not in text:
        return
    closing, scanned, count, first, tags = -1, 0, 0, 0, 0
    for m in _TAG_START.finditer(text):
        tags += 1
        at = m.start()
        if closing < at:
            closing = text.find(">", at)
            if closing < 0:
                closing = len(text)
        if closing - at > 64:
            scanned += closing - at
            count += 1
            first = first or at
    if count > 1:
        note("tags", scanned * _OPEN_TAG, count, first)
    note("size", tags * _PER_TAG, 0, 0)


def _heading_cost(text: str, note: Note) -> None:
    """Headings with the same title are numbered by counting up from the first."""
    if "#" not in text and "=" not in text and "-" not in text:
        return
    found = [(at, m.group(1).strip(" \t#")) for at, m in _ATX.finditer(text)]
    for at, _ in _SETEXT.finditer(text):
        start = text.rfind("\n", 0, max(at - 1, 0)) + 1
        if start < at - 1:  # the line above, underlined
            found.append((start, text[start : at - 1]))
    headings: dict[str, int] = {}
    first_of: dict[str, int] = {}
    for at, title in found:
        key = title.strip().lower() if _WORD.search(title) else ""
        headings[key] = headings.get(key, 0) + 1
        first_of.setdefault(key, at)
    for key, n in headings.items():
        if n > 1:
            note("headings", n * n * _HEADINGS, n, first_of[key])
