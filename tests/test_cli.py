"""bantin.cli: commands, exit codes (0 ok, 1 content errors, 2 usage) and what is printed."""

from conftest import add_theme, bulletin_text, copy_site, needs_theme, write_files

from bantin import __version__
from bantin.cli import main


def test_help_exits_zero_and_names_every_command(run_cli):
    run = run_cli("--help")
    assert run.code == 0
    for command in ("build", "serve", "check"):
        assert command in run.out


def test_an_unknown_command_is_a_usage_error(run_cli):
    run = run_cli("frobnicate")
    assert run.code == 2
    assert "invalid choice: 'frobnicate'" in run.err


def test_an_unknown_option_is_a_usage_error(run_cli):
    assert run_cli("build", "--nhanh").code == 2


def test_version_exits_zero(run_cli):
    run = run_cli("--version")
    assert (run.code, run.out.strip()) == (0, f"bantin {__version__}")


@needs_theme
def test_check_loads_everything_and_writes_nothing(run_cli, minimal_site):
    add_theme(minimal_site)
    run = run_cli("--root", str(minimal_site), "check")
    assert run.code == 0
    assert run.out == (
        "checked 1 bulletins, 1 profiles, 1 campaigns, 1 blocs, 1 pages: "
        "0 error(s), 0 warning(s), 0 note(s) in 0 file(s)\n"
    )
    assert not (minimal_site / "output").exists()
    assert not (minimal_site / ".cache").exists()


@needs_theme
def test_check_prints_warnings_and_still_exits_zero_unless_strict(run_cli, minimal_site):
    add_theme(minimal_site)
    bloc = minimal_site / "content/blocs/khoi-thu.yaml"
    bloc.write_text(bloc.read_text(encoding="utf-8").replace("proposed", "awarded"), "utf-8")
    run = run_cli("--root", str(minimal_site), "check")
    assert run.code == 0
    assert run.err.startswith("content/blocs/khoi-thu.yaml:17:9: warning: award")
    assert run.out.endswith("0 error(s), 1 warning(s), 0 note(s) in 1 file(s)\n")
    assert run_cli("--root", str(minimal_site), "check", "--strict").code == 1


def test_a_folder_without_a_site_is_a_content_error(run_cli, tmp_path):
    run = run_cli("--root", str(tmp_path))
    assert run.code == 1
    assert run.err.splitlines() == [
        "site_config.yaml: error: no site_config.yaml here (run bantin from the site's folder)",
        "build failed: 1 error(s), 0 warning(s); output/ was not changed",
    ]


def test_check_reports_content_errors_with_exit_one(run_cli, minimal_site):
    write_files(
        minimal_site,
        {
            "content/bulletins/2024/loi.md": bulletin_text(
                'title: "x"\ndate: 2024-02-01\ndraft: x\n'
            )
        },
    )
    run = run_cli("--root", str(minimal_site), "check")
    assert run.code == 1
    assert run.err.splitlines()[0] == (
        "content/bulletins/2024/loi.md:4:1: error: 'draft' must be true or false, got 'x'"
    )


@needs_theme
def test_build_is_the_default_command_and_summarises_what_it_wrote(run_cli, tmp_path):
    root = copy_site("basic", tmp_path)
    run = run_cli("--root", str(root))
    assert run.code == 0
    assert run.err == ""
    phases, summary = run.out.splitlines()[:-1], run.out.splitlines()[-1]
    assert [line.split(" in ")[0] for line in phases] == [
        "loaded 10 content files (10 read, 0 from the cache) and linked them",
        "rendered 86 of 86 pages",
        "prepared 2 pictures at several sizes (4 media files)",
        "indexed 7 pages for search",
        "wrote 118 files, removed 0,",  # 86 pages and data files, 4 media, 28 theme, brand, index
    ]
    assert summary.startswith(
        "built 86 pages (4 bulletins, 1 profiles, 2 campaigns, 1 blocs, 1 pages) and "
        "32 other files into output/: 86 rendered, 118 written in "
    )
    assert summary.endswith("; 0 error(s), 0 warning(s)")
    assert (root / "output" / "index.html").is_file()


