"""The one place for problems a user can cause.

Every phase returns or collects :class:`Problem` records instead of raising; the command line
prints them all at once as ``path:line:col: error: message (hint)`` and exits 1. Code that must
stop a phase raises :class:`SiteError`, which carries the problems gathered so far.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

from .messages import Msg, msg, tr
from .text import printable

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int = 0
    col: int = 0
    message: str = ""
    hint: str = ""
    severity: Severity = "error"

    @property
    def code(self) -> str:
        """The message's key in the catalogue (``link.unknown``), for tools."""
        return self.message.key if isinstance(self.message, Msg) else ""

    def where(self) -> str:
        """``path:line:col``, the path as :func:`~bantin.text.printable` shows it: a file named
        with an escape sequence or a right-to-left override cannot act on the terminal."""
        if self.line:
            return f"{printable(self.path)}:{self.line}:{self.col or 1}"
        return printable(self.path)

    def text(self, lang: str = "en") -> str:
        """``message (hint)`` in ``lang``; names and values quoted from files are shown with
        :func:`~bantin.text.printable`."""
        if self.hint:
            return f"{self.said(lang)} ({self.said(lang, hint=True)})"
        return self.said(lang)

    def said(self, lang: str = "en", hint: bool = False) -> str:
        """The message (or the hint) in ``lang``, as printed."""
        return printable(tr(self.hint if hint else self.message, lang))

    def format(self, lang: str = "en") -> str:
        """``path:line:col: severity: message (hint)``, the message and hint in ``lang``."""
        return f"{self.where()}: {self.severity}: {self.text(lang)}"

    def as_dict(self, lang: str = "en") -> dict:
        """For ``--format json``: the path exactly as it is (tools open the file by it), the
        message and hint as printed."""
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col or (1 if self.line else 0),
            "severity": self.severity,
            "code": self.code,
            "message": self.said(lang),
            "hint": self.said(lang, hint=True),
        }


class Loc(NamedTuple):
    """Where a value came from: a file (relative to the project) and a 1-based line and column.
    A named tuple: there is one for every key of every file, so it must be light."""

    path: str
    line: int = 0
    col: int = 0

    def problem(self, message: str, hint: str = "", severity: Severity = "error") -> Problem:
        return Problem(self.path, self.line, self.col, message, hint, severity)


class Positions(Mapping[str, Loc]):
    """Where each key of one file stood (``pos["date"]`` is a :class:`Loc`). Kept as plain
    (line, col) pairs: every parsed item has one, and the build cache loads thousands."""

    __slots__ = ("_at", "path")

    def __init__(self, path: str, at: dict[str, tuple[int, int]]):
        self.path = path
        self._at = at

    def __getitem__(self, key: str) -> Loc:
        line, col = self._at[key]
        return Loc(self.path, line, col)

    def __iter__(self) -> Iterator[str]:
        return iter(self._at)

    def __len__(self) -> int:
        return len(self._at)

    def __repr__(self) -> str:
        return f"Positions({self.path!r}, {self._at!r})"

    def __reduce__(self):
        return (Positions, (self.path, self._at))


class SiteError(Exception):
    """Stops the pipeline; carries every problem found so far."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(p.format() for p in self.problems))

    def __reduce__(self) -> tuple[Any, ...]:  # pickled whole (sent back by a child process)
        return (type(self), (self.problems,), self.__dict__)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A hint naming the closest choice, or an empty string."""
    import difflib

    choices = sorted(set(choices))
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return msg("common.did_you_mean", choice=close[0]) if close else ""


def suggestion(hint: str) -> str:
    """The choice a :func:`did_you_mean` hint names, or an empty string."""
    if isinstance(hint, Msg) and hint.key == "common.did_you_mean":
        return hint.args["choice"]
    return ""
