"""``bantin theme copy [NAME]``: copy an installed theme into the site, to change it there.

A site uses the theme installed with bantin (upgrading bantin upgrades it) unless it has a
folder ``themes/<name>/`` of its own (:func:`bantin.bundled.theme_folder`). This command makes
that folder from the installed theme ``NAME`` (default: the site's ``theme:``). It never
overwrites: an existing ``themes/<name>/`` is an error. The copy is made beside and renamed into
place, so a failure halfway leaves no half theme that the site would then use.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from .config import CONFIG_NAME, load_config
from .errors import Problem, SiteError
from .messages import msg, tr


def register(subparsers: Any, **options: Any) -> None:
    """Add ``theme copy`` (``options`` go to ``add_parser``, e.g. the shared options)."""
    theme = subparsers.add_parser(
        "theme",
        **options,
        help=msg("cli.help.theme"),
        description=msg("cli.help.theme_description"),
    )
    actions = theme.add_subparsers(dest="theme_command", metavar="ACTION", required=True)
    copy = actions.add_parser(
        "copy",
        **options,
        help=msg("cli.help.theme_copy"),
        description=msg("cli.help.theme_copy_description"),
    )
    copy.add_argument("name", nargs="?", metavar="NAME", help=msg("cli.help.theme_name"))


def run(root: Path, args: argparse.Namespace, lang: str) -> int:
    """Run the ``theme`` action ``args`` asks for; user problems raise :class:`SiteError`."""
    copied = copy_theme(root, args.name, getattr(args, "config", None))
    rel = copied.relative_to(root).as_posix()
    print(tr(msg("new.theme_copied", name=copied.name, path=rel + "/"), lang))
    return 0


def copy_theme(root: Path, name: str | None = None, config_file: Path | None = None) -> Path:
    """Copy the installed theme ``name`` (default: the ``theme:`` of the site's settings, read
    from ``config_file`` when given) into ``root/themes/<name>/``; the new folder."""
    from .bundled import bundled_theme, installed_themes

    if config_file is None and not (root / CONFIG_NAME).is_file():
        problem = Problem(CONFIG_NAME, 0, 0, msg("load.no_config"), msg("load.hint_run_in_site"))
        raise SiteError([problem])
    name = name if name is not None else load_config(root, None, config_file).theme
    rel = f"themes/{name}/"
    plain = bool(name) and not any(c in name for c in "/\\:") and not name.startswith(".")
    source = bundled_theme(name) if plain else None
    if source is None:
        themes = ", ".join(installed_themes()) or "-"
        raise SiteError([Problem(rel, 0, 0, msg("new.theme_unknown", name=name, themes=themes))])
    dest = root / "themes" / name
    exists = SiteError(
        [Problem(rel, 0, 0, msg("new.theme_exists", path=rel), msg("new.theme_exists_hint"))]
    )
    if os.path.lexists(dest):
        raise exists
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        temp = Path(tempfile.mkdtemp(prefix=f".{name}.", suffix=".copy", dir=dest.parent))
        try:
            ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
            shutil.copytree(source, temp / name, ignore=ignore)
            if os.path.lexists(dest):  # made meanwhile: still never overwritten
                raise exists
            os.rename(temp / name, dest)
        finally:
            shutil.rmtree(temp, ignore_errors=True)
    except OSError as exc:
        error = exc.strerror or str(exc)
        raise SiteError(
            [Problem(rel, 0, 0, msg("new.cannot_write", path=rel, error=error))]
        ) from None
    return dest
