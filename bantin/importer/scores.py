"""``bantin import-scores``: one year's scores, from the table an office keeps in Excel (or
CSV), into the ``results:`` of a bloc file.

It lives with the importer because it is an import and reuses two of its stages: a CSV's bytes
are read by :mod:`.encoding` (UTF-8 with or without a BOM, Windows-1258, TCVN3 and VNI
mojibake repaired, as ``bantin import`` reads a text file), and the unit names are matched by
:mod:`.match` (the bloc's members by name, short name and aliases; case, NFC/NFD, tone
placement, "tỉnh" and the province written or not, abbreviations such as "LĐLĐ").

The stages:

* read — :func:`read_table`: the cells of the sheet (merged cells as Excel shows them) or of the
  CSV, as rows;
* find — :func:`find_header`: the header row below the title block, by the folded words of its
  cells (:func:`header_role`); the rows under it up to the footer ("Người lập biểu",
  "…, ngày … tháng … năm …", "Nơi nhận"…); :func:`parse_points` and :func:`parse_rank` read the
  cells as offices write them;
* check — every unit named is a member of the bloc in the year; each is named once; ranks are
  unique, follow the points and leave no gap (see :func:`check_ranks`); a member missing from
  the table is a warning, never a score;
* write — :func:`edit_bloc_text`: the new ``scores:`` spliced into the bloc file's text (ruamel.
  yaml finds where each node stands), so every other byte, comments and layout included, stays
  as it was; the result must read back as the same data with only the year's scores changed,
  and must load through bantin's own loader and checks, before it replaces the file (through a
  temporary file and a rename).

Ranks, decided: a duplicate rank with equal points is a tie: bantin keeps one unit per rank
(``link.rank_twice``), so the tied units keep their points and their rank is left out, with a
warning; a duplicate rank with different (or unknown) points is an error. A gap (1, 2, 4 with
no tie at 2) and a rank that contradicts the points (more points, a lower place) are warnings:
the office's table is the record, bantin says what looks odd.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import math
import os
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Problem
from ..messages import Msg, msg, tr
from ..text import decimal, nfc, printable
from ..urls import slugify

SUFFIXES = (".xlsx", ".xlsm", ".csv")
MAX_ROWS = 5000  # a score table has a few dozen rows; a sheet this long is not one
MAX_COLUMNS = 200
HEADER_ROWS = 40  # the header row is looked for in the first rows only
YEARS = (1900, 2200)


class ScoresError(Exception):
    """Stops the import: what is wrong (problems that name the file, row and cell) and the exit
    code (1: the table or the bloc file, 2: the command itself)."""

    def __init__(self, problems: Iterable[Problem], code: int = 1):
        self.problems = sorted(set(problems))
        self.code = code
        super().__init__("\n".join(p.format() for p in self.problems))


# ------------------------------------------------------------------ cells and tables


def cell_name(row: int, col: int) -> str:
    """Excel's name of a cell: ``cell_name(7, 3)`` is ``C7`` (1-based row and column)."""
    letters = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row}"


@dataclass
class Table:
    """A sheet or a CSV as rows of cell values (str, int, float or None); ``header_rows`` has
    the merged cells filled in as Excel shows them (a title or a header over several columns).
    ``formulas``: (row, col) of cells holding a formula whose value the file does not keep."""

    label: str  # the file as the user named it
    rows: list[list[Any]]
    header_rows: list[list[Any]]
    sheet: str | None = None  # the sheet read, for a workbook
    sheets: int = 1
    encoding: str | None = None  # for a CSV
    converted: list[Msg] = field(default_factory=list)
    formulas: set[tuple[int, int]] = field(default_factory=set)

    def cell(self, row: int, col: int) -> Msg:
        """A cell as the messages name it: ``C7``, with its sheet when the workbook has several."""
        name = cell_name(row, col)
        if self.sheet is not None and self.sheets > 1:
            return msg("scores.cell_in_sheet", cell=name, sheet=self.sheet)
        return msg("scores.cell", cell=name)

    def problem(
        self, row: int, col: int, message: Msg, hint: Msg | str = "", severity: str = "error"
    ) -> Problem:
        return Problem(self.label, row, col, message, hint, severity)  # type: ignore[arg-type]


def read_table(path: Path, label: str, sheet: str | None = None, year: int | None = None) -> Table:
    """The cells of ``path``: a workbook's sheet (``sheet``, else the one holding a score table,
    else of those the one whose name holds ``year``) or a CSV. Raises :class:`ScoresError`
    when it cannot be read."""
    if path.suffix.lower() == ".csv":
        return _read_csv(path, label)
    return _read_workbook(path, label, sheet, year)


def _read_csv(path: Path, label: str) -> Table:
    from .encoding import decode_bytes
    from .model import ImportProblem

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _unreadable(label, exc) from None
    try:
        decoded = decode_bytes(data)
    except ImportProblem as exc:
        raise ScoresError([Problem(label, 0, 0, exc.message, exc.hint)]) from None
    text = decoded.text.lstrip("\ufeff")
    dialect = _dialect(text)
    rows: list[list[Any]] = []
    try:
        for record in csv.reader(io.StringIO(text, newline=""), dialect):
            rows.append([nfc(v).strip() or None for v in record[:MAX_COLUMNS]])
            if len(rows) > MAX_ROWS:
                raise ScoresError([Problem(label, 0, 0, msg("scores.too_long", rows=MAX_ROWS))])
    except csv.Error as exc:
        said = msg("scores.unreadable", error=f"CSV: {exc}")
        raise ScoresError([Problem(label, len(rows) + 1, 0, said)]) from None
    return Table(label, rows, rows, None, 1, decoded.encoding, decoded.converted)


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    """The CSV's separator: Excel in a Vietnamese (or French, German…) setting writes ``;``,
    because the comma is its decimal mark; elsewhere ``,``; a tab for a copied table."""
    sample = "\n".join(text.splitlines()[:60])
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:
        counts = {d: sample.count(d) for d in (";", "\t", ",")}
        delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","

        class Found(csv.excel):
            pass

        Found.delimiter = delimiter
        return Found


def _read_workbook(path: Path, label: str, wanted: str | None, year: int | None) -> Table:
    import zipfile

    import openpyxl

    try:
        book = openpyxl.load_workbook(path, data_only=True)
    except OSError as exc:
        if not isinstance(exc, zipfile.BadZipFile):
            raise _unreadable(label, exc) from None
        raise _not_workbook(label, exc) from None
    except Exception as exc:  # a damaged or foreign file: openpyxl's errors vary by damage
        raise _not_workbook(label, exc) from None
    names = [ws.title for ws in book.worksheets]  # chart sheets hold no table
    if wanted is not None:
        found = [n for n in names if nfc(n).strip().casefold() == nfc(wanted).strip().casefold()]
        if not found:
            said = msg("scores.no_such_sheet", sheet=wanted, sheets=_listed(names))
            raise ScoresError([Problem(label, 0, 0, said)], code=2)
        chosen = [found[0]]
    else:
        chosen = names
    tables = [_sheet_table(book[n], label, len(names)) for n in chosen]
    if wanted is None and len(tables) > 1:
        with_header = [t for t in tables if _has_header(t)]
        tables = with_header or tables[:1]
        named = [t for t in tables if year is not None and str(year) in (t.sheet or "")]
        tables = named if len(named) == 1 else tables
    if len(tables) > 1:
        said = msg("scores.several_sheets", sheets=_listed(t.sheet or "" for t in tables))
        raise ScoresError([Problem(label, 0, 0, said, msg("scores.several_sheets_hint"))], code=2)
    table = tables[0]
    if table.sheet is not None and any(c is None for row in table.rows for c in row):
        table.formulas = _unsaved_formulas(path, table)
    return table


