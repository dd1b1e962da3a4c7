"""``build.py serve`` for real: a server process on a free local port, changed over HTTP."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from conftest import REPO, copy_site

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, ""


def wait_for(predicate, seconds: float = 20.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(0.2)
    return None


@pytest.fixture
def served(tmp_path):
    root = copy_site("basic", tmp_path)
    port = free_port()
    log = (tmp_path / "serve.log").open("w+")
    process = subprocess.Popen(
        [sys.executable, str(REPO / "build.py"), "--root", str(root), "serve", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=tmp_path,
    )
    base = f"http://127.0.0.1:{port}/khoi-thi-dua/"
    try:
        assert wait_for(lambda: fetch(base)[0] == 200), "the server did not start"
        yield root, base, tmp_path / "serve.log"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def test_serve_builds_serves_under_the_sub_path_and_rebuilds_on_change(served):
    root, base, log = served
    status, home = fetch(base)
    assert status == 200
    assert "livereload" in home  # the reload script is injected
    assert fetch(base.replace("/khoi-thi-dua/", "/"))[0] == 200  # redirected to the sub-path
    assert (root / "output" / "index.html").is_file()

    status, missing = fetch(base + "khong-co-trang-nay/")
    assert status == 404
    assert 'lang="vi"' in missing  # the site's own 404 page

    page = root / "content" / "pages" / "gioi-thieu.md"
    text = page.read_text(encoding="utf-8")
    title_line = next(line for line in text.splitlines() if line.startswith("title:"))
    page.write_text(text.replace(title_line, 'title: "Giới thiệu khối mới"'), encoding="utf-8")
    assert wait_for(lambda: "Giới thiệu khối mới" in fetch(base + "gioi-thieu/")[1])

    page.write_text(text.replace(title_line, "title: [chưa đóng"), encoding="utf-8")
    assert wait_for(lambda: "rebuild failed" in log.read_text(encoding="utf-8"))
    assert "content/pages/gioi-thieu.md:" in log.read_text(encoding="utf-8")
    assert "Giới thiệu khối mới" in fetch(base + "gioi-thieu/")[1]  # the last good site stays

    page.write_text(text, encoding="utf-8")
    assert wait_for(lambda: "Giới thiệu khối mới" not in fetch(base + "gioi-thieu/")[1])


def test_the_server_refuses_paths_outside_the_site(served):
    _, base, _ = served
    assert fetch(base + "../../etc/passwd")[0] in (403, 404)
    assert fetch(base + "%2e%2e/%2e%2e/etc/passwd")[0] in (403, 404)
