"""The build cache trusts nothing it has not verified. Every part of ``.cache/`` a build reads
(the manifest, the parse cache, the compiled templates, the resized pictures, serve's preview) is
damaged here as a disk, a crash or a person damages it: cut short, bytes changed with the size
and time kept, a folder where a file should be and a file where a folder should be, part of it
deleted. The next build still succeeds, says in a note what it found, and publishes byte for
byte what a clean build publishes; the build after it finds nothing more to say."""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import bulletin_text, copy_site, needs_theme, write_files

from bantin.messages import Msg, msg, tr
from bantin.pipeline import Builder, build
from bantin.server import PREVIEW_DIR
from bantin.writer import MARKER

pytestmark = needs_theme

BULLETIN = "content/bulletins/2024/kiem-tra-cheo-nam-2024.md"


def tree(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in out.rglob("*")
        if p.is_file() and p.name != MARKER
    }


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> dict[str, bytes]:
    """What a clean build of the fixture site publishes."""
    root = copy_site("basic", tmp_path_factory.mktemp("clean"))
    build(root, jobs=1, cache=False)
    return tree(root / "output")


# ---------------------------------------------------------------- ways of damaging a file


def keep_time(path: Path, change: Callable[[], None]) -> None:
    """``change`` the file at ``path`` and give it back its modification time."""
    st = path.stat()
    change()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def cut_short(path: Path) -> None:
    keep_time(path, lambda: path.write_bytes(path.read_bytes()[: path.stat().st_size // 2]))


def flip(path: Path) -> None:
    """Change bytes in the second half of the file, keeping its size and time."""
    data = bytearray(path.read_bytes())
    for i in range(len(data) // 2, len(data)):
        data[i] ^= 0xA5
    keep_time(path, lambda: path.write_bytes(bytes(data)))


def flip_head(path: Path) -> None:
    """Change a few bytes near the start (for Jinja's files: the checksum and the code's
    header, which Jinja reads without a check), keeping the size and time."""
    data = bytearray(path.read_bytes())
    for i in range(16, 40):
        data[i] ^= 0xFF
    keep_time(path, lambda: path.write_bytes(bytes(data)))


def into_folder(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink()
    path.mkdir()
    (path / "tep-la.txt").write_text("không phải bộ nhớ đệm", encoding="utf-8")


def into_file(path: Path) -> None:
    shutil.rmtree(path)
    path.write_text("không phải thư mục", encoding="utf-8")


def each(pattern: str, damage: Callable[[Path], None]) -> Callable[[Path], None]:
    """``damage`` every file of ``.cache/`` matching ``pattern``."""

    def apply(cache: Path) -> None:
        found = sorted(cache.glob(pattern))
        assert found, pattern
        for path in found:
            damage(path)

    return apply


def first(pattern: str, damage: Callable[[Path], None]) -> Callable[[Path], None]:
    """``damage`` the first file of ``.cache/`` matching ``pattern``."""

    def apply(cache: Path) -> None:
        found = sorted(cache.glob(pattern))
        assert found, pattern
        damage(found[0])

    return apply


def damaged(path: str) -> Msg:
    return msg("cli.cache_damaged", path=path)


MANIFEST = msg("load.cache_manifest_damaged")
PARSED = msg("load.cache_parse_damaged")
TEMPLATES = damaged(".cache/templates/")
IMAGES = damaged(".cache/images/")
VARIANT = "images/*/*/fallback-*"

# what is damaged, how, and the notes one of which the next build must print
DAMAGES: dict[str, tuple[Callable[[Path], None], tuple[Msg, ...]]] = {
    "cache-is-a-file": (lambda c: into_file(c), (damaged(".cache/"),)),
    "manifest-cut-short": (first("manifest.pickle", cut_short), (MANIFEST,)),
    "manifest-bytes-changed": (first("manifest.pickle", flip), (MANIFEST,)),
    "manifest-is-a-folder": (first("manifest.pickle", into_folder), (MANIFEST,)),
    "parsed-cut-short": (first("parsed.sqlite", cut_short), (PARSED,)),
    # the second half holds stored files: their checksum fails, or SQLite finds it malformed
    "parsed-bytes-changed": (
        first("parsed.sqlite", flip),
        (PARSED, damaged(".cache/parsed.sqlite")),
    ),
    "parsed-is-a-folder": (first("parsed.sqlite", into_folder), (PARSED,)),
    "templates-cut-short": (each("templates/*", cut_short), (TEMPLATES,)),
    "templates-bytes-changed": (each("templates/*", flip), (TEMPLATES,)),
    "templates-head-changed": (each("templates/*", flip_head), (TEMPLATES,)),
    "template-is-a-folder": (first("templates/*", into_folder), (TEMPLATES,)),
    "templates-is-a-file": (first("templates", into_file), (TEMPLATES,)),
    "picture-bytes-changed": (each(VARIANT, flip), (IMAGES,)),
    "picture-cut-short": (first(VARIANT, cut_short), (IMAGES,)),
    "picture-deleted": (first(VARIANT, Path.unlink), (IMAGES,)),
    "picture-is-a-folder": (first(VARIANT, into_folder), (IMAGES,)),
    "picture-info-bytes-changed": (each("images/*/*/info.json", flip), (IMAGES,)),
    "picture-entry-is-a-file": (first("images/*/*", into_file), (IMAGES,)),
    "picture-shard-is-a-file": (first("images/*", into_file), (IMAGES,)),
    "images-is-a-file": (first("images", into_file), (IMAGES,)),
}


def notes(out: str, lang: str) -> list[str]:
    prefix = tr(msg("cli.note", note=""), lang)
    return [line for line in out.splitlines() if line.startswith(prefix)]


@pytest.mark.parametrize("name", DAMAGES)
def test_a_damaged_cache_is_noticed_rebuilt_and_never_published(
    name, clean, tmp_path, run_cli, monkeypatch
):
    damage, expected = DAMAGES[name]
    root = copy_site("basic", tmp_path)
    build(root)  # in place: compiled templates are cached under the templates' full paths
    damage(root / ".cache")
    shutil.rmtree(root / "output")  # the next build must make everything, from the cache
    monkeypatch.delenv("BANTIN_LANG")  # the site's language: Vietnamese
    run = run_cli("--root", str(root), "build")
    assert run.code == 0, run.err
    said = notes(run.out, "vi")
    assert any(tr(msg("cli.note", note=m), "vi") in said for m in expected), said
    assert tree(root / "output") == clean
    write_files(root, {BULLETIN: (root / BULLETIN).read_text(encoding="utf-8")})  # touched
    shutil.rmtree(root / "output")
    again = build(root)
    assert again.notes == [] and again.rendered == again.pages  # mended for good
    assert tree(root / "output") == clean


@pytest.mark.parametrize("name", ["templates-head-changed", "picture-bytes-changed"])
def test_the_note_is_in_english_too(name, clean, tmp_path, run_cli):
    damage, (expected, *_) = DAMAGES[name]
    root = copy_site("basic", tmp_path)
    build(root)
    damage(root / ".cache")
    shutil.rmtree(root / "output")
    run = run_cli("--root", str(root), "build")  # BANTIN_LANG=en
    assert run.code == 0, run.err
    assert notes(run.out, "en") == [f"note: {expected}"]
    assert str(expected).startswith("the build cache was damaged at .cache/")
    assert tree(root / "output") == clean


def test_a_picture_overwritten_with_as_many_bytes_is_made_again_not_published(tmp_path, clean):
    """The cached copy of a picture overwritten with other bytes of the same length: its hash,
    recorded when it was made, no longer matches, so it is made again; the site keeps the
    right picture even when only that picture's page changes."""
    root = copy_site("basic", tmp_path)
    build(root)
    for variant in sorted((root / ".cache").glob(VARIANT)):
        size = variant.stat().st_size
        variant.write_bytes(b"\0" * size)  # same size, a new modification time
    write_files(root, {BULLETIN: (root / BULLETIN).read_text(encoding="utf-8") + "\nThêm.\n"})
    result = build(root)
    published = tree(root / "output")
    assert {k: v for k, v in published.items() if k.startswith("media/")} == {
        k: v for k, v in clean.items() if k.startswith("media/")
    }
    assert result.notes == [IMAGES]


def test_cache_files_this_user_may_not_read_are_made_again_and_said_so(
    clean, tmp_path, run_cli, monkeypatch
):
    """Files of .cache/ that cannot be read (copied from another user's account, say) are not
    "damaged": the manifest says so, the rest is made again; the site is a clean build's."""
    root = copy_site("basic", tmp_path)
    build(root)
    shutil.rmtree(root / "output")
    real = Path.read_bytes

    def identity(path: Path) -> tuple[int, int]:
        st = path.stat()
        return st.st_ino, st.st_mtime_ns

    # the files there now; those this build writes are its own
    theirs = {identity(p) for p in (root / ".cache").rglob("*") if p.is_file()}

    def refused(path: Path) -> bytes:
        if path.is_file() and identity(path) in theirs:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", refused)
    run = run_cli("--root", str(root), "--jobs", "1", "build")
    assert run.code == 0, run.err
    note = msg("cli.cache_refused", path=".cache/manifest.pickle", reason="Permission denied")
    assert f"note: {note}" in notes(run.out, "en")
    assert f"note: {msg('load.cache_manifest_damaged')}" not in notes(run.out, "en")
    assert tree(root / "output") == clean


# ---------------------------------------------------------------- serve's preview

DRAFT = "content/bulletins/2024/ban-nhap-xem-truoc.md"


def preview_builder(root: Path) -> Builder:
    """The builder ``serve`` uses."""
    return Builder(
        root,
        {"output": PREVIEW_DIR},
        drafts=True,
        future=True,
        expired=True,
        manifest="preview",
    )


def with_draft(root: Path) -> Path:
    write_files(
        root,
        {DRAFT: bulletin_text('title: "Bản nháp xem trước"\ndate: 2024-06-20\ndraft: true\n')},
    )
    return root


def lose_marker(preview: Path) -> None:
    (preview / MARKER).unlink()  # a folder bantin did not write, as far as anyone can tell


def stray_file(preview: Path) -> None:
    (preview / "la.html").write_text("trang lạ", encoding="utf-8")


@pytest.mark.parametrize(
    ("damage", "noted"),
    [(into_file, True), (lose_marker, True), (stray_file, False)],
    ids=["a-file", "not-marked", "stray-file"],
)
def test_a_damaged_preview_folder_is_built_again(tmp_path, damage, noted):
    reference = with_draft(copy_site("basic", tmp_path / "a"))
    preview_builder(reference).build()
    root = with_draft(copy_site("basic", tmp_path / "b"))
    preview_builder(root).build()
    preview = root / PREVIEW_DIR
    damage(preview)
    result = preview_builder(root).build()
    assert (damaged(".cache/preview/") in result.notes) is noted
    assert tree(preview) == tree(reference / PREVIEW_DIR)
    assert not (root / "output").exists()
