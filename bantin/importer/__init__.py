"""``bantin import``: old articles become draft bulletins a person checks.

The stages, one module each:

* read — :mod:`.textfile` (text copied from a portal page), :mod:`.html` (a saved web page and
  its ``_files/`` folder), :mod:`.wxr` (a WordPress export) turn a source into
  :class:`~.model.RawArticle` values; every byte is decoded by :mod:`.encoding`, which also
  repairs the pre-Unicode Vietnamese encodings (TCVN3, VNI, Windows-1258);
* guess — :mod:`.portaldates` reads the portals' date stamps and the lead's event day;
  :mod:`.guess` finds the byline, event types and the sentences to copy into the bloc file;
  :mod:`.match` names the bloc, member units and campaigns the text mentions;
* write — :mod:`.draft` puts it together as a :class:`~.model.Draft`; :mod:`.write` writes the
  draft bulletin (never over an existing file) with a comment saying what was guessed;
  :mod:`.report` prints and saves what happened to each source.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from ..config import SiteConfig
from ..errors import Problem
from ..messages import Msg, msg, tr
from .model import Draft, ImportProblem, RawArticle
from .report import ImportReport, Outcome

READERS = {".txt": "txt", ".html": "html", ".htm": "html", ".xml": "wxr"}
# files that go with an article (a saved page's pictures, a WordPress export's uploads): the
# readers find them; they are not sources themselves
PICTURES = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp", ".svg", ".avif", ".tif", ".tiff"}
CHUNK = 8  # sources a worker reads at a time


class ImportUsage(Exception):
    """A usage error of ``bantin import`` (exit 2): what was given, what is wrong, a hint."""

    def __init__(self, where: str, message: Msg, hint: Msg | str = "") -> None:
        super().__init__(message)
        self.problem = Problem(where, 0, 0, message, hint)


def run_import(
    root: Path,
    config: SiteConfig,
    sources: list[Path],
    *,
    bloc: str | None,
    into: Path,
    report: Path | None,
    dry_run: bool,
    jobs: int,
    progress: bool,
    lang: str | None = None,
    say: Any = None,
) -> ImportReport:
    """Import ``sources`` (files and folders, read recursively) into the content folder
    ``into`` as draft bulletins; return what happened to each. Sources are read and guessed in
    parallel (``jobs`` processes), written one after another in the order found, so that the
    same sources give the same files. ``say`` is told each outcome's line as it is decided.
    Raises :class:`ImportUsage` for a missing source, an unknown ``bloc`` or ``into`` outside
    the site."""
    from . import write

    lang = lang or config.language
    root = root.resolve()
    into = _check_into(root, into)
    _check_sources(sources)
    if bloc is not None:
        _check_bloc(config, bloc)
    files, outcomes = collect(sources)
    result = ImportReport(dry_run=dry_run)
    result.outcomes.extend(outcomes)
    for o in outcomes:
        _tell(say, o, dry_run, lang)
    from . import match

    cat = match.Catalogue.load(root, config)
    for problem in cat.problems:  # a broken bloc or campaign file: its names are not matched
        if say is not None:
            say(problem.format(lang))
    writer = write.Writer(root, into, lang, dry_run)
    for path, read in _read_all(cat, config, files, bloc, jobs, progress):
        label = source_label(path)
        if isinstance(read, (Msg, str)):
            o = Outcome(label, "skipped", reason=read)
            result.outcomes.append(o)
            _tell(say, o, dry_run, lang)
            continue
        for draft in read:
            if isinstance(draft, Outcome):
                o = dataclasses.replace(draft, source=label)
            else:
                o = _outcome(draft, label, writer.write(draft, label))
            result.outcomes.append(o)
            _tell(say, o, dry_run, lang)
    if report is not None or not dry_run:
        target = report or root / "import-reports" / f"{datetime.now():%Y-%m-%d-%H%M%S}.csv"
        from .report import save

        save(result, target, lang)
        result.csv_path = target
    return result


def _tell(say: Any, outcome: Outcome, dry_run: bool, lang: str) -> None:
    if say is not None:
        from .report import line

        say(line(outcome, dry_run, lang))


def _outcome(draft: Draft, label: str, written: Any) -> Outcome:
    when = draft.date
    to_check = []
    for f in draft.findings:
        if f.sure == "check" and f.field not in to_check:
            to_check.append(f.field)
    review = bool(to_check) or draft.date is None or draft.bloc is None
    status = "already" if written.status == "already" else "review" if review else "imported"
    return Outcome(
        source=label,
        status=status,
        part=draft.article.part,
        file=written.path,
        title=draft.title,
        date=when.isoformat() if when is not None else "",
        bloc=draft.bloc or "",
        to_check=to_check if status != "already" else [],
    )


# ------------------------------------------------------------------ what to read


def collect(sources: list[Path]) -> tuple[list[Path], list[Outcome]]:
    """The files to import, in a stable order (as given; a folder's files sorted by path),
    and the files skipped for their type. A saved page's ``*_files/`` folder and pictures are
    the readers' business, not sources."""
    files: list[Path] = []
    skipped: list[Outcome] = []
    seen: set[Path] = set()
    for source in sources:
        found = [source] if source.is_file() else _walk(source)
        for path in found:
            key = path.resolve()
            if key in seen:
                continue
            seen.add(key)
            suffix = path.suffix.lower()
            if suffix in READERS:
                files.append(path)
            elif suffix not in PICTURES:
                reason = msg("import.not_importable")
                skipped.append(Outcome(source_label(path), "skipped", reason=reason))
    return files, skipped


def _walk(folder: Path) -> list[Path]:
    out = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(
            d for d in dirnames if not d.startswith(".") and not d.lower().endswith("_files")
        )
        out += [Path(dirpath) / f for f in filenames if not f.startswith(".")]
    return sorted(out, key=lambda p: p.as_posix())


def source_label(path: Path) -> str:
    """A source as the report and ``imported:`` name it: relative to the current folder when
    it lies inside, else as given."""
    if path.is_absolute():
        try:
            return path.relative_to(Path.cwd()).as_posix()
        except ValueError:
            return path.as_posix()
    return path.as_posix()


# ------------------------------------------------------------------ reading, in parallel

_JOB: dict[str, Any] = {}  # what the forked workers read: set before the work starts


def _read_all(
    cat: Any, config: SiteConfig, files: list[Path], bloc: str | None, jobs: int, progress: bool
) -> list[tuple[Path, list[Draft | Outcome] | Msg | str]]:
    from .. import parallel
    from .report import Progress

    if not files:
        return []
    _JOB.update(files=files, guessing=(cat, config, bloc))
    bar = Progress(len(files), progress)
    try:
        jobs = jobs or parallel.default_jobs()
        done = parallel.run_all(_read_some, len(files), jobs, chunk=CHUNK, progress=bar)
    finally:
        bar.close()
        _JOB.clear()
    return list(zip(files, done, strict=True))


def _trashed(article: RawArticle) -> Outcome:
    """A post the office had put in WordPress's trash: not imported, and the report says so."""
    label = source_label(article.source)
    return Outcome(
        label, "skipped", part=article.part, title=article.title, reason=msg("import.wp_trash")
    )


def _read_some(indexes: range) -> list[list[Draft | Outcome] | Msg | str]:
    return [_read_one(_JOB["files"][i]) for i in indexes]


def _read_one(path: Path) -> list[Draft | Outcome] | Msg | str:
    """The drafts of one source, or why it cannot be imported."""
    from .draft import make_draft

    try:
        articles = read_source(path)
        return [
            _trashed(a) if a.status == "trash" else make_draft(a, *_JOB["guessing"])
            for a in articles
        ]
    except ImportProblem as exc:
        hint = msg("import.problem_hint", hint=exc.hint) if exc.hint else ""
        return msg("import.problem", problem=exc.message, hint=hint)
    except OSError as exc:
        return msg("import.unreadable", error=exc.strerror or str(exc))
    except Exception as exc:  # a bug in a reader must not stop the other 999 sources
        if os.environ.get("BANTIN_DEBUG"):
            raise
        return msg("import.failed", error=f"{type(exc).__name__}: {exc}")


def read_source(path: Path) -> list:
    """The articles of one file, by its type."""
    kind = READERS[path.suffix.lower()]
    if kind == "txt":
        from . import textfile

        return textfile.read_txt(path)
    if kind == "html":
        from . import html

        return html.read_html(path)
    from . import wxr

    return wxr.read_wxr(path)


# ------------------------------------------------------------------ checking what was given


def _check_sources(sources: list[Path]) -> None:
    if not sources:
        raise ImportUsage("SOURCE", msg("import.no_source"))
    for source in sources:
        if not source.exists():
            raise ImportUsage(
                source_label(source), msg("import.missing_source", path=source_label(source))
            )


def _check_bloc(config: SiteConfig, bloc: str) -> None:
    from ..scaffold import bloc_slugs

    known = bloc_slugs(config)
    if bloc not in known:
        hint = msg("import.known_blocs", blocs=", ".join(known)) if known else ""
        raise ImportUsage("--bloc", msg("import.unknown_bloc", bloc=bloc), hint)


def _check_into(root: Path, into: Path) -> Path:
    folder = Path(os.path.abspath(into))
    try:
        folder.relative_to(root)
    except ValueError:
        raise ImportUsage(
            "--into", msg("import.into_outside", path=into.as_posix(), root=root.as_posix())
        ) from None
    return folder


# ------------------------------------------------------------------ the command


def register(subparsers: Any, **options: Any) -> None:
    """Add the ``import`` command to the command line."""
    parser = subparsers.add_parser(
        "import",
        **options,
        help=msg("cli.help.import"),
        description=msg("cli.help.import_description"),
        epilog=msg("cli.help.import_epilog"),
    )
    parser.add_argument("sources", nargs="+", metavar="SOURCE", help=msg("cli.help.import_source"))
    parser.add_argument("--bloc", metavar="SLUG", help=msg("cli.help.import_bloc"))
    parser.add_argument("--into", metavar="DIR", type=Path, help=msg("cli.help.import_into"))
    parser.add_argument(
        "--report", metavar="FILE.csv", type=Path, help=msg("cli.help.import_report")
    )
    parser.add_argument("--dry-run", action="store_true", help=msg("cli.help.import_dry_run"))


def command(root: Path, args: argparse.Namespace, lang: str, quiet: bool, jobs: int | None) -> int:
    """``bantin import``: 0 when every source was imported (or was already), 1 when one was
    skipped, 2 for a usage error. Problems of the site's settings raise SiteError (exit 1)."""
    from ..config import load_config

    config = load_config(root, None, getattr(args, "config", None))

    def say(text: str) -> None:
        if not quiet:
            print(text, flush=True)

    try:
        result = run_import(
            root,
            config,
            [Path(s) for s in args.sources],
            bloc=args.bloc,
            into=args.into if args.into is not None else config.content_dir,
            report=args.report,
            dry_run=args.dry_run,
            jobs=jobs or 0,
            progress=not quiet,
            lang=lang,
            say=say,
        )
    except ImportUsage as exc:
        print(exc.problem.format(lang), file=sys.stderr)
        return 2
    say(tr(_summary(result), lang))
    return 1 if result.skipped else 0


def _summary(result: ImportReport) -> Msg:
    from .report import summary

    text = summary(result)
    if result.csv_path is not None:
        return msg("import.summary_csv", summary=text, path=source_label(result.csv_path))
    return text
