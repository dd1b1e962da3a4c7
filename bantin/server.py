"""``serve``: a live preview of the site on this computer.

The preview is built into ``.cache/preview/`` (never ``output/``: what is published changes
only by ``build``), with drafts, scheduled and expired items shown and marked, unless
``--no-drafts``. It is served under the sub-path of ``base_url`` (``/khoi-thi-dua/``), exactly
as it will be published, so every link can be tried here.

The operating system tells :class:`Watcher` which files changed (``watchfiles``: inotify on
Linux, FSEvents on macOS, …; nothing walks the site to look), and :class:`Rebuilds` hands those
paths to the builder. A build runs in a thread of its own, so the preview is served meanwhile.
When only the text of bulletins, profiles, campaigns or pages changed, their own pages are
written first (:meth:`~bantin.pipeline.Builder.quick`, from the site kept in memory) and the
browser reloads them; then the full incremental build brings every page, feed and the search
index up to date, exactly as a clean build would make them, and the browser reloads again.

Every HTML page carries a small script that listens on a WebSocket: after a successful rebuild
it reloads the page; after a failed one it lays the list of problems, with file and line, over
the last good page, which stays served behind it until the site is mended.

Only the names the server was started for are answered (:class:`Hosts`): another ``Host``
header (a DNS-rebinding page) gets 421, a WebSocket from another origin 403. ``build --clean``
leaves the preview alone; if its folder disappears anyway, the next request builds it again
before anything is served or reported.
"""

from __future__ import annotations

import html
import ipaddress
import json
import os
import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from . import redirects
from .cache import CACHE_DIR, PREVIEW
from .errors import Problem, SiteError
from .messages import msg, tr
from .pipeline import Builder, give_back_memory
from .sources import left_out
from .writer import MARKER, storage_problem

WATCHED = ("content", "templates", "themes", "site_config.yaml")
PREVIEW_DIR = f"{CACHE_DIR}/{PREVIEW}"
PORT = 8000  # serve's port unless --port names one
PORT_TRIES = 10  # without --port: 8000, then the next ports while they are taken
# the changes of one save come together: the watcher waits until none has come for STEP_MS,
# at most DEBOUNCE_MS, before it hands them over
DEBOUNCE_MS = 50
STEP_MS = 25
POLL_MS = 300  # only where the system cannot tell about changes: how often to look
SCRIPT_PATH = "/_bantin/preview.js"
EVENTS_PATH = "/_bantin/events"
STATUS_PATH = "/_bantin/status"

# The page side of the preview: reload after a good build, show problems after a bad one.
# Kept free of any outside request; styles are inline so that a broken theme cannot hide it.
PREVIEW_JS = r"""(function () {
  "use strict";
  var shown = null;
  function overlay(state) {
    if (shown) { shown.remove(); shown = null; }
    if (state.ok) { return; }
    var box = document.createElement("div");
    box.id = "bantin-problems";
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-label", state.title);
    box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
      "background:rgba(40,0,0,.93);color:#fff;font:15px/1.5 system-ui,sans-serif;padding:2rem";
    box.innerHTML = state.html;
    document.body.appendChild(box);
    shown = box;
  }
  var note = null;
  function notice(text) {  // e.g. the search index still being made: a line, nothing blocked
    if (note && note.textContent === text) { return; }
    if (note) { note.remove(); note = null; }
    if (!text) { return; }
    note = document.createElement("div");
    note.id = "bantin-notice";
    note.setAttribute("role", "status");
    note.style.cssText = "position:fixed;left:0;right:0;bottom:0;z-index:2147483646;" +
      "background:#1d3557;color:#fff;font:14px/1.4 system-ui,sans-serif;padding:.5rem 1rem";
    note.textContent = text;
    document.body.appendChild(note);
  }
  function connect(generation) {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + location.host + "__EVENTS__");
    socket.onmessage = function (event) {
      var state = JSON.parse(event.data);
      if (state.ok && generation !== null && state.generation !== generation) {
        location.reload();
        return;
      }
      generation = state.generation;
      overlay(state);
      notice(state.notice || "");
    };
    socket.onclose = function () { setTimeout(function () { connect(generation); }, 1000); };
  }
  connect(null);
})();
""".replace("__EVENTS__", EVENTS_PATH)


