"""The command line: ``build`` (the default), ``serve``, ``check``, ``new``, ``import`` and
``import-scores``.

Exit codes: 0 success, 1 problems in the site's files, 2 a usage error. Everything printed
about the site comes from the message catalogue (:mod:`bantin.messages`) in the site's
language.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import importlib
import json
import os
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, NoReturn

from . import __version__
from .errors import Problem, SiteError
from .messages import Msg, language_of, msg, tr

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2
PROGRESS_AFTER = 2.0  # seconds a phase runs before a progress bar is drawn


def _common() -> argparse.ArgumentParser:
    """Options every command takes, before or after its name."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--root", type=Path, default=argparse.SUPPRESS, metavar="DIR", help=msg("cli.help.root")
    )
    common.add_argument(
        "--config",
        type=Path,
        default=argparse.SUPPRESS,
        metavar="FILE",
        help=msg("cli.help.config"),
    )
    common.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=argparse.SUPPRESS,
        metavar="N",
        help=msg("cli.help.jobs"),
    )
    loud = common.add_mutually_exclusive_group()
    loud.add_argument(
        "--quiet",
        "-q",
        action="store_true",
        default=argparse.SUPPRESS,
        help=msg("cli.help.quiet"),
    )
    loud.add_argument(
        "--verbose",
        "-v",
        action="store_true",
        default=argparse.SUPPRESS,
        help=msg("cli.help.verbose"),
    )
    return common


def _visibility_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--drafts", action="store_true", help=msg("cli.help.drafts"))
    parser.add_argument("--future", action="store_true", help=msg("cli.help.future"))
    parser.add_argument("--expired", action="store_true", help=msg("cli.help.expired"))


def _base_url_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--base-url", metavar="URL", help=msg("cli.help.base_url"))


# the commands whose modules are imported only when the command line names them (each adds its
# command with ``module.register(sub, parents=[common])``): name, module, the help that lists it
LATER_COMMANDS = (
    ("new", "bantin.scaffold", "cli.help.new"),
    ("init", "bantin.init", "cli.help.init"),
    ("theme", "bantin.themecopy", "cli.help.theme"),
    ("import", "bantin.importer", "cli.help.import"),
    ("import-scores", "bantin.importer.scores", "scores.help.command"),
)


