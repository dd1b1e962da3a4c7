"""One folder per kind of mistake in tests/fixtures/invalid/<case>/: each is laid over the minimal
valid site (tests/fixtures/sites/minimal/) and must fail the build with exit 1, print exactly the
lines of its expected.txt (expected.vi.txt in Vietnamese), never a traceback, and leave an
existing output/ untouched; ``check`` must report the same.

Symbolic links in a case are copied as links (their targets are relative), so a case can hold
a link out of content/ or a link loop.

Files too large to keep in git are made by the test: a case may hold ``generate.yaml`` with
``path`` (where to write, from the site's folder), ``head`` (the text the file starts with),
``line`` (a line repeated after it) and ``bytes`` (the exact size of the file; the end is
padded with spaces). The 10 MB bulletin of ``bulletin-10-mb`` is made this way.
"""

import shutil
import unicodedata

import pytest
from conftest import INVALID, SITES, add_theme, theme_missing

from bantin.yamlio import parse_yaml

CASES = sorted(p.name for p in INVALID.iterdir() if p.is_dir())
# Mistakes only found while rendering (check finds them by compiling every template).
RENDER_ONLY = {"template-syntax-error"}
SENTINEL = "Bản dựng trước, không được thay đổi.\n".encode()


def make_site(case: str, tmp_path):
    if case in RENDER_ONLY and theme_missing():
        pytest.skip(theme_missing())
    root = tmp_path / "site"
    shutil.copytree(SITES / "minimal", root)
    add_theme(root)
    shutil.copytree(
        INVALID / case,
        root,
        symlinks=True,
        dirs_exist_ok=True,
        ignore=shutil.ignore_patterns("expected*.txt", "generate.yaml"),
    )
    recipe = INVALID / case / "generate.yaml"
    if recipe.is_file():
        generate(root, parse_yaml(recipe.read_text(encoding="utf-8")))
    return root


def generate(root, recipe) -> None:
    """Write the file a ``generate.yaml`` describes (see the module's docstring)."""
    head, line = recipe["head"].encode(), recipe["line"].encode()
    size = recipe["bytes"]
    count = (size - len(head)) // len(line)
    data = head + line * count
    path = root / recipe["path"]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data + b" " * (size - len(data)))


def expected_lines(case: str) -> list[str]:
    return (INVALID / case / "expected.txt").read_text(encoding="utf-8").splitlines()


def snapshot(folder):
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_expected_messages_are_clean_nfc_text():
    """What bantin prints about files with a byte-order mark, CRLF line ends or decomposed
    (NFD) text holds none of them: no stray carriage return or BOM, and NFC throughout."""
    for case in CASES:
        for name in ("expected.txt", "expected.vi.txt"):
            text = (INVALID / case / name).read_text(encoding="utf-8")
            assert "\r" not in text and "\ufeff" not in text, case
            assert unicodedata.is_normalized("NFC", text), case


def test_every_case_has_an_expected_file():
    assert CASES
    for name in ("expected.txt", "expected.vi.txt"):
        assert [c for c in CASES if not (INVALID / c / name).is_file()] == []


@pytest.mark.parametrize("case", CASES)
def test_build_fails_with_exactly_the_expected_problems(case, tmp_path, run_cli):
    root = make_site(case, tmp_path)
    (root / "output" / "tin-tuc").mkdir(parents=True)
    (root / "output" / "index.html").write_bytes(SENTINEL)
    (root / "output" / "tin-tuc" / "index.html").write_bytes(SENTINEL)
    (root / "output" / ".bantin-output").write_bytes(b"")  # an earlier build's output
    before = snapshot(root / "output")

    run = run_cli("--root", str(root))

    assert run.code == 1
    assert "Traceback" not in run.out + run.err
    assert "internal error" not in run.err
    *problems, summary = run.err.splitlines()
    assert problems == expected_lines(case)
    assert summary.startswith("build failed: ")
    assert summary.endswith("; output/ was not changed")
    assert snapshot(root / "output") == before
    hidden = sorted(p.name for p in root.iterdir() if p.name.startswith("."))
    assert hidden in ([], [".cache"])  # no staging folder left behind


@pytest.mark.parametrize("case", CASES)
def test_check_reports_the_same_problems_and_writes_nothing(case, tmp_path, run_cli):
    """``check`` compiles the templates too, so it finds template mistakes without rendering."""
    root = make_site(case, tmp_path)
    run = run_cli("--root", str(root), "check")
    assert run.code == 1
    assert "Traceback" not in run.out + run.err
    said = [line for line in run.err.splitlines() if line and ": info: " not in line]
    assert said == expected_lines(case)  # check also notes what build only says with -v
    assert " 0 error(s)" not in run.out
    assert not (root / "output").exists()


@pytest.mark.parametrize("case", CASES)
def test_a_vietnamese_site_is_told_in_vietnamese(case, tmp_path, run_cli, monkeypatch):
    """The same mistakes, said in the site's language (the minimal site is Vietnamese)."""
    monkeypatch.delenv("BANTIN_LANG")
    root = make_site(case, tmp_path)
    run = run_cli("--root", str(root))
    assert run.code == 1
    *problems, summary = run.err.splitlines()
    expected = (INVALID / case / "expected.vi.txt").read_text(encoding="utf-8").splitlines()
    assert problems == expected
    assert summary.startswith("dựng trang không thành công: ")
    assert summary.endswith("; thư mục output/ không bị thay đổi")
