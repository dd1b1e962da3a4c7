"""``bantin init DIR`` and ``bantin theme copy [NAME]`` (bantin/init.py, bantin/themecopy.py):
a new office's site from flags or from questions, that builds clean with bantin's own loader
and checker, and is never written over anything."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, load_and_link, needs_theme, tiny_png

from bantin import init
from bantin.check import check_site
from bantin.config import load_config
from bantin.yamlio import parse_yaml

ORG = "Ủy ban MTTQ Việt Nam tỉnh Bắc Ninh"
BLOC = "Khối thi đua các đoàn thể chính trị - xã hội tỉnh"
BLOC_SLUG = "khoi-thi-dua-cac-doan-the-chinh-tri-xa-hoi-tinh"
MEMBERS = ["Hội Nông dân tỉnh Bắc Ninh=Hội ND tỉnh", "Liên đoàn Lao động tỉnh Bắc Ninh"]
OFFICE = [
    "--org",
    ORG,
    "--province",
    "Bắc Ninh",
    "--bloc-name",
    BLOC,
    *[a for m in MEMBERS for a in ("--member", m)],
    "--base-url",
    "https://thidua.bacninh.example.vn/khoi",
]


@pytest.fixture(autouse=True)
def no_terminal(monkeypatch):
    """Tests run without a terminal unless one asks for it."""
    monkeypatch.setattr(init, "_can_ask", lambda: False)


def files_under(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def clean(root: Path, drafts: bool = False) -> list[str]:
    """Every problem ``bantin check --strict`` would fail on (errors and warnings)."""
    report = check_site(root, drafts=drafts)
    return [p.format() for p in report.problems if p.severity in ("error", "warning")]


def assert_builds_clean(root: Path, run_cli) -> None:
    assert clean(root) == []
    assert clean(root, drafts=True) == []  # what `bantin serve` shows
    run = run_cli("--root", str(root), "check", "--strict")
    assert run.code == 0, run.err
    run = run_cli("--root", str(root), "build")
    assert run.code == 0, run.err
    assert "0 error(s), 0 warning(s)" in run.out
    assert not (root / "themes").exists(), "the installed theme is used, never copied"


# ---------------------------------------------------------------- from flags


@needs_theme
def test_flags_alone_make_a_site_that_builds_clean(tmp_path, run_cli):
    site = tmp_path / "site"
    run = run_cli("init", str(site), *OFFICE)
    assert run.code == 0, run.err
    year = str(init.datetime.now().year)
    assert files_under(site) == sorted(
        [
            ".gitignore",
            "README.md",
            f"content/blocs/{BLOC_SLUG}.yaml",
            f"content/bulletins/{year}/huong-dan-viet-tin.md",
            "content/pages/gioi-thieu.md",
            "content/pages/lien-he.md",
            "site_config.yaml",
        ]
    )
    config = load_config(site)
    assert config.title == BLOC
    assert config.publisher == ORG
    assert config.province == "bac-ninh"
    assert config.default_bloc == BLOC_SLUG
    assert config.base_url == "https://thidua.bacninh.example.vn/khoi/"
    assert config.language == "vi" and config.theme == "default"
    assert (site / ".gitignore").read_text(encoding="utf-8").split() == [
        "output/",
        ".cache/",
        "xem-truoc/",
    ]
    site_data, problems = load_and_link(site)
    assert problems == []
    bloc = next(b for b in site_data.blocs if b.slug == BLOC_SLUG)
    assert bloc.kind == "khoi" and bloc.province == "bac-ninh"
    assert [(m.slug, m.name, m.short_name) for m in bloc.members] == [
        ("hoi-nong-dan-tinh-bac-ninh", "Hội Nông dân tỉnh Bắc Ninh", "Hội ND tỉnh"),
        ("lien-doan-lao-dong-tinh-bac-ninh", "Liên đoàn Lao động tỉnh Bắc Ninh", None),
    ]
    assert bloc.leadership == (), "who heads the bloc is never invented"
    bulletin = (site / f"content/bulletins/{year}/huong-dan-viet-tin.md").read_text("utf-8")
    assert "draft: true" in bulletin and "bản nháp" in bulletin
    readme = (site / "README.md").read_text(encoding="utf-8")
    for command in ("bantin build", "bantin serve", "bantin check", "bantin new tin"):
        assert command in readme
    assert_builds_clean(site, run_cli)
    about = (site / "output" / "gioi-thieu" / "index.html").read_text(encoding="utf-8")
    assert ORG in about and "Hội ND tỉnh" in about


@needs_theme
def test_yes_fills_in_defaults_and_says_what_is_left(tmp_path, run_cli):
    site = tmp_path / "site"
    run = run_cli(
        "init", str(site), "--yes", "--org", ORG, "--bloc-name", BLOC, "--member", "Hội A"
    )
    assert run.code == 0, run.err
    config = load_config(site)
    assert config.province == "bac-ninh", "the province named in the organisation's name"
    assert config.base_url == init.DEFAULT_BASE_URL
    assert "base_url is https://example.gov.vn/" in run.out
    assert "leadership:" in run.out
    # no contact given: the Contact page waits as a draft, and nothing links to it
    contact = parse_yaml((site / "content/pages/lien-he.md").read_text("utf-8").split("---")[1])
    assert contact["draft"] is True
    assert "lien-he.md is a draft" in run.out
    assert_builds_clean(site, run_cli)
    assert not (site / "output" / "lien-he").exists()


def test_without_a_terminal_the_required_values_are_errors_naming_their_flags(
    tmp_path, run_cli, monkeypatch
):
    monkeypatch.undo()  # the real check: standard input is not a terminal
    monkeypatch.setattr(sys, "stdin", io.StringIO("Tên cơ quan\n"))
    site = tmp_path / "site"
    run = run_cli("init", str(site))
    assert run.code == 1
    for flag in ("--org", "--bloc-name", "--province", "--member"):
        assert f"{flag}: error:" in run.err, flag
    assert "asks only in a terminal" in run.err
    assert "nothing was written" in run.err
    assert not site.exists()
    assert list(tmp_path.iterdir()) == []


def test_the_province_is_required_when_no_name_says_it(tmp_path, run_cli):
    run = run_cli("init", str(tmp_path / "s"), "--org", "Hội Nông dân", "--bloc-name", "Khối")
    assert run.code == 1
    assert "--province: error:" in run.err and "--org" not in run.err


# ---------------------------------------------------------------- asking in a terminal


def test_questions_show_defaults_and_enter_keeps_them(tmp_path, monkeypatch, capsys):
    answers = iter(
        [
            ORG,  # organisation
            "",  # governing body: none
            "Cụm thi đua số 2 các hội",  # bloc's name
            "",  # province: [Bắc Ninh], found in the organisation's name
            "",  # kind: [cum], from the bloc's name
            "",  # members: at least one is needed
            "Hội Luật gia tỉnh=Hội LG",
            "Hội luật gia TỈNH",  # the same unit again: refused, asked again
            "Hội Khuyến học tỉnh",
            "",  # end of the list
            "",  # title: [the bloc's name]
            "https://thidua.example.vn",  # base_url
            "",  # address, phone, e-mail: none (they would go to branding: too)
            "",
            "",
        ]
    )
    prompts: list[str] = []

    def fake_input(prompt: str) -> str:
        prompts.append(prompt)
        return next(answers)

    monkeypatch.setattr(init, "_can_ask", lambda: True)
    monkeypatch.setattr("builtins.input", fake_input)
    from bantin import cli

    assert cli.main(["init", str(tmp_path / "site")]) == 0
    out = capsys.readouterr().out
    assert "Enter keeps the value" in out
    assert any(p.startswith("Province [Bắc Ninh]") for p in prompts), prompts
    assert any("[cum]" in p for p in prompts)
    assert any(p.startswith("Title of the site [Cụm thi đua số 2 các hội]") for p in prompts)
    assert "would have the same name in links" in out
    assert "this is needed" in out
    config = load_config(tmp_path / "site")
    assert config.province == "bac-ninh" and config.base_url == "https://thidua.example.vn/"
    bloc = parse_yaml((tmp_path / "site/content/blocs/cum-thi-dua-so-2-cac-hoi.yaml").read_text())
    assert bloc["kind"] == "cum" and bloc["number"] == 2
    assert [m["slug"] for m in bloc["members"]] == ["hoi-luat-gia-tinh", "hoi-khuyen-hoc-tinh"]
    assert bloc["members"][0]["short_name"] == "Hội LG"


def test_a_real_terminal_is_asked_in_vietnamese(tmp_path):
    pty = pytest.importorskip("pty")
    master, slave = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "BANTIN_LANG"}
    env["PYTHONPATH"] = str(REPO)
    answers = [ORG, "", BLOC, "", "", "Hội Nông dân tỉnh", "", "", "", "", "", ""]
    os.write(master, ("\n".join(answers) + "\n").encode())
    try:
        done = subprocess.run(
            [sys.executable, "-m", "bantin", "init", str(tmp_path / "site")],
            stdin=slave,
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            cwd=tmp_path,
        )
    finally:
        os.close(slave)
        os.close(master)
    assert done.returncode == 0, done.stderr
    assert "Tên cơ quan đăng tin" in done.stdout
    assert "Tỉnh [Bắc Ninh]" in done.stdout
    assert "đã tạo trang tin của " + ORG in done.stdout
    assert load_config(tmp_path / "site").publisher == ORG


# ---------------------------------------------------------------- never overwrites


@pytest.mark.parametrize("existing", ["site_config.yaml", "content/pages/gioi-thieu.md"])
def test_a_file_that_would_be_overwritten_is_named_and_nothing_is_written(
    tmp_path, run_cli, existing
):
    site = tmp_path / "site"
    (site / existing).parent.mkdir(parents=True)
    (site / existing).write_text("của cơ quan\n", encoding="utf-8")
    run = run_cli("init", str(site), *OFFICE)
    assert run.code == 1
    assert existing in run.err and "never overwrites" in run.err
    assert files_under(site) == [existing]
    assert (site / existing).read_text(encoding="utf-8") == "của cơ quan\n"
    assert [p.name for p in tmp_path.iterdir()] == ["site"], "no temporary folder is left"


def test_a_folder_holding_other_files_is_refused(tmp_path, run_cli):
    site = tmp_path / "site"
    site.mkdir()
    (site / "ghi-chu.txt").write_text("x", encoding="utf-8")
    run = run_cli("init", str(site), *OFFICE)
    assert run.code == 1 and "is not empty" in run.err and "ghi-chu.txt" in run.err
    assert files_under(site) == ["ghi-chu.txt"]
    file = tmp_path / "a-file"
    file.write_text("x", encoding="utf-8")
    run = run_cli("init", str(file), *OFFICE)
    assert run.code == 1 and "is a file, not a folder" in run.err


def test_an_empty_folder_or_a_git_repository_is_used(tmp_path, run_cli):
    site = tmp_path / "site"
    (site / ".git").mkdir(parents=True)
    (site / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    assert run_cli("init", str(site), *OFFICE).code == 0
    assert (site / "site_config.yaml").is_file() and (site / ".git" / "HEAD").is_file()
    (site / ".gitignore").unlink()
    for entry in ("README.md", "site_config.yaml"):
        (site / entry).unlink()
    run = run_cli("init", str(site), *OFFICE)
    assert run.code == 1 and "content" in run.err


def test_bad_values_are_all_reported_before_anything_is_written(tmp_path, run_cli):
    (tmp_path / "logo.gif").write_bytes(b"GIF89a")
    run = run_cli(
        "init",
        str(tmp_path / "site"),
        *OFFICE,
        "--member",
        "HỘI NÔNG DÂN tỉnh Bắc Ninh",
        "--member",
        "=Tên ngắn",
        "--primary-color",
        "đỏ",
        "--logo",
        str(tmp_path / "logo.gif"),
        "--base-url",
        "thidua.bacninh.vn",
    )
    assert run.code == 1
    for expected in (
        "would have the same name in links, 'hoi-nong-dan-tinh-bac-ninh'",
        "is not a member unit",
        "--primary-color 'đỏ' is not a colour",
        "must be an .svg or .png file",
        "base_url must be",
    ):
        assert expected in run.err, expected
    assert not (tmp_path / "site").exists()


def test_a_colour_the_build_would_refuse_is_refused_before_anything_is_written(tmp_path, run_cli):
    # a bright yellow accent reads 1.2:1 on the theme's white: the build would stop on it
    run = run_cli("init", str(tmp_path / "site"), *OFFICE, "--accent-color", "#ffee00")
    assert run.code == 1
    assert run.err.startswith("--accent-color: error: ")
    assert "contrast" in run.err and "1.2:1" in run.err
    assert not (tmp_path / "site").exists()
    # the colour the hint suggests passes everywhere the theme uses the accent
    suggested = re.search(r"e\.g\. (#[0-9a-f]{6})\)", run.err).group(1)
    ok = run_cli("init", str(tmp_path / "site"), *OFFICE, "--accent-color", suggested)
    assert ok.code == 0, ok.err
    assert run_cli("--root", str(tmp_path / "site"), "check", "--strict").code == 0


# ---------------------------------------------------------------- what is written


HOSTILE = [
    'Hội "Nhà báo": #1 tỉnh=- Hội NB',
    "- [Hội] *Luật* gia `x` {y} | <script>alert(1)</script> & co",
    "Hội Cựu\tchiến   binh\\tỉnh=#CCB: 'a'",
]


@needs_theme
def test_hostile_names_read_back_as_written(tmp_path, run_cli):
    site = tmp_path / "site"
    org = 'Ban "Thi đua": #2 - tỉnh Bắc Ninh'
    args = [*OFFICE, "--org", org]
    for m in HOSTILE:
        args += ["--member", m]
    run = run_cli("init", str(site), *args)
    assert run.code == 0, run.err
    assert load_config(site).publisher == org
    site_data, problems = load_and_link(site)
    assert problems == []
    bloc = next(b for b in site_data.blocs if b.slug == BLOC_SLUG)
    names = [(m.name, m.short_name) for m in bloc.members][2:]
    assert names == [
        ('Hội "Nhà báo": #1 tỉnh', "- Hội NB"),
        ("- [Hội] *Luật* gia `x` {y} | <script>alert(1)</script> & co", None),
        ("Hội Cựu chiến binh\\tỉnh", "#CCB: 'a'"),
    ]
    assert_builds_clean(site, run_cli)
    about = (site / "output" / "gioi-thieu" / "index.html").read_text(encoding="utf-8")
    assert "<script>" not in about
    assert "- [Hội] *Luật* gia `x` {y} | &lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in about
    assert "Hội &quot;Nhà báo&quot;: #1 tỉnh" in about or 'Hội "Nhà báo": #1 tỉnh' in about


@needs_theme
def test_a_cum_is_called_a_cum(tmp_path, run_cli):
    site = tmp_path / "site"
    run = run_cli(
        "init",
        str(site),
        "--org",
        "Sở Nội vụ tỉnh Quảng Trị",
        "--bloc-name",
        "Cụm thi đua số 4 các sở, ngành",
        "--province",
        "tỉnh Quảng Trị",
        "--member",
        "Sở Tư pháp tỉnh",
        "--member",
        "Sở Tài chính tỉnh",
    )
    assert run.code == 0, run.err
    assert "(Trưởng cụm, Phó cụm)" in run.out
    bloc = parse_yaml((site / "content/blocs/cum-thi-dua-so-4-cac-so-nganh.yaml").read_text())
    assert bloc["kind"] == "cum" and bloc["number"] == 4 and bloc["province"] == "quang-tri"
    # a province bantin does not list is added to the site's vocabulary
    config = load_config(site)
    assert config.vocabularies["provinces"]["quang-tri"]["name"] == "Quảng Trị"
    for rel in ("content/pages/gioi-thieu.md", "README.md"):
        text = (site / rel).read_text(encoding="utf-8")
        assert "cụm" in text and "Trưởng khối" not in text, rel
    assert_builds_clean(site, run_cli)
    page = (site / "output" / "khoi" / "cum-thi-dua-so-4-cac-so-nganh" / "index.html").read_text(
        "utf-8"
    )
    assert "Cụm thi đua" in page and "Quảng Trị" in page


@needs_theme
def test_branding_flags_and_logo(tmp_path, run_cli):
    (tmp_path / "emblem.PNG").write_bytes(tiny_png())
    site = tmp_path / "site"
    run = run_cli(
        "init",
        str(site),
        *OFFICE,
        "--governing-body",
        "Ủy ban nhân dân tỉnh Bắc Ninh",
        "--primary-color",
        "#8B1A1A",
        "--licence",
        "Giấy phép số 12/GP-TTĐT",
        "--email",
        "bbt@example.vn",
        "--address",
        "- Số 1: [phố] #3",
        "--logo",
        str(tmp_path / "emblem.PNG"),
    )
    assert run.code == 0, run.err
    assert (site / "templates/static/logo.png").read_bytes() == tiny_png()
    data = parse_yaml((site / "site_config.yaml").read_text(encoding="utf-8"))
    assert data["branding"] == {
        "logo": "templates/static/logo.png",
        "governing_body": "Ủy ban nhân dân tỉnh Bắc Ninh",
        "colors": {"primary": "#8b1a1a"},
        "contact": {"address": "- Số 1: [phố] #3", "email": "bbt@example.vn"},
        "licence": "Giấy phép số 12/GP-TTĐT",
    }
    assert_builds_clean(site, run_cli)
    contact = (site / "output" / "lien-he" / "index.html").read_text(encoding="utf-8")
    assert "- Số 1: [phố] #3" in contact and "bbt@example.vn" in contact
    about = (site / "output" / "gioi-thieu" / "index.html").read_text(encoding="utf-8")
    assert "Ủy ban nhân dân tỉnh Bắc Ninh" in about


def test_only_the_branding_keys_given_are_written(tmp_path, run_cli):
    site = tmp_path / "site"
    assert run_cli("init", str(site), *OFFICE).code == 0
    data = parse_yaml((site / "site_config.yaml").read_text(encoding="utf-8"))
    assert "branding" not in data and "vocab" not in data


# ---------------------------------------------------------------- --sample


def test_sample_copies_the_sample_site_without_theme_or_output(tmp_path, run_cli):
    from bantin.bundled import sample_site

    site = tmp_path / "lao-cai"
    run = run_cli("init", str(site), "--sample")
    assert run.code == 0, run.err
    assert sorted(p.name for p in site.iterdir()) == ["content", "site_config.yaml", "templates"]
    source = sample_site()
    expected = sorted(
        p.relative_to(source).as_posix()
        for part in ("content", "templates")
        for p in (source / part).rglob("*")
        if p.is_file()
    )
    assert files_under(site) == sorted([*expected, "site_config.yaml"])
    again = run_cli("init", str(site), "--sample")
    assert again.code == 1 and "site_config.yaml" in again.err


# ---------------------------------------------------------------- theme copy


@needs_theme
def test_theme_copy_makes_the_sites_own_theme_which_the_build_uses(tmp_path, run_cli):
    site = tmp_path / "site"
    assert run_cli("init", str(site), *OFFICE).code == 0
    run = run_cli("--root", str(site), "theme", "copy")
    assert run.code == 0, run.err
    assert "themes/default/" in run.out
    base = site / "themes" / "default" / "templates" / "base.html"
    assert base.is_file()
    base.write_text(
        base.read_text(encoding="utf-8").replace("<body", "<body data-office-copy", 1),
        encoding="utf-8",
    )
    assert run_cli("--root", str(site), "build").code == 0
    assert "data-office-copy" in (site / "output" / "index.html").read_text(encoding="utf-8")
    again = run_cli("--root", str(site), "theme", "copy", "default")
    assert again.code == 1 and "themes/default/ already exists" in again.err
    assert "data-office-copy" in base.read_text(encoding="utf-8"), "never overwritten"
    assert [p.name for p in (site / "themes").iterdir()] == ["default"]


def test_theme_copy_of_an_unknown_theme_names_the_installed_ones(tmp_path, run_cli):
    site = tmp_path / "site"
    assert run_cli("init", str(site), *OFFICE).code == 0
    for name in ("lao-cai", "../default"):
        run = run_cli("--root", str(site), "theme", "copy", name)
        assert run.code == 1
        assert f"there is no installed theme '{name}' (installed: default" in run.err
    assert not (site / "themes").exists()
    run = run_cli("--root", str(tmp_path / "nowhere"), "theme", "copy")
    assert run.code == 1 and "site_config.yaml" in run.err
