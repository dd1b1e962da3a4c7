"""Nothing slips through the writer's workflow (issue 14, requirements 13–16): drafts, scheduled
and expired items are checked like any file and never reach output/; body images and links
that do not lead into content/media/ are errors at check and build, with the Markdown file and
line; text saved as UTF-16 or UTF-8 with a BOM is read; curly quotes used as YAML quotes are
errors with the fix; build.py outside its environment and a busy port in serve say what to do."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, bulletin_text, copy_site, load_and_link, write_files

DRAFT = "content/bulletins/2024/du-thao-so-ket.md"
SCHEDULED = "content/bulletins/2099/hen-gio-tong-ket.md"
EXPIRED = "content/bulletins/2024/thong-bao-het-han.md"
DRAFT_PROFILE = "content/profiles/le-van-cuong.md"


def _errors(problems, path: str) -> list[str]:
    return [p.format("vi") for p in problems if p.path == path and p.severity == "error"]


# ---------------------------------------------------------------- 13. drafts are checked


def _unpublished(root: Path) -> None:
    """A draft bulletin naming a draft profile, a bulletin scheduled for 2099 and one that has
    expired: three items a published site leaves out."""
    write_files(
        root,
        {
            DRAFT_PROFILE: (
                '---\nname: "Lê Văn Cường"\nconsent: true\ndraft: true\npositions:\n'
                '  - {title: "Phó Chủ tịch", unit: hoi-nong-dan, holds_leadership_post: true}\n'
                "---\nAnh Lê Văn Cường, Phó Chủ tịch Hội Nông dân tỉnh.\n"
            ),
            DRAFT: bulletin_text(
                'title: "Dự thảo: sơ kết 6 tháng đầu năm 2024"\ndate: 2024-07-05\n'
                "draft: true\nunits: [hoi-nong-dan]\npeople: [le-van-cuong]\n"
                "campaigns: [dan-van-kheo]\n",
                "Khối sơ kết công tác thi đua 6 tháng đầu năm.\n",
            ),
            SCHEDULED: bulletin_text(
                'title: "Tổng kết năm 2099"\ndate: 2099-12-20T08:00:00+07:00\n'
                "units: [ubmttq]\npeople: [le-van-cuong]\n"
            ),
            EXPIRED: bulletin_text(
                'title: "Thông báo lịch giao ban quý I"\ndate: 2024-01-05\n'
                "expires: 2024-03-31\nunits: [ubmttq]\n"
            ),
        },
    )


def test_a_draft_with_a_misspelt_campaign_fails_check(tmp_path, run_cli):
    root = copy_site("minimal", tmp_path)
    _unpublished(root)
    assert run_cli("--root", str(root), "check").code == 0  # drafts naming drafts: fine
    text = (root / DRAFT).read_text(encoding="utf-8")
    (root / DRAFT).write_text(text.replace("dan-van-kheo", "dan-van-khoe"), encoding="utf-8")
    run = run_cli("--root", str(root), "check")
    assert run.code == 1
    assert f"{DRAFT}:7:" in run.err
    assert "'dan-van-khoe'" in run.err and "'dan-van-kheo'" in run.err  # with the suggestion


@pytest.mark.parametrize("path", [DRAFT, SCHEDULED, EXPIRED])
def test_every_left_out_item_is_checked_against_every_item(tmp_path, path):
    root = copy_site("minimal", tmp_path, theme=False)
    _unpublished(root)
    text = (root / path).read_text(encoding="utf-8")
    (root / path).write_text(text.replace("units: [", "units: [hoi-nong-dam, "), encoding="utf-8")
    _, problems = load_and_link(root)
    assert any("'hoi-nong-dam'" in e for e in _errors(problems, path)), problems
    assert not _errors(problems, DRAFT_PROFILE)


def test_a_published_item_naming_a_draft_is_still_an_error(tmp_path):
    root = copy_site("minimal", tmp_path, theme=False)
    _unpublished(root)
    write_files(
        root,
        {
            "content/bulletins/2024/giao-ban.md": bulletin_text(
                'title: "Giao ban quý II"\ndate: 2024-04-10\npeople: [le-van-cuong]\n'
            )
        },
    )
    _, problems = load_and_link(root)
    (error,) = _errors(problems, "content/bulletins/2024/giao-ban.md")
    assert "le-van-cuong" in error and "nháp" in error
    # the draft bulletin and the scheduled one name the same draft profile: no error
    assert not _errors(problems, DRAFT) and not _errors(problems, SCHEDULED)


def test_build_says_what_it_left_out_and_names_them_with_verbose(tmp_path, run_cli, monkeypatch):
    monkeypatch.setenv("BANTIN_LANG", "vi")
    root = copy_site("minimal", tmp_path)
    _unpublished(root)
    run = run_cli("--root", str(root), "build")
    assert run.code == 0, run.err
    assert "Bỏ qua 2 bản nháp, 1 tin hẹn giờ, 1 mục hết hạn" in run.out
    assert DRAFT not in run.out
    assert not (root / "output/tin-tuc/2024/du-thao-so-ket").exists()
    run = run_cli("--root", str(root), "build", "--verbose", "--clean")
    for status, path in [
        ("bản nháp", DRAFT),
        ("bản nháp", DRAFT_PROFILE),
        ("hẹn giờ đăng", SCHEDULED),
        ("hết hạn", EXPIRED),
    ]:
        assert f"bỏ qua ({status}): {path}" in run.out
    # a build that finds nothing changed says it too
    run = run_cli("--root", str(root), "build")
    assert "Bỏ qua 2 bản nháp, 1 tin hẹn giờ, 1 mục hết hạn" in run.out


def test_a_review_build_never_touches_output(tmp_path, run_cli, monkeypatch):
    monkeypatch.setenv("BANTIN_LANG", "vi")
    root = copy_site("minimal", tmp_path)
    _unpublished(root)
    assert run_cli("--root", str(root), "build").code == 0
    marker = root / "output" / "da-dang.txt"
    marker.write_text("bản đã đăng lên máy chủ", encoding="utf-8")
    before = sorted(p.relative_to(root).as_posix() for p in (root / "output").rglob("*"))
    # (--future alone would show the scheduled bulletin naming a draft: an error)
    for flags in (["--drafts"], ["--expired"], ["--drafts", "--future", "--expired"]):
        run = run_cli("--root", str(root), "build", *flags)
        assert run.code == 0, run.err
        assert "xem-truoc/" in run.out and "đừng bao giờ đăng thư mục này" in run.out
    assert sorted(p.relative_to(root).as_posix() for p in (root / "output").rglob("*")) == before
    assert marker.read_text(encoding="utf-8") == "bản đã đăng lên máy chủ"
    assert (root / "xem-truoc/tin-tuc/2024/du-thao-so-ket/index.html").is_file()
    assert not (root / "output/tin-tuc/2024/du-thao-so-ket").exists()


def test_an_output_setting_naming_the_review_folder_is_refused(tmp_path, run_cli):
    root = copy_site("minimal", tmp_path)
    config = root / "site_config.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "output: xem-truoc\n", "utf-8")
    run = run_cli("--root", str(root), "build", "--drafts")
    assert run.code == 1
    assert "review copy" in run.err or "bản xem lại" in run.err


# ---------------------------------------------------------------- 15. encodings and quotes

NOTEPAD = "content/bulletins/2024/giao-ban-quy-2.md"
NOTEPAD_TEXT = bulletin_text(
    'title: "Giao ban quý II năm 2024"\ndate: 2024-04-12\nunits: [ubmttq, hoi-nong-dan]\n',
    "Sáng 12/4, Khối thi đua giao ban quý II tại trụ sở Ủy ban MTTQ tỉnh.\n",
).replace("\n", "\r\n")  # Notepad ends its lines so


@pytest.mark.parametrize(
    "data",
    [
        NOTEPAD_TEXT.encode("utf-16"),  # Notepad's "Unicode": little-endian with a BOM
        NOTEPAD_TEXT.encode("utf-16-le"),
        b"\xfe\xff" + NOTEPAD_TEXT.encode("utf-16-be"),  # "Unicode big endian"
        NOTEPAD_TEXT.encode("utf-8-sig"),  # "UTF-8 with BOM"
    ],
    ids=["utf-16", "utf-16-le-no-bom", "utf-16-be", "utf-8-bom"],
)
def test_text_saved_as_utf16_or_with_a_bom_is_read(tmp_path, data):
    root = copy_site("minimal", tmp_path, theme=False)
    write_files(root, {NOTEPAD: data})
    site, problems = load_and_link(root)
    assert not [p for p in problems if p.path == NOTEPAD], problems
    bulletin = site.by_id["2024/giao-ban-quy-2"]
    assert bulletin.title == "Giao ban quý II năm 2024"
    assert "trụ sở Ủy ban MTTQ tỉnh" in bulletin.body.html


def test_a_bloc_file_and_the_settings_saved_as_utf16_are_read(tmp_path, run_cli):
    root = copy_site("minimal", tmp_path, theme=False)
    for rel in ("content/blocs/khoi-thu.yaml", "site_config.yaml"):
        text = (root / rel).read_text(encoding="utf-8")
        (root / rel).write_bytes(text.replace("\n", "\r\n").encode("utf-16"))
    site, problems = load_and_link(root)
    assert not [p for p in problems if p.severity == "error"], problems
    assert site.config.title == "Khối thi đua thử nghiệm"
    assert site.blocs


def test_a_binary_file_is_never_advised_to_be_deleted(tmp_path, run_cli):
    root = copy_site("minimal", tmp_path, theme=False)
    write_files(root, {NOTEPAD: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x04"})
    _, problems = load_and_link(root)
    (problem,) = [p for p in problems if p.path == NOTEPAD]
    said = problem.format("vi") + problem.format("en")
    assert "content/media/" in said and "UTF-8" in said
    assert "xoá tệp" not in said and "remove it" not in said


CURLY = "content/bulletins/2024/ngoac-cong.md"


@pytest.mark.parametrize(
    ("line", "fix"),
    [
        ("title: “Giao ban quý II năm 2024”", 'title: "Giao ban quý II năm 2024"'),
        ("title: ‘Giao ban quý II năm 2024’", 'title: "Giao ban quý II năm 2024"'),
        # PyYAML reads this as a mapping inside the title and says something else entirely
        ("title: “Giao ban quý II: hoàn thành 50% chỉ tiêu”", 'title: "Giao ban quý II: hoàn'),
        ('title: “Hội nghị "Dân vận khéo"”', "title: 'Hội nghị \"Dân vận khéo\"'"),
    ],
)
def test_curly_quotes_used_as_yaml_quotes_are_an_error_with_the_fix(tmp_path, line, fix):
    root = copy_site("minimal", tmp_path, theme=False)
    write_files(root, {CURLY: bulletin_text(f"{line}\ndate: 2024-04-12\n")})
    _, problems = load_and_link(root)
    (problem,) = [p for p in problems if p.path == CURLY]
    assert problem.severity == "error" and problem.line == 2
    assert f"(hãy đặt giá trị trong dấu ngoặc thẳng: {fix}" in problem.format("vi")


def test_curly_quotes_inside_a_value_are_text(tmp_path):
    root = copy_site("minimal", tmp_path, theme=False)
    title = "“Dân vận khéo” và “Dân vận giỏi” ở khu dân cư"
    write_files(root, {CURLY: bulletin_text(f"title: {title}\ndate: 2024-04-12\n")})
    site, problems = load_and_link(root)
    assert not [p for p in problems if p.path == CURLY]
    assert site.by_id["2024/ngoac-cong"].title == title


# ---------------------------------------------------------------- 14. body images and links

PICTURES = "content/bulletins/2026/trao-co-thi-dua.md"
PICTURES_BODY = """Chiều 15/1, Khối thi đua tổng kết công tác năm 2025.

