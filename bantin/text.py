"""Vietnamese text helpers: NFC normalisation and collation."""

from __future__ import annotations

import unicodedata
from typing import Any

# The Vietnamese alphabet in dictionary order; letters outside it sort after, by code point.
_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_LETTER_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
# Tone marks, in the order Vietnamese dictionaries (and CLDR) use:
# none, huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Marks that make a base letter distinct (ă â ê ô ơ ư); đ has no decomposition.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}


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
