"""Every command the documentation shows parses with the real command line.

The README and every page under ``docs/`` show commands in fenced code blocks. Each line there
that runs ``bantin …``, ``python build.py …`` or ``python -m bantin …`` (also after ``&&``, ``;``
or a ``$`` prompt, and continued with ``\\``) is split as a shell would split it and given to the
parser of :mod:`bantin.cli`. A flag the program does not have, a command it does not know or a
value it refuses fails the test, naming the file and line. A line holding ``…`` is an elision
and is skipped; in a synopsis, ``[`` ``]`` around options are dropped and ``a|b`` stands for
``a``.
"""

from __future__ import annotations

import io
import re
import shlex
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

from conftest import REPO

from bantin import cli

# fences whose lines are commands (or a synopsis of one); yaml, markdown, python… are not
COMMAND_FENCES = frozenset(
    {"", "sh", "bash", "shell", "console", "shell-session", "zsh", "text", "powershell", "cmd"}
)
FENCE = re.compile(r"^\s*(`{3,}|~{3,})\s*([\w+-]*)")
SEPARATOR = re.compile(r"\s*(?:&&|\|\||;)\s*|\s+\|\s+")
PROMPT = re.compile(r"^(?:\$|PS>|>)\s+")
ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")


@dataclass(frozen=True)
class Command:
    path: str  # relative to the repository
    line: int  # 1-based, where the command starts
    text: str  # as written, continuation lines joined
    args: tuple[str, ...]  # what bantin's parser receives


def doc_files(root: Path = REPO) -> list[Path]:
    return [root / "README.md", *sorted((root / "docs").glob("**/*.md"))]


def code_lines(text: str) -> list[tuple[int, str]]:
    """The lines of the command fences of a Markdown text, each with its 1-based number;
    a line ending in ``\\`` is joined with the next."""
    found: list[tuple[int, str]] = []
    fence: str | None = None
    wanted = False
    pending: tuple[int, str] | None = None
    for number, line in enumerate(text.splitlines(), 1):
        m = FENCE.match(line)
        if fence is None:
            if m:
                fence, wanted = m.group(1), m.group(2).lower() in COMMAND_FENCES
            continue
        if m and m.group(1).startswith(fence) and not m.group(2):
            fence = None
            continue
        if not wanted:
            continue
        start, joined = pending if pending else (number, "")
        joined += line.strip() if pending else line.rstrip()
        if joined.endswith("\\"):
            pending = (start, joined[:-1].rstrip() + " ")
            continue
        pending = None
        found.append((start, joined.strip()))
    return found


def bantin_args(segment: str) -> list[str] | None:
    """The arguments bantin gets from one shell command, or None when it runs something else."""
    segment = PROMPT.sub("", segment.strip())
    try:
        tokens = shlex.split(segment, comments=True)
    except ValueError:  # an unclosed quote: not a command
        return None
    while tokens and ASSIGNMENT.match(tokens[0]):  # BANTIN_LANG=en bantin …
        tokens.pop(0)
    if not tokens:
        return None
    if tokens[0] == "bantin":
        args = tokens[1:]
    elif tokens[0].endswith(("python", "python3", "python.exe")) and len(tokens) > 1:
        if tokens[1] == "build.py":
            args = tokens[2:]
        elif tokens[1:3] == ["-m", "bantin"]:
            args = tokens[3:]
        else:
            return None
    else:
        return None
    return [a for a in map(_unbracketed, args) if a]


def _unbracketed(arg: str) -> str:
    """In a synopsis: ``[--flag`` → ``--flag``, ``VALUE]...`` → ``VALUE``, ``a|b`` → ``a``."""
    arg = arg.removesuffix("...").lstrip("[").rstrip("]")
    if "|" in arg and "://" not in arg:
        arg = arg.split("|", 1)[0]
    return arg


