#!/usr/bin/env python3
"""bantin's entry point: ``python build.py [build|serve|check|new] …`` (see ``--help``).

Before anything of bantin is imported, it makes sure that this Python can run it: run by a
Python older than 3.11, or by one without bantin's packages (outside the project's
environment), it says how to set up, in the site's language, instead of a traceback. This file
is kept to the Python of old systems and reads no package; its two messages are here rather
than in the catalogue, which needs PyYAML to be read.
"""

import importlib.util
import os
import re
import sys

# the packages bantin imports (pyproject.toml's dependencies, by their module names)
NEEDED = (
    "yaml",
    "jinja2",
    "markdown",
    "slugify",
    "PIL",
    "nh3",
    "tornado",
    "watchfiles",
    "resvg_py",
)
HERE = os.path.dirname(os.path.abspath(__file__))
WINDOWS = os.name == "nt"
VENV_PYTHON = os.path.join(".venv", "Scripts", "python") if WINDOWS else ".venv/bin/python"
SETUP = "python3 -m venv .venv && {} -m pip install -e .".format(
    VENV_PYTHON if not WINDOWS else r".venv\Scripts\python"
)

MESSAGES = {
    "vi": {
        "old": "bantin cần Python 3.11 trở lên; Python đang chạy là {version}.",
        "missing": "bantin chưa chạy được với Python này ({python}): thiếu gói {missing}.\n"
        "Có lẽ bạn đang chạy ngoài môi trường của dự án.",
        "use": "Thư mục dự án đã có môi trường .venv: hãy chạy bằng Python của nó:\n    {run}",
        "setup": "Hãy cài đặt một lần, trong thư mục dự án:\n"
        "    cd {folder}\n    {setup}\n"
        "rồi chạy bằng Python của môi trường đó:\n    {run}",
    },
    "en": {
        "old": "bantin needs Python 3.11 or newer; this Python is {version}.",
        "missing": "bantin cannot run with this Python ({python}): missing {missing}.\n"
        "You are probably running it outside the project's environment.",
        "use": "The project folder has its environment .venv: run with its Python:\n    {run}",
        "setup": "Set it up once, in the project folder:\n"
        "    cd {folder}\n    {setup}\n"
        "then run with that environment's Python:\n    {run}",
    },
}


def site_language(argv):
    """``vi`` or ``en`` as BANTIN_LANG or the site's ``language:`` says (in the file --config
    names, else the site's site_config.yaml; Vietnamese when it says nothing); None without
    that file (both languages are printed then)."""
    wanted = os.environ.get("BANTIN_LANG", "").strip().lower()[:2]
    if wanted in MESSAGES:
        return wanted
    given = {"--root": ".", "--config": None}
    for i, arg in enumerate(argv):
        for flag in given:
            if arg == flag and i + 1 < len(argv):
                given[flag] = argv[i + 1]
            elif arg.startswith(flag + "="):
                given[flag] = arg[len(flag) + 1 :]
    config = given["--config"] or os.path.join(given["--root"], "site_config.yaml")
    try:
        with open(config, "rb") as f:
            data = f.read(65536)
    except OSError:
        return None
    text = data.decode("utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8", "replace")
    found = re.search(r"""^language:\s*["']?([a-z]{2})\b""", text, re.MULTILINE)
    if found is None:
        return "vi"  # a site's language unless it says otherwise
    return found.group(1) if found.group(1) in MESSAGES else None


def missing_packages():
    return [name for name in NEEDED if importlib.util.find_spec(name) is None]


def setup_advice(argv):
    """What to tell the user when this Python cannot run bantin, or None when it can."""
    old = sys.version_info < (3, 11)
    missing = [] if old else missing_packages()
    if not old and not missing:
        return None
    lang = site_language(argv)
    venv = os.path.join(HERE, ".venv")
    has_venv = os.path.isdir(venv) and os.path.realpath(sys.prefix) != os.path.realpath(venv)
    here = os.path.abspath(os.getcwd()) == HERE  # else the command names the files in full
    run = [VENV_PYTHON if here else os.path.join(HERE, VENV_PYTHON)]
    run += ["build.py" if here else os.path.join(HERE, "build.py"), *argv]
    fields = {
        "version": "{}.{}.{}".format(*sys.version_info[:3]),
        "python": sys.executable or "python",
        "missing": ", ".join(missing),
        "folder": HERE,
        "setup": SETUP,
        "run": " ".join(run).rstrip(),
    }
    parts = []
    for language in [lang] if lang else ["vi", "en"]:
        said = MESSAGES[language]
        first = said["old"] if old else said["missing"]
        then = said["use"] if has_venv else said["setup"]
        parts.append((first + "\n" + then).format(**fields).rstrip())
    return "\n\n".join(parts)


if __name__ == "__main__":
    advice = setup_advice(sys.argv[1:])
    if advice is not None:
        sys.stderr.write(advice + "\n")
        raise SystemExit(2)
    from bantin.cli import run

    run()