def _parser(lang: str = "vi", argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The command line, its help in ``lang``. A command module adds its command with one line,
    ``module.register(sub, parents=[common])``: its texts are messages (``msg("cli.help.…")``),
    said in the language of the parser they are added to.

    Given the ``argv`` to parse, a command of :data:`LATER_COMMANDS` that it does not name is
    only listed (a build imports neither the importer nor the scaffolding: a twentieth of a
    second of every build)."""
    common = _common()
    parser_class = _parser_class(lang)
    parser = parser_class(
        prog=_prog(),
        parents=[common],
        description=msg("cli.help.description"),
        epilog=msg("cli.help.epilog"),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"bantin {__version__}",
        help=msg("cli.help.version"),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=parser_class)
    build = sub.add_parser(
        "build",
        parents=[common],
        help=msg("cli.help.build"),
        description=msg("cli.help.build_description"),
    )
    _base_url_option(build)
    build.add_argument("--output", metavar="DIR", help=msg("cli.help.output"))
    build.add_argument("--clean", action="store_true", help=msg("cli.help.clean"))
    _visibility_options(build)
    serve = sub.add_parser(
        "serve",
        parents=[common],
        help=msg("cli.help.serve"),
        description=msg("cli.help.serve_description"),
    )
    _base_url_option(serve)
    serve.add_argument("--host", default="127.0.0.1", help=msg("cli.help.host"))
    serve.add_argument("--port", type=int, default=None, help=msg("cli.help.port"))
    serve.add_argument(
        "--no-drafts", dest="preview", action="store_false", help=msg("cli.help.no_drafts")
    )
    check = sub.add_parser(
        "check",
        parents=[common],
        help=msg("cli.help.check"),
        description=msg("cli.help.check_description"),
    )
    _base_url_option(check)
    check.add_argument("--output", metavar="DIR", help=msg("cli.help.check_output"))
    check.add_argument(
        "--format", choices=("text", "json"), default="text", help=msg("cli.help.format")
    )
    check.add_argument("--strict", action="store_true", help=msg("cli.help.strict"))
    check.add_argument("--built", action="store_true", help=msg("cli.help.built"))
    _visibility_options(check)
    for name, module, listed in LATER_COMMANDS:
        if argv is None or name in argv:
            importlib.import_module(module).register(sub, parents=[common])
        else:  # never parsed with: the command line does not name it
            sub.add_parser(name, help=msg(listed))
    return parser


def _prog() -> str:
    """``bantin``; ``python build.py`` when run through the repository's script, so that the
    usage line can be typed as shown."""
    return "python build.py" if Path(sys.argv[0]).name == "build.py" else "bantin"


def _parser_class(lang: str) -> type[argparse.ArgumentParser]:
    """An ArgumentParser whose help (its own and its sub-commands') is said in ``lang``."""

    class Formatter(argparse.HelpFormatter):
        def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
            if prefix is None:
                prefix = _argparse_word("usage: ", lang)
            super().add_usage(usage, actions, groups, prefix)

        def add_text(self, text):  # type: ignore[no-untyped-def]
            super().add_text(tr(text, lang) if isinstance(text, Msg) else text)

        def _get_help_string(self, action: argparse.Action) -> str | None:
            if isinstance(action.help, Msg):  # argparse fills in %(default)s and the like
                return tr(action.help, lang).replace("%", "%%")
            return action.help

    class Parser(argparse.ArgumentParser):
        def __init__(self, *args: Any, **kwargs: Any):
            kwargs.setdefault("formatter_class", Formatter)
            super().__init__(*args, **kwargs)

    return Parser


# argparse's own words (usage:, options, its errors), as argparse says them in English, and
# the message that says each in the site's language
ARGPARSE_WORDS = {
    "usage: ": "usage",
    "positional arguments": "positionals",
    "options": "options",
    "show this help message and exit": "help",
    "%(prog)s: error: %(message)s": "error",
    "argument %(argument_name)s: %(message)s": "argument",
    "the following arguments are required: %s": "required",
    "one of the arguments %s is required": "one_required",
    "invalid choice: %(value)r (choose from %(choices)s)": "invalid_choice",
    "invalid %(type)s value: %(value)r": "invalid_value",
    "unrecognized arguments: %s": "unrecognized",
    "not allowed with argument %s": "not_allowed",
    "ambiguous option: %(option)s could match %(matches)s": "ambiguous",
    "expected one argument": "expected_one",
    "expected at most one argument": "expected_at_most_one",
    "expected at least one argument": "expected_at_least_one",
    "expected %s argument": "expected_n",
    "expected %s arguments": "expected_n_plural",
    "ignored explicit argument %r": "ignored_explicit",
}


def _argparse_word(text: Any, lang: str) -> Any:
    """One of argparse's texts in ``lang`` (itself when it is not one :data:`ARGPARSE_WORDS`
    knows, or in English)."""
    if not isinstance(text, str) or lang == "en":
        return text
    body = text.removesuffix("\n")
    key = ARGPARSE_WORDS.get(body)
    if key is None:
        return text
    return tr(msg(f"cli.help.argparse.{key}"), lang) + text[len(body) :]


@contextlib.contextmanager
def argparse_words(lang: str) -> Iterator[None]:
    """While parsing: argparse's own words (``usage:``, ``options``, its error messages) in
    ``lang``, through the gettext functions argparse calls them through."""
    module: Any = argparse
    saved = {name: getattr(module, name) for name in ("_", "ngettext") if hasattr(module, name)}
    module._ = lambda text: _argparse_word(text, lang)
    module.ngettext = lambda one, many, n: _argparse_word(one if n == 1 else many, lang)
    try:
        yield
    finally:
        for name in ("_", "ngettext"):
            if name in saved:
                setattr(module, name, saved[name])
            else:
                delattr(module, name)


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
        :data:`PROGRESS_AFTER` seconds; phase ``""``: the phases so far are over (a bar drawn
        is cleared)."""
        if not phase:
            self._clear()
            return
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


def run() -> NoReturn:
    """The command line as a program (``bantin``, ``build.py``, ``python -m bantin``):
    :func:`main`, then out at once. A build of 10,000 bulletins leaves hundreds of megabytes
    of objects that Python would free one by one on its way out (0.6 s after a one-bulletin
    edit); the system takes them back at once. What has to happen at exit still happens: what
    was printed is flushed and the exit handlers run."""
    sys.stdout, sys.stderr = _Outlet(sys.stdout), _Outlet(sys.stderr)
    code = main()
    if sys.getprofile() is not None or sys.gettrace() is not None:
        raise SystemExit(code)  # a profiler or tracer (``python -m cProfile``) reports at exit
    sys.stdout.flush()
    sys.stderr.flush()
    atexit._run_exitfuncs()
    os._exit(code)


class _Outlet:
    """The program's ``sys.stdout`` or ``sys.stderr``: when whoever reads it goes away
    (``bantin build | head``), the command goes on and the rest of what it says goes nowhere,
    rather than a build stopped halfway by a ``BrokenPipeError``."""

    def __init__(self, stream: Any):
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            self._gone()
            return len(text)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            self._gone()

    def _gone(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), self._stream.fileno())

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    config = _given(argv, "--config")
    lang = language_of(Path(_given(argv, "--root") or "."), Path(config) if config else None)
    with argparse_words(lang):
        parser = _parser(lang, argv)
        try:
            args = parser.parse_args(argv)
        except SystemExit as exc:  # argparse: --help is 0, a usage error is 2
            return int(exc.code or 0)
    root = getattr(args, "root", Path(".")).resolve()
    config_file: Path | None = getattr(args, "config", None)
    jobs = getattr(args, "jobs", 0) or None
    lang = language_of(root, config_file)
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
        if command == "import":
            from . import importer

            return importer.command(root, args, lang, getattr(args, "quiet", False), jobs)
        if command == "import-scores":
            from .importer import scores

            return scores.command(root, args, lang, getattr(args, "quiet", False))
        if command == "serve":
            from .server import serve

            return serve(
                root,
                args.host,
                args.port,
                jobs,
                preview=args.preview,
                out=out,
                config_file=config_file,
                flags=_flags(root, args),
            )
    except SiteError as exc:
        return _failed(out, command, exc.problems)
    except KeyboardInterrupt:
        return 130
    except OSError as exc:  # a full or read-only disk is not a bug: say which folder
        problem = _storage_problem(exc, root, command)
        if problem is None:
            return _internal_error(exc, lang)
        return _failed(out, command, [problem])
    except Exception as exc:  # a bug in bantin: say so plainly; BANTIN_DEBUG=1 shows the trace
        return _internal_error(exc, lang)
    parser.error(f"unknown command {command}")
    return EXIT_USAGE


def _given(argv: list[str], option: str) -> str | None:
    """The value of ``option`` in ``argv`` (the last one), read before the command line is
    parsed: the site's language, which the help is said in, comes from the settings."""
    found = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == option and i + 1 < len(argv):
            found = argv[i + 1]
        elif arg.startswith(option + "="):
            found = arg[len(option) + 1 :]
    return found


def _flags(root: Path, args: Any) -> dict[str, str]:
    """The settings given for this run: ``--base-url`` and ``--output`` (relative to the
    current folder; kept relative to the site's folder when it lies inside, as output: is)."""
    flags = {}
    if getattr(args, "base_url", None) is not None:
        flags["base_url"] = args.base_url
    if getattr(args, "output", None) is not None:
        folder = Path(os.path.abspath(args.output))
        try:
            flags["output"] = folder.relative_to(root).as_posix()
        except ValueError:
            flags["output"] = str(folder)
    return flags


def _internal_error(exc: Exception, lang: str) -> int:
    """A bug in bantin: say so plainly; BANTIN_DEBUG=1 shows the trace."""
    if os.environ.get("BANTIN_DEBUG"):
        raise exc
    text = msg("cli.internal_error", error=f"{type(exc).__name__}: {exc}")
    print(tr(text, lang), file=sys.stderr)
    return EXIT_CONTENT


def _failed(out: Reporter, command: str, problems: list[Problem]) -> int:
    """The problems that stopped ``command``, and its last line saying it failed."""
    out.problems(problems)
    failed = msg(f"cli.failed.{command.replace('-', '_')}", summary=summary(problems))
    print(tr(failed, out.lang), file=sys.stderr)
    return EXIT_CONTENT


def _storage_problem(exc: OSError, root: Path, command: str) -> Problem | None:
    from .writer import storage_problem

    return storage_problem(exc, root, root, site=command in ("build", "serve"))


def _build(root: Path, jobs: int | None, args: Any, out: Reporter) -> int:
    from .cache import forget
    from .pipeline import Builder

    start = time.perf_counter()
    if getattr(args, "clean", False):
        forget(root)  # never the preview a running serve shows
    show = {k: getattr(args, k, False) for k in ("drafts", "future", "expired")}
    review = any(show.values())
    config_file = getattr(args, "config", None)
    flags = _flags(root, args)
    target, configured = _review_folder(root, config_file, flags) if review else ("", "")
    overrides = {"output": REVIEW_DIR} if review else {}
    builder = Builder(
        root,
        overrides,
        jobs=jobs,
        progress=out.progress,
        manifest="review" if review else "manifest",
        config_file=config_file,
        flags=flags,
        lean=True,
        **show,
    )
    result = builder.build()
    out.problems(result.warnings)
    for note in result.notes:
        out.say(msg("cli.note", note=note))
    report_phases(result, out)
    report_left_out(result.left_out, out)
    if review:
        out.say(msg("cli.review_copy", path=target, output=configured))
    took = out.seconds(time.perf_counter() - start)
    out.say(msg("cli.built", what=describe(result), seconds=took, summary=summary(result.warnings)))
    return EXIT_OK


# where ``build --drafts/--future/--expired`` writes its review copy, never the configured
# output folder: one upload of output/ cannot publish drafts
REVIEW_DIR = "xem-truoc"


def _review_folder(root: Path, config_file: Path | None, flags: dict[str, str]) -> tuple[str, str]:
    """Where the review copy goes (``--output``, else :data:`REVIEW_DIR`) and the configured
    output folder, which it must never be."""
    from .config import FLAGS, load_config

    given = {k: v for k, v in flags.items() if k != "output"}
    config = load_config(root, None, config_file, given)
    target = flags.get("output", REVIEW_DIR)
    if (root / target).resolve() == config.output_dir:
        if "output" in flags:
            said = msg(
                "cli.review_into_output",
                path=target,
                config=config.config_name,
                review=REVIEW_DIR,
            )
            raise SiteError([Problem(FLAGS["output"], 0, 0, said)])
        said = msg("cli.review_is_output", output=config.output)
        raise SiteError([Problem(config.config_name, 0, 0, said)])
    return target.rstrip("/"), config.output.rstrip("/")


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
    if not result.loaded:
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
    if result.indexed and not result.parts_pending:  # pending: serve says so itself
        key = "cli.phase_search" if result.index_made else "cli.phase_search_kept"
        shown = msg(key, pages=result.indexed, seconds=secs(t.get("search", 0)))
        if result.index_made and result.parts_made < result.parts:  # the parts that changed
            shown = msg(
                "cli.phase_search_parts",
                made=result.reindexed,
                pages=result.indexed,
                parts_made=result.parts_made,
                parts=result.parts,
                seconds=secs(t.get("search", 0)),
            )
        out.say(shown)
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
    if not result.loaded:
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
        config_file=getattr(args, "config", None),
        flags=_flags(root, args),
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