![Quang cảnh hội nghị](IMG_0412.png)
Quang cảnh hội nghị.

![Trao cờ thi đua](../media/2026/IMG_0415.png)

![Ảnh lưu niệm](2026/IMG_0412.png)

Toàn văn [quy chế](/uploads/quy-che-khoi-2026.pdf) và [báo cáo](media/2026/bao-cao.pdf).

![Ảnh thiếu](media/2026/IMG_0419.png)

Xem thêm [trang liên hệ](/lien-he/).
"""


def _site_with_pictures(tmp_path) -> Path:
    from conftest import tiny_png

    root = copy_site("minimal", tmp_path)
    write_files(
        root,
        {
            "content/media/2026/IMG_0412.png": tiny_png(),
            "content/media/2026/IMG_0415.png": tiny_png(),
            "content/media/2026/IMG_0418.png": tiny_png(),
            PICTURES: bulletin_text(
                'title: "Tổng kết năm 2025"\ndate: 2026-01-15T15:00:00+07:00\n', PICTURES_BODY
            ),
        },
    )
    return root


BODY_PROBLEMS = [
    # (line, what is said, the hint's form)
    (7, "'IMG_0412.png' không phải một tệp trong content/media/", "![…](media/2026/IMG_0412.png)"),
    (10, "'../media/2026/IMG_0415.png' không phải", "![…](media/2026/IMG_0415.png)"),
    (12, "'2026/IMG_0412.png' không phải", "![…](media/2026/IMG_0412.png)"),
    (14, "'/uploads/quy-che-khoi-2026.pdf' không phải", "[…](media/2024/quy-che.pdf)"),
    (
        14,
        "thiếu tệp media 'content/media/2026/bao-cao.pdf'",
        "(đặt tệp vào thư mục content/media/)",
    ),
    (16, "thiếu tệp media 'content/media/2026/IMG_0419.png'", "'media/2026/IMG_0418.png'?"),
    (18, "'/lien-he/' là một địa chỉ trên máy chủ", "page:lien-he"),
]


def _said_about_the_body(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith(PICTURES)]


@pytest.mark.parametrize("command", ["check", "build"])
def test_body_images_and_links_outside_media_are_errors_with_line_and_form(
    tmp_path, run_cli, monkeypatch, command
):
    monkeypatch.setenv("BANTIN_LANG", "vi")
    root = _site_with_pictures(tmp_path)
    run = run_cli("--root", str(root), command)
    assert run.code == 1
    said = _said_about_the_body(run.err)
    assert len(said) == len(BODY_PROBLEMS), said
    for line, message, form in BODY_PROBLEMS:
        assert any(
            s.startswith(f"{PICTURES}:{line}:") and message in s and form in s for s in said
        ), (line, said)
    assert not (root / "output").exists()


def test_the_forms_the_hints_show_work(tmp_path, run_cli):
    root = _site_with_pictures(tmp_path)
    body = (
        "Chiều 15/1, Khối thi đua tổng kết công tác năm 2025.\n\n"
        "![Quang cảnh hội nghị](media/2026/IMG_0412.png)\nQuang cảnh hội nghị.\n\n"
        "![Trao cờ thi đua](media/2026/IMG_0415.png)\n\nXem thêm [trang](page:gioi-thieu).\n"
    )
    write_files(
        root,
        {
            PICTURES: bulletin_text(
                'title: "Tổng kết năm 2025"\ndate: 2026-01-15T15:00:00+07:00\n', body
            )
        },
    )
    run = run_cli("--root", str(root), "build")
    assert run.code == 0, run.err
    run = run_cli("--root", str(root), "check", "--built")
    assert run.code == 0, run.err


# ---------------------------------------------------------------- 16. start-up and serve


def _python_without_packages(*argv: str, cwd: Path, env: dict[str, str] | None = None):
    """build.py run by this Python with no site-packages (-S) and no environment (-I): as
    when it is run outside the project's environment."""
    return subprocess.run(
        [sys.executable, "-I", "-S", str(REPO / "build.py"), *argv],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, **(env or {})},
        timeout=60,
    )


