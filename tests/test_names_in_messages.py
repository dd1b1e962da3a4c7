"""File names that would take over a terminal: escape sequences (colours, a window title) and
right-to-left overrides that show ``tin<RLO>gnp.md`` as ``tinpng.md``. Wherever bantin prints a
path or a name from a file, such characters are shown as visible escapes (``\\x1b``,
``\\u202e``), never sent raw (defect 12).

``--format json`` gives each problem's ``path`` exactly (tools open the file by it) and its
message as the text output says it; the characters a terminal would act on are written as JSON
``\\u`` escapes, so the JSON printed holds none of them either and decodes to the real name.
"""

from __future__ import annotations

import json

import pytest
from conftest import bulletin_text, write_files

from bantin.errors import Problem
from bantin.text import printable

COLOUR = "\x1b[31mdo.md"  # the rest of the terminal turns red
TITLE = "\x1b]0;bi-mat\x07.md"  # sets the terminal window's title
RLO = "tin\u202egnp.md"  # shown as "tinpng.md"
RAW = ("\x1b", "\x07", "\u202e", "\u2066", "\u200f", "\x9b")


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("content/pages/gioi-thieu.md", "content/pages/gioi-thieu.md"),
        ("ảnh hội nghị.jpg", "ảnh hội nghị.jpg"),
        ("\x1b[31mdo", "\\x1b[31mdo"),
        ("\x1b]0;t\x07", "\\x1b]0;t\\x07"),
        ("a\x7fb\x9bc", "a\\x7fb\\x9bc"),
        ("tin\u202egnp", "tin\\u202egnp"),
        ("\u2066a\u2069\u200e\u200f\u061c", "\\u2066a\\u2069\\u200e\\u200f\\u061c"),
        ("a\u200bb\ufeff", "a\\u200bb\\ufeff"),
        ("a\U000e0001b", "a\\U000e0001b"),
        ("dòng 1\ndòng 2\t", "dòng 1\\x0adòng 2\\x09"),
    ],
)
def test_printable_shows_what_a_terminal_would_hide_or_obey(text, shown):
    assert printable(text) == shown


def test_a_problem_shows_its_path_and_message_escaped():
    p = Problem("content/pages/" + RLO, 3, 1, f"unknown key '\x1b[2J{RLO}'", "hint \u2067x")
    assert p.format() == (
        "content/pages/tin\\u202egnp.md:3:1: error: unknown key '\\x1b[2Jtin\\u202egnp.md' "
        "(hint \\u2067x)"
    )
    data = p.as_dict()
    assert data["path"] == "content/pages/" + RLO  # exact, for tools
    assert data["message"] == "unknown key '\\x1b[2Jtin\\u202egnp.md'"


def hostile_site(root):
    write_files(
        root,
        {
            f"content/pages/{COLOUR}": '---\ntitle: "Trang đỏ"\n---\nNội dung.\n',
            f"content/bulletins/2024/{TITLE}": bulletin_text(
                'title: "Tin"\ndate: 2024-03-01T08:00:00+07:00\n'
            ),
            f"content/pages/{RLO}": '---\ntitle: "Tin"\n---\nNội dung.\n',
            "content/bulletins/2024/anh-la.md": bulletin_text(
                'title: "Ảnh lạ"\ndate: 2024-03-02T08:00:00+07:00\n'
                'image: {src: "2024/\u202egnp.exe", alt: "Ảnh"}\n'
            ),
        },
    )


def assert_no_raw(text: str) -> None:
    assert not [c for c in RAW if c in text], repr(text)


@pytest.mark.parametrize("command", ["build", "check"])
def test_the_command_line_never_prints_them_raw(minimal_site, run_cli, command):
    hostile_site(minimal_site)
    run = run_cli("--root", str(minimal_site), *([] if command == "build" else [command]))
    assert run.code == 1
    assert_no_raw(run.out + run.err)
    assert "content/pages/\\x1b[31mdo.md: error: the file name '\\x1b[31mdo'" in run.err
    assert "content/bulletins/2024/\\x1b]0;bi-mat\\x07.md: error:" in run.err
    assert "content/pages/tin\\u202egnp.md: error: the file name 'tin\\u202egnp'" in run.err
    assert "'2024/\\u202egnp.exe'" in run.err  # a name from a file, in a message


def test_json_gives_the_exact_paths_without_raw_characters(minimal_site, run_cli):
    hostile_site(minimal_site)
    run = run_cli("--root", str(minimal_site), "check", "--format", "json")
    assert run.code == 1
    assert_no_raw(run.out + run.err)
    data = json.loads(run.out)
    paths = {p["path"] for p in data["problems"]}
    assert {
        f"content/pages/{COLOUR}",
        f"content/bulletins/2024/{TITLE}",
        f"content/pages/{RLO}",
    } <= paths
    messages = " ".join(p["message"] for p in data["problems"])
    assert "'tin\\u202egnp'" in messages and "'\\x1b[31mdo'" in messages
