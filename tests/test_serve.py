"""``build.py serve`` for real: a server process on a free local port, changed over HTTP."""

from __future__ import annotations

import json
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from conftest import REPO, bulletin_text, copy_site, write_files

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


DRAFT = "content/bulletins/2024/ban-nhap-xem-truoc.md"


def start_server(root, tmp_path, *options):
    port = free_port()
    log = (tmp_path / f"serve-{port}.log").open("w+")
    process = subprocess.Popen(
        [
            sys.executable,
            str(REPO / "build.py"),
            "--root",
            str(root),
            "serve",
            "--port",
            str(port),
            *options,
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=tmp_path,
    )
    return process, port, log


def stop_server(process, log) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


@pytest.fixture
def served(tmp_path):
    root = copy_site("basic", tmp_path)
    write_files(
        root,
        {
            DRAFT: bulletin_text(
                'title: "Bản nháp chỉ thấy khi xem trước"\ndate: "2024-06-20T08:00:00+07:00"\n'
                "draft: true\n"
            )
        },
    )
    process, port, log = start_server(root, tmp_path)
    base = f"http://127.0.0.1:{port}/khoi-thi-dua/"
    try:
        assert wait_for(lambda: fetch(base)[0] == 200), "the server did not start"
        # its first build left the search index to the build that follows it
        assert wait_for(lambda: not status(base)["building"]), "the index was not made"
        assert said(tmp_path / log.name, "making the search index (1 parts)") == 1
        yield root, base, tmp_path / log.name
    finally:
        stop_server(process, log)


def status(base: str) -> dict:
    root = base.split("/khoi-thi-dua/")[0]
    return json.loads(fetch(root + "/_bantin/status")[1])


def test_serve_previews_under_the_sub_path_with_drafts_and_never_touches_output(served):
    root, base, log = served
    status_code, home = fetch(base)
    assert status_code == 200
    assert '<script src="/_bantin/preview.js"></script></body>' in home  # the preview script
    assert fetch(base.replace("/khoi-thi-dua/", "/"))[0] == 200  # redirected to the sub-path
    assert not (root / "output").exists()  # publishing is build's business
    assert (root / ".cache" / "preview" / "index.html").is_file()
    code, draft = fetch(base + "tin-tuc/2024/ban-nhap-xem-truoc/")
    assert code == 200
    assert "<strong>Bản nháp</strong>" in draft
    status_code, missing = fetch(base + "khong-co-trang-nay/")
    assert status_code == 404
    assert 'lang="vi"' in missing  # the site's own 404 page
    assert "previewing at http://127.0.0.1:" in log.read_text(encoding="utf-8")
    script = fetch(base.split("/khoi-thi-dua/")[0] + "/_bantin/preview.js")[1]
    assert "location.reload()" in script and "/_bantin/events" in script


def test_a_failed_rebuild_shows_its_problems_over_the_last_good_site(served):
    root, base, log = served
    assert status(base)["ok"] is True
    generation = status(base)["generation"]
    page = root / "content" / "pages" / "gioi-thieu.md"
    text = page.read_text(encoding="utf-8")
    title_line = next(line for line in text.splitlines() if line.startswith("title:"))
    page.write_text(text.replace(title_line, 'title: "Giới thiệu khối mới"'), encoding="utf-8")
    assert wait_for(lambda: "Giới thiệu khối mới" in fetch(base + "gioi-thieu/")[1])
    # the page is on disk a moment before the build that wrote it has reported
    assert wait_for(lambda: status(base)["generation"] > generation)

    page.write_text(text.replace(title_line, "title: [chưa đóng"), encoding="utf-8")
    assert wait_for(lambda: status(base)["ok"] is False)
    broken = status(base)
    assert [p["path"] for p in broken["problems"]] == ["content/pages/gioi-thieu.md"]
    line = broken["problems"][0]["line"]  # where YAML noticed the list was never closed
    assert line >= text.splitlines().index(title_line) + 1
    assert f"content/pages/gioi-thieu.md:{line}:" in broken["html"]  # what the overlay shows
    assert "rebuild failed" in log.read_text(encoding="utf-8")
    assert "Giới thiệu khối mới" in fetch(base + "gioi-thieu/")[1]  # the last good site stays
    code, error_page = fetch(base + "khong-co-trang-nay/")  # no good page: the problems alone
    assert code == 500
    assert f"content/pages/gioi-thieu.md:{line}:" in error_page

    page.write_text(text, encoding="utf-8")
    assert wait_for(lambda: status(base)["ok"] is True)
    assert wait_for(lambda: "Giới thiệu khối mới" not in fetch(base + "gioi-thieu/")[1])


# ---------------------------------------------------------------- an edit, as serve sees it

EDITED = "content/bulletins/2024/kiem-tra-cheo-nam-2024.md"
EDITED_PAGE = ".cache/preview/tin-tuc/2024/kiem-tra-cheo-nam-2024/index.html"


def preview_files(folder) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".bantin-output"
    }


