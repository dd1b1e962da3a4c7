"""``serve``: build into .cache/serve/, serve it with livereload, rebuild on change."""

from __future__ import annotations

import sys
from pathlib import Path

from .errors import SiteError

WATCHED = ("content", "templates", "themes", "site_config.yaml")


def serve(root: Path, host: str, port: int) -> int:
    from livereload import Server

    from .cli import print_problems
    from .pipeline import build

    preview = root / ".cache" / "serve"
    overrides = {"base_url": f"http://{host}:{port}/", "output": str(preview)}

    def rebuild() -> None:
        try:
            result = build(root, overrides)
        except SiteError as exc:
            print_problems(exc.problems)
            print("rebuild failed; still serving the last good site", file=sys.stderr)
            return
        print_problems(result.warnings)
        print(f"rebuilt {result.pages} pages", flush=True)

    build(root, overrides)  # a broken site at start is reported by the caller
    server = Server()
    for name in WATCHED:
        path = root / name
        if path.exists():
            server.watch(str(path), rebuild, delay=0.2)
    print(f"serving the site at http://{host}:{port}/ (Ctrl+C stops)", flush=True)
    server.serve(root=str(preview), host=host, port=port, open_url_delay=None, restart_delay=0)
    return 0
