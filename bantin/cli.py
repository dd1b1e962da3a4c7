"""The command line: ``build`` (the default), ``serve``, ``check`` and ``new``.

Exit codes: 0 success, 1 problems in the site's files, 2 a usage error. Everything printed
about the site comes from the message catalogue (:mod:`bantin.messages`) in the site's
language.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from . import __version__
from .errors import Problem, SiteError
from .messages import Msg, language_of, msg, tr

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2
PROGRESS_AFTER = 2.0  # seconds a phase runs before a progress bar is drawn


def _common() -> argparse.ArgumentParser:
    """Options every command takes, before or after its name."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--root",
        type=Path,
        default=argparse.SUPPRESS,
        help="the site's folder (default: the current one)",
    )
    common.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=argparse.SUPPRESS,
        metavar="N",
        help="worker processes for parsing and rendering (default: one per core)",
    )
    loud = common.add_mutually_exclusive_group()
    loud.add_argument(
        "--quiet",
        "-q",
        action="store_true",
        default=argparse.SUPPRESS,
        help="print only problems",
    )
    loud.add_argument(
        "--verbose",
        "-v",
        action="store_true",
        default=argparse.SUPPRESS,
        help="also print notes, the time of every phase and each page rendered",
    )
    return common


def _visibility_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--drafts", action="store_true", help="include items with draft: true")
    parser.add_argument(
        "--future", action="store_true", help="include bulletins dated in the future"
    )
    parser.add_argument(
        "--expired", action="store_true", help="include items whose expires date has passed"
    )


def _parser() -> argparse.ArgumentParser:
    from . import init, scaffold, themecopy

    common = _common()
    parser = argparse.ArgumentParser(
        prog="build.py",
        parents=[common],
        description="bantin builds the news site of emulation blocs from content/ into output/.",
        epilog="Without a command, 'build' runs. Exit codes: 0 success, 1 problems in the "
        "site's files, 2 usage errors. Messages are in the site's language; BANTIN_LANG=en "
        "or vi chooses another.",
    )
    parser.add_argument("--version", action="version", version=f"bantin {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    build = sub.add_parser(
        "build",
        parents=[common],
        help="build the site into output/ (the default)",
        description="Build the site into output/. Only the pages whose content, templates or "
        "settings changed since the last build are rendered again, and only changed files are "
        "written; .cache/ remembers what was built from what. Drafts, bulletins dated in the "
        "future and expired items are left out unless asked for.",
    )
    build.add_argument(
        "--clean",
        action="store_true",
        help="forget the build cache in .cache/ (not serve's preview), render and write every page",
    )
    _visibility_options(build)
    serve = sub.add_parser(
        "serve",
        parents=[common],
        help="preview the site on this computer, rebuilt on every change",
        description="Build a preview of the site (drafts, scheduled and expired items "
        "included and marked) into .cache/preview/, serve it on this computer with live "
        "reload under the sub-path of base_url, and rebuild whenever a file under content/, "
        "templates/, themes/ or site_config.yaml changes. The browser reloads after each "
        "successful rebuild; a failed one shows its problems over the last good page. "
        "output/ is never touched: publish with 'build'.",
    )
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1: only this computer)",
    )
    serve.add_argument(
        "--port",
        type=int,
        default=None,
        help="port to listen on (default 8000, or the next free one when it is taken)",
    )
    serve.add_argument(
        "--no-drafts",
        dest="preview",
        action="store_false",
        help="preview exactly what 'build' publishes: no drafts, scheduled or expired items",
    )
    check = sub.add_parser(
        "check",
        parents=[common],
        help="check every file and reference without writing anything",
        description="Load, validate and link the whole site, compile its templates and report "
        "every problem at once, grouped by file, as path:line:col: severity: message (hint). "
        "Exit 1 when there is an error (or, with --strict, a warning).",
    )
    check.add_argument(
        "--format", choices=("text", "json"), default="text", help="text (default) or json"
    )
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.add_argument(
        "--built",
        action="store_true",
        help="also check that every href and src in output/ resolves inside the site",
    )
    _visibility_options(check)
    scaffold.register(sub, parents=[common])
    init.register(sub, parents=[common])
    themecopy.register(sub, parents=[common])
    return parser


