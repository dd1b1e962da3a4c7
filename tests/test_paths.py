"""Paths written in content files stay where they belong: slugs are slugs, media paths stay in
content/media/, ``template:`` names one of the site's or the theme's templates, and symbolic
links in content/ do not lead out of it. Each mistake is a problem naming the file (and the line
where there is one), never a traceback, a Jinja ``TemplateNotFound`` or a file read from
elsewhere.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import (
    SITES,
    add_theme,
    bulletin_text,
    copy_site,
    formatted,
    load_and_link,
    write_files,
)

from bantin.config import load_config
from bantin.errors import SiteError
from bantin.loader import load_content
from bantin.sources import walk
from bantin.urls import unsafe_path

NEW = "content/bulletins/2024/tin-moi.md"
HEAD = 'title: "Tin mới"\ndate: 2024-03-01T08:00:00+07:00\n'
PAGE = "content/pages/trang-moi.md"


def codes(problems) -> list[tuple[str, int, str]]:
    return [(p.path, p.line, p.code) for p in sorted(problems)]


# ---------------------------------------------------------------- what a safe path is


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("anh.png", None),
        ("2024/hop-khoi.jpg", None),
        ("tai lieu/bao cáo.pdf", None),
        ("a%20b.png", None),
        ("../site_config.yaml", "'..' leads out of the folder"),
        ("2024/../../x", "'..' leads out of the folder"),
        ("/etc/passwd", "an absolute path"),
        ("C:/Windows/win.ini", "an absolute path"),
        ("~/bi-mat.txt", "an absolute path"),
        ("..\\..\\x", "a '\\' (write '/' between folders)"),
        ("a\\b.png", "a '\\' (write '/' between folders)"),
        ("a\0b.png", "a NUL character"),
        ("a\x1bb.png", "a control character"),
        ("%2e%2e/%2e%2e/x", "'%2e%2e' is '..' in URL code"),
        ("%2E%2E%2Fx", "'%2e%2e' is '..' in URL code"),
        ("%2fetc/passwd", "'%2e%2e' is '..' in URL code"),
        ("a//b.png", "an empty folder name"),
        ("2024/", "an empty folder name"),
        ("", "an empty folder name"),
    ],
)
def test_unsafe_paths_say_why(path, reason):
    said = unsafe_path(path)
    assert (None if said is None else str(said)) == reason


# ---------------------------------------------------------------- media paths


@pytest.mark.parametrize(
    ("src", "why"),
    [
        ("../../site_config.yaml", "'..' leads out of the folder"),
        ("/etc/passwd", "an absolute path"),
        ("%2e%2e/%2e%2e/site_config.yaml", "'%2e%2e' is '..' in URL code"),
        ("..\\\\..\\\\site_config.yaml", "a '\\' (write '/' between folders)"),
        ("anh\\0.png", "a NUL character"),
    ],
)
def test_media_paths_in_front_matter_must_stay_in_media(minimal_site, src, why):
    write_files(minimal_site, {NEW: bulletin_text(HEAD + f'image: {{src: "{src}", alt: "Ảnh"}}\n')})
    _, problems = load_and_link(minimal_site)
    shown = src.replace("\\\\", "\\").replace("\\0", "\\x00")
    assert formatted(problems) == [
        f"{NEW}:4:8: error: '{shown}' is not a path inside content/media/ ({why}) "
        "(write the path from content/media/, e.g. 2024/hop-khoi.jpg)"
    ]


def test_media_paths_in_the_text_must_stay_in_media(minimal_site):
    body = (
        "Mở đầu.\n\n"
        "![Ảnh](media/../../site_config.yaml)\n\n"
        "[Tệp](media/%2e%2e/site_config.yaml)\n\n"
        "[Tệp](media//etc/passwd)\n\n"
        "![Ảnh đúng](media/anh.png)\n"
    )
    write_files(minimal_site, {NEW: bulletin_text(HEAD, body)})
    _, problems = load_and_link(minimal_site)
    assert codes(problems) == [
        (NEW, 7, "link.bad_media_path"),
        (NEW, 9, "link.bad_media_path"),
        (NEW, 11, "link.bad_media_path"),
    ]


def test_bloc_documents_and_rules_are_media_paths_too(minimal_site):
    bloc = "content/blocs/khoi-thu.yaml"
    text = (SITES / "minimal" / bloc).read_text(encoding="utf-8")
    text += "pledges: [{year: 2024, document: ../../../etc/passwd}]\n"
    write_files(minimal_site, {bloc: text})
    _, problems = load_and_link(minimal_site)
    assert codes(problems) == [(bloc, 18, "link.bad_media_path")]


# ---------------------------------------------------------------- templates


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("../../etc/passwd", "'..' leads out of the folder"),
        ("/etc/passwd", "an absolute path"),
        ("..\\\\page.html", "a '\\' (write '/' between folders)"),
        ("%2e%2e/page.html", "'%2e%2e' is '..' in URL code"),
        ("page\\0.html", "a NUL character"),
    ],
)
def test_template_names_that_lead_out_are_refused_at_load_time(minimal_site, name, why):
    write_files(minimal_site, {PAGE: f'---\ntitle: "Trang"\ntemplate: "{name}"\n---\nChữ.\n'})
    content = load_content(load_config(minimal_site))
    shown = name.replace("\\\\", "\\").replace("\\0", "\\x00")
    assert formatted(content.problems) == [
        f"{PAGE}:3:1: error: 'template' must name a template file such as bulletin.html, got "
        f"'{shown}' ({why}) (write only the file name of a template in templates/ or in the "
        "theme, e.g. template: page.html)"
    ]


def test_a_template_the_theme_does_not_have_is_a_problem_when_linking(tmp_path):
    root = copy_site("minimal", tmp_path)
    write_files(root, {PAGE: '---\ntitle: "Trang"\ntemplate: pgae.html\n---\nChữ.\n'})
    _, problems = load_and_link(root)
    assert formatted(problems) == [
        f"{PAGE}:3:1: error: no template 'pgae.html' in templates/ or themes/default/templates/ "
        "(did you mean 'page.html'?)"
    ]


def test_templates_of_the_theme_and_of_the_site_may_be_named(tmp_path):
    root = copy_site("minimal", tmp_path)
    write_files(
        root,
        {
            PAGE: '---\ntitle: "Trang"\ntemplate: page.html\n---\nChữ.\n',
            "content/pages/rieng.md": '---\ntitle: "Riêng"\ntemplate: rieng/trang.html\n---\n',
            "templates/rieng/trang.html": "{% extends 'page.html' %}\n",
        },
    )
    _, problems = load_and_link(root)
    assert problems == []


def test_a_check_and_a_build_report_the_template_not_a_jinja_error(tmp_path, run_cli):
    root = copy_site("minimal", tmp_path)
    write_files(root, {PAGE: '---\ntitle: "Trang"\ntemplate: ../../etc/passwd\n---\nChữ.\n'})
    for argv in (["check"], []):
        run = run_cli("--root", str(root), *argv)
        assert run.code == 1
        assert "Traceback" not in run.err and "TemplateNotFound" not in run.err
        assert f"{PAGE}:3:1: error: 'template' must name a template file" in run.err


# ---------------------------------------------------------------- slugs


@pytest.mark.parametrize(
    ("slug", "suggested"),
    [("../../tin-tuc", "tin-tuc"), ("Hội Nông dân", "hoi-nong-dan"), ("a/b", "a-b"), ("!!", "")],
)
def test_member_slugs_must_be_slugs(minimal_site, slug, suggested):
    bloc = "content/blocs/khoi-thu.yaml"
    text = (SITES / "minimal" / bloc).read_text(encoding="utf-8")
    text = text.replace("{slug: tinh-doan,", f'{{slug: "{slug}",')
    write_files(minimal_site, {bloc: text})
    _, problems = load_and_link(minimal_site)
    assert [(p.path, p.line, p.code) for p in problems] == [(bloc, 8, "load.not_slug")]
    assert f"got '{slug}'" in problems[0].message
    assert problems[0].hint == f"write '{suggested or 'ten-don-vi'}'"


@pytest.mark.parametrize("name", ["Tổng Kết.md", "tong_ket.md", "-.md", "tong ket.md"])
def test_file_names_must_be_slugs(minimal_site, name):
    path = f"content/pages/{name}"
    write_files(minimal_site, {path: '---\ntitle: "Trang"\n---\n'})
    _, problems = load_and_link(minimal_site)
    assert [(p.path, p.code) for p in problems] == [(path, "load.file_name_not_slug")]


# ---------------------------------------------------------------- symbolic links

needs_links = pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")


def link(root, rel: str, target: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, path)


@needs_links
def test_links_that_stay_in_content_are_read_like_files(minimal_site):
    link(minimal_site, "content/pages/ve-khoi.md", "gioi-thieu.md")
    link(minimal_site, "content/profiles/nguoi-moi.md", "../profiles/nguyen-thi-a.md")
    (minimal_site / "content" / "media" / "khac").mkdir()
    link(minimal_site, "content/media/khac/anh-2.png", "../anh.png")
    link(minimal_site, "content/media/2024", "khac")  # a folder of media, by another name
    site, problems = load_and_link(minimal_site)
    assert problems == []
    assert {"ve-khoi", "gioi-thieu"} <= set(site.page_by_slug)
    assert "nguoi-moi" in site.profile_by_slug
    assert {"khac/anh-2.png", "2024/anh-2.png"} <= set(site.media)


@needs_links
def test_a_folder_linked_inside_content_is_read_through_the_link(minimal_site):
    link(minimal_site, "content/pages/trang-khac", "../campaigns")
    # pages go one folder deep: the files seen through the link are in the wrong place
    _, problems = load_and_link(minimal_site)
    assert {p.code for p in problems} == {"load.misplaced_file"}
    assert {p.path for p in problems} == {"content/pages/trang-khac/dan-van-kheo.md"}


@needs_links
def test_links_out_of_content_are_refused_and_never_read(minimal_site, tmp_path):
    secret = tmp_path / "bi-mat"
    secret.mkdir()
    (secret / "mat-khau.md").write_text('---\ntitle: "Mật"\n---\nkhông được đọc\n')
    link(minimal_site, "content/pages/mat-khau.md", str(secret / "mat-khau.md"))
    link(minimal_site, "content/media/ngoai", str(secret))
    link(minimal_site, "content/media/cau-hinh.yaml", "../../site_config.yaml")
    content = load_content(load_config(minimal_site))
    assert formatted(content.problems) == [
        "content/media/cau-hinh.yaml: error: this is a symbolic link to "
        "'../../site_config.yaml', outside content/ (bantin reads only what is inside content/: "
        "copy the file there instead of linking to it)",
        f"content/media/ngoai: error: this is a symbolic link to '{secret}', outside content/ "
        "(bantin reads only what is inside content/: copy the file there instead of linking "
        "to it)",
        f"content/pages/mat-khau.md: error: this is a symbolic link to '{secret}/mat-khau.md', "
        "outside content/ (bantin reads only what is inside content/: copy the file there "
        "instead of linking to it)",
    ]
    assert not [m for m in content.media if "ngoai" in m or "cau-hinh" in m]
    assert "mat-khau" not in {p.slug for p in content.pages}


@needs_links
def test_walking_never_lists_what_a_link_to_an_outside_folder_holds(tmp_path):
    outside = tmp_path / "ngoai"
    outside.mkdir()
    (outside / "a.md").write_text("x")
    base = tmp_path / "site" / "content"
    base.mkdir(parents=True)
    link(base, "pages/ngoai", str(outside))
    found = [rel for rel, _, _ in walk(tmp_path / "site", base).files]
    assert found == ["content/pages/ngoai"]


@needs_links
def test_link_loops_and_broken_links_are_problems(minimal_site):
    link(minimal_site, "content/pages/vong-a.md", "vong-b.md")
    link(minimal_site, "content/pages/vong-b.md", "vong-a.md")
    link(minimal_site, "content/pages/gay.md", "khong-co.md")
    link(minimal_site, "content/bulletins/2024/lap", "..")  # a folder that holds the link
    content = load_content(load_config(minimal_site))
    assert formatted(content.problems) == [
        "content/bulletins/2024/lap: error: this symbolic link leads back to itself (a loop) "
        "(remove the link, or put the file itself here)",
        "content/pages/gay.md: error: this is a symbolic link to 'khong-co.md', which does not "
        "exist (remove the link, or put the file itself here)",
        "content/pages/vong-a.md: error: this symbolic link leads back to itself (a loop) "
        "(remove the link, or put the file itself here)",
        "content/pages/vong-b.md: error: this symbolic link leads back to itself (a loop) "
        "(remove the link, or put the file itself here)",
    ]


@needs_links
def test_a_build_with_a_link_out_of_content_fails_with_the_message(tmp_path, run_cli):
    root = copy_site("minimal", tmp_path)
    add_theme(root)
    link(root, "content/pages/cau-hinh.md", "../../site_config.yaml")
    link(root, "content/media/vong", "../media")
    run = run_cli("--root", str(root))
    assert run.code == 1
    assert "Traceback" not in run.err
    assert run.err.splitlines()[:2] == [
        "content/media/vong: error: this symbolic link leads back to itself (a loop) (remove the "
        "link, or put the file itself here)",
        "content/pages/cau-hinh.md: error: this is a symbolic link to '../../site_config.yaml', "
        "outside content/ (bantin reads only what is inside content/: copy the file there "
        "instead of linking to it)",
    ]
    assert not (root / "output").exists()


# ---------------------------------------------------------------- files that cannot be read


def test_a_file_that_cannot_be_read_is_a_problem_naming_it(minimal_site, monkeypatch):
    page = "content/pages/gioi-thieu.md"
    real = Path.read_bytes

    def refuse(self):
        if self.name == "gioi-thieu.md":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    content = load_content(load_config(minimal_site))
    assert formatted(content.problems) == [
        f"{page}: error: bantin cannot read this file (Permission denied) (check that the file "
        "is still there and that you may read it (its permissions))"
    ]


# ---------------------------------------------------------------- settings naming folders


@pytest.mark.parametrize(
    ("line", "said"),
    [
        (
            "theme: ../../giao-dien",
            "theme must be the name of a folder, got '../../giao-dien' ('..' leads out of the "
            "folder)",
        ),
        (
            "theme: /etc",
            "theme must be the name of a folder, got '/etc' (an absolute path)",
        ),
        (
            "theme: giao-dien/con",
            "theme must be the name of a folder, got 'giao-dien/con' (a '/': a folder of themes/ "
            "is named alone)",
        ),
        (
            'output: "xuat\\0ban"',
            "output must be the name of a folder, got 'xuat\\x00ban' (a control character)",
        ),
    ],
)
def test_theme_and_output_must_name_folders(minimal_site, line, said):
    config = (SITES / "minimal" / "site_config.yaml").read_text(encoding="utf-8")
    write_files(minimal_site, {"site_config.yaml": config + line + "\n"})
    with pytest.raises(SiteError) as info:
        load_config(minimal_site)
    assert [p.message for p in info.value.problems] == [said]
