"""The repository's sample site, built once per test session into a temporary copy and served over
HTTP on 127.0.0.1, mounted under its ``base_url``'s path as a real server would.

Two builds: ``sample_site`` with the site's own ``base_url`` (``/khoi-thi-dua/``), and
``sub_path_site`` with ``base_url`` moved under another sub-path (``/a/b/``), through the config
overrides of :func:`bantin.pipeline.build`. The fixtures themselves are in conftest.py; the builds
and servers are cached here, so each happens once per session.
"""

from __future__ import annotations

import atexit
import http.server
import shutil
import sys
import threading
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import quote, urlsplit

import pytest
from conftest import REPO, theme_missing

SUB_PATH_BASE_URL = "https://example.gov.vn/a/b/"

# What the site is made of (templates/ is optional: a site's own overrides of the theme).
SITE_PARTS = ("content", "themes", "templates", "site_config.yaml")

MIME_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml",
    ".wasm": "application/wasm",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".svg": "image/svg+xml",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".txt": "text/plain; charset=utf-8",
    ".webmanifest": "application/manifest+json",
}


@dataclass(frozen=True, eq=False)  # hashed by identity: one per build
class ServedSite:
    root: Path  # the temporary copy of the project
    output: Path  # its output folder
    base_url: str  # the configured base_url (https://example.gov.vn/khoi-thi-dua/)
    prefix: str  # its path, always ending in "/" (/khoi-thi-dua/)
    origin: str  # where it is served: http://127.0.0.1:PORT
    result: Any  # the BuildResult (result.site is the linked Site)

    @property
    def host(self) -> str:
        """The host of ``base_url``: links to it are links to the site itself."""
        return urlsplit(self.base_url).netloc

    def url(self, path: str = "/") -> str:
        """The served address of a site path such as ``/tin-tuc/`` (as ``urls.*`` returns it)."""
        return self.origin + self.prefix + path.lstrip("/")

    @property
    def site(self) -> Any:
        return self.result.site

    def html_files(self) -> list[Path]:
        return sorted(self.output.rglob("*.html"))


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves ``directory`` under ``prefix``: ``/prefix/x`` is ``directory/x``; anything outside
    the prefix, and folders without an index.html, are 404."""

    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        **MIME_TYPES,
    }

    def __init__(self, *args, prefix: str, **kwargs):
        self.prefix = quote(prefix)  # compared with the request's path as sent (still quoted)
        super().__init__(*args, **kwargs)

    def _outside(self) -> bool:
        path = urlsplit(self.path).path
        return not (path.startswith(self.prefix) or path + "/" == self.prefix)

    def send_head(self):
        if self._outside():
            self.send_error(404, "outside the site's path")
            return None
        return super().send_head()

    def translate_path(self, path: str) -> str:
        inside = "/" + urlsplit(path).path[len(self.prefix) :].lstrip("/")
        return super().translate_path(inside)  # unquotes, and keeps a trailing slash

    def list_directory(self, path):
        self.send_error(404, "no index.html")
        return None

    def log_message(self, format, *args):
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a browser that stopped reading
            super().handle_error(request, client_address)


def _serve(directory: Path, prefix: str) -> str:
    handler = partial(_Handler, directory=str(directory), prefix=prefix)
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name=f"serve {prefix}", daemon=True)
    thread.start()

    def stop() -> None:
        server.shutdown()
        server.server_close()

    atexit.register(stop)
    return f"http://127.0.0.1:{server.server_address[1]}"


def copy_project(dest: Path) -> Path:
    """Copy the repository's site (content, theme, config) to ``dest`` and return it."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in SITE_PARTS:
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, dest / name)
        elif src.is_file():
            shutil.copy2(src, dest / name)
    return dest


def build_and_serve(root: Path, overrides: dict[str, Any] | None = None) -> ServedSite:
    """Build the site at ``root`` (with settings ``overrides``) and serve its output under its
    ``base_url``'s path on 127.0.0.1."""
    from bantin.pipeline import build

    result = build(root, overrides, cache=False)
    config = result.site.config
    prefix = config.base_path + "/"
    origin = _serve(config.output_dir, prefix)
    return ServedSite(root, config.output_dir, config.base_url, prefix, origin, result)


_CACHE: dict[str, ServedSite] = {}
_LOCK = threading.Lock()


def served_site(tmp_path_factory: pytest.TempPathFactory, base_url: str | None) -> ServedSite:
    """The sample site built with ``base_url`` (None: the site's own) and served; built once."""
    reason = theme_missing()
    if reason:
        pytest.skip(reason)
    key = base_url or ""
    with _LOCK:
        if key not in _CACHE:
            root = copy_project(tmp_path_factory.mktemp("served-site") / "site")
            _CACHE[key] = build_and_serve(root, {"base_url": base_url} if base_url else None)
        return _CACHE[key]


# ---------------------------------------------------------------- a site made by `bantin init`

# An office of another province starts its own site: its names, logo (an SVG emblem) and
# colours, and nothing of the sample.
OFFICE_LOGO = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">
<circle cx="32" cy="32" r="30" fill="#b91c1c"/>
<path fill="#facc15"
 d="M32 12l5.9 18.1H57L41.5 41.3l5.9 18.1L32 48.2 16.6 59.4l5.9-18.1L7 30.1h19.1z"/>
</svg>
"""
OFFICE_FLAGS = [
    "--yes",
    "--org",
    "Ủy ban MTTQ Việt Nam tỉnh Bắc Ninh",
    "--province",
    "Bắc Ninh",
    "--bloc-name",
    "Khối thi đua các tổ chức chính trị - xã hội tỉnh",
    "--member",
    "Ủy ban MTTQ Việt Nam tỉnh Bắc Ninh=UBMTTQ tỉnh",
    "--member",
    "Hội Liên hiệp Phụ nữ tỉnh Bắc Ninh=Hội LHPN tỉnh",
    "--member",
    "Hội Cựu chiến binh tỉnh Bắc Ninh=Hội CCB tỉnh",
    "--member",
    'Tỉnh đoàn Bắc Ninh "Đoàn TNCS Hồ Chí Minh"=Tỉnh đoàn',
    "--base-url",
    "https://mttq.bacninh.example.vn/thi-dua/",
    "--governing-body",
    "Ủy ban nhân dân tỉnh Bắc Ninh",
    "--address",
    "Số 11 đường Lý Thái Tổ, phường Suối Hoa, tỉnh Bắc Ninh",
    "--phone",
    "0222 3822 345",
    "--email",
    "banbientap@mttq.bacninh.example.vn",
    "--licence",
    "Giấy phép số 21/GP-TTĐT do Sở Thông tin và Truyền thông tỉnh Bắc Ninh cấp ngày 14/6/2022",
    "--primary-color",
    "#1e3a8a",
    "--accent-color",
    "#9a3412",
]


def office_site(tmp_path_factory: pytest.TempPathFactory) -> ServedSite:
    """A site made by ``bantin init`` with the office's flags and logo, built and served."""
    reason = theme_missing()
    if reason:
        pytest.skip(reason)
    with _LOCK:
        if "office" not in _CACHE:
            from bantin import cli

            tmp = tmp_path_factory.mktemp("office-site")
            logo = tmp / "bieu-trung.svg"
            logo.write_text(OFFICE_LOGO, encoding="utf-8")
            root = tmp / "site"
            code = cli.main(["init", str(root), *OFFICE_FLAGS, "--logo", str(logo)])
            assert code == 0, "bantin init failed"
            _CACHE["office"] = build_and_serve(root)
        return _CACHE["office"]