@needs_theme
def test_a_second_build_says_nothing_changed_and_a_clean_build_renders_everything(
    run_cli, tmp_path
):
    root = copy_site("basic", tmp_path)
    assert run_cli("--root", str(root)).code == 0
    again = run_cli("--root", str(root))
    assert again.code == 0
    assert again.out.startswith(
        "nothing changed: 86 pages (4 bulletins, 1 profiles, 2 campaigns, 1 blocs, 1 pages) "
        "and 32 other files in output/ are up to date in "
    )
    clean = run_cli("--root", str(root), "--jobs", "2", "build", "--clean")
    assert clean.code == 0
    assert ": 86 rendered, 0 written in " in clean.out  # same bytes: no file is rewritten


def test_an_explicit_yaml_tag_is_a_content_error_not_a_crash(run_cli, minimal_site):
    write_files(
        minimal_site,
        {
            "content/bulletins/2024/loi.md": bulletin_text(
                'title: "x"\ndate: 2024-02-01\ndraft: !!bool maybe\n'
            )
        },
    )
    run = run_cli("--root", str(minimal_site), "check")
    assert run.code == 1
    assert "internal error" not in run.err
    assert run.err.startswith("content/bulletins/2024/loi.md:4:")


def test_a_self_referencing_yaml_alias_is_a_content_error_not_a_crash(run_cli, minimal_site):
    write_files(
        minimal_site,
        {
            "content/bulletins/2024/loi.md": (
                '---\n&x\ntitle: "x"\ndate: 2024-02-01\nextra: {a: *x}\n---\nx\n'
            )
        },
    )
    run = run_cli("--root", str(minimal_site), "check")
    assert run.code == 1
    assert "internal error" not in run.err
    assert run.err.startswith("content/bulletins/2024/loi.md:")


def test_problems_are_printed_to_the_current_stderr(capsys, tmp_path):
    main(["--root", str(tmp_path)])
    err = capsys.readouterr().err
    assert err.splitlines()[0].startswith("site_config.yaml: error: no site_config.yaml here")


@needs_theme
def test_quiet_prints_only_problems_and_verbose_prints_every_phase(run_cli, tmp_path):
    root = copy_site("basic", tmp_path)
    quiet = run_cli("build", "--root", str(root), "-q")  # common options after the command too
    assert (quiet.code, quiet.out, quiet.err) == (0, "", "")
    (root / "content/pages/gioi-thieu.md").write_text(
        '---\ntitle: "Giới thiệu mới"\n---\nNội dung.\n', encoding="utf-8"
    )
    loud = run_cli("--root", str(root), "build", "--verbose")
    assert loud.code == 0
    lines = loud.out.splitlines()
    assert "  rendered gioi-thieu/index.html" in lines
    assert any(line.startswith("time per phase (s): scan ") for line in lines)
    again = run_cli("--root", str(root), "build", "-v")
    assert again.out.startswith("looked at every input file: nothing changed (")
    assert run_cli("build", "-q", "-v").code == 2  # one or the other


def test_the_progress_bar_is_drawn_on_a_terminal_once_a_phase_takes_a_while(monkeypatch):
    import io

    from bantin import cli

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    monkeypatch.setattr(cli.sys, "stderr", screen)
    out = cli.Reporter("vi")
    out.progress("render", 10, 100)  # the phase has only begun: nothing drawn
    assert screen.getvalue() == ""
    monkeypatch.setattr(cli, "PROGRESS_AFTER", 0.0)
    out.progress("render", 50, 100)
    assert screen.getvalue() == "\rđang dựng " + "█" * 15 + "░" * 15 + " 50/100"
    out.say("xong")  # the next line first clears the bar
    assert screen.getvalue().endswith("\r\033[K")
    quiet = cli.Reporter("en", quiet=True)
    quiet.progress("render", 60, 100)
    assert "60/100" not in screen.getvalue()


def test_a_pipe_gets_no_progress_bar(monkeypatch, capsys):
    from bantin import cli

    monkeypatch.setattr(cli, "PROGRESS_AFTER", 0.0)
    cli.Reporter("en").progress("parse", 5, 10)
    assert capsys.readouterr().err == ""