def _not_workbook(label: str, exc: Exception) -> ScoresError:
    said = msg("scores.not_workbook", error=f"{type(exc).__name__}: {exc}")
    return ScoresError([Problem(label, 0, 0, said, msg("scores.not_workbook_hint"))])


def _has_header(table: Table) -> bool:
    try:
        return find_header(table.header_rows) is not None
    except HeaderAmbiguous:
        return True


def _sheet_table(ws: Any, label: str, sheets: int) -> Table:
    width = min(ws.max_column, MAX_COLUMNS)
    last = min(ws.max_row, MAX_ROWS)
    if ws.max_row > MAX_ROWS:  # formatting down a whole column makes rows without values
        beyond = ws.iter_rows(min_row=MAX_ROWS + 1, max_col=width, values_only=True)
        if any(v is not None for values in beyond for v in values):
            raise ScoresError([Problem(label, 0, 0, msg("scores.too_long", rows=MAX_ROWS))])
    rows: list[list[Any]] = []
    for values in ws.iter_rows(min_row=1, max_row=last, max_col=width, values_only=True):
        rows.append([_cell_value(v) for v in values])
    header_rows = [list(r) for r in rows]
    for merged in ws.merged_cells.ranges:
        top, left = merged.min_row, merged.min_col
        if top > len(rows) or left > width:
            continue
        value = rows[top - 1][left - 1]
        for r in range(top, min(merged.max_row, len(rows)) + 1):
            for c in range(left, min(merged.max_col, width) + 1):
                header_rows[r - 1][c - 1] = value
    return Table(label, rows, header_rows, str(ws.title), sheets)


def _cell_value(value: Any) -> Any:
    if value is None or isinstance(value, bool):
        return None if value is None else str(value)
    if isinstance(value, int | float):
        return value
    text = nfc(str(value)).strip()
    return text or None


def _unsaved_formulas(path: Path, table: Table) -> set[tuple[int, int]]:
    """The empty cells (as read) that hold a formula: a workbook written by a program that
    does not compute (not Excel, LibreOffice) keeps the formula and no value."""
    import openpyxl

    try:
        ws = openpyxl.load_workbook(path, data_only=False)[table.sheet or ""]
    except Exception:  # it was read a moment ago; without formulas, nothing is claimed
        return set()
    found = set()
    for r, row in enumerate(table.rows, 1):
        for c, value in enumerate(row, 1):
            if value is None:
                raw = ws.cell(r, c).value
                if isinstance(raw, str) and raw.startswith("="):
                    found.add((r, c))
    return found


def _unreadable(label: str, exc: OSError) -> ScoresError:
    said = msg("scores.unreadable", error=exc.strerror or type(exc).__name__)
    return ScoresError([Problem(label, 0, 0, said)])


def _listed(names: Iterable[str]) -> str:
    return ", ".join(f"“{printable(n)}”" for n in names)


# ------------------------------------------------------------------ the header


def fold(text: Any) -> str:
    """``text`` as lower-case ASCII words: no accents, đ as d, punctuation as spaces ("Xếp
    thứ" → ``xep thu``, "TỔNG ĐIỂM" → ``tong diem``); NFC or NFD alike."""
    if text is None:
        return ""
    return " ".join(slugify(nfc(str(text))).split("-"))


_PARENTHESES = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_UNIT_HEADERS = re.compile(
    r"^(?:ten )?(?:(?:co quan|to chuc) )?(?:(?:va )?don vi|co quan|to chuc)"
    r"(?: (?:thanh vien|thi dua|du thi|trong khoi|trong cum))?$"
    r"|^ten(?: (?:co quan|don vi))?$|^(?:ten )?co quan(?: don vi)?$|^ten co quan don vi$"
)
_STT_HEADERS = frozenset({"stt", "tt", "so tt", "so thu tu", "thu tu", "s tt"})
_RANK_WORDS = ("xep hang", "xep thu", "thu hang", "vi thu", "thu bac", "xep thu tu")
_NOT_THE_SCORE = ("tu cham", "thuong", "tru", "chuan", "toi da", "chenh", "ty le", "muc")


def header_role(text: Any) -> tuple[str, int] | None:
    """What a header cell names and how surely: ``("unit", 1)``, ``("stt", 1)``,
    ``("rank", 1)`` or ``("points", p)`` (3 for a total, "Tổng điểm"; 2 for "Điểm", "Điểm khối
    chấm"; 1 for another score; self-assessed, bonus, penalty or maximum points are not the
    score). None for anything else, and for long texts (a title mentions points too)."""
    if text is None or isinstance(text, int | float):
        return None
    plain = fold(_PARENTHESES.sub(" ", str(text)))
    plain = " ".join(w for w in plain.split() if not w.isdigit())
    if not plain or len(plain.split()) > 7:
        return None
    if plain in _STT_HEADERS:
        return ("stt", 1)
    if _UNIT_HEADERS.match(plain):
        return ("unit", 1)
    words = f" {plain} "
    if any(f" {w} " in words for w in _RANK_WORDS) or plain in ("hang", "thu", "xep loai thu"):
        return ("rank", 1)
    if " diem " not in words:
        return None
    if any(f" {w} " in words for w in _NOT_THE_SCORE):
        return None
    if " tong " in words or plain.startswith("tong"):
        return ("points", 3)
    if plain in ("diem", "so diem", "diem so", "diem dat", "diem dat duoc", "diem cham") or (
        " khoi cham " in words or " tham dinh " in words or " ket qua cham diem " in words
    ):
        return ("points", 2)
    return ("points", 1)


@dataclass(frozen=True)
class Header:
    """Where the table starts: the header row (1-based; a second row of sub-headers makes
    ``first`` two rows below), and the column (1-based) of each role."""

    row: int
    first: int  # the first row of data
    unit: int
    points: int | None
    rank: int | None
    stt: int | None
    names: dict[int, str] = field(default_factory=dict)  # column → header text, as written


class HeaderAmbiguous(Exception):
    def __init__(self, row: int, columns: list[int]):
        self.row, self.columns = row, columns


def find_header(rows: Sequence[Sequence[Any]]) -> Header | None:
    """The first row (of the first :data:`HEADER_ROWS`) naming a unit column and a points or
    rank column. Headers over two rows ("Điểm" merged over "Tự chấm" | "Khối chấm") are read
    together. Raises :class:`HeaderAmbiguous` when two columns are the score equally surely."""
    for r in range(min(len(rows), HEADER_ROWS)):
        row = rows[r]
        roles = [header_role(v) for v in row]
        if not any(x and x[0] == "unit" for x in roles):
            continue
        below = rows[r + 1] if r + 1 < len(rows) else []
        sub = _sub_header(row, below)
        names = {c + 1: str(v) for c, v in enumerate(row) if isinstance(v, str)}
        if sub:
            for c, v in enumerate(below):
                if isinstance(v, str) and c < len(row):
                    joined = f"{row[c] or ''} {v}".strip()
                    names[c + 1] = joined
                    roles[c] = header_role(joined)
        found = _columns(r + 1, r + (3 if sub else 2), roles, names)
        if found is not None:
            return found
    return None


