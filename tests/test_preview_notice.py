"""The preview's page script in real Chromium, served by the real preview server on loopback:
while serve's first build has left the search index to the build after it, every page says so
at its foot (a status line, nothing covered); the line goes when the index is made."""

from __future__ import annotations

import asyncio
import threading

import pytest
import tools

from bantin.messages import msg, tr
from bantin.server import Hosts, PreviewState, make_app

PAGE = (
    "<!doctype html><html lang='vi'><head><meta charset='utf-8'><title>Trang chủ</title></head>"
    "<body><main><h1>Khối thi đua</h1><p>Tin mới.</p></main></body></html>"
)


@pytest.fixture
def preview(tmp_path):
    """The preview server on a free loopback port, in a thread of its own, over a folder with
    one page; yields (port, state, run) where run(fn) calls fn on the server's loop."""
    from tornado.httpserver import HTTPServer
    from tornado.ioloop import IOLoop
    from tornado.netutil import bind_sockets

    (tmp_path / "index.html").write_text(PAGE, encoding="utf-8")
    sockets = bind_sockets(0, address="127.0.0.1")
    port = sockets[0].getsockname()[1]
    state = PreviewState("vi", generation=1, index_pending=True)
    started = threading.Event()
    held: dict = {}

    def serve() -> None:
        asyncio.set_event_loop(asyncio.new_event_loop())
        loop = IOLoop.current()
        app = make_app(tmp_path, "", state, Hosts("127.0.0.1", port))
        server = HTTPServer(app)
        server.add_sockets(sockets)
        held.update(loop=loop, app=app, server=server)
        started.set()
        loop.start()
        server.stop()
        loop.close(all_fds=True)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    assert started.wait(10)

    def run(fn) -> None:
        done = threading.Event()

        def call() -> None:
            try:
                fn(held["app"])
            finally:
                done.set()

        held["loop"].add_callback(call)
        assert done.wait(10)

    yield port, state, run
    held["loop"].add_callback(held["loop"].stop)
    thread.join(10)


@pytest.mark.slow
def test_the_preview_says_the_search_index_is_being_made_until_it_is(preview):
    executable = tools.chromium()
    sync_api = tools.playwright_sync()
    port, state, run = preview
    expected = tr(msg("serve.index_pending"), "vi")
    with sync_api.sync_playwright() as p:
        args = [a for a in tools.CHROMIUM_ARGS if a != "--headless"]
        browser = p.chromium.launch(executable_path=executable, headless=True, args=args)
        try:
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{port}/")
            line = page.wait_for_selector("#bantin-notice", timeout=10_000)
            assert line.text_content() == expected
            assert line.get_attribute("role") == "status"
            assert page.locator("#bantin-problems").count() == 0  # nothing covers the page
            page.get_by_text("Tin mới.").click(timeout=5_000)  # the page can still be used

            def made(app) -> None:  # the build after the first has made the index
                state.index_pending = False
                app.broadcast()

            page.evaluate("window.stillHere = true")
            run(made)
            page.wait_for_selector("#bantin-notice", state="detached", timeout=10_000)
            assert page.evaluate("window.stillHere === true")  # the same page: no reload
        finally:
            browser.close()
