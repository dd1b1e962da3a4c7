"""A site holds only its own files: the theme comes with bantin unless the site has its own
``themes/<name>/``, and the sample site can be found wherever bantin is run from."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO, copy_site, needs_theme, write_files

from bantin.bundled import bundled_theme, installed_themes, sample_site, theme_folder


def test_the_default_theme_and_the_sample_come_with_bantin():
    assert "default" in installed_themes()
    theme = bundled_theme("default")
    assert theme is not None and (theme / "templates" / "base.html").is_file()
    assert bundled_theme("lao-cai") is None
    sample = sample_site()
    assert (sample / "site_config.yaml").is_file()
    assert (sample / "content" / "blocs").is_dir()


def test_a_site_of_its_own_theme_uses_it(tmp_path):
    own = tmp_path / "themes" / "default"
    (own / "templates").mkdir(parents=True)
    assert theme_folder(tmp_path, "default") == own
    assert theme_folder(tmp_path / "elsewhere", "default") == bundled_theme("default")


@needs_theme
def test_a_site_without_themes_builds_with_the_installed_theme(tmp_path, run_cli):
    root = copy_site("basic", tmp_path, theme=False)
    assert not (root / "themes").exists()
    run = run_cli("--root", str(root), "build")
    assert run.code == 0, run.err
    home = (root / "output" / "index.html").read_text(encoding="utf-8")
    assert "<!DOCTYPE html>" in home
    css = list((root / "output" / "static" / "css").glob("*.css"))
    assert css, "the installed theme's static files are published"
    assert not (root / "themes").exists(), "nothing is copied into the site"


@needs_theme
def test_the_sites_own_theme_copy_wins_over_the_installed_one(tmp_path, run_cli):
    root = copy_site("basic", tmp_path)  # with its own themes/default/
    base = root / "themes" / "default" / "templates" / "base.html"
    base.write_text(
        base.read_text(encoding="utf-8").replace("<body", "<body data-own-theme", 1),
        encoding="utf-8",
    )
    assert run_cli("--root", str(root), "build").code == 0
    assert "data-own-theme" in (root / "output" / "index.html").read_text(encoding="utf-8")


def test_an_unknown_theme_names_the_installed_ones(tmp_path, run_cli):
    root = copy_site("minimal", tmp_path, theme=False)
    config = (root / "site_config.yaml").read_text(encoding="utf-8")
    write_files(root, {"site_config.yaml": config + "theme: lao-cai\n"})
    run = run_cli("--root", str(root), "build")
    assert run.code == 1
    assert "theme 'lao-cai' not found" in run.err
    assert "the themes installed with bantin: default" in run.err


def test_python_dash_m_bantin_runs_the_command_line():
    done = subprocess.run(
        [sys.executable, "-m", "bantin", "--version"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("bantin ")