def test_build_py_outside_its_environment_says_how_to_set_up(tmp_path):
    root = copy_site("minimal", tmp_path, theme=False)
    env = {"BANTIN_LANG": ""}
    run = _python_without_packages("check", cwd=root, env=env)
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    assert "thiếu gói yaml" in run.stderr and "build.py check" in run.stderr
    assert "pip install -e ." in run.stderr or ".venv" in run.stderr
    assert "missing" not in run.stderr  # the site's language only
    config = root / "site_config.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "language: en\n", "utf-8")
    run = _python_without_packages("--root", str(root), "build", cwd=tmp_path, env=env)
    assert run.returncode == 2
    assert "missing yaml" in run.stderr and "thiếu" not in run.stderr
    # the settings --config names, wherever they are
    english = tmp_path / "english.yaml"
    english.write_text("language: en\n", "utf-8")
    run = _python_without_packages("--config", str(english), "build", cwd=root, env=env)
    assert "missing yaml" in run.stderr and "thiếu" not in run.stderr
    # no site here: both languages
    run = _python_without_packages(cwd=tmp_path, env=env)
    assert "thiếu gói" in run.stderr and "missing" in run.stderr


def _listening(port: int = 0) -> socket.socket:
    busy = socket.socket()
    busy.bind(("127.0.0.1", port))
    busy.listen()
    return busy


def test_serve_on_a_busy_port_says_so(tmp_path, run_cli, monkeypatch):
    monkeypatch.setenv("BANTIN_LANG", "vi")
    root = copy_site("minimal", tmp_path)
    with _listening() as busy:
        port = busy.getsockname()[1]
        run = run_cli("--root", str(root), "serve", "--port", str(port))
    assert run.code == 1
    assert f"cổng {port} đang được chương trình khác dùng" in run.err
    assert f"serve --port {port + 1}" in run.err
    assert "nội bộ" not in run.err and "internal" not in run.err.lower()


def test_serve_without_a_port_takes_the_next_free_one(monkeypatch):
    from bantin import server

    with _listening() as busy:
        port = busy.getsockname()[1]
        monkeypatch.setattr(server, "PORT", port)
        sockets, chosen = server.listen_sockets("127.0.0.1", None)
        try:
            assert chosen > port
            assert sockets[0].getsockname()[1] == chosen
        finally:
            for s in sockets:
                s.close()