def clean_preview(root, scratch) -> dict[str, bytes]:
    """What ``build --drafts --future --expired`` gives for a fresh copy of the site's files
    (no cache, no earlier output): the preview ``serve`` must end up with."""
    copy = scratch / "clean"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".cache", "output"))
    out = scratch / "clean-preview"
    done = run_build(copy, "--drafts", "--future", "--expired", "--output", str(out))
    assert done.returncode == 0, done.stderr
    return preview_files(out)


def said(log, words: str) -> int:
    return log.read_text(encoding="utf-8").count(words)


def test_an_edit_shows_its_page_first_and_ends_as_a_clean_build(served, tmp_path):
    """The real watcher, the real builds: an appended paragraph is on the bulletin's page
    first (the fast path), then the full build; an editor's swap file starts no build; a new
    title goes through the full build alone. Each time the preview ends byte for byte as a
    clean build of the same files."""
    root, base, log = served
    page = root / EDITED_PAGE
    folder = (root / EDITED).parent
    before = said(log, "rebuilt: ")  # the build after the first one, which made the index
    (folder / ".kiem-tra-cheo-nam-2024.md.swp").write_bytes(b"b0VIM 9.0")  # Vim, while editing
    (folder / "4913").write_bytes(b"")  # Vim trying whether it may write here
    (folder / "4913").unlink()
    text = (root / EDITED).read_text(encoding="utf-8")
    added = "Đoàn ghi nhận nhiều mô hình hay ở cơ sở."
    (root / EDITED).write_text(text + "\n" + added + "\n", encoding="utf-8")
    assert wait_for(lambda: added in page.read_text(encoding="utf-8"))
    assert wait_for(lambda: said(log, "rebuilt: ") == before + 1, 60)
    assert said(log, "shown first: tin-tuc/2024/kiem-tra-cheo-nam-2024/index.html") == 1
    assert added in fetch(base + "tin-tuc/2024/kiem-tra-cheo-nam-2024/")[1]
    assert preview_files(root / ".cache" / "preview") == clean_preview(root, tmp_path)

    (root / EDITED).write_text(text.replace('title: "', 'title: "Tin: ', 1), encoding="utf-8")
    assert wait_for(lambda: said(log, "rebuilt: ") == before + 2, 60)
    assert "Tin: Kiểm tra chéo" in page.read_text(encoding="utf-8")
    assert said(log, "shown first: ") == 1  # a title other pages show: the full build only
    assert preview_files(root / ".cache" / "preview") == clean_preview(root, tmp_path)
    assert said(log, "rebuilt: ") == before + 2  # the swap file and 4913 started none


def test_the_browser_is_told_over_a_websocket(served):
    """What the page script hears: the state on connecting, then each build's outcome."""
    from tornado.ioloop import IOLoop
    from tornado.websocket import websocket_connect

    root, base, _ = served
    page = root / "content" / "pages" / "gioi-thieu.md"
    text = page.read_text(encoding="utf-8")
    url = base.split("/khoi-thi-dua/")[0].replace("http", "ws") + "/_bantin/events"

    async def talk():
        conn = await websocket_connect(url)
        first = json.loads(await conn.read_message())
        page.write_text(text.replace("title:", "title: [hỏng\nx:"), encoding="utf-8")
        failed = json.loads(await conn.read_message())
        page.write_text(text, encoding="utf-8")
        mended = json.loads(await conn.read_message())
        conn.close()
        return first, failed, mended

    first, failed, mended = IOLoop.current().run_sync(talk, timeout=30)
    assert first["ok"] is True
    assert failed["ok"] is False and failed["generation"] == first["generation"]
    assert mended["ok"] is True and mended["generation"] == first["generation"] + 1


