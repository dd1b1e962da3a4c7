"""Files bantin cannot or must not read: a folder or file without read permission, and named
pipes, sockets and devices under content/, templates/ and the theme. Each is an error naming it,
for ``build`` and ``check`` alike; nothing is published and ``output/`` stays as it was.

Permissions mean nothing to root, and the tests may run as root: the build then runs in a child
process without the capabilities that let root read anything (``setpriv``), or as the user
``nobody``. A special file is refused without being opened; the build runs in a child process
with a time limit, so that a build that would wait forever on a pipe fails the test instead of
hanging it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from conftest import REPO, SITES, add_theme, bulletin_text, formatted, tiny_png, write_files

from bantin import sources
from bantin.config import load_config
from bantin.errors import SiteError
from bantin.loader import load_content

SENTINEL = "Bản dựng trước, không được thay đổi.\n".encode()
TIMEOUT = 120  # seconds: far more than a failing build of the minimal site takes
DROP_CAPS = [
    "setpriv",
    "--inh-caps=-all",
    "--bounding-set=-dac_override,-dac_read_search",
]
AS_NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
NOBODY = 65534

READ_HINT = "(check that the file is still there and that you may read it (its permissions))"
FOLDER_HINT = "(check that the folder is still there and that you may open it (its permissions))"


# ---------------------------------------------------------------- running a build that may hang


@dataclass
class Result:
    code: int
    out: str
    err: str


def run_bantin(root: Path, *args: str, prefix: tuple[str, ...] = ()) -> Result:
    """``build.py --root root -j 1 *args`` in a child process (in its own process group, killed
    whole when it takes longer than :data:`TIMEOUT`)."""
    env = {**os.environ, "BANTIN_LANG": "en", "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("BANTIN_DEBUG", None)
    command = [*prefix, sys.executable, str(REPO / "build.py"), "--root", str(root), "-j", "1"]
    child = subprocess.Popen(
        [*command, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=env,
        start_new_session=True,
    )
    try:
        out, err = child.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, signal.SIGKILL)
        child.communicate()
        pytest.fail(f"'{' '.join(args) or 'build'}' still running after {TIMEOUT} s: it hung")
    return Result(child.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"))


@cache
def without_privilege() -> tuple[tuple[str, ...], str]:
    """How to run a child process on which file permissions are enforced: (command prefix,
    how), or ((), why not) when there is no way."""
    if os.geteuid() != 0:
        return (), "not root"
    if shutil.which("setpriv") is None:
        return (), "setpriv is not installed"
    with tempfile.TemporaryDirectory() as folder:
        secret = Path(folder) / "bi-mat.txt"
        secret.write_text("x", encoding="utf-8")
        secret.chmod(0)
        probe = [sys.executable, "-c", f"open({str(secret)!r}).read()"]
        for prefix, how in ((DROP_CAPS, "caps"), (AS_NOBODY, "nobody")):
            try:
                done = subprocess.run(
                    [*prefix, *probe], capture_output=True, timeout=60, check=False
                )
            except (OSError, subprocess.TimeoutExpired):
                continue
            if done.returncode != 0 and b"PermissionError" in done.stderr:
                return tuple(prefix), how
    return (), "neither dropping capabilities nor switching to nobody works here"


def permissions_enforced() -> tuple[str, ...]:
    """The command prefix for a child process that respects permissions, or skip (saying why)."""
    prefix, how = without_privilege()
    if os.geteuid() == 0 and not prefix:
        print(f"cannot test permissions as root: {how}")
        pytest.skip(f"cannot test permissions as root: {how}")
    return prefix


@pytest.fixture
def site(tmp_path) -> Path:
    """The minimal site with the theme and an earlier build's output/, in a folder the child
    process can use (owned by nobody when the child runs as nobody)."""
    how = without_privilege()[1]
    base = tmp_path
    if how == "nobody":  # tmp_path's parents are root's alone: use a folder nobody can reach
        base = Path(tempfile.mkdtemp(prefix="bantin-unreadable-"))
        base.chmod(0o755)
    root = base / "site"
    shutil.copytree(SITES / "minimal", root)
    add_theme(root)
    (root / "output" / "tin-tuc").mkdir(parents=True)
    (root / "output" / "index.html").write_bytes(SENTINEL)
    (root / "output" / "tin-tuc" / "index.html").write_bytes(SENTINEL)
    (root / "output" / ".bantin-output").write_bytes(b"")
    yield root
    for path in [root, *root.rglob("*")]:  # give everything back, so that it can be removed
        with contextlib.suppress(OSError):
            if not path.is_symlink() and stat.S_ISDIR(path.lstat().st_mode):
                path.chmod(0o755)
    if base != tmp_path:
        shutil.rmtree(base, ignore_errors=True)


def own(root: Path) -> None:
    """Hand the site to nobody when the child process runs as nobody."""
    if without_privilege()[1] != "nobody":
        return
    for path in [root, *root.rglob("*")]:
        os.chown(path, NOBODY, NOBODY, follow_symlinks=False)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def assert_refused(root: Path, command: str, expected: list[str], prefix=()) -> None:
    """``command`` (build or check) fails with exactly the ``expected`` problems, no traceback,
    and output/ as it was."""
    before = snapshot(root / "output")
    run = run_bantin(root, *([] if command == "build" else [command]), prefix=prefix)
    said = [line for line in run.err.splitlines() if line and ": info: " not in line]
    assert "Traceback" not in run.out + run.err
    assert "internal error" not in run.err
    assert run.code == 1, run.out + run.err
    if command == "build":
        *said, summary = said
        assert summary.endswith("; output/ was not changed")
    else:
        assert " 0 error(s)" not in run.out
    assert said == expected
    assert snapshot(root / "output") == before


# ---------------------------------------------------------------- no permission (defect 2)

UNREADABLE = {
    "folder": (
        "content/bulletins/2023",
        f"content/bulletins/2023: error: bantin cannot open this folder (Permission denied): "
        f"nothing in it can be published {FOLDER_HINT}",
    ),
    "content-file": (
        "content/media/2024/so-do-to-chuc.png",
        f"content/media/2024/so-do-to-chuc.png: error: bantin cannot read this file "
        f"(Permission denied) {READ_HINT}",
    ),
    "template": (
        "templates/page.html",
        f"templates/page.html: error: bantin cannot read this file (Permission denied) {READ_HINT}",
    ),
    "theme-file": (
        "themes/default/static/css/site.css",
        f"themes/default/static/css/site.css: error: bantin cannot read this file "
        f"(Permission denied) {READ_HINT}",
    ),
    "theme-folder": (
        "themes/default/templates/partials",
        "themes/default/templates/partials: error: bantin cannot open this folder (Permission "
        f"denied): nothing in it can be published {FOLDER_HINT}",
    ),
}


def make_unreadable(root: Path, case: str) -> str:
    rel, line = UNREADABLE[case]
    write_files(
        root,
        {
            "content/bulletins/2023/tong-ket-nam-2023.md": bulletin_text(
                'title: "Tổng kết năm 2023"\ndate: 2023-12-20T08:00:00+07:00\n'
            ),
            "content/media/2024/so-do-to-chuc.png": tiny_png(),
            "templates/page.html": (root / "themes/default/templates/page.html").read_text(
                encoding="utf-8"
            ),
        },
    )
    own(root)
    (root / rel).chmod(0)
    return line


@pytest.mark.parametrize("command", ["build", "check"])
@pytest.mark.parametrize("case", sorted(UNREADABLE))
def test_what_cannot_be_read_is_an_error_naming_it(site, case, command):
    prefix = permissions_enforced()
    line = make_unreadable(site, case)
    assert_refused(site, command, [line], prefix)


def test_a_site_that_can_be_read_still_builds_without_privilege(site):
    """The way the tests run bantin is not what fails: the same site, readable, builds."""
    prefix = permissions_enforced()
    own(site)
    run = run_bantin(site, "check", prefix=prefix)
    assert run.code == 0, run.err


def test_the_walker_reports_a_folder_it_cannot_list(minimal_site, monkeypatch):
    """Without the child process: os.scandir refusing a folder is a problem naming it, and the
    folder's files are not quietly left out."""
    write_files(
        minimal_site,
        {
            "content/bulletins/2023/tong-ket-nam-2023.md": bulletin_text(
                'title: "Tổng kết năm 2023"\ndate: 2023-12-20T08:00:00+07:00\n'
            )
        },
    )
    real = os.scandir

    def refuse(path):
        if os.fspath(path).endswith("2023"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(sources.os, "scandir", refuse)
    listing = sources.walk(minimal_site, minimal_site / "content")
    assert [p.format() for p in listing.refused] == [
        "content/bulletins/2023: error: bantin cannot open this folder (Permission denied): "
        f"nothing in it can be published {FOLDER_HINT}"
    ]
    assert not [rel for rel, _, _ in listing.files if "2023" in rel]
    content = load_content(load_config(minimal_site))
    assert formatted(content.problems) == [p.format() for p in listing.refused]


def test_the_walker_reports_a_file_it_cannot_look_at(minimal_site, monkeypatch):
    """A folder that can be listed but not searched (no x permission): its files cannot be
    looked at, and the folder is named."""
    real = os.stat

    def refuse(path, *args, **kwargs):
        if os.fspath(path).endswith("gioi-thieu.md"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(sources.os, "stat", refuse)
    monkeypatch.setattr(sources.os, "lstat", refuse)
    listing = sources.walk(minimal_site, minimal_site / "content")
    assert [p.format() for p in listing.refused] == [
        "content/pages: error: bantin cannot open this folder (Permission denied): nothing in "
        f"it can be published {FOLDER_HINT}"
    ]


def test_a_file_that_becomes_unreadable_while_hashed_is_an_error(minimal_site, monkeypatch):
    def refuse(path):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(sources, "file_digest", refuse)
    found = sources.scan(minimal_site, "default", "site_config.yaml")
    with pytest.raises(SiteError) as info:
        sources.hash_all(found, None)
    assert formatted(info.value.problems)[0] == (
        f"content/blocs/khoi-thu.yaml: error: bantin cannot read this file (Permission denied) "
        f"{READ_HINT}"
    )


# ---------------------------------------------------------------- pipes, sockets, devices (10)


def fifo(root: Path, rel: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)


def unix_socket(root: Path, rel: str) -> socket.socket:
    """A listening Unix socket at ``rel`` (bound by a relative name: a full path could be
    longer than a socket address may be)."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    with contextlib.chdir(path.parent):
        server.bind(path.name)
    server.listen(1)
    return server


SPECIAL = {
    "fifo-page": (
        "content/pages/thong-bao-moi.md",
        "content/pages/thong-bao-moi.md: error: this is a named pipe (FIFO), not a file: bantin "
        "does not open it (remove it, or put a real file in its place)",
    ),
    "fifo-media": (
        "content/media/2024/anh-truc-tiep.png",
        "content/media/2024/anh-truc-tiep.png: error: this is a named pipe (FIFO), not a file: "
        "bantin does not open it (remove it, or put a real file in its place)",
    ),
    "fifo-template": (
        "templates/partials/chan-trang.html",
        "templates/partials/chan-trang.html: error: this is a named pipe (FIFO), not a file: "
        "bantin does not open it (remove it, or put a real file in its place)",
    ),
    "socket": (
        "content/bulletins/2024/ket-noi.md",
        "content/bulletins/2024/ket-noi.md: error: this is a socket, not a file: bantin does "
        "not open it (remove it, or put a real file in its place)",
    ),
    "device": (
        "themes/default/static/so-khong.bin",
        "themes/default/static/so-khong.bin: error: this is a character device, not a file: "
        "bantin does not open it (remove it, or put a real file in its place)",
    ),
}


@pytest.mark.parametrize("command", ["build", "check"])
@pytest.mark.parametrize("case", sorted(SPECIAL))
def test_pipes_sockets_and_devices_are_refused_unopened(site, case, command):
    rel, line = SPECIAL[case]
    with contextlib.ExitStack() as stack:
        if case.startswith("fifo"):
            fifo(site, rel)
        elif case == "socket":
            stack.enter_context(unix_socket(site, rel))
        else:
            (site / rel).symlink_to("/dev/zero")  # endless: reading it would never finish
        assert_refused(site, command, [line])