def _sub_header(row: Sequence[Any], below: Sequence[Any]) -> bool:
    """Whether the row under a header holds sub-headers: texts only, under a header cell that
    spans several columns (merged, so repeated) or under an empty one, and no unit's name in
    the unit column."""
    texts = [(c, v) for c, v in enumerate(below) if v is not None]
    if not texts or any(not isinstance(v, str) for _, v in texts):
        return False
    repeated = {c for c in range(1, len(row)) if row[c] is not None and row[c] == row[c - 1]}
    repeated |= {c - 1 for c in repeated}
    return all(c in repeated or c >= len(row) or row[c] is None for c, _ in texts)


def _columns(
    row: int, first: int, roles: list[tuple[str, int] | None], names: dict[int, str]
) -> Header | None:
    def columns(role: str) -> list[tuple[int, int]]:
        return [(c + 1, x[1]) for c, x in enumerate(roles) if x and x[0] == role]

    units, points, ranks, stts = (columns(r) for r in ("unit", "points", "rank", "stt"))
    if not points and not ranks:
        return None
    best = max((p for _, p in points), default=0)
    top = [c for c, p in points if p == best]
    if len(top) > 1:
        raise HeaderAmbiguous(row, top)
    return Header(
        row=row,
        first=first,
        unit=units[0][0],
        points=top[0] if top else None,
        rank=ranks[0][0] if ranks else None,
        stt=stts[0][0] if stts else None,
        names=names,
    )


# ------------------------------------------------------------------ numbers


class NotANumber(ValueError):
    """A cell that is no number; ``ambiguous`` when it is one in two ways ("1.234")."""

    def __init__(self, text: str, ambiguous: bool = False):
        super().__init__(text)
        self.ambiguous = ambiguous


_SPACES = re.compile(r"(?<=\d)[ \u00a0\u202f\u2009](?=\d)")
_SPACED = re.compile(r"\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?:[.,]\d+)?")
_POINTS_WORD = re.compile(r"\s*(?:điểm|đ)\.?$", re.IGNORECASE)
_GROUPED = {
    ".": re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$"),  # 1.234,5 (Vietnamese)
    ",": re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$"),  # 1,234.5 (English)
}


def parse_points(value: Any, decimal_mark: str | None = None) -> float:
    """A points cell as a number: a number as it is; a text with a decimal comma ("95,5"),
    a decimal point ("95.5"), thousands grouped ("1.234,5", "1,234.5", "1 234,5"), spaces
    around, "điểm" after. One separator followed by exactly three digits ("1.234") is a
    thousands group or a decimal: ``decimal_mark`` ("," or ".") decides, else it is
    ambiguous. Raises :class:`NotANumber`."""
    if isinstance(value, bool):
        raise NotANumber(str(value))
    if isinstance(value, int | float):
        if not math.isfinite(value):
            raise NotANumber(str(value))
        return float(value)
    text = nfc(str(value or "")).strip()
    text = _POINTS_WORD.sub("", text).strip()
    if _SPACED.fullmatch(text):  # 1 234,5: thousands grouped with spaces
        text = _SPACES.sub("", text)
    if text.startswith("+"):
        text = text[1:]
    if not text or not text[0].isdigit() or not text.isascii():
        raise NotANumber(str(value))
    if re.fullmatch(r"\d+", text):
        return float(text)
    if "." in text and "," in text:
        mark = "," if text.rfind(",") > text.rfind(".") else "."
        group = "." if mark == "," else ","
        if not _GROUPED[group].match(text):
            raise NotANumber(str(value))
        return float(text.replace(group, "").replace(mark, "."))
    sep = "." if "." in text else ","
    if not re.fullmatch(r"\d+(?:[.,]\d+)+", text):
        raise NotANumber(str(value))
    if text.count(sep) > 1:  # 1.234.567: groups only
        if not _GROUPED[sep].match(text):
            raise NotANumber(str(value))
        return float(text.replace(sep, ""))
    whole, part = text.split(sep)
    if len(part) == 3 and 1 <= len(whole) <= 3 and whole != "0":
        if decimal_mark is None:
            raise NotANumber(str(value), ambiguous=True)
        if decimal_mark != sep:
            return float(whole + part)
    return float(f"{whole}.{part}")


def decimal_mark_of(values: Iterable[Any]) -> str | None:
    """The decimal mark a column's texts use, from the cells that show it ("95,5" → ",";
    "1.234,5" → ","; "95.5" → "."); None when none shows it. Raises :class:`ValueError` when
    cells disagree."""
    marks = set()
    for value in values:
        if not isinstance(value, str):
            continue
        text = _SPACES.sub("", _POINTS_WORD.sub("", value.strip()).strip())
        if "." in text and "," in text:
            marks.add("," if text.rfind(",") > text.rfind(".") else ".")
            continue
        for sep in (",", "."):
            m = re.fullmatch(r"(\d+)" + re.escape(sep) + r"(\d+)", text)
            if m and not (len(m.group(2)) == 3 and 1 <= len(m.group(1)) <= 3):
                marks.add(sep)
        if text.count(".") > 1:
            marks.add(",")
        if text.count(",") > 1:
            marks.add(".")
    if len(marks) > 1:
        raise ValueError("both")
    return marks.pop() if marks else None


_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50}
_RANK_NUMBERS = {
    "nhat": 1,
    "nhi": 2,
    "ba": 3,
    "tu": 4,
    "bon": 4,
    "nam": 5,
    "sau": 6,
    "bay": 7,
    "tam": 8,
    "chin": 9,
    "muoi": 10,
}
_RANK_LEADS = ("xep thu", "xep hang", "thu hang", "hang", "thu", "giai")