def test_no_drafts_previews_exactly_what_build_publishes(tmp_path):
    root = copy_site("basic", tmp_path)
    write_files(root, {DRAFT: bulletin_text('title: "Nháp"\ndate: 2024-06-20\ndraft: true\n')})
    process, port, log = start_server(root, tmp_path, "--no-drafts", "--host", "0.0.0.0")
    base = f"http://127.0.0.1:{port}/khoi-thi-dua/"
    try:
        assert wait_for(lambda: fetch(base)[0] == 200), "the server did not start"
        assert fetch(base + "tin-tuc/2024/ban-nhap-xem-truoc/")[0] == 404
        said = (tmp_path / log.name).read_text(encoding="utf-8")
        assert "warning: listening on 0.0.0.0: other computers can reach this preview" in said
    finally:
        stop_server(process, log)


TRAVERSALS = [
    "../site_config.yaml",
    "../../site_config.yaml",
    "%2e%2e/site_config.yaml",
    "%2E%2E/%2e%2e/site_config.yaml",
    "%2e%2e%2fsite_config.yaml",
    "..%2f..%2fsite_config.yaml",
    "..%2F..%2F..%2Fsite_config.yaml",
    "%252e%252e/site_config.yaml",
    "..%5c..%5csite_config.yaml",
    "..\\..\\site_config.yaml",
    ".%2e/.%2e/site_config.yaml",
    "tin-tuc/../../site_config.yaml",
    "tin-tuc/%2e%2e/%2e%2e/site_config.yaml",
    "%c0%ae%c0%ae/site_config.yaml",
    "%00../site_config.yaml",
    "/site_config.yaml",
    "//etc/passwd",
    "ra-ngoai/bi-mat.txt",
    "ra-ngoai",
]


def raw_get(port: int, target: str) -> tuple[int, bytes]:
    """GET ``target`` exactly as written (urllib and browsers would tidy the dots away)."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
        conn.sendall(f"GET {target} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".encode("latin-1"))
        data = b""
        while chunk := conn.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


def test_the_server_refuses_paths_outside_the_site(served):
    """Every way of writing "the folder above" is refused, and a symbolic link planted in the
    preview folder does not lead out of it either: nothing outside it is ever sent."""
    root, base, _ = served
    secret = "BÍ MẬT: không được gửi đi"
    (root / "bi-mat.txt").write_text(secret, encoding="utf-8")
    preview = root / ".cache" / "preview"
    assert (preview / "index.html").is_file()
    (preview / "ra-ngoai").symlink_to(root, target_is_directory=True)
    port = int(base.split(":")[2].split("/")[0])
    config = (root / "site_config.yaml").read_bytes()
    for target in TRAVERSALS:
        for prefix in ("/khoi-thi-dua/", "/"):
            code, body = raw_get(port, prefix + target.lstrip("/"))
            assert code in (400, 403, 404), (prefix + target, code)
            assert secret.encode() not in body and config not in body, prefix + target
    assert fetch(base + "../../etc/passwd")[0] in (403, 404)
    assert raw_get(port, "/khoi-thi-dua/")[0] == 200  # the site itself is served


# ---------------------------------------------------------------- builds and the preview


def run_build(root, *options) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(REPO / "build.py"), "--root", str(root), "build", *options],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_build_clean_while_serve_runs_leaves_the_preview_alone(served):
    """``build --clean`` forgets the build cache, not the folder ``serve`` is showing: every
    page is still there, and the status says so truthfully."""
    root, base, _ = served
    page = base + "gioi-thieu/"
    assert fetch(page)[0] == 200
    done = run_build(root, "--clean")
    assert done.returncode == 0, done.stderr
    assert (root / "output" / "index.html").is_file()
    said = status(base)
    assert (said["ok"], fetch(page)[0], fetch(base)[0]) == (True, 200, 200)
    assert (root / ".cache" / "preview" / "index.html").is_file()


def test_a_preview_deleted_anyway_is_built_again_before_it_is_served(served):
    root, base, _ = served
    page = base + "tin-tuc/2024/ban-nhap-xem-truoc/"
    assert fetch(page)[0] == 200
    generation = status(base)["generation"]
    shutil.rmtree(root / ".cache")  # the whole cache, the preview with it
    code, text = fetch(page)  # served only once it is there again
    assert code == 200 and "Bản nháp" in text
    now = status(base)
    assert now["ok"] is True and now["generation"] == generation + 1
    assert (root / ".cache" / "preview" / "index.html").is_file()


# ---------------------------------------------------------------- who may ask


def raw(port: int, head: str) -> tuple[int, bytes, bytes]:
    """Send ``head`` (request line and headers) and return the status, headers and body (as
    long as its Content-Length says; none for a WebSocket that was accepted)."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
        conn.sendall(head.replace("\n", "\r\n").encode("latin-1") + b"\r\n")
        data = b""
        while b"\r\n\r\n" not in data and (chunk := conn.recv(65536)):
            data += chunk
        headers, _, body = data.partition(b"\r\n\r\n")
        length = re.search(rb"(?im)^content-length:\s*(\d+)", headers)
        while length and len(body) < int(length[1]) and (chunk := conn.recv(65536)):
            body += chunk
    return int(headers.split()[1]), headers, body