@dataclass
class PreviewState:
    """What the browser is told: the generation of the last good build, and the problems of
    the last build when it failed."""

    lang: str
    generation: int = 0
    problems: list[Problem] = field(default_factory=list)
    ok: bool = True
    index_pending: bool = False  # the last good build left the search index to the next

    def payload(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "generation": self.generation,
            "notice": tr(msg("serve.index_pending"), self.lang) if self.index_pending else "",
            "title": tr(msg("serve.failed_title"), self.lang),
            "html": "" if self.ok else self.problems_html(),
            "problems": [p.as_dict(self.lang) for p in self.problems],
        }

    def problems_html(self) -> str:
        errors = sum(p.severity == "error" for p in self.problems)
        lines = "".join(
            f'<li style="margin:.4rem 0"><code style="color:#ffd479">{html.escape(p.where())}'
            f"</code> {html.escape(tr(msg('serve.severity.' + p.severity), self.lang))}: "
            f"{html.escape(p.text(self.lang))}</li>"
            for p in sorted(set(self.problems))
        )
        return (
            f'<h1 style="font-size:1.4rem;margin:0 0 1rem">'
            f"{html.escape(tr(msg('serve.failed_title'), self.lang))}</h1>"
            f"<p>{html.escape(tr(msg('serve.failed_lead', errors=errors), self.lang))}</p>"
            f'<ol style="padding-left:1.2rem">{lines}</ol>'
            f"<p>{html.escape(tr(msg('serve.failed_after'), self.lang))}</p>"
        )

    def error_page(self) -> bytes:
        """A whole page for when there is no good page to show the problems over."""
        return (
            f'<!DOCTYPE html><html lang="{self.lang}"><head><meta charset="utf-8">'
            f"<title>{html.escape(tr(msg('serve.failed_title'), self.lang))}</title>"
            f'<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
            f'<body><main id="bantin-problems">{self.problems_html()}</main>'
            f'<script src="{SCRIPT_PATH}"></script></body></html>'
        ).encode()