# ---------------------------------------------------------------- reporting


class Reporter:
    """Prints in the site's language: problems to stderr, what was done to stdout, and a
    progress bar on a terminal when a phase takes a while."""

    def __init__(self, lang: str, quiet: bool = False, verbose: bool = False):
        self.lang = lang
        self.quiet = quiet
        self.verbose = verbose
        self._phase = ("", 0.0)
        self._drawn = False

    def say(self, text: str) -> None:
        if not self.quiet:
            self._clear()
            print(tr(text, self.lang), flush=True)

    def detail(self, text: str) -> None:
        if self.verbose:
            self.say(text)

    def problems(
        self, problems: Iterable[Problem], grouped: bool = False, infos: bool = False
    ) -> None:
        """Problems, sorted by file and line (with a blank line between files when
        ``grouped``); notes (severity info) only with ``infos`` or --verbose."""
        self._clear()
        infos = infos or self.verbose
        shown = [p for p in sorted(set(problems)) if p.severity != "info" or infos]
        last = None
        for p in shown:
            if grouped and last is not None and p.path != last:
                print(file=sys.stderr)
            print(p.format(self.lang), file=sys.stderr)
            last = p.path
        sys.stderr.flush()

    def seconds(self, value: float) -> str:
        text = f"{value:.2f}"
        return text.replace(".", ",") if self.lang == "vi" else text

    def progress(self, phase: str, done: int, total: int) -> None:
        """A one-line bar on stderr, drawn only on a terminal and once a phase has run for
        :data:`PROGRESS_AFTER` seconds."""
        if self.quiet or not sys.stderr.isatty() or total <= 0:
            return
        now = time.monotonic()
        if self._phase[0] != phase:
            self._phase = (phase, now)
        if now - self._phase[1] < PROGRESS_AFTER:
            return
        width = 30
        filled = width * min(done, total) // total
        label = tr(msg(f"cli.phase.{phase}"), self.lang)
        bar = "█" * filled + "░" * (width - filled)
        sys.stderr.write(f"\r{label} {bar} {done}/{total}")
        sys.stderr.flush()
        self._drawn = True

    def _clear(self) -> None:
        if self._drawn:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()
            self._drawn = False


def _tally(problems: Iterable[Problem]) -> dict[str, int]:
    counts = {"error": 0, "warning": 0, "info": 0}
    for p in set(problems):
        counts[p.severity] += 1
    return counts


def summary(problems: Iterable[Problem]) -> Msg:
    c = _tally(problems)
    return msg("cli.summary", errors=c["error"], warnings=c["warning"])


# ---------------------------------------------------------------- commands


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help is 0, a usage error is 2
        return int(exc.code or 0)
    root = getattr(args, "root", Path(".")).resolve()
    jobs = getattr(args, "jobs", 0) or None
    lang = language_of(root)
    out = Reporter(lang, getattr(args, "quiet", False), getattr(args, "verbose", False))
    command = args.command or "build"
    try:
        if command == "build":
            return _build(root, jobs, args, out)
        if command == "check":
            return _check(root, args, out)
        if command == "new":
            from . import scaffold

            return scaffold.run(root, args, lang)
        if command in ("init", "theme"):
            from . import init, themecopy

            return init.run(args, lang) if command == "init" else themecopy.run(root, args, lang)
        if command == "serve":
            from .server import serve

            return serve(root, args.host, args.port, jobs, preview=args.preview, out=out)
    except SiteError as exc:
        out.problems(exc.problems)
        failed = msg(f"cli.failed.{command}", summary=summary(exc.problems))
        print(tr(failed, lang), file=sys.stderr)
        return EXIT_CONTENT
    except KeyboardInterrupt:
        return 130
    except OSError as exc:  # a full or read-only disk is not a bug: say which folder
        problem = _storage_problem(exc, root)
        if problem is None:
            return _internal_error(exc, lang)
        out.problems([problem])
        failed = msg(f"cli.failed.{command}", summary=summary([problem]))
        print(tr(failed, lang), file=sys.stderr)
        return EXIT_CONTENT
    except Exception as exc:  # a bug in bantin: say so plainly; BANTIN_DEBUG=1 shows the trace
        return _internal_error(exc, lang)
    parser.error(f"unknown command {command}")
    return EXIT_USAGE