def get(port: int, target: str, host: str) -> tuple[int, bytes, bytes]:
    return raw(port, f"GET {target} HTTP/1.1\nHost: {host}\nConnection: close\n")


def handshake(port: int, origin: str, host: str | None = None) -> int:
    host = host or f"127.0.0.1:{port}"
    return raw(
        port,
        f"GET /_bantin/events HTTP/1.1\nHost: {host}\nUpgrade: websocket\n"
        "Connection: Upgrade\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\n"
        f"Sec-WebSocket-Version: 13\nOrigin: {origin}\n",
    )[0]


def test_only_the_names_the_server_was_started_for_are_answered(served):
    """A page at another name that leads to this computer (DNS rebinding) reads nothing: not
    the drafts, not the problems."""
    _, base, _ = served
    port = int(base.split(":")[2].split("/")[0])
    draft = "/khoi-thi-dua/tin-tuc/2024/ban-nhap-xem-truoc/"
    for host in (f"evil.example:{port}", "evil.example", f"127.0.0.1.nip.io:{port}"):
        for target in (draft, "/_bantin/status", "/khoi-thi-dua/", "/"):
            code, _, body = get(port, target, host)
            assert code == 421, (host, target)
            assert b"ban-nhap" not in body and b"problems" not in body
            assert body.decode().startswith("421: this preview answers only to ")
    assert get(port, draft, f"127.0.0.1:{port + 1}")[0] == 421  # another port
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}", "127.0.0.1"):
        code, _, body = get(port, draft, host)
        assert code == 200, host
        assert "Bản nháp".encode() in body
    code, headers, _ = get(port, "/_bantin/status", f"127.0.0.1:{port}")
    assert code == 200
    assert b"access-control-allow-origin" not in headers.lower()


def test_the_websocket_takes_only_the_previews_own_pages(served):
    _, base, _ = served
    port = int(base.split(":")[2].split("/")[0])
    for origin in ("http://evil.example", f"http://evil.example:{port}", "null"):
        assert handshake(port, origin) == 403, origin
    assert handshake(port, f"http://127.0.0.1:{port + 1}") == 403  # another server here
    # rebinding: the page's origin and the Host both say evil.example
    assert handshake(port, f"http://evil.example:{port}", f"evil.example:{port}") == 421
    for origin in (f"http://127.0.0.1:{port}", f"http://localhost:{port}"):
        assert handshake(port, origin) == 101, origin


def test_ctrl_c_stops_the_preview_at_once_and_cleanly(tmp_path):
    # the program leaves with os._exit after main (cli.run): Ctrl+C must still end serve,
    # its watcher and server, with code 0 and the preview left whole
    root = copy_site("basic", tmp_path)
    process, port, log = start_server(root, tmp_path)
    base = f"http://127.0.0.1:{port}/khoi-thi-dua/"
    try:
        assert wait_for(lambda: fetch(base)[0] == 200), "the server did not start"
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 0
        assert fetch(base)[0] == 0  # nobody answers any more
        assert (root / ".cache/preview/index.html").is_file()
        log.seek(0)
        assert "Traceback" not in log.read()
    finally:
        stop_server(process, log)
