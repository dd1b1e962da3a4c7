"""Shared helpers: copy a fixture site into ``tmp_path``, give it the repository's theme, and run
the pipeline or the command line on it. Nothing here writes outside temporary folders."""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis.configuration import set_hypothesis_home_dir

if TYPE_CHECKING:
    from bantin.errors import Problem
    from bantin.site import Site

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
# Test this working tree's bantin, whatever the current directory and whether or not (or which)
# bantin is installed. Conftest imports bantin lazily, after this line.
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
FIXTURES = TESTS / "fixtures"
SITES = FIXTURES / "sites"
INVALID = FIXTURES / "invalid"
GOLDEN = TESTS / "golden"
THEME = REPO / "themes" / "default"

# Messages are checked in English unless a test asks for the site's language (BANTIN_LANG
# overrides the site's language for one run; tests of Vietnamese messages delete it).
os.environ["BANTIN_LANG"] = "en"

# Hypothesis caches data in .hypothesis/ of the working directory, already while collecting; the
# tests write nowhere but temporary folders, so its cache goes to one that is removed at exit.
_HYPOTHESIS_HOME = Path(tempfile.mkdtemp(prefix="bantin-tests-hypothesis-"))
set_hypothesis_home_dir(_HYPOTHESIS_HOME)
atexit.register(shutil.rmtree, _HYPOTHESIS_HOME, True)

# What a theme needs before a whole site can be rendered with it.
THEME_TEMPLATES = (
    "base.html",
    "home.html",
    "bulletin.html",
    "bulletin_list.html",
    "tags.html",
    "events.html",
    "blocs.html",
    "bloc.html",
    "unit.html",
    "campaigns.html",
    "campaign.html",
    "profiles.html",
    "profile.html",
    "page.html",
    "404.html",
)


def theme_missing() -> str:
    """Why the repository's default theme cannot be used yet, or an empty string."""
    missing = [t for t in THEME_TEMPLATES if not (THEME / "templates" / t).is_file()]
    if missing:
        return "themes/default is not ready yet (missing " + ", ".join(missing) + ")"
    if not (THEME / "strings" / "vi.yaml").is_file():
        return "themes/default is not ready yet (missing strings/vi.yaml)"
    return ""


needs_theme = pytest.mark.skipif(bool(theme_missing()), reason=theme_missing() or "theme ready")


def add_theme(root: Path) -> None:
    """Copy the repository's default theme into the site (fixtures have no theme of their own)."""
    if THEME.is_dir():
        shutil.copytree(THEME, root / "themes" / "default", dirs_exist_ok=True)


def copy_site(name: str, dest: Path, *, theme: bool = True) -> Path:
    """Copy ``tests/fixtures/sites/<name>`` to ``dest/<name>`` and return the copy's root."""
    root = dest / name
    shutil.copytree(SITES / name, root)
    if theme:
        add_theme(root)
    return root


def write_files(root: Path, files: dict[str, str | bytes | None]) -> None:
    """Add, replace (text or bytes) or delete (None) files under ``root``."""
    for rel, data in files.items():
        path = root / rel
        if data is None:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")


def tiny_png() -> bytes:
    """A real 4×3 PNG (pictures are opened and resized by every build and by check)."""
    from io import BytesIO

    from PIL import Image

    buf = BytesIO()
    Image.new("RGB", (4, 3), (200, 30, 30)).save(buf, "PNG")
    return buf.getvalue()


def bulletin_text(front: str, body: str = "Nội dung tin.\n") -> str:
    """A bulletin file: ``front`` is the YAML between the fences."""
    return f"---\n{front}---\n{body}"


def load_and_link(root: Path) -> tuple[Site, list[Problem]]:
    """Load and link without raising: the Site and every problem found (loader + linker)."""
    from bantin.config import load_config
    from bantin.loader import load_content
    from bantin.site import link

    config = load_config(root)
    content = load_content(config)
    site, problems = link(config, content)
    return site, content.problems + problems


def formatted(problems: list[Problem]) -> list[str]:
    return [p.format() for p in sorted(set(problems))]


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def run_cli(capsys):
    """``run_cli(*argv)`` runs ``bantin.cli.main`` and returns its exit code, stdout and stderr."""
    from bantin import cli

    def run(*argv: str) -> Run:
        capsys.readouterr()  # drop anything printed before
        code = cli.main(list(argv))
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture
def minimal_site(tmp_path) -> Path:
    """A copy of the minimal valid site (no theme) to add broken files to."""
    return copy_site("minimal", tmp_path, theme=False)


@pytest.fixture(scope="session")
def basic_build(tmp_path_factory) -> Path:
    """The basic fixture site built once with the repository's theme; returns its root."""
    reason = theme_missing()
    if reason:
        pytest.skip(reason)
    from bantin.pipeline import build

    root = copy_site("basic", tmp_path_factory.mktemp("basic-build"))
    build(root)
    return root


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory):
    """The repository's sample site built once and served on 127.0.0.1 (tests/sitefixtures.py)."""
    from sitefixtures import served_site

    return served_site(tmp_path_factory, None)


@pytest.fixture(scope="session")
def office_site(tmp_path_factory):
    """A site an office made with ``bantin init`` (its names, logo, colours), built and served."""
    from sitefixtures import office_site

    return office_site(tmp_path_factory)


@pytest.fixture(scope="session")
def sub_path_site(tmp_path_factory):
    """The same site built with base_url under another sub-path, served the same way."""
    from sitefixtures import SUB_PATH_BASE_URL, served_site

    return served_site(tmp_path_factory, SUB_PATH_BASE_URL)
