"""What happened to each source of an import: printed as it goes, counted at the end, and saved
as a CSV file for the office's records (UTF-8 with a BOM, so that Excel shows Vietnamese)."""

from __future__ import annotations

import csv
import io
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ..messages import Msg, msg, tr

Status = Literal["imported", "review", "already", "skipped"]
STATUSES: tuple[Status, ...] = ("imported", "review", "already", "skipped")
COLUMNS = ("source", "part", "status", "file", "title", "date", "bloc", "to_check", "reason")
BAR_FROM = 20  # sources from which a progress bar is drawn (on a terminal)


@dataclass
class Outcome:
    """One source (or one item of a WordPress export) and what became of it."""

    source: str  # the source as shown: relative to the current folder, or as given
    status: Status
    part: str = ""
    file: str = ""  # the bulletin written, or that holds the earlier import
    title: str = ""
    date: str = ""  # the publication date as written, "" when unknown
    bloc: str = ""
    to_check: list[str] = field(default_factory=list)  # fields to check
    reason: Msg | str = ""  # why it was skipped


@dataclass
class ImportReport:
    outcomes: list[Outcome] = field(default_factory=list)
    dry_run: bool = False
    csv_path: Path | None = None  # where the CSV was saved (None: not saved)

    def count(self, status: Status) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def skipped(self) -> bool:
        return self.count("skipped") > 0


def line(outcome: Outcome, dry_run: bool, lang: str) -> str:
    """The terminal line for one outcome, in ``lang``."""
    source = f"{outcome.source}#{outcome.part}" if outcome.part else outcome.source
    if outcome.status == "already":
        return tr(msg("import.already", path=source), lang) + f" ({outcome.file})"
    if outcome.status == "skipped":
        return tr(msg("import.line.skipped", source=source, reason=outcome.reason), lang)
    key = f"import.line.{outcome.status}{'_dry' if dry_run else ''}"
    text = tr(msg(key, source=source, file=outcome.file), lang)
    if outcome.to_check:
        checks = ", ".join(tr(msg(f"import.field.{f}"), lang) for f in outcome.to_check)
        text += " " + tr(msg("import.line.to_check", fields=checks), lang)
    return text


def summary(report: ImportReport) -> Msg:
    key = "import.summary_dry" if report.dry_run else "import.summary"
    return msg(
        key,
        total=len(report.outcomes),
        imported=report.count("imported") + report.count("review"),
        review=report.count("review"),
        already=report.count("already"),
        skipped=report.count("skipped"),
    )


def csv_text(report: ImportReport, lang: str) -> str:
    """The report as CSV text, its header and statuses in ``lang`` (no BOM: :func:`save` adds
    it)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([tr(msg(f"import.csv.{c}"), lang) for c in COLUMNS])
    for o in report.outcomes:
        checks = ", ".join(tr(msg(f"import.field.{f}"), lang) for f in o.to_check)
        status = tr(msg(f"import.status.{o.status}"), lang)
        reason = tr(o.reason, lang)
        writer.writerow([o.source, o.part, status, o.file, o.title, o.date, o.bloc, checks, reason])
    return out.getvalue()


def save(report: ImportReport, path: Path, lang: str) -> None:
    """Write the CSV to ``path`` (its folder made if needed), UTF-8 with a BOM."""
    from .write import write_new

    path = path.resolve()
    if path.exists():
        path.unlink()  # a report is the office's record of this run: the user named the file
    write_new(path, csv_text(report, lang).encode("utf-8-sig"))


class Progress:
    """A tqdm bar on stderr, when stderr is a terminal and there are enough sources."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.bar = None
        self.done = 0
        if enabled and total >= BAR_FROM and sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, file=sys.stderr, unit="tệp", leave=False)

    def __call__(self, done: int) -> None:
        if self.bar is not None and done > self.done:
            self.bar.update(done - self.done)
            self.done = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
