"""A disk that will not take what bantin writes is not a bug in bantin. A full disk, a read-only
one and a folder the user may not write in each get their own message naming the folder
(``output/``, the staging folder beside it, ``.cache/``) and saying what to do, in English and
Vietnamese; the build exits 1, not with the internal-error message, and ``output/`` is left as
it was. A ``.cache/`` that cannot be written is never called damaged: the build goes on without
it and says why.

Each case is made twice: in this process, with the system call made to fail as the disk would
make it fail, and for real, on a small tmpfs (mounted as root, or in a user namespace where
that is allowed; skipped, with the reason, where neither is)."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, copy_site, needs_theme

from bantin import writer
from bantin.messages import msg, tr
from bantin.pipeline import build
from bantin.writer import MARKER

pytestmark = needs_theme

BULLETIN = "content/bulletins/2024/kiem-tra-cheo-nam-2024.md"
INTERNAL = ("internal error", "lỗi nội bộ")


def snapshot(out: Path) -> dict[str, tuple[bytes, int]]:
    """Every file of ``out`` with its bytes and modification time."""
    return {
        p.relative_to(out).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


def tree(out: Path) -> dict[str, bytes]:
    return {k: v for k, (v, _) in snapshot(out).items() if k != MARKER}


def edit(root: Path) -> None:
    """A change, so that the next build has pages to write."""
    path = root / BULLETIN
    path.write_text(path.read_text(encoding="utf-8") + "\nĐoạn bổ sung.\n", encoding="utf-8")


@pytest.fixture
def site(tmp_path) -> Path:
    root = copy_site("basic", tmp_path)
    build(root)
    edit(root)
    return root


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> dict[str, bytes]:
    """What a clean build of the edited site publishes."""
    root = copy_site("basic", tmp_path_factory.mktemp("clean"))
    edit(root)
    build(root, jobs=1, cache=False)
    return tree(root / "output")


def fails(exc_errno: int, match):
    """A stand-in for a function that fails as the disk would, for the paths ``match`` takes."""

    def make(real):
        def failing(*args, **kwargs):
            if match(*args):
                raise OSError(exc_errno, os.strerror(exc_errno))
            return real(*args, **kwargs)

        return failing

    return make


def in_staging(path, *_) -> bool:
    return ".staging-" in str(path)


def in_cache(path, *_) -> bool:
    return "/.cache/" in str(path) + "/"


def assert_refused(run, root: Path, before, text: str) -> None:
    """Exit 1 with ``text`` and the usual last line, no internal error, output/ as it was."""
    assert run.code == 1, run.out + run.err
    assert text in run.err, run.err
    assert not any(word in run.err for word in INTERNAL), run.err
    assert run.err.splitlines()[-1] == tr(
        msg("cli.failed.build", summary=msg("cli.summary", errors=1, warnings=0)), "en"
    )
    assert snapshot(root / "output") == before
    assert [p.name for p in root.iterdir() if ".staging-" in p.name] == []


# ---------------------------------------------------------------- in this process


def test_a_full_disk_while_pages_are_written_is_said_plainly(site, run_cli, monkeypatch):
    before = snapshot(site / "output")
    monkeypatch.setattr(Path, "write_bytes", fails(errno.ENOSPC, in_staging)(Path.write_bytes))
    run = run_cli("--root", str(site), "--jobs", "1", "build")
    pid = os.getpid()
    staging = f".output.staging-{pid}/"
    assert_refused(
        run,
        site,
        before,
        f"{staging}: error: the disk holding {staging} (where the new site is put together "
        "before it replaces output/) is full: the new site could not be written (free some "
        "space on that disk, then build again)",
    )


def test_a_full_disk_while_a_file_is_copied_names_the_copy_not_its_source(
    site, run_cli, monkeypatch
):
    """shutil reports a full disk with the source as the first file and the target second."""
    css = site / "themes/default/static/css/site.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* thêm */\n", encoding="utf-8")
    before = snapshot(site / "output")

    def sendfile(*args):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "sendfile", sendfile)
    monkeypatch.setattr(shutil, "_USE_CP_SENDFILE", True)
    run = run_cli("--root", str(site), "--jobs", "1", "build")
    assert_refused(run, site, before, f"error: the disk holding .output.staging-{os.getpid()}/")


def test_a_read_only_output_folder_is_said_plainly(site, run_cli, monkeypatch):
    before = snapshot(site / "output")

    def exchange(a, b):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(b))

    monkeypatch.setattr(writer, "_exchange", exchange)
    monkeypatch.setattr(writer, "_replace_contents", exchange)  # as on a read-only mount
    run = run_cli("--root", str(site), "build")
    assert_refused(
        run,
        site,
        before,
        "output/: error: output/ is on a read-only disk: the new site could not be written "
        "(make that disk writable, or set output: in site_config.yaml to a folder on a "
        "writable disk)",
    )


def test_a_folder_the_user_may_not_write_in_is_said_plainly_in_vietnamese(
    site, run_cli, monkeypatch
):
    before = snapshot(site / "output")
    monkeypatch.setattr(Path, "mkdir", fails(errno.EACCES, in_staging)(Path.mkdir))
    monkeypatch.delenv("BANTIN_LANG")
    run = run_cli("--root", str(site), "build")
    staging = f".output.staging-{os.getpid()}/"
    assert run.code == 1
    assert run.err.splitlines() == [
        f"{staging}: error: bantin không được phép ghi vào {staging} (nơi trang web mới được "
        "ghép lại trước khi thay cho output/): Permission denied (hãy kiểm tra chủ sở hữu và "
        "quyền của thư mục đó rồi dựng lại)",
        "dựng trang không thành công: 1 lỗi, 0 cảnh báo; thư mục output/ không bị thay đổi",
    ]
    assert snapshot(site / "output") == before


@pytest.mark.parametrize(
    ("code", "note"),
    [
        (errno.EROFS, msg("cli.cache_read_only", path=".cache/")),
        (errno.EACCES, msg("cli.cache_refused", path=".cache/", reason="Permission denied")),
        (errno.ENOSPC, msg("cli.cache_full", path=".cache/")),
    ],
    ids=["read-only", "refused", "full"],
)
def test_a_cache_that_cannot_be_written_is_gone_without_and_never_called_damaged(
    site, clean, run_cli, monkeypatch, code, note
):
    monkeypatch.setattr(Path, "write_bytes", fails(code, in_cache)(Path.write_bytes))
    monkeypatch.setattr(Path, "mkdir", fails(code, in_cache)(Path.mkdir))
    run = run_cli("--root", str(site), "--jobs", "1", "build")
    assert run.code == 0, run.err
    assert f"note: {note}" in run.out.splitlines()
    assert "damaged" not in run.out + run.err
    assert tree(site / "output") == clean
    monkeypatch.delenv("BANTIN_LANG")
    run = run_cli("--root", str(site), "--jobs", "1", "build")
    assert tr(msg("cli.note", note=note), "vi") in run.out.splitlines()


# ---------------------------------------------------------------- on a real small disk


def mount_problem() -> str:
    """Why a tmpfs cannot be mounted here, or an empty string."""
    if os.environ.get("BANTIN_TEST_NAMESPACE") or os.geteuid() == 0:
        return ""
    if shutil.which("unshare") is None:
        return "not root, and no unshare to make a user namespace"
    try:
        done = subprocess.run(["unshare", "-rm", "true"], capture_output=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"unshare -rm failed: {exc}"
    return "" if done.returncode == 0 else "user namespaces are not allowed here"


@pytest.fixture
def mount(request):
    """``mount(folder, size, read_only=False)``: a tmpfs there until the test ends. Not root:
    the test runs again as root of a user namespace (``unshare -rm``) and is judged there."""
    reason = mount_problem()
    if reason:
        pytest.skip(reason)
    if os.geteuid() != 0:
        done = subprocess.run(
            ["unshare", "-rm", sys.executable, "-m", "pytest", "-x", "-q", request.node.nodeid],
            cwd=REPO,
            env={**os.environ, "BANTIN_TEST_NAMESPACE": "1"},
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        pytest.skip("passed as root of a user namespace")  # the assertions ran there
    mounted: list[Path] = []

    def do(folder: Path, size: str, read_only: bool = False) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        if folder not in mounted:
            tmpfs = ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)]
            done = subprocess.run(tmpfs, capture_output=True, text=True)
            if done.returncode:
                pytest.skip(f"cannot mount a tmpfs: {done.stderr.strip()}")
            mounted.append(folder)
        if read_only:
            remount = ["mount", "-o", "remount,ro", str(folder)]
            subprocess.run(remount, check=True, capture_output=True)

    yield do
    for folder in reversed(mounted):
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def fill(folder: Path) -> None:
    """Take every free byte of the disk ``folder`` is on."""
    with (folder / "day.bin").open("wb") as f:
        try:
            while True:
                f.write(b"\0" * 65536)
                f.flush()
        except OSError as exc:
            assert exc.errno == errno.ENOSPC


def outside_output(root: Path, disk: Path) -> None:
    """Publish into ``disk/site`` (absolute), so that the staging folder is on that disk too."""
    config = root / "site_config.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(f"{text.rstrip()}\noutput: {disk / 'site'}\n", encoding="utf-8")


def test_a_really_full_disk_under_output_changes_nothing(tmp_path, mount, run_cli):
    disk = tmp_path / "dia"
    mount(disk, "8m")
    root = copy_site("basic", tmp_path)
    outside_output(root, disk)
    build(root)
    before = snapshot(disk / "site")
    edit(root)
    fill(disk)
    run = run_cli("--root", str(root), "build")
    assert run.code == 1, run.out + run.err
    assert "is full: the new site could not be written" in run.err
    assert not any(word in run.err for word in INTERNAL), run.err
    assert snapshot(disk / "site") == before
    assert [p.name for p in disk.iterdir()] == ["day.bin", "site"]  # no staging folder left


def test_a_really_read_only_output_disk_changes_nothing(tmp_path, mount, run_cli):
    disk = tmp_path / "dia"
    mount(disk, "8m")
    root = copy_site("basic", tmp_path)
    outside_output(root, disk)
    build(root)
    before = snapshot(disk / "site")
    edit(root)
    mount(disk, "8m", read_only=True)
    run = run_cli("--root", str(root), "build")
    assert run.code == 1, run.out + run.err
    assert "is on a read-only disk: the new site could not be written" in run.err
    assert not any(word in run.err for word in INTERNAL), run.err
    assert snapshot(disk / "site") == before


@pytest.mark.parametrize("trouble", ["full", "read-only"])
def test_a_really_full_or_read_only_cache_disk_is_gone_without(
    tmp_path, mount, run_cli, clean, trouble
):
    root = copy_site("basic", tmp_path)
    cache = root / ".cache"
    mount(cache, "8m")
    build(root)
    edit(root)
    if trouble == "full":
        fill(cache)
        note = msg("cli.cache_full", path=".cache/")
    else:
        mount(cache, "8m", read_only=True)
        note = msg("cli.cache_read_only", path=".cache/")
    run = run_cli("--root", str(root), "build")
    assert run.code == 0, run.out + run.err
    assert f"note: {note}" in run.out.splitlines()
    assert "damaged" not in run.out + run.err
    assert tree(root / "output") == clean