def parse_rank(value: Any) -> int:
    """A rank cell as a number ≥ 1: a number (1, 1.0, "01", "1."), a Roman numeral ("I",
    "IV"), a word ("Nhất", "Nhì", "Ba", "Tư", "Thứ nhất", "Hạng 2", "Mười một"). Raises
    :class:`NotANumber`."""
    if isinstance(value, bool):
        raise NotANumber(str(value))
    if isinstance(value, int | float):
        if not math.isfinite(value) or value != int(value) or value < 1:
            raise NotANumber(str(value))
        return int(value)
    raw = nfc(str(value or "")).strip()
    numbered = re.fullmatch(r"(?P<lead>\D*?)\s*(?P<n>\d+)(?:[.,]0+)?\.?", raw)
    if numbered:
        lead, number = fold(numbered.group("lead")), int(numbered.group("n"))
        written = numbered.group("lead")
        plain = all(c.isalpha() or c.isspace() for c in written)
        if plain and (lead == "" or lead in _RANK_LEADS) and number >= 1:
            return number
        raise NotANumber(raw)
    if any(ch.isdigit() for ch in raw):
        raise NotANumber(raw)
    words = fold(raw)
    for lead in _RANK_LEADS:
        if words.startswith(lead + " "):
            words = words[len(lead) + 1 :]
            break
    if re.fullmatch(r"[ivxl]+", words) and raw.strip(" .").isupper():
        number = _roman(words)
        if number:
            return number
    parts = words.split()
    if len(parts) == 1 and parts[0] in _RANK_NUMBERS:
        return _RANK_NUMBERS[parts[0]]
    if len(parts) == 2 and parts[0] == "muoi":
        ones = {"mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "lam": 5, "nam": 5}
        ones |= {k: v for k, v in _RANK_NUMBERS.items() if 6 <= v <= 9}
        if parts[1] in ones:
            return 10 + ones[parts[1]]
    raise NotANumber(raw)


def _roman(text: str) -> int:
    total, previous = 0, 0
    for ch in reversed(text):
        value = _ROMAN[ch]
        total += -value if value < previous else value
        previous = max(previous, value)
    return total if total >= 1 and _to_roman(total) == text else 0


def _to_roman(number: int) -> str:
    out = ""
    for value, letters in ((50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv")):
        while number >= value:
            out += letters
            number -= value
    return out + "i" * number


# ------------------------------------------------------------------ rows


_FOOTER = re.compile(
    r"^(?:nguoi lap|lap bieu|nguoi tong hop|ghi chu|noi nhan|xac nhan|tm |t m |kt |"
    r"thu truong|truong khoi|pho khoi|truong cum|ky ten|ky ghi ro|ky va ghi ro|ky dong dau)"
    r"|ngay \d+ thang \d+ nam \d+|ngay thang nam"
)
_TOTALS = frozenset({"tong", "tong cong", "cong", "tong so", "cong tong", "binh quan"})


@dataclass
class Row:
    """A data row: where it is, the unit as written and the unit found, points and rank."""

    row: int
    name: str
    unit: str | None = None
    points: float | None = None
    rank: int | None = None
    points_col: int | None = None
    rank_col: int | None = None
    unit_col: int = 0


@dataclass
class Reading:
    """What was read from the table and what is wrong with it."""

    header: Header | None = None
    rows: list[Row] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)  # rows without a score (headings, notes)
    footer: int | None = None
    problems: list[Problem] = field(default_factory=list)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return nfc(str(value)).strip()


def read_rows(table: Table, members: Any, bloc: str, year: int) -> Reading:
    """The data rows of ``table``, each unit matched among ``members`` (a
    :class:`~.match.Catalogue` of the site), checked for the bloc ``bloc`` and the ``year``."""
    out = Reading()
    try:
        header = find_header(table.header_rows)
    except HeaderAmbiguous as exc:
        names = ", ".join(
            f"{cell_name(exc.row, c)} “{printable(_text(table.header_rows[exc.row - 1][c - 1]))}”"
            for c in exc.columns
        )
        out.problems.append(
            table.problem(
                exc.row,
                exc.columns[0],
                msg("scores.points_ambiguous", cells=names),
                msg("scores.points_ambiguous_hint"),
            )
        )
        return out
    if header is None:
        out.problems.append(
            table.problem(0, 0, msg("scores.no_header"), msg("scores.no_header_hint"))
        )
        return out
    out.header = header
    mark = _column_mark(table, header, out)
    for r in range(header.first, len(table.rows) + 1):
        cells = table.rows[r - 1]
        texts = [fold(v) for v in cells if isinstance(v, str)]
        if any(_FOOTER.search(t) for t in texts) and not _scored(cells, header, mark):
            out.footer = r  # the signatures: "Người lập biểu", "…, ngày … tháng … năm …"
            break
        if all(v is None for v in cells) or (r == header.first and _numbering_row(cells)):
            continue
        row = _data_row(table, header, r, cells, mark, out)
        if row is not None:
            out.rows.append(row)
    _match_units(table, out, members, bloc, year)
    return out


def _scored(cells: list[Any], header: Header, mark: str | None) -> bool:
    """Whether the row gives points or a rank that read as such (a unit's row, whatever its
    notes say; the signatures under a table stand in the same columns but are no numbers)."""
    readers = ((header.points, lambda v: parse_points(v, mark)), (header.rank, parse_rank))
    for col, read in readers:
        value = _get(cells, col)
        if value is not None:
            try:
                read(value)
            except NotANumber:
                continue
            return True
    return False


_COLUMN_NUMBER = re.compile(r"\(?\s*(?:\d{1,2}|[A-Z])\s*\)?")


def _numbering_row(cells: list[Any]) -> bool:
    """The row under a header that numbers the columns ("A | B | 1 | 2", "(1) | (2) | (3)"),
    as official tables do: not a unit's row."""
    filled = [v for v in cells if v is not None]
    return len(filled) >= 2 and all(
        (isinstance(v, int) and 0 <= v <= 99)
        or (isinstance(v, float) and v.is_integer() and 0 <= v <= 99)
        or (isinstance(v, str) and _COLUMN_NUMBER.fullmatch(v) is not None)
        for v in filled
    )


def _column_mark(table: Table, header: Header, out: Reading) -> str | None:
    if header.points is None:
        return None
    column = [
        row[header.points - 1] if header.points - 1 < len(row) else None
        for row in table.rows[header.first - 1 :]
    ]
    try:
        return decimal_mark_of(column)
    except ValueError:
        said = msg("scores.mixed_decimal_marks", column=cell_name(header.row, header.points))
        out.problems.append(
            table.problem(header.row, header.points, said, msg("scores.mixed_decimal_marks_hint"))
        )
        return None


def _get(cells: list[Any], col: int | None) -> Any:
    return cells[col - 1] if col is not None and col - 1 < len(cells) else None


def _data_row(
    table: Table, header: Header, r: int, cells: list[Any], mark: str | None, out: Reading
) -> Row | None:
    name = _text(_get(cells, header.unit))
    raw_points, raw_rank = _get(cells, header.points), _get(cells, header.rank)
    if fold(name) in _TOTALS:
        return None
    if not name:
        if raw_points is not None or raw_rank is not None:
            out.problems.append(
                table.problem(
                    r,
                    header.unit,
                    msg("scores.no_unit", cell=table.cell(r, header.unit)),
                    msg("scores.no_unit_hint"),
                )
            )
        return None
    row = Row(r, name, points_col=header.points, rank_col=header.rank, unit_col=header.unit)
    if raw_points is not None:
        try:
            row.points = parse_points(raw_points, mark)
        except NotANumber as exc:
            key = "scores.points_ambiguous_cell" if exc.ambiguous else "scores.bad_points"
            said = msg(key, cell=table.cell(r, header.points), value=printable(_text(raw_points)))
            out.problems.append(table.problem(r, header.points or 0, said, msg(key + "_hint")))
        else:
            if row.points < 0 or row.points > 1_000_000:
                said = msg(
                    "scores.points_range",
                    cell=table.cell(r, header.points),
                    value=decimal(row.points),
                )
                out.problems.append(table.problem(r, header.points or 0, said))
                row.points = None
    elif header.points is not None and (r, header.points) in table.formulas:
        said = msg("scores.formula_unsaved", cell=table.cell(r, header.points))
        out.problems.append(
            table.problem(r, header.points, said, msg("scores.formula_unsaved_hint"))
        )
    if raw_rank is not None:
        try:
            row.rank = parse_rank(raw_rank)
        except NotANumber:
            said = msg(
                "scores.bad_rank", cell=table.cell(r, header.rank), value=printable(_text(raw_rank))
            )
            out.problems.append(
                table.problem(r, header.rank or 0, said, msg("scores.bad_rank_hint"))
            )
    elif header.rank is not None and (r, header.rank) in table.formulas:
        said = msg("scores.formula_unsaved", cell=table.cell(r, header.rank))
        out.problems.append(table.problem(r, header.rank, said, msg("scores.formula_unsaved_hint")))
    if raw_points is None and raw_rank is None:
        out.skipped.append(r)  # a heading ("I. Các hội"), a note, or a unit without a score
    return row


def _match_units(table: Table, out: Reading, cat: Any, bloc: str, year: int) -> None:
    """Each row's unit among the bloc's members, by :mod:`.match`: the whole cell must be one
    member's name (or alias, or short name), so that "Ban Thường vụ Tỉnh đoàn" is not taken
    for "Tỉnh đoàn"."""
    entry = cat.blocs[bloc]
    members = {m.slug: m for m in entry.members}
    seen: dict[str, Row] = {}
    kept: list[Row] = []
    for row in out.rows:
        where = table.cell(row.row, row.unit_col)
        found, partial = _units_named(cat, bloc, row.name)
        scored = row.points is not None or row.rank is not None
        if len(found) == 1 and not partial:
            slug = found[0]
        elif not scored and row.row in out.skipped:
            continue  # a heading or a note: not a unit, no score
        elif len(found) > 1:
            said = msg(
                "scores.unit_ambiguous",
                cell=where,
                name=printable(row.name),
                units=", ".join(found),
            )
            out.problems.append(
                table.problem(row.row, row.unit_col, said, msg("scores.unit_hint", bloc=bloc))
            )
            continue
        elif found:
            said = msg("scores.unit_partly", cell=where, name=printable(row.name), unit=found[0])
            out.problems.append(
                table.problem(row.row, row.unit_col, said, msg("scores.unit_hint", bloc=bloc))
            )
            continue
        else:
            other = _other_bloc(cat, bloc, row.name)
            if other:
                said = msg(
                    "scores.unit_other_bloc",
                    cell=where,
                    name=printable(row.name),
                    bloc=bloc,
                    other=other,
                )
            else:
                said = msg("scores.unit_unknown", cell=where, name=printable(row.name), bloc=bloc)
            out.problems.append(
                table.problem(row.row, row.unit_col, said, msg("scores.unit_hint", bloc=bloc))
            )
            continue
        member = members[slug]
        if not member.member_in(year):
            span = f"{member.from_year or '…'}–{member.to_year or '…'}"
            said = msg(
                "scores.not_member_in",
                cell=where,
                name=printable(row.name),
                unit=slug,
                year=year,
                span=span,
            )
            out.problems.append(
                table.problem(
                    row.row, row.unit_col, said, msg("scores.not_member_in_hint", bloc=bloc)
                )
            )
            continue
        if slug in seen:
            said = msg("scores.unit_twice", cell=where, unit=slug, first=seen[slug].row)
            out.problems.append(table.problem(row.row, row.unit_col, said))
            continue
        seen[slug] = row
        row.unit = slug
        if not scored:
            said = msg("scores.no_score", cell=where, unit=slug)
            out.problems.append(table.problem(row.row, row.unit_col, said, severity="warning"))
            continue
        kept.append(row)
    out.rows = kept


def _units_named(cat: Any, bloc: str, name: str) -> tuple[list[str], bool]:
    """The members of ``bloc`` the text names, and whether words of it are left over."""
    text = nfc(name)
    hits = [
        h for h in cat.scan(text) if any(t.kind == "unit" and t.bloc == bloc for t in h.targets)
    ]
    slugs: list[str] = []
    for h in hits:
        for t in h.targets:
            if t.kind == "unit" and t.bloc == bloc and t.slug not in slugs:
                slugs.append(t.slug)
    rest = text
    for h in sorted(hits, key=lambda h: -h.start):
        rest = rest[: h.start] + " " + rest[h.end :]
    leftover = any(ch.isalnum() for ch in re.sub(r"^\s*\d+[.)]?\s", " ", rest))
    return slugs, bool(hits) and leftover


def _other_bloc(cat: Any, bloc: str, name: str) -> str:
    for h in cat.scan(nfc(name)):
        for t in h.targets:
            if t.kind == "unit" and t.bloc != bloc:
                return t.bloc
    return ""


# ------------------------------------------------------------------ checks


def check_ranks(table: Table, rows: list[Row]) -> list[Problem]:
    """Ties, duplicates, gaps and ranks against points (see the module's notes); a tie's ranks
    are left out of ``rows`` (bantin keeps one unit per rank)."""
    problems: list[Problem] = []
    by_rank: dict[int, list[Row]] = {}
    for row in rows:
        if row.rank is not None:
            by_rank.setdefault(row.rank, []).append(row)
    for rank, same in sorted(by_rank.items()):
        if len(same) < 2:
            continue
        first = same[0]
        points = {r.points for r in same}
        where = ", ".join(cell_name(r.row, r.rank_col or 0) for r in same)
        if None not in points and len(points) == 1:
            units = ", ".join(r.unit or "" for r in same)
            said = msg("scores.tie", rank=rank, cells=where, units=units)
            problems.append(
                table.problem(
                    first.row, first.rank_col or 0, said, msg("scores.tie_hint"), "warning"
                )
            )
            for r in same:
                r.rank = None
        else:
            said = msg("scores.rank_twice", rank=rank, cells=where)
            problems.append(
                table.problem(
                    same[1].row, same[1].rank_col or 0, said, msg("scores.rank_twice_hint")
                )
            )
    # gaps: 1, 2, 2, 4 (competition ranking) and 1, 2, 2, 3 (dense) are both fine
    given = sorted(r for r, same in by_rank.items() for _ in same)
    distinct = 0
    for i, rank in enumerate(given):
        if i and rank == given[i - 1]:
            continue
        if rank not in (i + 1, distinct + 1):
            row = by_rank[rank][0]
            said = msg(
                "scores.rank_gap",
                rank=rank,
                cell=table.cell(row.row, row.rank_col or 0),
                expected=i + 1,
            )
            problems.append(
                table.problem(
                    row.row, row.rank_col or 0, said, msg("scores.rank_gap_hint"), "warning"
                )
            )
        distinct += 1
    both = sorted((r for r in rows if r.rank is not None and r.points is not None), key=_rank_key)
    for better, worse in itertools.pairwise(both):
        if worse.points is not None and better.points is not None and worse.points > better.points:
            said = msg(
                "scores.rank_against_points",
                unit=worse.unit or "",
                rank=worse.rank,
                points=decimal(worse.points),
                other=better.unit or "",
                other_rank=better.rank,
                other_points=decimal(better.points),
            )
            problems.append(
                table.problem(
                    worse.row,
                    worse.rank_col or 0,
                    said,
                    msg("scores.rank_against_points_hint"),
                    "warning",
                )
            )
    return problems


def _rank_key(row: Row) -> tuple[int, int]:
    return (row.rank or 0, row.row)


def missing_members(table: Table, rows: list[Row], cat: Any, bloc: str, year: int) -> list[Problem]:
    """A warning for each member of the year the table does not score: no score is made up."""
    named = {r.unit for r in rows}
    missing = [m.slug for m in cat.blocs[bloc].members if m.member_in(year) and m.slug not in named]
    if not missing:
        return []
    said = msg("scores.members_missing", year=year, units=", ".join(missing))
    return [table.problem(0, 0, said, msg("scores.members_missing_hint"), "warning")]


def title_years(table: Table, header: Header) -> set[int]:
    """The years the title block (the rows above the header) names."""
    found: set[int] = set()
    for row in table.header_rows[: header.row - 1]:
        for value in row:
            if isinstance(value, str):
                found |= {int(y) for y in re.findall(r"(?<!\d)(19\d\d|2[01]\d\d)(?!\d)", value)}
    return found


# ------------------------------------------------------------------ the bloc file


class EditRefused(Exception):
    def __init__(self, message: Msg, hint: Msg | str = "", line: int = 0):
        super().__init__(message)
        self.message, self.hint, self.line = message, hint, line


_PLAIN_SLUG = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
_YAML_WORDS = frozenset("y n yes no on off true false null".split())


def scalar(value: str) -> str:
    """``value`` as a YAML scalar bantin reads back as the same string (quoted if needed)."""
    from ..yamlio import YamlError, parse_yaml

    if _PLAIN_SLUG.fullmatch(value) and value not in _YAML_WORDS:
        return value  # a slug that begins with a letter: never a number, date or boolean
    try:
        if parse_yaml(f"k: {value}\n") == {"k": value}:
            return value
    except YamlError:
        pass
    return json.dumps(value, ensure_ascii=False)


def number(value: float) -> str:
    """Points as YAML writes them: ``95.5``, ``98.0``; a spreadsheet's 95.55000000000001 as
    95.55."""
    return repr(round(float(value), 6))


def score_line(row: Row) -> str:
    parts = [f"unit: {scalar(row.unit or '')}"]
    if row.points is not None:
        parts.append(f"points: {number(row.points)}")
    if row.rank is not None:
        parts.append(f"rank: {row.rank}")
    return "{" + ", ".join(parts) + "}"


# top-level keys a bloc file writes after results: (the order of the documentation)
_AFTER_RESULTS = ("pledges", "targets", "figures", "draft", "extra")


def edit_bloc_text(text: str, year: int, lines: list[str], force: bool) -> tuple[str, str]:
    """The bloc file's ``text`` with the year's ``scores:`` set to ``lines`` (one flow mapping
    each), and what was done: ``added`` (a new results entry), ``added_scores`` (to an entry
    without scores) or ``replaced`` (with ``force``). Everything else is left byte for byte.
    Raises :class:`EditRefused` (scores already there without ``force``, or a layout that
    cannot be edited in place)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

    nl = "\r\n" if "\r\n" in text else "\n"
    try:
        root = YAML(typ="safe", pure=True).compose(text)  # positions only: no comments needed
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise EditRefused(
            msg("scores.bloc_unreadable"), "", (mark.line + 1) if mark else 0
        ) from None
    if not isinstance(root, MappingNode) or root.flow_style:
        raise EditRefused(msg("scores.bloc_layout"), msg("scores.bloc_layout_hint"))

    def line_start(index: int) -> int:
        return text.rfind("\n", 0, index) + 1

    def after_line(index: int) -> int:
        """The start of the line after the one holding the character before ``index``."""
        if index > 0 and text[index - 1] == "\n":
            return index
        at = text.find("\n", index)
        return len(text) if at < 0 else at + 1

    def end(node: Any) -> int:
        if isinstance(node, ScalarNode) or node.flow_style or not node.value:
            return node.end_mark.index
        last = node.value[-1]
        return end(last[1] if isinstance(node, MappingNode) else last)

    def above_comments(index: int) -> int:
        """``index`` (a line start) moved up over the comment lines right above it."""
        while index > 0:
            previous = line_start(index - 1)
            if text[previous:index].strip().startswith("#"):
                index = previous
            else:
                break
        return index

    def dash_column(item: Any) -> int:
        start = item.start_mark.index
        at = text.rfind("-", line_start(start), start)
        return at - line_start(start) if at >= 0 else item.start_mark.column

    def empty(node: Any) -> bool:
        return (isinstance(node, ScalarNode) and node.tag.endswith(":null")) or (
            isinstance(node, SequenceNode | MappingNode) and not node.value
        )

    def scores_block(column: int, dash: int) -> str:
        out = " " * column + "scores:" + nl
        return out + "".join(" " * dash + "- " + line + nl for line in lines)

    def item_block(dash: int) -> str:
        return " " * dash + f"- year: {year}" + nl + scores_block(dash + 2, dash + 4)

    def with_newline(t: str) -> str:
        return t if not t or t.endswith("\n") else t + nl

    keys = {k.value: (k, v) for k, v in root.value if isinstance(k, ScalarNode)}
    if "results" not in keys:
        seq_dash = 2
        for _, v in root.value:
            if isinstance(v, SequenceNode) and not v.flow_style and v.value:
                seq_dash = dash_column(v.value[0])
                break
        block = "results:" + nl + item_block(seq_dash)
        later = [
            k for k, _ in root.value if isinstance(k, ScalarNode) and k.value in _AFTER_RESULTS
        ]
        if later:
            at = above_comments(line_start(later[0].start_mark.index))
            return text[:at] + block + text[at:], "added"
        return with_newline(text) + block, "added"
    key, results = keys["results"]
    if empty(results):
        start = line_start(key.start_mark.index)
        stop = after_line(max(end(results), key.end_mark.index))
        block = (
            " " * key.start_mark.column + "results:" + nl + item_block(key.start_mark.column + 2)
        )
        return text[:start] + block + text[stop:], "added"
    if not isinstance(results, SequenceNode) or results.flow_style:
        raise EditRefused(
            msg("scores.results_layout"), msg("scores.bloc_layout_hint"), key.start_mark.line + 1
        )
    entries: list[tuple[int | None, Any]] = []
    for item in results.value:
        found_year = None
        if isinstance(item, MappingNode):
            for k, v in item.value:
                if isinstance(k, ScalarNode) and k.value == "year" and isinstance(v, ScalarNode):
                    found_year = int(v.value) if v.value.strip().isdigit() else None
        entries.append((found_year, item))
    same = [item for y, item in entries if y == year]
    if len(same) > 1:
        raise EditRefused(msg("scores.year_twice", year=year), "", same[1].start_mark.line + 1)
    dash = dash_column(results.value[0])
    if not same:
        years = [y for y, _ in entries]
        known = [y for y in years if y is not None]
        ascending = known == sorted(known) and len(known) == len(years)
        later_items = [item for y, item in entries if ascending and y is not None and y > year]
        if later_items:
            at = above_comments(line_start(later_items[0].start_mark.index))
        else:
            at = after_line(end(results.value[-1]))
            text = with_newline(text) if at >= len(text) else text
            at = min(at, len(text))
        return text[:at] + item_block(dash) + text[at:], "added"
    entry = same[0]
    if not isinstance(entry, MappingNode) or entry.flow_style:
        raise EditRefused(
            msg("scores.entry_layout", year=year),
            msg("scores.bloc_layout_hint"),
            entry.start_mark.line + 1,
        )
    pairs = {k.value: (k, v) for k, v in entry.value if isinstance(k, ScalarNode)}
    year_key, year_value = pairs["year"]
    column = year_key.start_mark.column
    if "scores" not in pairs:
        at = after_line(end(year_value))
        return text[:at] + scores_block(column, column + 2) + text[at:], "added_scores"
    skey, svalue = pairs["scores"]
    if not empty(svalue) and not force:
        raise EditRefused(
            msg(
                "scores.year_has_scores",
                year=year,
                count=len(svalue.value) if isinstance(svalue, SequenceNode) else 1,
            ),
            msg("scores.year_has_scores_hint"),
            skey.start_mark.line + 1,
        )
    item_dash = column + 2
    if isinstance(svalue, SequenceNode) and not svalue.flow_style and svalue.value:
        item_dash = dash_column(svalue.value[0])
    start = line_start(skey.start_mark.index)
    stop = after_line(max(end(svalue), skey.end_mark.index))
    block = scores_block(column, item_dash)
    if stop >= len(text) and not text.endswith("\n"):
        block = block.removesuffix(nl)
    return text[:start] + block + text[stop:], "replaced" if not empty(svalue) else "added_scores"


def expected_data(old: Any, year: int, scores: list[dict]) -> Any:
    """The bloc file's data as it must read after the edit: ``old`` with the year's scores."""
    import copy

    data = copy.deepcopy(dict(old))
    results = list(data.get("results") or [])
    for i, entry in enumerate(results):
        if isinstance(entry, dict) and entry.get("year") == year:
            results[i] = {**entry, "scores": scores}
            break
    else:
        results.append({"year": year, "scores": scores})
    data["results"] = results
    return data


def _plain(value: Any) -> Any:
    """Parsed YAML as plain values (positions and subclasses dropped), for comparing."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, float):
        return float(value)
    return value


def _same_data(a: Any, b: Any, year: int) -> bool:
    """Whether two bloc files' data are equal: the same keys and values, the other years'
    results in the same order, the year's entry the same (wherever it stands among them)."""
    a, b = _plain(a), _plain(b)
    ra, rb = a.pop("results", None) or [], b.pop("results", None) or []

    def split(items: list) -> tuple[list, list]:
        ours = [e for e in items if isinstance(e, dict) and e.get("year") == year]
        return ours, [e for e in items if e not in ours]

    return a == b and split(ra) == split(rb)


# ------------------------------------------------------------------ validation and writing


def validate(config: Any, path: Path, rel: str, old: bytes, new: bytes) -> list[Problem]:
    """The problems the new bloc file would bring: its own errors through bantin's loader, and
    what bantin's checks of a bloc (members in the year, ranks once, the leader ranked first)
    say of it that they did not say of the old one."""
    from ..loader import Content, parse_file
    from ..site import Visibility, _Linker, build_time

    parts = ("blocs", path.name)
    bloc, problems = parse_file(config, path, rel, parts, new)
    if bloc is None or any(p.severity == "error" for p in problems):
        return [p for p in problems if p.severity == "error"] or problems

    def linked(item: Any) -> list[Problem]:
        lk = _Linker(config, Content(blocs=[item]), Visibility.preview(build_time()))
        lk.check_bloc(item)
        return lk.problems

    def said(found: list[Problem]) -> set[tuple[str, str]]:
        return {(p.severity, str(p.message)) for p in found}

    before_bloc, before_problems = parse_file(config, path, rel, parts, old)
    before = said(before_problems) | (said(linked(before_bloc)) if before_bloc else set())
    return [
        p
        for p in [*problems, *linked(bloc)]
        if p.severity != "info" and (p.severity, str(p.message)) not in before
    ]


def write_atomic(path: Path, data: bytes) -> None:
    """``data`` replaces ``path`` whole or not at all: a temporary file beside it, renamed."""
    import tempfile

    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        try:
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        except OSError:
            pass
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


# ------------------------------------------------------------------ the command


@dataclass
class Outcome:
    """What an import did (or, dry, would do)."""

    bloc_file: str
    year: int
    rows: list[Row]
    action: str  # added | added_scores | replaced
    warnings: list[Problem]
    table: Table
    header: Header
    written: bool


def import_scores(
    root: Path,
    config: Any,
    source: Path,
    *,
    bloc: str,
    year: int | str,
    force: bool = False,
    sheet: str | None = None,
    dry_run: bool = False,
) -> Outcome:
    """Read ``source``, check it against the bloc, and write the year's scores into
    ``content/blocs/<bloc>.yaml`` (not with ``dry_run``). Raises :class:`ScoresError`, and
    leaves the bloc file untouched, on any error."""
    from ..scaffold import bloc_slugs
    from ..yamlio import YamlError, parse_yaml
    from . import source_label
    from .match import Catalogue

    label = source_label(source)
    if not source.is_file():
        raise ScoresError([Problem(label, 0, 0, msg("scores.missing_file", path=label))], 2)
    if source.suffix.lower() not in SUFFIXES:
        hint = msg("scores.xls_hint") if source.suffix.lower() in (".xls", ".ods") else ""
        said = msg("scores.wrong_type", path=label)
        raise ScoresError([Problem(label, 0, 0, said, hint)], 2)
    if sheet is not None and source.suffix.lower() == ".csv":
        raise ScoresError([Problem("--sheet", 0, 0, msg("scores.sheet_in_csv"))], 2)
    if not isinstance(year, int) or not YEARS[0] <= year <= YEARS[1]:
        raise ScoresError([Problem("--year", 0, 0, msg("scores.bad_year", year=year))], 2)
    known = bloc_slugs(config)
    if bloc not in known:
        hint = msg("scores.known_blocs", blocs=", ".join(known)) if known else ""
        raise ScoresError([Problem("--bloc", 0, 0, msg("scores.unknown_bloc", bloc=bloc), hint)], 2)
    bloc_path = _bloc_path(config, bloc)
    rel = (
        bloc_path.relative_to(root).as_posix() if bloc_path.is_relative_to(root) else str(bloc_path)
    )
    try:
        old_bytes = bloc_path.read_bytes()
    except OSError as exc:
        said = msg("scores.unreadable", error=exc.strerror or type(exc).__name__)
        raise ScoresError([Problem(rel, 0, 0, said)]) from None

    # the bloc file must be sound before anything is added to it
    from ..loader import parse_file

    loaded, loaded_problems = parse_file(
        config, bloc_path, rel, ("blocs", bloc_path.name), old_bytes
    )
    errors = [p for p in loaded_problems if p.severity == "error"]
    if loaded is None or errors:
        first = Problem(
            rel, 0, 0, msg("scores.bloc_has_errors"), msg("scores.bloc_has_errors_hint")
        )
        raise ScoresError([first, *errors])

    cat = Catalogue.load(root, config)
    if bloc not in cat.blocs:  # it loads for bantin, so this is bantin's bug; say it plainly
        raise ScoresError([Problem(rel, 0, 0, msg("scores.bloc_has_errors"))])

    table = read_table(source, label, sheet, year)
    reading = read_rows(table, cat, bloc, year)
    problems = list(reading.problems)
    if reading.header is None:
        raise ScoresError(problems)
    header = reading.header
    if header.points is None and header.rank is None:
        raise ScoresError(problems)
    if not reading.rows and not any(p.severity == "error" for p in problems):
        said = msg("scores.no_rows", row=header.row)
        problems.append(table.problem(header.row, header.unit, said, msg("scores.no_rows_hint")))
    problems += check_ranks(table, reading.rows)
    problems += missing_members(table, reading.rows, cat, bloc, year)
    years = title_years(table, header)
    if years and year not in years:
        said = msg("scores.title_year", years=", ".join(map(str, sorted(years))), year=year)
        problems.append(table.problem(1, 1, said, msg("scores.title_year_hint"), "warning"))
    if any(p.severity == "error" for p in problems):
        raise ScoresError(problems)

    old_text = _decoded(old_bytes)
    bom = old_text.startswith("\ufeff")
    body = old_text.lstrip("\ufeff")
    lines = [score_line(r) for r in reading.rows]
    try:
        new_body, action = edit_bloc_text(body, year, lines, force)
    except EditRefused as exc:
        raise ScoresError([*problems, Problem(rel, exc.line, 0, exc.message, exc.hint)]) from None
    new_bytes = (("\ufeff" if bom else "") + new_body).encode("utf-8")

    # the new text must read as the old data with only this year's scores changed
    scores = [
        {
            k: v
            for k, v in (("unit", r.unit), ("points", r.points), ("rank", r.rank))
            if v is not None
        }
        for r in reading.rows
    ]
    try:
        same = _same_data(parse_yaml(new_body), expected_data(parse_yaml(body), year, scores), year)
    except YamlError:
        same = False
    if not same:
        raise ScoresError([*problems, Problem(rel, 0, 0, msg("scores.edit_failed"))])
    found = validate(config, bloc_path, rel, old_bytes, new_bytes)
    if any(p.severity == "error" for p in found):
        first = Problem(rel, 0, 0, msg("scores.result_invalid"), msg("scores.result_invalid_hint"))
        raise ScoresError([*problems, first, *found])
    warnings = [p for p in problems + found if p.severity != "error"]
    if not dry_run:
        write_atomic(bloc_path, new_bytes)
    return Outcome(rel, year, reading.rows, action, warnings, table, header, not dry_run)


def _bloc_path(config: Any, bloc: str) -> Path:
    folder = config.content_dir / "blocs"
    for suffix in (".yaml", ".yml"):
        for path in sorted(folder.iterdir()):
            if nfc(path.stem) == bloc and path.suffix.lower() == suffix:
                return path
    return folder / f"{bloc}.yaml"


def _decoded(data: bytes) -> str:
    return data.decode("utf-8")


def register(subparsers: Any, **options: Any) -> None:
    """Add ``import-scores`` to the command line."""
    parser = subparsers.add_parser(
        "import-scores",
        **options,
        help=msg("scores.help.command"),
        description=msg("scores.help.description"),
        epilog=msg("scores.help.epilog"),
    )
    parser.add_argument("source", metavar="FILE", help=msg("scores.help.file"))
    parser.add_argument("--bloc", metavar="SLUG", required=True, help=msg("scores.help.bloc"))
    parser.add_argument("--year", metavar="YYYY", required=True, help=msg("scores.help.year"))
    parser.add_argument("--sheet", metavar="NAME", help=msg("scores.help.sheet"))
    parser.add_argument("--force", action="store_true", help=msg("scores.help.force"))
    parser.add_argument("--dry-run", action="store_true", help=msg("scores.help.dry_run"))


def command(root: Path, args: Any, lang: str, quiet: bool = False) -> int:
    """``bantin import-scores``: 0 written (or, dry, writable), 1 a problem in the table or the
    bloc file (nothing written), 2 a mistake in the command. Problems of the settings raise
    :class:`SiteError` (exit 1, said by the command line)."""
    from ..config import load_config
    from ..errors import SiteError

    try:
        config = load_config(root, None, getattr(args, "config", None))
    except SiteError as exc:
        for p in exc.problems:
            print(p.format(lang), file=sys.stderr)
        return 1

    def say(text: Any) -> None:
        if not quiet:
            print(tr(text, lang), flush=True)

    try:
        outcome = import_scores(
            root,
            config,
            Path(args.source),
            bloc=args.bloc,
            year=_year(args.year),
            force=args.force,
            sheet=args.sheet,
            dry_run=args.dry_run,
        )
    except ScoresError as exc:
        for p in exc.problems:
            print(p.format(lang), file=sys.stderr)
        if exc.code == 1:
            print(tr(msg("scores.nothing_written", path=_label_of(args)), lang), file=sys.stderr)
        return exc.code
    for p in sorted(set(outcome.warnings)):
        print(p.format(lang), file=sys.stderr)
    report(outcome, say)
    return 0


def _year(given: str) -> Any:
    """``--year`` as a number; a text that is none is left for :func:`import_scores` to
    refuse, in the site's language."""
    text = str(given).strip()
    return int(text) if text.isascii() and text.isdigit() else text


def _label_of(args: Any) -> str:
    from . import source_label

    return source_label(Path(args.source))


def report(outcome: Outcome, say: Any) -> None:
    """What was read and written: where the table was found, a line a unit, the summary."""
    table, header = outcome.table, outcome.header
    if table.sheet is not None:
        say(
            msg("scores.read_sheet", path=table.label, sheet=printable(table.sheet), row=header.row)
        )
    else:
        say(
            msg(
                "scores.read_csv",
                path=table.label,
                encoding=table.encoding or "utf-8",
                row=header.row,
            )
        )
    for note in table.converted:
        say(msg("scores.converted", note=note))
    for row in outcome.rows:
        if row.points is not None and row.rank is not None:
            what = msg("scores.line_both", points=decimal(row.points), rank=row.rank)
        elif row.points is not None:
            what = msg("scores.line_points", points=decimal(row.points))
        else:
            what = msg("scores.line_rank", rank=row.rank)
        say(
            msg(
                "scores.line", row=row.row, name=printable(row.name), unit=row.unit or "", what=what
            )
        )
    key = f"scores.{outcome.action}" + ("" if outcome.written else "_dry")
    with_points = sum(1 for r in outcome.rows if r.points is not None)
    with_rank = sum(1 for r in outcome.rows if r.rank is not None)
    say(
        msg(
            key,
            year=outcome.year,
            path=outcome.bloc_file,
            units=len(outcome.rows),
            points=with_points,
            ranks=with_rank,
            warnings=sum(1 for w in outcome.warnings if w.severity == "warning"),
        )
    )


__all__ = [
    "Header",
    "ScoresError",
    "Table",
    "command",
    "edit_bloc_text",
    "find_header",
    "header_role",
    "import_scores",
    "parse_points",
    "parse_rank",
    "read_table",
    "register",
]
