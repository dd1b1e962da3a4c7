"""One folder per kind of mistake in tests/fixtures/invalid/<case>/: each is laid over the minimal
valid site (tests/fixtures/sites/minimal/) and must fail the build with exit 1, print exactly the
lines of its expected.txt, never a traceback, and leave an existing output/ untouched.
"""

import shutil

import pytest
from conftest import INVALID, SITES, add_theme, theme_missing

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
        INVALID / case, root, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expected*.txt")
    )
    return root


def expected_lines(case: str) -> list[str]:
    return (INVALID / case / "expected.txt").read_text(encoding="utf-8").splitlines()


def snapshot(folder):
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


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
