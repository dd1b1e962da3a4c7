"""Where the external test tools are: Chromium, Java, the Nu HTML Checker (vnu.jar), axe-core and
Playwright. ``scripts/install-test-tools.sh`` installs them all.

A test that needs a missing tool is skipped, with the reason printed by ``-ra``; in CI (the
environment variable ``CI`` set to ``true``) it fails instead, so CI can never skip silently.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from types import ModuleType
from typing import NoReturn

import pytest

REPO = Path(__file__).resolve().parent.parent
TOOLS = REPO / ".tools" / "node_modules"
INSTALL_HINT = "run scripts/install-test-tools.sh"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def missing(what: str) -> NoReturn:
    """Skip the test because ``what`` is not there; in CI, fail it."""
    reason = f"{what} not found: {INSTALL_HINT}"
    if in_ci():
        pytest.fail(
            f"{reason} (CI=true: a missing test tool fails instead of skipping)", pytrace=False
        )
    pytest.skip(reason)


def _file_from_env(var: str, what: str) -> Path | None:
    """The file named by the environment variable ``var``; None if it is not set."""
    value = os.environ.get(var)
    if not value:
        return None
    if not Path(value).is_file():
        missing(f"{what} (${var}={value})")
    return Path(value)


def chromium() -> str:
    """The Chromium executable: $BANTIN_CHROMIUM, /usr/bin/chromium or ``chromium`` on PATH."""
    env = _file_from_env("BANTIN_CHROMIUM", "Chromium")
    if env is not None:
        return str(env)
    for candidate in ("/usr/bin/chromium", shutil.which("chromium")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    missing("Chromium ($BANTIN_CHROMIUM, /usr/bin/chromium or chromium on PATH)")


def java() -> str:
    path = shutil.which("java")
    if path is None:
        missing("Java (java on PATH)")
    return path


def vnu_jar() -> Path:
    """The Nu HTML Checker: $BANTIN_VNU_JAR or the npm package vnu-jar in .tools/."""
    path = (
        _file_from_env("BANTIN_VNU_JAR", "the Nu HTML Checker")
        or TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
    )
    if not path.is_file():
        missing(f"the Nu HTML Checker ($BANTIN_VNU_JAR or {path.relative_to(REPO)})")
    return path


def axe_js() -> Path:
    path = TOOLS / "axe-core" / "axe.min.js"
    if not path.is_file():
        missing(f"axe-core ({path.relative_to(REPO)})")
    return path


def playwright_sync() -> ModuleType:
    """``playwright.sync_api`` (the Python package; its own browser downloads are never used)."""
    try:
        import playwright.sync_api as sync_api
    except ImportError:
        missing("Playwright for Python (pip install -e '.[test]')")
    return sync_api


# How Chromium is started here: headless, and with nothing that reaches for the network by itself.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def icu_python() -> str:
    """A Python that can ``import icu`` (PyICU): this one, or the system's /usr/bin/python3 with
    Debian's python3-icu (which install-test-tools.sh installs)."""
    import subprocess
    import sys

    for candidate in (sys.executable, "/usr/bin/python3"):
        if os.access(candidate, os.X_OK):
            found = subprocess.run([candidate, "-c", "import icu"], capture_output=True)
            if found.returncode == 0:
                return candidate
    missing("PyICU (python3-icu for /usr/bin/python3, or PyICU in this environment)")