def commands(path: Path, root: Path = REPO) -> list[Command]:
    rel = path.relative_to(root).as_posix()
    found = []
    for number, line in code_lines(path.read_text(encoding="utf-8")):
        if "…" in line:
            continue
        for segment in SEPARATOR.split(line):
            args = bantin_args(segment)
            if args is not None:
                found.append(Command(rel, number, line, tuple(args)))
    return found


def parse_error(args: tuple[str, ...]) -> str | None:
    """What bantin's parser says against ``args``, or None when it accepts them
    (``--help`` and ``--version`` exit 0: accepted)."""
    err = io.StringIO()
    try:
        with redirect_stdout(io.StringIO()), redirect_stderr(err):
            cli._parser().parse_args(list(args))
    except SystemExit as exc:
        if exc.code not in (0, None):
            said = err.getvalue().strip().splitlines()
            return said[-1] if said else f"exit {exc.code}"
    return None


def failures(found: list[Command]) -> list[str]:
    out = []
    for c in found:
        error = parse_error(c.args)
        if error is not None:
            out.append(f"{c.path}:{c.line}: {c.text}\n    → {error}")
    return out


# ---------------------------------------------------------------------------------- the docs


def test_every_command_in_the_docs_parses():
    found = [c for path in doc_files() for c in commands(path)]
    # the README's two commands at least: build, serve, and bantin init
    assert len(found) >= 3, found
    bad = failures(found)
    assert not bad, "commands in the docs that bantin does not accept:\n" + "\n".join(bad)


def test_the_readme_shows_its_two_commands_and_init():
    shown = {c.args[:1] for c in commands(REPO / "README.md")}
    assert {(), ("serve",), ("init",)} <= shown


# ---------------------------------------------------------------------------------- the test


def _doc(tmp_path: Path, text: str) -> Path:
    (tmp_path / "docs" / "vi").mkdir(parents=True)
    (tmp_path / "README.md").write_text("# x\n", encoding="utf-8")
    page = tmp_path / "docs" / "vi" / "thu.md"
    page.write_text(text, encoding="utf-8")
    return page


def test_an_unknown_flag_in_a_doc_fails_naming_file_and_line(tmp_path):
    page = _doc(
        tmp_path,
        "# Thử\n\n```sh\nbantin build\nbantin build --khong-co-co-nay\n```\n",
    )
    bad = failures(commands(page, tmp_path))
    assert len(bad) == 1
    assert bad[0].startswith("docs/vi/thu.md:5: bantin build --khong-co-co-nay")
    assert "--khong-co-co-nay" in bad[0]


def test_an_unknown_command_and_a_bad_value_fail(tmp_path):
    page = _doc(
        tmp_path,
        "```console\n$ bantin xuat-ban\n$ python build.py check --format xml\n```\n",
    )
    bad = failures(commands(page, tmp_path))
    assert [b.split(":")[1] for b in bad] == ["2", "3"]


def test_commands_are_found_wherever_a_shell_runs_them(tmp_path):
    page = _doc(
        tmp_path,
        "Text `bantin --khong` outside a fence is not a command.\n\n"
        "```bash\n"
        "cd site && .venv/bin/python build.py && .venv/bin/python build.py serve\n"
        "BANTIN_LANG=en bantin check --strict   # a comment --khong\n"
        'bantin new tin "Tiêu đề" \\\n'
        "  --bloc khoi-a --no-draft\n"
        "$ python -m bantin --version\n"
        "bantin build --drafts …\n"
        "pip install bantin --khong\n"
        "```\n\n"
        "```yaml\nbantin: --khong\n```\n\n"
        "```text\nbantin check [--strict] [--format text|json] [--built]\n```\n",
    )
    found = commands(page, tmp_path)
    assert [(c.line, c.args) for c in found] == [
        (4, ()),
        (4, ("serve",)),
        (5, ("check", "--strict")),
        (6, ("new", "tin", "Tiêu đề", "--bloc", "khoi-a", "--no-draft")),
        (8, ("--version",)),
        (18, ("check", "--strict", "--format", "text", "--built")),
    ]
    assert failures(found) == []