def _internal_error(exc: Exception, lang: str) -> int:
    """A bug in bantin: say so plainly; BANTIN_DEBUG=1 shows the trace."""
    if os.environ.get("BANTIN_DEBUG"):
        raise exc
    text = msg("cli.internal_error", error=f"{type(exc).__name__}: {exc}")
    print(tr(text, lang), file=sys.stderr)
    return EXIT_CONTENT


def _storage_problem(exc: OSError, root: Path) -> Problem | None:
    from .writer import storage_problem

    return storage_problem(exc, root, root)


def _build(root: Path, jobs: int | None, args: Any, out: Reporter) -> int:
    from .cache import forget
    from .pipeline import Builder

    start = time.perf_counter()
    if getattr(args, "clean", False):
        forget(root)  # never the preview a running serve shows
    show = {k: getattr(args, k, False) for k in ("drafts", "future", "expired")}
    review = any(show.values())
    configured = _review_folder_free(root) if review else ""
    overrides = {"output": REVIEW_DIR} if review else {}
    builder = Builder(
        root,
        overrides,
        jobs=jobs,
        progress=out.progress,
        manifest="review" if review else "manifest",
        **show,
    )
    result = builder.build()
    out.problems(result.warnings)
    for note in result.notes:
        out.say(msg("cli.note", note=note))
    report_phases(result, out)
    report_left_out(result.left_out, out)
    if review:
        out.say(msg("cli.review_copy", path=REVIEW_DIR, output=configured))
    took = out.seconds(time.perf_counter() - start)
    out.say(msg("cli.built", what=describe(result), seconds=took, summary=summary(result.warnings)))
    return EXIT_OK


# where ``build --drafts/--future/--expired`` writes its review copy, never the configured
# output folder: one upload of output/ cannot publish drafts
REVIEW_DIR = "xem-truoc"


def _review_folder_free(root: Path) -> str:
    """The configured output folder, which must not be the review copy's."""
    from .config import CONFIG_NAME, load_config

    config = load_config(root)
    if config.output_dir == (root / REVIEW_DIR).resolve():
        problem = Problem(CONFIG_NAME, 0, 0, msg("cli.review_is_output", output=config.output))
        raise SiteError([problem])
    return config.output.rstrip("/")


def report_left_out(left_out: Iterable[tuple[str, str]], out: Reporter) -> None:
    """How many drafts, scheduled and expired items a build left out; with --verbose, which."""
    items = sorted(left_out)
    if not items:
        return
    counts = {s: sum(1 for status, _ in items if status == s) for s in ("draft", "scheduled")}
    expired = len(items) - sum(counts.values())
    out.say(
        msg("cli.left_out", drafts=counts["draft"], scheduled=counts["scheduled"], expired=expired)
    )
    for status, path in items:
        out.detail(msg("cli.left_out_item", status=msg(f"cli.status.{status}"), path=path))


