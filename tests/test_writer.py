"""bantin.writer: output/ is replaced all at once, or not at all."""

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bantin import writer
from bantin.errors import SiteError
from bantin.render import OutputFile
from bantin.writer import MARKER, Assembly, Staging, check_output_dir, recover, write_site

TEXT = {"capture_output": True, "text": True, "check": True}


def tree(folder):
    """The files bantin wrote, without its marker file."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and p.name != MARKER
    }


def test_writes_files_and_copies_and_counts_them(tmp_path):
    src = tmp_path / "anh.png"
    src.write_bytes(b"png")
    out = tmp_path / "output"
    count = write_site(
        [OutputFile("index.html", b"<h1>Trang chu</h1>"), OutputFile("tin-tuc/index.html", b"x")],
        [(src, "media/anh.png")],
        out,
    )
    assert count == 3
    assert tree(out) == {
        "index.html": b"<h1>Trang chu</h1>",
        "tin-tuc/index.html": b"x",
        "media/anh.png": b"png",
    }


def test_the_new_output_replaces_the_old_one_completely(tmp_path):
    out = tmp_path / "output"
    (out / "cu").mkdir(parents=True)
    (out / "cu" / "index.html").write_text("cũ")
    write_site([OutputFile("index.html", b"moi")], [], out)
    assert tree(out) == {"index.html": b"moi"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]  # no staging or old folder


def test_a_failed_write_leaves_the_old_output_untouched(tmp_path):
    out = tmp_path / "output"
    out.mkdir()
    (out / "index.html").write_bytes(b"ban cu")
    with pytest.raises(SiteError) as info:
        write_site([OutputFile("a.html", b"a"), OutputFile("../thoat.html", b"x")], [], out)
    assert info.value.problems[0].message == "refusing to write outside the output folder"
    assert tree(out) == {"index.html": b"ban cu"}
    assert not (tmp_path / "thoat.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_a_missing_copy_source_leaves_the_old_output_untouched(tmp_path):
    out = tmp_path / "output"
    out.mkdir()
    (out / "index.html").write_bytes(b"ban cu")
    with pytest.raises(FileNotFoundError):
        write_site([OutputFile("a.html", b"a")], [(tmp_path / "khong-co.png", "media/x.png")], out)
    assert tree(out) == {"index.html": b"ban cu"}


@pytest.mark.parametrize("target", [".", "content", "content/media", ".."])
def test_output_folders_that_would_replace_the_site_are_refused(tmp_path, target):
    root = tmp_path / "site"
    (root / "content" / "media").mkdir(parents=True)
    with pytest.raises(SiteError) as info:
        check_output_dir(root / target, root)
    assert "refusing to write the site into" in info.value.problems[0].message


def test_an_ordinary_output_folder_is_accepted(tmp_path):
    check_output_dir(tmp_path / "site" / "output", tmp_path / "site")
    check_output_dir(tmp_path / "site" / "public" / "khoi", tmp_path / "site")


def test_the_output_folder_carries_a_marker(tmp_path):
    out = tmp_path / "output"
    write_site([OutputFile("index.html", b"x")], [], out)
    assert (out / MARKER).is_file()


def test_a_folder_bantin_did_not_write_is_never_replaced(tmp_path):
    root = tmp_path / "site"
    out = tmp_path / "public_html"
    (out / "blog").mkdir(parents=True)
    (out / "blog" / "index.html").write_text("someone else's site")
    with pytest.raises(SiteError) as err:
        check_output_dir(out, root)
    assert "it holds files that bantin did not write" in err.value.problems[0].message
    assert (out / "blog" / "index.html").read_text() == "someone else's site"


def test_an_empty_folder_or_one_bantin_wrote_is_accepted(tmp_path):
    root = tmp_path / "site"
    (tmp_path / "empty").mkdir()
    check_output_dir(tmp_path / "empty", root)
    write_site([OutputFile("index.html", b"x")], [], tmp_path / "built")
    check_output_dir(tmp_path / "built", root)


@pytest.mark.parametrize("where", ["/", "home"])
def test_the_root_and_the_home_folder_are_refused(tmp_path, monkeypatch, where):
    monkeypatch.setenv("HOME", str(tmp_path / "nha"))
    (tmp_path / "nha").mkdir()
    folder = Path("/") if where == "/" else tmp_path / "nha"
    with pytest.raises(SiteError) as info:
        check_output_dir(folder, tmp_path / "nha" / "site")
    assert "refusing to write the site into" in info.value.problems[0].message


def test_unchanged_files_keep_their_modification_time_and_inode(tmp_path):
    out = tmp_path / "output"
    write_site([OutputFile("a.html", b"a"), OutputFile("b.html", b"b")], [], out)
    before = {n: (out / n).stat() for n in ("a.html", "b.html")}
    os.utime(out / "a.html", ns=(1, 1_000_000_000))  # a time no new file could have
    write_site([OutputFile("a.html", b"a"), OutputFile("b.html", b"b2")], [], out)
    assert (out / "a.html").stat().st_mtime_ns == 1_000_000_000
    assert (out / "a.html").stat().st_ino == before["a.html"].st_ino
    assert (out / "b.html").read_bytes() == b"b2"


def test_staging_folders_of_killed_builds_are_removed(tmp_path):
    out = tmp_path / "output"
    write_site([OutputFile("index.html", b"x")], [], out)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], **TEXT)
    leftover = tmp_path / f".output.staging-{dead.stdout.strip()}"
    (leftover / "site").mkdir(parents=True)
    (leftover / "site" / "index.html").write_bytes(b"half")
    recover(out)
    assert not leftover.exists()
    assert tree(out) == {"index.html": b"x"}


def test_a_build_killed_between_two_renames_gets_its_old_site_back(tmp_path):
    """Where the system has no atomic exchange, the swap is two renames; a build killed between
    them leaves no output/, and the next build puts the old site back before anything else."""
    out = tmp_path / "output"
    write_site([OutputFile("index.html", b"cu")], [], out)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], **TEXT)
    leftover = tmp_path / f".output.staging-{dead.stdout.strip()}"
    leftover.mkdir()
    out.rename(leftover / "old")
    write_site([OutputFile("index.html", b"moi")], [], out)
    assert tree(out) == {"index.html": b"moi"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_the_staging_folder_of_a_running_build_is_left_alone(tmp_path):
    out = tmp_path / "output"
    busy = tmp_path / f".output.staging-{os.getppid()}"  # a process that is running
    busy.mkdir()
    recover(out)
    assert busy.is_dir()


@pytest.mark.parametrize(
    ("code", "note"), [(errno.ENOSYS, ""), (errno.EINVAL, ""), (errno.EBUSY, "mount point")]
)
def test_without_an_atomic_exchange_the_site_is_still_replaced_whole(
    tmp_path, monkeypatch, code, note
):
    def no_exchange(a, b):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(writer, "_exchange", no_exchange)
    out = tmp_path / "output"
    write_site([OutputFile("a.html", b"a"), OutputFile("cu/b.html", b"b")], [], out)
    with Staging(out) as staging:
        new = Assembly(staging, None)
        tmp = staging.pages / "0"
        tmp.write_bytes(b"moi")
        new.add("a.html", tmp, b"")
        published = new.publish()
    assert tree(out) == {"a.html": b"moi"}
    assert published.removed == 1
    assert (note in published.note) if note else published.note == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_paths_with_a_nul_or_a_backslash_are_refused(tmp_path):
    for bad in ("a\0b.html", "a\\..\\b.html", "", "a//b.html", "./a.html"):
        with pytest.raises(SiteError):
            write_site([OutputFile(bad, b"x")], [], tmp_path / "output")
    assert not (tmp_path / "output").exists()
