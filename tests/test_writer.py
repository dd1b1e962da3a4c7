"""bantin.writer: output/ is replaced all at once, or not at all."""

import pytest

from bantin.errors import SiteError
from bantin.render import OutputFile
from bantin.writer import MARKER, check_output_dir, write_site


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
