"""What comes with bantin itself: the default theme and the sample site.

An installed bantin (a wheel) carries them inside the package, as ``bantin/themes/<name>/``
and ``bantin/sample/``; the build backend maps them there from the repository's top-level
``themes/``, ``content/``, ``templates/`` and ``site_config.yaml`` (see pyproject.toml). Run
from a source checkout (an editable install, or ``python build.py``), they are read where they
are, in the repository.

A site's own ``themes/<name>/`` (made by ``bantin theme copy``) wins over the installed theme,
so that a site holds only its own files and upgrading bantin upgrades its theme.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
SAMPLE_PARTS = ("site_config.yaml", "content", "templates")  # what the sample site is made of


def _checkout() -> Path | None:
    """The repository this package is run from, when it is not an installed wheel."""
    top = PACKAGE.parent
    return top if (top / "pyproject.toml").is_file() and (top / "themes").is_dir() else None


def _themes() -> Path | None:
    """The folder of the themes installed with bantin."""
    if (PACKAGE / "themes").is_dir():
        return PACKAGE / "themes"
    checkout = _checkout()
    return checkout / "themes" if checkout else None


def installed_themes() -> list[str]:
    """The names of the themes installed with bantin."""
    themes = _themes()
    if themes is None:
        return []
    return sorted(p.name for p in themes.iterdir() if (p / "templates").is_dir())


def bundled_theme(name: str) -> Path | None:
    """The folder of the theme ``name`` installed with bantin; None when there is none."""
    themes = _themes()
    if themes is None or name not in installed_themes():
        return None
    return themes / name


def theme_folder(root: Path, name: str) -> Path:
    """The folder of the site's theme: its own ``themes/<name>/`` when it has one, else the
    theme installed with bantin. A theme found nowhere is the site's (missing) folder, which
    the renderer reports."""
    own = root / "themes" / name
    if own.is_dir():
        return own
    return bundled_theme(name) or own


def sample_site() -> Path:
    """The folder holding the sample site's :data:`SAMPLE_PARTS`."""
    if (PACKAGE / "sample").is_dir():
        return PACKAGE / "sample"
    checkout = _checkout()
    if checkout is None:  # an installation without its data: reinstalling bantin mends it
        raise FileNotFoundError(PACKAGE / "sample")
    return checkout
