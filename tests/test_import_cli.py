"""``bantin import`` on the command line: messages in the site's language, exit codes 0 / 1 /
2, ``python build.py import``. The reading and guessing stages are the stand-ins of
test_import_pipeline."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO
from test_import_pipeline import HERE, install_standins

BULLETIN = "content/bulletins/2024/khoi-doan-the-tong-ket-cong-tac-thi-dua-nam-2023.md"


@pytest.fixture
def site(tmp_path, monkeypatch) -> Path:
    shutil.copytree(HERE / "site", tmp_path / "site")
    shutil.copytree(HERE / "sources", tmp_path / "sources")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BANTIN_LANG")  # the site's language: Vietnamese
    install_standins(monkeypatch)
    return tmp_path / "site"


def test_import_in_vietnamese_exit_1_when_a_source_is_skipped(site, run_cli):
    run = run_cli("import", "sources", "--root", "site", "--report", "r.csv", "-j", "1")
    assert run.code == 1
    lines = run.out.splitlines()
    assert lines[0] == (
        "bỏ qua: sources/ghi-chu.docx: không phải loại tệp nhập được "
        "(chỉ nhập .txt, .html, .htm và tệp xuất .xml của WordPress)"
    )
    assert lines[3] == f"đã nhập: sources/thang-1/tong-ket.txt → {BULLETIN}"
    assert lines[-1] == (
        "Xong 5 bài: 4 đã nhập (2 cần kiểm tra), 0 đã nhập từ trước, 1 bỏ qua. Báo cáo: r.csv"
    )
    assert run.err == ""


def test_import_exit_0_then_already_imported(site, run_cli):
    first = run_cli("import", "sources/thang-1", "sources/trung-ten.txt", "--root", "site")
    assert first.code == 0
    again = run_cli("import", "sources/thang-1", "sources/trung-ten.txt", "--root", "site")
    assert again.code == 0
    said = again.out.splitlines()
    assert said[1] == f"đã nhập từ trước: sources/thang-1/tong-ket.txt ({BULLETIN})"
    assert said[-1].startswith(
        "Xong 3 bài: 0 đã nhập (0 cần kiểm tra), 3 đã nhập từ trước, 0 bỏ qua. Báo cáo: "
        "site/import-reports/"
    )


def test_quiet_prints_nothing(site, run_cli):
    run = run_cli("import", "sources/thang-1", "--root", "site", "--quiet")
    assert (run.code, run.out, run.err) == (0, "", "")
    assert (site / BULLETIN).is_file()


def test_dry_run_writes_nothing(site, run_cli):
    run = run_cli("import", "sources", "--root", "site", "--dry-run")
    assert run.code == 1
    assert not (site / "content" / "bulletins").exists()
    assert not (site / "import-reports").exists()
    assert run.out.splitlines()[-1] == (
        "Chạy thử, không ghi gì: 5 bài, 4 sẽ được nhập (2 cần kiểm tra), "
        "0 đã nhập từ trước, 1 bỏ qua."
    )


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (
            ["sources", "--bloc", "khoi-x"],
            "--bloc: error: không có khối khoi-x (các khối của trang: cum-hoi, khoi-doan-the)",
        ),
        (["sources", "khong-co"], "khong-co: error: không có tệp hay thư mục khong-co"),
        (
            ["sources", "--into", "."],
            "--into: error: thư mục . nằm ngoài thư mục trang web {root}; --into phải là một "
            "thư mục trong trang, thường là content/",
        ),
    ],
)
def test_usage_errors_exit_2(site, run_cli, argv, said):
    run = run_cli("import", *argv, "--root", "site")
    assert run.code == 2
    assert run.err.strip() == said.format(root=site.as_posix())
    assert run.out == ""
    assert not (site / "content" / "bulletins").exists()


def test_no_source_is_an_argparse_usage_error(site, run_cli):
    run = run_cli("import", "--root", "site")
    assert run.code == 2
    assert "SOURCE" in run.err


def test_help_is_vietnamese(site, run_cli):
    run = run_cli("import", "--help", "--root", "site")
    assert run.code == 0
    assert "chạy thử: cho biết sẽ ghi gì nhưng không ghi tệp nào" in run.out
    assert "khối của mọi bài được nhập" in run.out


def test_build_py_import_is_the_command():
    done = subprocess.run(
        [sys.executable, str(REPO / "build.py"), "import", "--help"],
        capture_output=True,
        text=True,
        env={"BANTIN_LANG": "en", "PATH": ""},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "a dry run: say what would be written, write nothing" in done.stdout
