"""Bytes to Unicode NFC text, repairing the old Vietnamese encodings (placeholder: UTF-8 only;
the real detection lands with the importer)."""

from __future__ import annotations

from ..text import decode_text, nfc
from .model import Decoded


def decode_bytes(data: bytes, declared: str | None = None) -> Decoded:
    """The text of ``data``; ``declared`` is a charset the source names (an HTML meta tag)."""
    return Decoded(nfc(decode_text(data)), "utf-8")


def repair_text(text: str) -> tuple[str, list]:
    """``text`` with TCVN3/VNI mojibake converted to Unicode, NFC; and what was converted."""
    return nfc(text), []
