"""The build as a script of phases: load → validate → link → render → write."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import SiteConfig, load_config
from .errors import Problem, SiteError
from .loader import load_content
from .render import plan_pages, render_site
from .site import Site, link
from .writer import check_output_dir, write_site


@dataclass
class BuildResult:
    site: Site
    pages: int
    files: int
    warnings: list[Problem] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


def load_site(root: Path, overrides: Mapping[str, Any] | None = None) -> tuple[Site, list[Problem]]:
    """Load, validate and link. Raises :class:`SiteError` if anything is wrong; returns the
    Site and its warnings otherwise."""
    config = load_config(root, overrides)
    content = load_content(config)
    site, problems = link(config, content)
    problems = content.problems + problems
    if any(p.severity == "error" for p in problems):
        raise SiteError(problems)
    return site, problems


def static_copies(site: Site) -> list[tuple[Path, str]]:
    """Theme static files and the media the content uses, as (source, output path)."""
    config: SiteConfig = site.config
    copies: list[tuple[Path, str]] = []
    seen: set[str] = set()
    for base in (
        config.root / "templates" / "static",
        config.root / "themes" / config.theme / "static",
    ):
        if not base.is_dir():
            continue
        for src in sorted(base.rglob("*")):
            if src.is_file() and not src.name.startswith("."):
                rel = site.urls.static(src.relative_to(base).as_posix()).lstrip("/")
                if rel not in seen:  # the site's file wins over the theme's
                    seen.add(rel)
                    copies.append((src, rel))
    for media in sorted(site.media_used):
        source = config.content_dir / "media" / site.media[media]
        copies.append((source, site.urls.media(media).lstrip("/")))
    return copies


def build(root: Path, overrides: Mapping[str, Any] | None = None) -> BuildResult:
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    site, warnings = load_site(root, overrides)
    timings["load"] = time.perf_counter() - t0
    check_output_dir(site.config.output_dir, site.config.root)
    t1 = time.perf_counter()
    specs = plan_pages(site)
    files = render_site(site, specs)
    timings["render"] = time.perf_counter() - t1
    t2 = time.perf_counter()
    written = write_site(files, static_copies(site), site.config.output_dir)
    timings["write"] = time.perf_counter() - t2
    return BuildResult(site, len(files), written, warnings, timings)
