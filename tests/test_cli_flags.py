"""The flags users of other generators expect: --config FILE, --base-url URL, --output DIR, and
--help in the site's language (argparse's own words included)."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, add_theme, copy_site, needs_theme

from bantin import cli
from bantin.messages import catalogue

PREVIEW = "http://192.168.1.20:8000/"
CONFIGURED = "https://example.gov.vn/khoi-thi-dua/"
COMMANDS = ((), ("build",), ("serve",), ("check",), ("new",))
ENGLISH_WORDS = ("usage:", "options", "show this help", "positional arguments")


def page(root: Path, folder: str = "output") -> str:
    return (root / folder / "index.html").read_text(encoding="utf-8")


# ---------------------------------------------------------------- --base-url


@needs_theme
def test_base_url_is_in_the_pages_and_a_change_renders_every_page_again(run_cli, tmp_path):
    root = copy_site("basic", tmp_path)
    first = run_cli("--root", str(root), "-j", "1", "build", "--base-url", PREVIEW)
    assert first.code == 0, first.err
    assert PREVIEW in page(root) and CONFIGURED not in page(root)
    same = run_cli("--root", str(root), "-j", "1", "build", "--base-url", PREVIEW)
    assert same.out.startswith("nothing changed")
    back = run_cli("--root", str(root), "-j", "1", "build")  # the settings' base_url again
    assert ": 86 rendered" in back.out
    assert CONFIGURED in page(root) and PREVIEW not in page(root)


def test_a_bad_base_url_says_it_came_from_the_command_line(run_cli, minimal_site):
    run = run_cli("--root", str(minimal_site), "build", "--base-url", "ftp://may-chu/")
    assert run.code == 1
    assert run.err.startswith(
        "--base-url: error: base_url must be an absolute http(s) address, got 'ftp://may-chu/'"
    )
    assert not (minimal_site / "output").exists()


def test_check_takes_the_base_url_too(run_cli, minimal_site):
    run = run_cli("--root", str(minimal_site), "check", "--base-url", "may-chu")
    assert run.code == 1
    assert "--base-url: error: base_url must be" in run.err


# ---------------------------------------------------------------- --output


@needs_theme
def test_output_is_relative_to_the_current_folder(run_cli, tmp_path, monkeypatch):
    root = copy_site("basic", tmp_path)
    monkeypatch.chdir(tmp_path)
    run = run_cli("--root", "basic", "-j", "1", "build", "--output", "public")
    assert run.code == 0, run.err
    assert "into public/" in run.out
    assert (tmp_path / "public" / "index.html").is_file()
    assert not (root / "output").exists()
    checked = run_cli("--root", "basic", "check", "--built", "--output", "public")
    assert checked.code == 0, checked.err
    assert f" pages in {tmp_path / 'public'}/: " in checked.out  # outside the site: in full
    nothing = run_cli("--root", "basic", "check", "--built", "--output", "chua-dung")
    assert nothing.code == 1
    assert "there is no built site to check" in nothing.err


@pytest.mark.parametrize("folder", ["content", ".", "content/tin-tuc"])
def test_output_keeps_every_safety_check(run_cli, minimal_site, monkeypatch, folder):
    monkeypatch.chdir(minimal_site)

    def files() -> list[Path]:  # the site's own (.cache/ is bantin's)
        return sorted(p for p in minimal_site.rglob("*") if ".cache" not in p.parts)

    before = files()
    run = run_cli("build", "--output", folder)
    assert run.code == 1
    assert run.err.startswith("--output: error: refusing to write the site into ")
    assert files() == before


@needs_theme
def test_a_review_copy_goes_where_output_says_but_never_into_the_published_folder(
    run_cli, tmp_path
):
    root = copy_site("basic", tmp_path)
    review = tmp_path / "ban-xem-lai"
    run = run_cli("--root", str(root), "-j", "1", "build", "--drafts", "--output", str(review))
    assert run.code == 0, run.err
    assert (review / "index.html").is_file()
    assert not (root / "xem-truoc").exists() and not (root / "output").exists()
    refused = run_cli("--root", str(root), "build", "--drafts", "--output", str(root / "output"))
    assert refused.code == 1
    assert refused.err.startswith("--output: error: ")
    assert "is the folder the site is published from" in refused.err
    assert not (root / "output").exists()


# ---------------------------------------------------------------- --config


def staging_config(root: Path, dest: Path, **changes: str) -> Path:
    text = (root / "site_config.yaml").read_text(encoding="utf-8")
    for key, value in changes.items():
        text = re.sub(rf"^{key}:.*$", f'{key}: "{value}"', text, flags=re.MULTILINE)
    dest.write_text(text, encoding="utf-8")
    return dest


@needs_theme
def test_config_reads_another_file_outside_the_site_and_the_cache_watches_it(
    run_cli, tmp_path, monkeypatch
):
    root = copy_site("basic", tmp_path)
    staging = staging_config(root, tmp_path / "staging.yaml", base_url="https://thu.example.vn/")
    (root / "site_config.yaml").unlink()  # only the other file is read
    monkeypatch.chdir(tmp_path)
    run = run_cli("--root", "basic", "--config", "staging.yaml", "-j", "1")
    assert run.code == 0, run.err
    assert "https://thu.example.vn/" in page(root)
    assert run_cli("--root", "basic", "--config", "staging.yaml").out.startswith("nothing changed")
    text = staging.read_text(encoding="utf-8")
    staging.write_text(re.sub(r"^title:.*$", 'title: "Trang chạy thử"', text, flags=re.M), "utf-8")
    again = run_cli("--root", "basic", "--config", "staging.yaml", "-j", "1")
    assert ": 86 rendered" in again.out
    assert "Trang chạy thử" in page(root)


def test_a_missing_config_file_is_named_as_given(run_cli, minimal_site, monkeypatch):
    monkeypatch.chdir(minimal_site)
    said = "khong-co.yaml: error: the settings file khong-co.yaml given with --config does not"
    for argv in (["build"], ["check"], ["new", "tin", "Tiêu đề"]):
        run = run_cli("--config", "khong-co.yaml", *argv)
        assert run.code == 1, argv
        assert run.err.startswith(said), argv


def test_problems_in_the_config_file_name_it_as_given(run_cli, minimal_site, tmp_path):
    other = staging_config(minimal_site, tmp_path / "khac.yaml")
    other.write_text(other.read_text(encoding="utf-8") + "per_page: 0\n", encoding="utf-8")
    run = run_cli("--root", str(minimal_site), "--config", str(other), "check")
    assert run.code == 1
    assert f"{other.as_posix()}:" in run.err and "per_page must be at least 1" in run.err


def test_new_reads_the_config_file_given(run_cli, minimal_site, tmp_path):
    add_theme(minimal_site)  # its archetypes
    other = staging_config(minimal_site, tmp_path / "khac.yaml")
    (minimal_site / "site_config.yaml").unlink()
    run = run_cli("--root", str(minimal_site), "--config", str(other), "new", "trang", "Liên hệ")
    assert run.code == 0, run.err
    assert (minimal_site / "content" / "pages" / "lien-he.md").is_file()


def test_serve_watches_the_config_file_wherever_it_is(tmp_path, minimal_site):
    from bantin.server import watched

    other = tmp_path / "khac.yaml"
    other.write_text("", encoding="utf-8")
    paths = watched(minimal_site, other)
    assert other in paths and minimal_site / "content" in paths
    assert minimal_site / "site_config.yaml" not in paths


# ---------------------------------------------------------------- --help in the site's language


def help_of(run_cli, *argv: str) -> str:
    run = run_cli(*argv, "--help")
    assert run.code == 0, run.err
    return run.out


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0] if c else "main")
def test_help_is_vietnamese_outside_any_site(run_cli, tmp_path, monkeypatch, command):
    monkeypatch.delenv("BANTIN_LANG")
    monkeypatch.chdir(tmp_path)
    said = help_of(run_cli, *command)
    assert said.startswith("cách dùng: bantin")
    assert "tuỳ chọn:" in said and "in phần trợ giúp này rồi dừng" in said
    for word in ENGLISH_WORDS:
        assert word not in said, word


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0] if c else "main")
def test_help_follows_the_sites_language(run_cli, minimal_site, tmp_path, monkeypatch, command):
    monkeypatch.delenv("BANTIN_LANG")
    config = minimal_site / "site_config.yaml"
    assert "usage:" not in help_of(run_cli, "--root", str(minimal_site), *command)
    english = tmp_path / "english.yaml"
    english.write_text(config.read_text(encoding="utf-8") + "language: en\n", encoding="utf-8")
    said = help_of(run_cli, "--config", str(english), *command)
    assert said.startswith("usage: bantin") and "show this help message and exit" in said
    config.write_text(english.read_text(encoding="utf-8"), encoding="utf-8")
    assert help_of(run_cli, *command, "--root", str(minimal_site)).startswith("usage: bantin")


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0] if c else "main")
def test_help_is_english_with_bantin_lang(run_cli, tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)  # BANTIN_LANG=en, as tests/conftest.py sets it
    said = help_of(run_cli, *command)
    assert said.startswith("usage: bantin")
    assert "options:" in said and "cách dùng" not in said


def test_every_help_text_comes_from_the_catalogue():
    parser = cli._parser("vi")
    found = []

    def texts(p: argparse.ArgumentParser) -> None:
        found.extend([p.description, p.epilog])
        for action in p._actions:
            found.append(action.help)
            if isinstance(action, argparse._SubParsersAction):
                found.extend(a.help for a in action._choices_actions)
                for sub in action.choices.values():
                    texts(sub)

    texts(parser)
    plain = [t for t in found if t and not isinstance(t, cli.Msg) and t != argparse.SUPPRESS]
    # argparse's own --help, said through its words in the catalogue while main() parses
    assert set(plain) == {"show this help message and exit"}


def test_usage_mistakes_are_said_in_vietnamese(run_cli, tmp_path, monkeypatch):
    monkeypatch.delenv("BANTIN_LANG")
    monkeypatch.chdir(tmp_path)
    unknown = run_cli("dung")
    assert unknown.code == 2
    assert "bantin: lỗi: tham số COMMAND: lựa chọn không hợp lệ: 'dung'" in unknown.err
    assert "cách dùng: bantin" in unknown.err and "usage:" not in unknown.err
    missing = run_cli("new")
    assert missing.code == 2
    assert "bantin new: lỗi: còn thiếu các tham số bắt buộc: KIND, TITLE" in missing.err
    extra = run_cli("build", "--nhanh")
    assert extra.code == 2 and "không hiểu các tham số: --nhanh" in extra.err
    number = run_cli("--jobs", "hai")
    assert number.code == 2 and "giá trị int không hợp lệ: 'hai'" in number.err
    # and argparse is left as it was, for any other parser of this process
    assert argparse._("usage: ") == "usage: "  # type: ignore[attr-defined]


def test_argparse_words_are_its_own_and_keep_their_placeholders():
    english, vietnamese = catalogue("en"), catalogue("vi")
    marks = re.compile(r"%(?:\(\w+\))?[sr]")
    for word, key in cli.ARGPARSE_WORDS.items():
        assert english[f"cli.help.argparse.{key}"] == word
        said = vietnamese[f"cli.help.argparse.{key}"]
        assert sorted(marks.findall(said)) == sorted(marks.findall(word)), key


def test_version(run_cli):
    run = run_cli("--version")
    assert run.code == 0 and run.out.startswith("bantin ")


def test_through_build_py_the_usage_says_python_build_py(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "BANTIN_LANG": "vi"}
    run = subprocess.run(
        [sys.executable, str(REPO / "build.py"), "check", "--help"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("cách dùng: python build.py check")


@pytest.mark.slow
@needs_theme
def test_serve_takes_base_url_and_config_and_rebuilds_when_that_file_changes(tmp_path):
    from test_serve import fetch, free_port, get, start_server, stop_server, wait_for

    root = copy_site("basic", tmp_path)
    other = staging_config(root, tmp_path / "xem-thu.yaml", title="Trang xem thử")
    (root / "site_config.yaml").unlink()
    port = free_port()  # the last --port given is the one used
    url = f"http://may-tinh.local:{port}/xem/"
    process, _, log = start_server(
        root, tmp_path, "--port", str(port), "--base-url", url, "--config", str(other)
    )
    home = f"http://127.0.0.1:{port}/xem/"
    try:
        assert wait_for(lambda: fetch(home)[0] == 200), "the server did not start"
        text = fetch(home)[1]
        assert url in text and "Trang xem thử" in text
        assert get(port, "/xem/", f"may-tinh.local:{port}")[0] == 200  # the name it was given
        assert get(port, "/xem/", f"may-khac.local:{port}")[0] == 421
        changed = other.read_text(encoding="utf-8").replace("Trang xem thử", "Trang đã sửa")
        other.write_text(changed, encoding="utf-8")
        assert wait_for(lambda: "Trang đã sửa" in fetch(home)[1]), "the change was not seen"
    finally:
        stop_server(process, log)
