"""Reading content files: text decoding and front matter."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import Problem
from .messages import msg
from .text import nfc


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
    """UTF-8 text (a byte-order mark is dropped), CRLF folded to LF, NFC-normalised."""
    return decode(path.read_bytes(), rel)


def decode(data: bytes, rel: str) -> str:
    """:func:`read_text` of bytes already read."""
    if b"\x00" in data:
        raise ContentFileError(
            Problem(rel, 0, 0, msg("load.binary_file"), msg("load.hint_remove_it"))
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ContentFileError(
            Problem(
                rel,
                line,
                0,
                msg("load.not_utf8"),
                msg("load.hint_save_file_utf8"),
            )
        ) from None
    return nfc(text.replace("\r\n", "\n").replace("\r", "\n"))


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
