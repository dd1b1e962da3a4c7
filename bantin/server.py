"""``serve``: build into output/, serve it with livereload, rebuild on every change.

The site is served under the sub-path of ``base_url`` (``/khoi-thi-dua/``), exactly as it will
be published, so every link can be tried on this computer. A failed rebuild prints its problems
and leaves the last good site in place.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

from .config import load_config
from .errors import SiteError

WATCHED = ("content", "templates", "themes", "site_config.yaml")


def make_server(root: Path, output: Path, base_path: str, rebuild):
    """A livereload server that serves ``output`` under ``base_path`` and calls ``rebuild``
    when a watched file changes."""
    from livereload import Server
    from livereload.handlers import StaticFileHandler
    from tornado import web

    class SiteFiles(StaticFileHandler):
        """Static files; a missing page gets the site's own 404 page."""

        def write_error(self, status_code, **kwargs):
            page = output / "404.html"
            if status_code == 404 and page.is_file():
                self.set_header("Content-Type", "text/html; charset=UTF-8")
                self.finish(page.read_bytes())
            else:
                super().write_error(status_code, **kwargs)

    class SitePathServer(Server):
        def get_web_handlers(self, script):
            options = {"path": str(output), "default_filename": "index.html"}
            handlers = [(re.escape(base_path) + r"/(.*)", SiteFiles, options)]
            if base_path:
                handlers.append((r"/", web.RedirectHandler, {"url": base_path + "/"}))
                handlers.append((r"/(.*)", SiteFiles, options))  # outside the sub-path: 404
            return handlers

    server = SitePathServer()
    for name in WATCHED:
        path = root / name
        if path.exists():
            server.watch(str(path), rebuild, delay=0.2)
    return server


def serve(root: Path, host: str, port: int, jobs: int = 0) -> int:
    from .cli import describe, print_problems
    from .pipeline import Builder

    builder = Builder(root, jobs=jobs or None)  # keeps parsed files in memory between builds

    def rebuild() -> None:
        start = time.perf_counter()
        try:
            result = builder.build()
        except SiteError as exc:
            print_problems(exc.problems)
            print("rebuild failed; still serving the last good site", file=sys.stderr, flush=True)
            return
        print_problems(result.warnings)
        print(f"rebuilt: {describe(result)} in {time.perf_counter() - start:.2f} s", flush=True)

    result = builder.build()  # a broken site at start is reported by the caller, exit 1
    config = load_config(root)
    server = make_server(root, config.output_dir, config.base_path, rebuild)
    print(
        f"{describe(result)}; serving at http://{host}:{port}{config.base_path}/ (Ctrl+C stops)",
        flush=True,
    )
    server.serve(root=str(config.output_dir), host=host, port=port, restart_delay=0)
    return 0
