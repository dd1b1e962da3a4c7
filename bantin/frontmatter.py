"""Reading content files: text decoding and front matter."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .errors import Problem
from .messages import msg
from .text import nfc, utf16_encoding


@dataclass(frozen=True)
class Split:
    meta: str  # the YAML between the fences
    body: str
    meta_offset: int  # file line of YAML line 0 … so YAML line n (1-based) is file line n + offset
    body_line: int  # file line of the body's first line


class ContentFileError(Exception):
    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


def read_text(path: Path, rel: str) -> str:
    """UTF-8 or UTF-16 text (a byte-order mark is dropped), CRLF folded to LF, NFC-normalised."""
    return decode(path.read_bytes(), rel)


def decode(data: bytes, rel: str) -> str:
    """:func:`read_text` of bytes already read. UTF-16 (Notepad's "Unicode") is read too."""
    wide = utf16_encoding(data)
    if wide is not None:
        try:
            text = data.decode(wide)
        except UnicodeDecodeError:
            raise ContentFileError(
                Problem(rel, 0, 0, msg("load.bad_utf16"), msg("load.hint_save_file_utf8"))
            ) from None
        return nfc(text.replace("\r\n", "\n").replace("\r", "\n"))
    if b"\x00" in data:
        raise ContentFileError(
            Problem(rel, 0, 0, msg("load.binary_file"), msg("load.hint_binary_file"))
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        line = data.count(b"\n", 0, exc.start) + 1
        before = data[max(line_start, start) : exc.start].decode("utf-8", "replace")
        col = len(before.replace("\r", "")) + 1
        if looks_like_cp1258(data):
            problem = Problem(
                rel, line, col, msg("load.not_utf8_cp1258"), msg("load.hint_save_cp1258_utf8")
            )
        else:
            problem = Problem(rel, line, col, msg("load.not_utf8"), msg("load.hint_save_file_utf8"))
        raise ContentFileError(problem) from None
    return nfc(text.replace("\r\n", "\n").replace("\r", "\n"))


# What Windows-1258 text holds beyond ASCII: letters of the Vietnamese alphabet, some of them
# precomposed (ă â đ ê ô ơ ư and a few with a tone), tone marks written as combining
# characters after their vowel, and typographic punctuation. A file that is not UTF-8 but reads
# as that alone is almost surely Vietnamese saved by an old Windows program.
_CP1258_MARKS = "\u0300\u0301\u0303\u0309\u0323"
_CP1258_TELLING = set("ăĂđĐơƠưƯ" + _CP1258_MARKS)
_VIETNAMESE_LETTERS = set("aăâbcdđeêghiklmnoôơpqrstuưvxyfjwz")


def looks_like_cp1258(data: bytes) -> bool:
    """Whether ``data`` (not UTF-8) reads as Vietnamese in Windows-1258: no byte the encoding
    leaves undefined, no valid UTF-8 sequence of several bytes (a UTF-8 file with one bad
    byte is not an old file), every letter beyond ASCII Vietnamese, and at least one of the
    letters or tone marks that only Vietnamese text holds."""
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError:
        return False
    if any(ord(c) > 127 for c in data.decode("utf-8", "replace").replace("\ufffd", "")):
        return False
    telling = False
    previous = " "
    for c in text:
        if ord(c) < 128:
            if ord(c) < 32 and c not in "\t\n\r\f":
                return False
        elif c in _CP1258_MARKS:
            if not previous.isalpha():
                return False
            telling = True
        elif unicodedata.category(c)[0] in "LM":
            base = unicodedata.normalize("NFD", c.lower())
            if base[0] not in _VIETNAMESE_LETTERS and c.lower() != "đ":
                return False
            telling = telling or c in _CP1258_TELLING
        previous = c
    return telling


def split_front_matter(text: str, rel: str) -> Split:
    """Split ``---``-fenced YAML front matter from the Markdown body."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        raise ContentFileError(
            Problem(
                rel,
                1,
                1,
                msg("load.no_front_matter"),
                msg("load.hint_front_matter_start"),
            )
        )
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            meta = "\n".join(lines[1:i])
            body = "\n".join(lines[i + 1 :])
            return Split(meta=meta, body=body, meta_offset=1, body_line=i + 2)
    raise ContentFileError(
        Problem(rel, 1, 1, msg("load.front_matter_unclosed"), msg("load.hint_front_matter_close"))
    )
