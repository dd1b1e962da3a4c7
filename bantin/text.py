"""Vietnamese text helpers: NFC normalisation and collation."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

# The Vietnamese alphabet in dictionary order; letters outside it sort after, by code point.
_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_LETTER_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
# Tone marks, in the order Vietnamese dictionaries (and CLDR) use:
# none, huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Marks that make a base letter distinct (ă â ê ô ơ ư); đ has no decomposition.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}


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


def _letters(text: str) -> tuple[tuple[int, int], ...]:
    """Split text into (letter rank, tone) pairs for sorting."""
    out: list[tuple[int, int]] = []
    for ch in unicodedata.normalize("NFC", text.lower()):
        decomposed = unicodedata.normalize("NFD", ch)
        base = decomposed[0]
        tone = 0
        for mark in decomposed[1:]:
            if mark in _TONES:
                tone = _TONES[mark]
            elif mark in _LETTER_MARKS:
                base += mark
        base = unicodedata.normalize("NFC", base)
        rank = _LETTER_RANK.get(base)
        if rank is None:
            rank = -20 + "0123456789".index(base) if base in "0123456789" else 100 + ord(base)
        out.append((rank, tone))
    return tuple(out)


def sort_key(text: str) -> tuple:
    """A key that sorts Vietnamese text in dictionary order, tones as the tie-break."""
    letters = _letters(text)
    return (tuple(r for r, _ in letters), tuple(t for _, t in letters), text)


# ---------------------------------------------------------------- what Markdown would cost
#
# Python-Markdown recurses once per level of quotes and lists (a few hundred levels exhaust
# Python's stack), and some inputs make it slow: each '[' that never closes is searched to the
# end of its paragraph, each '<tag' without '>' to the end of the text (the HTML block parser),
# a run of backticks to the end of its paragraph, and duplicate headings or footnote references
# are numbered by counting up one at a time. The functions below measure a text for these in
# linear time, before Python-Markdown sees it.

_QUOTE_OR_ITEM = re.compile(r"[ ]{0,3}(?:>[ ]?|(?:[*+-]|[0-9]{1,9}[.)])(?:[ \t]+|$))")
_BLANK = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")


def markdown_depth(text: str) -> tuple[int, int]:
    """The deepest nesting of quotes, lists and indentation in a Markdown text, and the
    (1-based) line where it is: each '>' or list marker at the start of a line is one level,
    and so are each four columns of indentation."""
    deepest, where = 0, 0
    for number, line in enumerate(text.split("\n"), 1):
        if len(line) <= deepest:  # too short to be deeper than the deepest so far
            continue
        indent = len(line) - len(line.lstrip(" \t"))
        depth = len(line[:indent].expandtabs(4)) // 4
        at = indent
        while m := _QUOTE_OR_ITEM.match(line, at):
            if m.end() == at:
                break
            depth += 1
            at = m.end()
        if depth > deepest:
            deepest, where = depth, number
    return deepest, where


@dataclass(frozen=True)
class MarkdownCost:
    """An estimate of the time Python-Markdown would take on a text, in seconds of an ordinary
    computer, with what costs most: ``reason`` (``brackets``, ``tags``, ``backticks``,
    ``escapes``, ``headings``, ``footnotes``, ``abbreviations`` or ``size``), how many of that
    thing there are, and the (1-based) line where the worst of them is."""

    seconds: float
    reason: str = "size"
    count: int = 0
    line: int = 1


# Seconds per unit, measured with Python-Markdown 3.11 and the extensions bantin uses (see
# bench/pathological.py, which prints the estimate beside the time taken)
_PER_CHAR = 3e-7  # any text
_PER_BLOCK = 2e-5  # a paragraph, heading, rule…
_PER_MARK = 5e-5  # '[', '<', '\\', '&', a run of '*', '_' or '`': an inline element to try
_PER_TAG = 1.5e-4  # an HTML tag: parsed, stashed, put back and sanitised
_BRACKETS = 5e-7  # per paragraph, times the square of its '['
_OPEN_TAG = 7e-8  # per character from a '<tag' to the next '>'
_CDATA = 2.5e-6  # per paragraph, times the square of its '<!['
_BACKTICKS = 8e-8  # per character from a run of backticks that never closes to its block's end
_ESCAPES = 4e-9  # per paragraph, times the square of its '\\'
_HEADINGS = 2e-7  # times the square of the number of headings with the same id
_FOOTNOTES = 7e-7  # times the square of the references to one footnote
_ABBREVIATIONS = 5e-8  # abbreviations defined, times the length of the text

_MARKS = "[<\\&"  # each one an element to try; a run of '*', '_' or '`' is one
_RUNS = re.compile(r"[*_`]+")
_TAG_START = re.compile(r"<[/!?]?[A-Za-z]")
_TICKS = re.compile(r"`+")
_ATX = re.compile(r"^[ ]{0,3}#{1,6}(?=[ \t]|$)(.*)$", re.M)
_SETEXT = re.compile(r"^[ ]{0,3}(?:=+|-+)[ \t]*$", re.M)
_FOOTNOTE_REF = re.compile(r"\[\^([^\]\n]{1,200})\](?!:)")
_ABBREVIATION = re.compile(r"^[ ]{0,3}\*\[[^\]\n]+\]:", re.M)
_WORD = re.compile(r"\w")


def markdown_cost(text: str) -> MarkdownCost:
    """:class:`MarkdownCost` of ``text``, in time linear in its length."""
    terms: dict[str, tuple[float, int, int]] = {}  # reason → (seconds, count, offset)

    def note(reason: str, seconds: float, count: int, offset: int) -> None:
        total, worst, at = terms.get(reason, (0.0, 0, 0))
        if count > worst:
            worst, at = count, offset
        terms[reason] = (total + seconds, worst, at)

    marks = sum(text.count(c) for c in _MARKS) + len(_RUNS.findall(text))
    blocks = [(0, len(text))]
    if "\n" in text:
        blocks, start = [], 0
        for m in _BLANK.finditer(text):
            blocks.append((start, m.start()))
            start = m.end()
        blocks.append((start, len(text)))
    note(
        "size",
        len(text) * _PER_CHAR + len(blocks) * _PER_BLOCK + marks * _PER_MARK,
        marks,
        0,
    )
    for start, end in blocks:
        block = text[start:end]
        n = block.count("[")
        if n > 1:
            note("brackets", n * n * _BRACKETS, n, start + block.index("["))
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
    if "<" in text:
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
    if "#" in text or "=" in text or "-" in text:
        headings: dict[str, int] = {}
        first_of: dict[str, int] = {}
        found = [(m.start(), m.group(1).strip(" \t#")) for m in _ATX.finditer(text)]
        for m in _SETEXT.finditer(text):
            start = text.rfind("\n", 0, max(m.start() - 1, 0)) + 1
            if start < m.start() - 1:  # the line above, underlined
                found.append((start, text[start : m.start() - 1]))
        for at, title in found:
            key = title.strip().lower() if _WORD.search(title) else ""
            headings[key] = headings.get(key, 0) + 1
            first_of.setdefault(key, at)
        for key, n in headings.items():
            if n > 1:
                note("headings", n * n * _HEADINGS, n, first_of[key])
    if "[^" in text:
        refs: dict[str, int] = {}
        first_ref: dict[str, int] = {}
        for m in _FOOTNOTE_REF.finditer(text):
            refs[m.group(1)] = refs.get(m.group(1), 0) + 1
            first_ref.setdefault(m.group(1), m.start())
        for label, n in refs.items():
            if n > 1:
                note("footnotes", n * n * _FOOTNOTES, n, first_ref[label])
    if "*[" in text:
        defined = [m.start() for m in _ABBREVIATION.finditer(text)]
        if defined:
            note("abbreviations", len(defined) * len(text) * _ABBREVIATIONS, len(defined), 0)
    seconds = sum(t[0] for t in terms.values())
    reason, (_, count, offset) = max(terms.items(), key=lambda kv: kv[1][0])
    return MarkdownCost(seconds, reason, count, text.count("\n", 0, offset) + 1)