def report_phases(result: Any, out: Reporter) -> None:
    """What each phase of a build did, one line each (the scan alone when nothing changed)."""
    t = result.timings
    secs = out.seconds
    if result.site is None:
        out.detail(msg("cli.phase_scan", seconds=secs(t.get("scan", 0) + t.get("verify", 0))))
        return
    out.say(
        msg(
            "cli.phase_load",
            files=result.files_read,
            parsed=result.files_parsed,
            cached=result.files_read - result.files_parsed,
            seconds=secs(t.get("scan", 0) + t.get("load", 0)),
        )
    )
    out.say(
        msg(
            "cli.phase_render",
            rendered=result.rendered,
            pages=result.pages,
            seconds=secs(t.get("plan", 0) + t.get("select", 0) + t.get("render", 0)),
        )
    )
    if result.media_files:
        out.say(
            msg(
                "cli.phase_images",
                pictures=result.pictures,
                files=result.media_files,
                seconds=secs(t.get("images", 0)),
            )
        )
    if result.index_stale:
        out.say(msg("cli.phase_search_stale", pages=result.indexed))
    elif result.indexed:
        key = "cli.phase_search" if result.index_made else "cli.phase_search_kept"
        out.say(msg(key, pages=result.indexed, seconds=secs(t.get("search", 0))))
    out.say(
        msg(
            "cli.phase_write",
            written=result.written,
            removed=result.removed,
            seconds=secs(t.get("write", 0) + t.get("publish", 0) + t.get("save", 0)),
        )
    )
    if result.unpublished:
        shown = ", ".join(
            f"{n} {tr(msg(f'cli.status.{s}'), out.lang)}"
            for s, n in sorted(result.unpublished.items())
        )
        out.say(msg("cli.unpublished_shown", items=shown))
    for path in result.rendered_paths:
        out.detail(msg("cli.rendered_path", path=path))
    out.detail(msg("cli.timings", phases=", ".join(f"{k} {secs(v)}" for k, v in t.items())))


def describe(result: Any) -> Msg:
    """One line on what a build did: "built 121 pages (…) into output/: 3 rendered, …"."""
    c = result.counts
    what = msg(
        "cli.what",
        pages=result.pages,
        bulletins=c.get("bulletins", 0),
        profiles=c.get("profiles", 0),
        campaigns=c.get("campaigns", 0),
        blocs=c.get("blocs", 0),
        static_pages=c.get("pages", 0),
        others=result.files - result.pages,
    )
    if result.site is None:
        return msg("cli.nothing_changed", what=what, output=result.output)
    return msg(
        "cli.built_what",
        what=what,
        output=result.output,
        rendered=result.rendered,
        written=result.written,
        removed=msg("cli.removed", removed=result.removed) if result.removed else "",
    )


def _check(root: Path, args: Any, out: Reporter) -> int:
    from .check import check_site

    report = check_site(
        root,
        drafts=args.drafts,
        future=args.future,
        expired=args.expired,
        built=args.built,
    )
    problems = report.problems
    failing = {"error", "warning"} if args.strict else {"error"}
    code = EXIT_CONTENT if any(p.severity in failing for p in problems) else EXIT_OK
    tally = _tally(problems)
    files = len({p.path for p in problems})
    if args.format == "json":
        data = {
            "ok": code == EXIT_OK,
            "strict": args.strict,
            "problems": [p.as_dict(out.lang) for p in sorted(set(problems))],
            "summary": {**{k + "s": v for k, v in tally.items()}, "files": files},
            "counts": report.counts,
        }
        from .text import json_visible

        print(json_visible(json.dumps(data, ensure_ascii=False, indent=2)))
        return code
    out.problems(problems, grouped=True, infos=True)
    for line in report.lines:
        out.say(line)
    c = report.counts
    out.say(
        msg(
            "cli.checked",
            bulletins=c.get("bulletins", 0),
            profiles=c.get("profiles", 0),
            campaigns=c.get("campaigns", 0),
            blocs=c.get("blocs", 0),
            pages=c.get("pages", 0),
            errors=tally["error"],
            warnings=tally["warning"],
            infos=tally["info"],
            files=files,
        )
    )
    return code
