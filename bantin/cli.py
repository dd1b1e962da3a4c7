"""The command line: ``build`` (the default), ``serve`` and ``check``.

Exit codes: 0 success, 1 problems in the site's files, 2 a usage error.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

from . import __version__
from .errors import Problem, SiteError

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build.py",
        description="bantin builds the news site of emulation blocs from content/ into output/.",
        epilog="Without a command, 'build' runs. Exit codes: 0 success, 1 problems in the "
        "site's files, 2 usage errors.",
    )
    parser.add_argument("--version", action="version", version=f"bantin {__version__}")
    parser.add_argument(
        "--root", type=Path, default=Path("."), help="the site's folder (default: the current one)"
    )
    parser.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=0,
        metavar="N",
        help="worker processes for parsing and rendering (default: one per core)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    build = sub.add_parser(
        "build",
        help="build the site into output/ (the default)",
        description="Build the site into output/. Only the pages whose content, templates or "
        "settings changed since the last build are rendered again, and only changed files are "
        "written; .cache/ remembers what was built from what.",
    )
    build.add_argument(
        "--clean",
        action="store_true",
        help="ignore and rebuild the cache in .cache/, render and write every page",
    )
    serve = sub.add_parser(
        "serve",
        help="build, serve the site on this computer and rebuild on every change",
        description="Build the site into output/, serve it on this computer with live reload "
        "under the sub-path of base_url (as it will be published), and rebuild whenever a file "
        "under content/, templates/, themes/ or site_config.yaml changes. A failed rebuild "
        "prints its problems and keeps the last good site.",
    )
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    sub.add_parser("check", help="load and check every file without writing anything")
    return parser


def print_problems(problems: list[Problem], lang: str = "en", stream=None) -> None:
    stream = stream or sys.stderr
    for p in sorted(set(problems)):
        print(p.format(lang), file=stream)


def _summary(problems: list[Problem]) -> str:
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    return f"{errors} error(s), {warnings} warning(s)"


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help is 0, a usage error is 2
        return int(exc.code or 0)
    root = args.root.resolve()
    command = args.command or "build"
    try:
        if command == "build":
            return _build(root, args.jobs, getattr(args, "clean", False))
        if command == "check":
            return _check(root)
        if command == "serve":
            from .server import serve

            return serve(root, args.host, args.port, args.jobs)
    except SiteError as exc:
        print_problems(exc.problems)
        print(
            f"{command} failed: {_summary(exc.problems)}; output/ was not changed", file=sys.stderr
        )
        return EXIT_CONTENT
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug in bantin: say so plainly; BANTIN_DEBUG=1 shows the trace
        if os.environ.get("BANTIN_DEBUG"):
            raise
        print(
            f"bantin internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in bantin, not in your files. Run again with BANTIN_DEBUG=1 and "
            "report the output; output/ was not changed.",
            file=sys.stderr,
        )
        return EXIT_CONTENT
    parser.error(f"unknown command {command}")
    return EXIT_USAGE


def _build(root: Path, jobs: int, clean: bool) -> int:
    from .cache import CACHE_DIR
    from .pipeline import build

    start = time.perf_counter()
    if clean:
        shutil.rmtree(root / CACHE_DIR, ignore_errors=True)
    result = build(root, jobs=jobs or None)
    print_problems(result.warnings)
    for note in result.notes:
        print(f"note: {note}", file=sys.stderr)
    print(f"{describe(result)} in {time.perf_counter() - start:.2f} s; {_summary(result.warnings)}")
    return EXIT_OK


def describe(result) -> str:
    """One line on what a build did: "built 121 pages (…) into output/: 3 rendered, …"."""
    c = result.counts
    what = (
        f"{result.pages} pages ({c.get('bulletins', 0)} bulletins, {c.get('profiles', 0)} "
        f"profiles, {c.get('campaigns', 0)} campaigns, {c.get('blocs', 0)} blocs, "
        f"{c.get('pages', 0)} pages) and {result.files - result.pages} other files"
    )
    if result.site is None:
        return f"nothing changed: {what} in {result.output}/ are up to date"
    removed = f", {result.removed} removed" if result.removed else ""
    return (
        f"built {what} into {result.output}/: {result.rendered} rendered, "
        f"{result.written} written{removed}"
    )


def _check(root: Path) -> int:
    from .pipeline import load_site
    from .render import plan_pages

    site, warnings = load_site(root)
    plan_pages(site)
    print_problems(warnings)
    print(
        f"checked {len(site.bulletins)} bulletins, {len(site.profiles)} profiles, "
        f"{len(site.campaigns)} campaigns, {len(site.blocs)} blocs: {_summary(warnings)}"
    )
    return EXIT_OK