class MovedPages:
    """The old addresses of the preview (its ``_redirects``), read again whenever the build
    has replaced the file."""

    def __init__(self, path: Path):
        self.path = path
        self.seen: tuple[int, int, int] | None = None
        self.table: redirects.Table = {}

    def find(self, path: str, query: str) -> str | None:
        try:
            st = self.path.stat()
        except OSError:
            self.seen, self.table = None, {}
            return None
        stamp = (st.st_ino, st.st_mtime_ns, st.st_size)
        if stamp != self.seen:
            try:
                self.table = redirects.read_netlify(self.path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError):
                self.table = {}
            self.seen = stamp
        return redirects.find(self.table, path, query)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _ip(name: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(name.removeprefix("[").removesuffix("]"))
    except ValueError:
        return None


@dataclass(frozen=True)
class Hosts:
    """The names the preview answers to: the ``--host`` it listens on and, for a loopback
    address, ``localhost``, ``127.0.0.1`` and ``[::1]``; on every address (``0.0.0.0``), also
    any IP address; and the name of ``--base-url``, which the user gave for this preview.
    Never another name: a page whose name is made to lead here (DNS rebinding) must not read
    the drafts."""

    host: str
    port: int
    also: tuple[str, ...] = ()  # the host of serve --base-url

    def names(self) -> set[str]:
        host = self.host.lower()
        names = {f"[{host}]" if ":" in host else host} | {n.lower() for n in self.also}
        if is_loopback(host) or self._everywhere():
            names |= {"localhost", "127.0.0.1", "[::1]"}
        return names

    def _everywhere(self) -> bool:
        address = _ip(self.host)
        return address is not None and address.is_unspecified

    def allows(self, header: str) -> bool:
        """Whether a ``Host`` header (``127.0.0.1:8000``) names this server."""
        name, port = _split_host(header.strip().lower())
        if port is not None and port != str(self.port):
            return False
        if name in self.names():
            return True
        return self._everywhere() and _ip(name) is not None

    def allows_origin(self, origin: str) -> bool:
        """Whether a page at ``origin`` (``http://127.0.0.1:8000``) is this preview's."""
        try:
            parts = urlsplit(origin)
        except ValueError:
            return False
        return parts.scheme in ("http", "https") and bool(parts.port) and self.allows(parts.netloc)

    def shown(self) -> str:
        return ", ".join(f"{n}:{self.port}" for n in sorted(self.names()))


def _split_host(header: str) -> tuple[str, str | None]:
    """``name:port`` or ``[v6]:port`` as (name, port or None)."""
    if header.startswith("["):
        name, _, rest = header.partition("]")
        return name + "]", rest[1:] if rest.startswith(":") else None
    name, colon, port = header.rpartition(":")
    return (name, port) if colon and ":" not in name else (header, None)


def make_app(
    output: Path,
    base_path: str,
    state: PreviewState,
    hosts: Hosts,
    ensure: Callable[[], None] = lambda: None,
    building: Callable[[], bool] = lambda: False,
):
    """The tornado application: the preview under ``base_path``, the script, its events; only
    for the names in ``hosts``. ``ensure`` is called before anything is served or reported (it
    builds the preview again if its folder was deleted); ``building`` tells whether a build
    is running or waiting (the status says so: the benchmark waits for it, in any language)."""
    from tornado import web, websocket

    clients: set[Any] = set()
    marker = f'<script src="{SCRIPT_PATH}"></script>'.encode()

    def with_script(data: bytes) -> bytes:
        at = data.rfind(b"</body>")
        return data[:at] + marker + data[at:] if at >= 0 else data + marker

    class Refused(web.RequestHandler):
        """Any request for a name this server was not started for."""

        def prepare(self) -> None:
            self.set_status(421)
            self.set_header("Content-Type", "text/plain; charset=UTF-8")
            self.finish(tr(msg("serve.wrong_host", hosts=hosts.shown()), state.lang) + "\n")

    class Events(websocket.WebSocketHandler):
        def prepare(self) -> None:
            ensure()

        def open(self, *args: Any, **kwargs: Any) -> None:
            clients.add(self)
            self.write_message(json.dumps(state.payload()))

        def on_close(self) -> None:
            clients.discard(self)

        def check_origin(self, origin: str) -> bool:
            return hosts.allows_origin(origin)  # only this preview's own pages

    class Script(web.RequestHandler):
        def get(self) -> None:
            self.set_header("Content-Type", "text/javascript; charset=UTF-8")
            self.set_header("Cache-Control", "no-store")
            self.finish(PREVIEW_JS)

    class Status(web.RequestHandler):
        def get(self) -> None:
            ensure()
            self.set_header("Cache-Control", "no-store")
            self.set_header("Cross-Origin-Resource-Policy", "same-origin")
            self.finish({**state.payload(), "building": building()})

    moves = MovedPages(output / redirects.NETLIFY_FILE)

    def moved(handler: web.RequestHandler) -> bool:
        """Answer an old address (``redirect_from``) with a 301 to its new page, as a host
        configured with the build's ``_redirects`` does; False for any other address."""
        target = moves.find(handler.request.path, handler.request.query)
        if target is None:
            return False
        handler.set_header("Cache-Control", "no-store")
        handler.redirect(target, permanent=True)
        return True

    class Root(web.RequestHandler):
        """``/`` of a site under a sub-path: an old address (``/?p=123``), or the site."""

        def get(self) -> None:
            ensure()
            if not moved(self):
                self.redirect(base_path + "/", permanent=True)

    class SiteFiles(web.StaticFileHandler):
        """The preview's files, HTML pages with the preview script; only files inside the
        preview folder (tornado refuses ``..`` and links out of it). An old address is
        answered with a 301 to its new page."""

        def prepare(self) -> None:
            ensure()
            moved(self)

        def set_extra_headers(self, path: str) -> None:
            self.set_header("Cache-Control", "no-store")
            self.set_header("Cross-Origin-Resource-Policy", "same-origin")

        def validate_absolute_path(self, root: str, absolute_path: str) -> str | None:
            # tornado refuses paths out of root; older tornado releases still follow a symbolic
            # link out of it, so the file's real place is checked here as well
            if "\0" in absolute_path:
                raise web.HTTPError(400)
            found = super().validate_absolute_path(root, absolute_path)
            if found is not None:
                real, inside = os.path.realpath(found), os.path.realpath(root)
                if os.path.commonpath([real, inside]) != inside:
                    raise web.HTTPError(403)
            return found

        def get_content_size(self) -> int:
            size = super().get_content_size()
            return size + len(marker) if self._is_html() else size

        def _is_html(self) -> bool:
            return str(self.absolute_path or "").endswith(".html")

        @classmethod
        def get_content(cls, abspath: str, start=None, end=None):
            data = Path(abspath).read_bytes()
            return (with_script(data) if abspath.endswith(".html") else data)[start:end]

        def compute_etag(self) -> None:
            return None

        def write_error(self, status_code: int, **kwargs: Any) -> None:
            if not state.ok and status_code == 404:
                self.set_status(500)
                self.set_header("Content-Type", "text/html; charset=UTF-8")
                self.finish(state.error_page())
                return
            page = output / "404.html"
            if status_code == 404 and page.is_file():
                self.set_header("Content-Type", "text/html; charset=UTF-8")
                self.finish(with_script(page.read_bytes()))
            else:
                super().write_error(status_code, **kwargs)

    options = {"path": str(output), "default_filename": "index.html"}
    handlers: list[Any] = [
        (EVENTS_PATH, Events),
        (SCRIPT_PATH, Script),
        (STATUS_PATH, Status),
        (re.escape(base_path) + r"/(.*)", SiteFiles, options),
    ]
    if base_path:
        handlers.append((r"/", Root))
        handlers.append((r"/(.*)", SiteFiles, options))  # outside the sub-path: 404

    def broadcast() -> None:
        text = json.dumps(state.payload())
        for client in list(clients):
            try:
                client.write_message(text)
            except websocket.WebSocketClosedError:
                clients.discard(client)

    class Application(web.Application):
        def find_handler(self, request: Any, **kwargs: Any) -> Any:
            if not hosts.allows(request.host):
                return self.get_handler_delegate(request, Refused)
            return super().find_handler(request, **kwargs)

    app = Application(handlers)
    app.broadcast = broadcast  # type: ignore[attr-defined]
    return app


def listen_sockets(host: str, port: int | None) -> tuple[list[Any], int]:
    """Sockets listening on ``host`` at ``port``; without one, at :data:`PORT` or the first
    of the next ports that is free. A port that is taken (or refused) is a problem that says
    which and what to do, never an internal error."""
    import errno

    from tornado.netutil import bind_sockets

    first = port if port is not None else PORT
    tries = 1 if port is not None else PORT_TRIES
    for candidate in range(first, min(first + tries, 65536)):
        try:
            return bind_sockets(candidate, address=host), candidate
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                continue
            reason = exc.strerror or type(exc).__name__
            raise SiteError(
                [
                    Problem(
                        "serve",
                        0,
                        0,
                        msg("cli.cannot_listen", host=host, port=candidate, reason=reason),
                        msg("cli.cannot_listen_hint"),
                    )
                ]
            ) from None
    if port is not None:
        problem = Problem(
            "serve", 0, 0, msg("cli.port_busy", port=port), msg("cli.port_busy_hint", port=port + 1)
        )
    else:
        last = first + tries - 1
        problem = Problem(
            "serve", 0, 0, msg("cli.ports_busy", first=first, last=last), msg("cli.ports_busy_hint")
        )
    raise SiteError([problem])


def watched(root: Path, config_file: Path) -> list[Path]:
    """What the preview watches: content/, templates/, themes/ and the settings file (the one
    ``--config`` names, wherever it is)."""
    from .config import CONFIG_NAME

    paths = [root / name for name in WATCHED if name != CONFIG_NAME] + [config_file]
    return [path for path in paths if path.exists()]


Changes = Iterable[set[tuple[Any, str]]]  # what watchfiles.watch yields: (change, path) sets


class Watcher:
    """The files that change under ``paths`` (folders with all they hold, and single files),
    as the operating system reports them through ``watchfiles``, read in background threads.
    Each batch of changes is handed to ``hand`` as a set of paths relative to ``root`` (a file
    outside it, a ``--config`` elsewhere, by its full path), from the watching thread.

    Hidden files and folders, editors' temporary files (:func:`bantin.sources.left_out`) and
    the folders in ``skip`` (the output folders) are left out. A single file is watched
    through its folder, since an editor may save it by writing another file and renaming it
    over the first. Where
    the system cannot report changes, watchfiles looks for them every :data:`POLL_MS` ms
    instead, and ``tell`` is told why."""

    def __init__(
        self,
        root: Path,
        paths: Iterable[Path],
        hand: Callable[[set[str]], None],
        *,
        skip: Iterable[Path] = (),
        tell: Callable[[str], None] = lambda reason: None,
        watch: Callable[..., Changes] | None = None,
    ):
        self.root = Path(os.path.abspath(root))
        paths = [Path(os.path.abspath(p)) for p in paths]
        self.folders = [p for p in paths if p.is_dir()]
        self.files = {p for p in paths if not p.is_dir()}
        self.skip = [self.rel(Path(os.path.abspath(p))) + "/" for p in skip]
        self.hand = hand
        self.tell = tell
        self.watch = watch
        self.stop_event = threading.Event()
        self.threads: list[threading.Thread] = []

    def rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def wanted(self, path: str) -> bool:
        """Whether a change of ``path`` (a full path) is one the build must see."""
        full = Path(path)
        if full in self.files:
            return True
        if not any(full.is_relative_to(folder) for folder in self.folders):
            return False  # the rest of a single file's folder
        rel = self.rel(full)
        if any(rel.startswith(skip) or rel + "/" == skip for skip in self.skip):
            return False
        # what the build never reads (bantin.sources.left_out): hidden files and folders
        # (.git/, .cache/, .x.md.swp, .#x.md) and editors' temporary files
        return not any(left_out(p) for p in rel.split("/"))

    def start(self) -> None:
        groups = [(self.folders, True), (sorted({f.parent for f in self.files}), False)]
        for paths, recursive in groups:
            if paths:
                thread = threading.Thread(
                    target=self._run, args=(paths, recursive), name="bantin-watch", daemon=True
                )
                thread.start()
                self.threads.append(thread)

    def stop(self) -> None:
        self.stop_event.set()

    def _run(self, paths: list[Path], recursive: bool) -> None:
        try:
            self._follow(paths, recursive, False)
        except Exception as exc:  # no notifications here (a full watch table, a network disk…)
            if self.stop_event.is_set():
                return
            self.tell(str(exc) or type(exc).__name__)
            self._follow(paths, recursive, True)

    def _follow(self, paths: list[Path], recursive: bool, polling: bool) -> None:
        watch = self.watch
        if watch is None:
            import watchfiles

            watch = watchfiles.watch
        changes = watch(
            *paths,
            watch_filter=lambda change, path: self.wanted(path),
            debounce=DEBOUNCE_MS,
            step=STEP_MS,
            stop_event=self.stop_event,
            raise_interrupt=False,
            recursive=recursive,
            force_polling=polling or None,
            poll_delay_ms=POLL_MS,
        )
        for batch in changes:
            found = {self.rel(Path(path)) for _, path in batch if self.wanted(path)}
            if found:
                self.hand(found)
            if self.stop_event.is_set():
                return


class Rebuilds:
    """The builds of the preview, and what the browser and the terminal are told of them.

    :meth:`now` builds and waits (the first build, and a preview whose folder has gone);
    :meth:`changed` takes the paths the watcher reports and builds in a thread of its own, so
    that the preview is served meanwhile: first the own pages of edited items
    (``Builder.quick``), and the browser reloads; then the full incremental build, and the
    browser reloads again. A build that had nothing to do loaded no site for that first step:
    :meth:`warm` loads it then, in the same thread. The first build leaves the parts of the
    search index it would make to the next build, which follows at once in that thread: the
    preview is served without waiting for Pagefind. One build at a time; what changes during a
    build is built together right after it, but its own pages are written at once, in a thread
    of their own (:meth:`_early`: ``Builder.quick`` takes turns with the build running, which
    publishes them instead of its older renderings). The methods but :meth:`_work`,
    :meth:`_warm` and :meth:`_early` run on the server's thread (``loop``)."""

    def __init__(self, builder: Any, state: PreviewState, out: Any, output: Path, loop: Any):
        self.builder = builder
        self.state = state
        self.out = out
        self.output = output
        self.loop = loop
        self.lock = threading.Lock()  # one build at a time: the thread's, or now()'s
        self.pending: set[str] = set()
        self.index_due = False  # the last build left parts of the search index to make
        self.busy = False
        # saves made during a build: their own pages, written while it runs
        self.early: set[str] = set()  # paths waiting for the thread that writes them
        self.early_busy = False
        self.shown: set[str] = set()  # paths whose pages that thread wrote, for the next build
        self.broadcast: Callable[[], None] = lambda: None  # tells every open page (make_app)

    def now(self, first: bool = False) -> None:
        """Build and wait. The first build leaves the search index to the build that follows
        it (``Builder.build(search_later=True)``), made while the preview is served."""
        started = time.perf_counter()
        with self.lock:
            outcome = self._outcome(None, search_later=first)
        self._report(outcome, started, first)
        self._next()

    def lost(self) -> bool:
        """Whether the last good preview's folder is gone (deleted by hand, or ``.cache/``
        with it): it is built again before anything is served or reported."""
        return self.state.ok and self.state.generation > 0 and not (self.output / MARKER).is_file()

    def ensure(self) -> None:
        if self.lost():
            self.now()

    def building(self) -> bool:
        """Whether a build runs, or waits to run, or pages are being written first."""
        return self.busy or self.early_busy or bool(self.pending) or self.index_due

    def changed(self, paths: set[str]) -> None:
        self.pending |= paths
        if self.busy:  # a build is running: the edited pages are written now, beside it
            self.early |= paths
            self._next_early()
        self._next()

    def _next_early(self) -> None:
        if not self.busy:  # no build running: the next build writes them first itself
            self.early = set()
        if self.early_busy or not self.early:
            return
        paths, self.early = self.early, set()
        self.early_busy = True
        threading.Thread(
            target=self._early, args=(paths,), name="bantin-quick", daemon=True
        ).start()

    def _early(self, paths: set[str]) -> None:
        """In a thread of its own, while a build runs: the edited items' own pages."""
        started = time.perf_counter()
        written = None
        try:
            written = self.builder.quick(paths)
        except Exception:  # the build that follows reports what is wrong
            written = None
        finally:
            took = time.perf_counter() - started
            self.loop.add_callback(self._early_done, paths, written, took)

    def _early_done(self, paths: set[str], written: list[str] | None, seconds: float) -> None:
        self.early_busy = False
        if written:
            self.shown |= paths
            self._shown(written, seconds)
        self._next_early()
        self._next()

    def warm(self) -> None:
        """After a build that had nothing to do, and so loaded nothing (``serve`` started on an
        up-to-date preview): load the site for the fast path, in the build's thread; what
        changes meanwhile waits for it."""
        if self.busy:
            return
        self.busy = True
        threading.Thread(target=self._warm, name="bantin-build", daemon=True).start()

    def _warm(self) -> None:
        try:
            with self.lock:
                self.builder.warm()
                give_back_memory()
        finally:
            self.loop.add_callback(self._done, None, 0.0)

    def _next(self) -> None:
        if self.busy or self.early_busy or not (self.pending or self.index_due):
            return
        changed, self.pending, self.index_due = self.pending, set(), False
        first = changed - self.shown  # those already written while the last build ran are not
        self.shown = set()
        self.busy = True
        threading.Thread(
            target=self._work, args=(changed, first), name="bantin-build", daemon=True
        ).start()

    def _work(self, changed: set[str], first: set[str]) -> None:
        """In the build's thread: the edited pages first (``first``), then the full build."""
        started = time.perf_counter()
        outcome: Any = None
        try:
            with self.lock:
                try:
                    written = self.builder.quick(first) if first else None
                    if written:
                        took = time.perf_counter() - started
                        self.loop.add_callback(self._shown, written, took)
                finally:  # whatever happened there, the full build runs
                    outcome = self._outcome(changed)
        finally:
            self.loop.add_callback(self._done, outcome, started)

    def _build(self, changed: set[str] | None, search_later: bool = False) -> Any:
        """One build; a disk that will not take it is a problem like any other."""
        try:
            return self.builder.build(changed=changed, search_later=search_later)
        except OSError as exc:
            problem = storage_problem(exc, self.builder.root, self.output, self.output)
            if problem is None:
                raise
            raise SiteError([problem]) from None

    def _outcome(self, changed: set[str] | None, search_later: bool = False) -> Any:
        """The build's result, or the SiteError that stopped it."""
        try:
            try:
                return self._build(changed, search_later)
            except FileNotFoundError:  # part of .cache/ deleted under its feet (build --clean)
                return self._build(changed, search_later)
        except SiteError as exc:
            return exc
        finally:
            give_back_memory()

    def _shown(self, written: list[str], seconds: float) -> None:
        self.state.generation += 1
        self.out.say(
            msg("cli.quick_written", pages=", ".join(written), seconds=self.out.seconds(seconds))
        )
        self.broadcast()

    def _done(self, outcome: Any, started: float) -> None:
        self.busy = False
        if outcome is not None:  # None: it broke off, and the thread has said why
            self._report(outcome, started)
        self._next()

    def _report(self, outcome: Any, started: float, first: bool = False) -> None:
        from .cli import describe, report_phases, summary

        state, out = self.state, self.out
        if isinstance(outcome, SiteError):
            state.ok, state.problems = False, list(outcome.problems)
            out.problems(outcome.problems)
            out.say(msg("cli.rebuild_failed", summary=summary(outcome.problems)))
        else:
            state.ok, state.problems = True, list(outcome.warnings)
            state.generation += 1
            out.problems(outcome.warnings)
            for note in outcome.notes:
                out.say(msg("cli.note", note=note))
            if first:
                report_phases(outcome, out)
            else:
                took = out.seconds(time.perf_counter() - started)
                out.say(msg("cli.rebuilt", what=describe(outcome), seconds=took))
            state.index_pending = bool(outcome.parts_pending)
            if outcome.parts_pending:
                self.index_due = True
                out.say(msg("cli.search_later", parts=outcome.parts_pending))
        self.broadcast()
        if not isinstance(outcome, SiteError) and outcome.site is None:
            self.warm()


def serve(
    root: Path,
    host: str,
    port: int | None,
    jobs: int | None = None,
    *,
    preview: bool = True,
    out: Any,
    config_file: Path | None = None,
    flags: dict[str, str] | None = None,
) -> int:
    """Serve the preview until Ctrl+C; ``config_file`` is ``--config``, ``flags`` the settings
    the command line gives (``--base-url``)."""
    from tornado import ioloop
    from tornado.httpserver import HTTPServer

    from .config import load_config

    config = load_config(root, None, config_file, flags)
    if not is_loopback(host):
        warning = Problem(
            "serve",
            0,
            0,
            msg("cli.exposed_host", host=host),
            msg("cli.exposed_host_hint"),
            "warning",
        )
        out.problems([warning])
    sockets, chosen = listen_sockets(host, port)
    if port is None and chosen != PORT:
        out.say(msg("cli.port_moved", busy=PORT, port=chosen))
    port = chosen
    builder = Builder(
        root,
        {"output": PREVIEW_DIR},
        jobs,
        drafts=preview,
        future=preview,
        expired=preview,
        progress=out.progress,
        manifest="preview",
        config_file=config_file,
        flags=flags,
        keep=True,
    )
    output = (root / PREVIEW_DIR).resolve()
    state = PreviewState(out.lang)
    loop = ioloop.IOLoop.current()
    rebuilds = Rebuilds(builder, state, out, output, loop)

    named = urlsplit((flags or {}).get("base_url", "")).hostname  # --base-url's, if given
    also = (f"[{named}]" if ":" in named else named,) if named else ()
    app = make_app(
        output, config.base_path, state, Hosts(host, port, also), rebuilds.ensure, rebuilds.building
    )
    rebuilds.broadcast = app.broadcast

    # watching from before the first build: what is saved while it runs is built right after it
    watcher = Watcher(
        root,
        watched(root, config.config_file),
        lambda paths: loop.add_callback(rebuilds.changed, paths),
        skip=[config.output_dir, output],
        tell=lambda reason: loop.add_callback(
            out.say, msg("cli.watch_polling", reason=reason, ms=POLL_MS)
        ),
    )
    watcher.start()
    rebuilds.now(first=True)
    HTTPServer(app).add_sockets(sockets)
    out.say(msg("cli.serving", url=f"http://{host}:{port}{config.base_path}/"))
    if preview:
        out.say(msg("cli.serving_drafts"))
    try:
        loop.start()
    except KeyboardInterrupt:
        pass
    finally:
        watcher.stop()
    return 0
