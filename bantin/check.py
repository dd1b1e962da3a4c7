"""``check``: every problem of a site at once, without writing anything.

It runs the phases of a build that find problems — load and validate every file, link every
reference, plan every page (URL collisions), compile every template — and carries on past
errors wherever the next phase can still look, so one run reports everything. With ``built``
it also follows every ``href`` and ``src`` of the pages already in ``output/``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .config import load_config
from .errors import Problem, SiteError
from .loader import load_content
from .messages import Msg, msg
from .site import Visibility, build_time, link
from .sources import refused, theme_files


@dataclass
class CheckReport:
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    lines: list[Msg] = field(default_factory=list)  # what else was looked at


def check_site(
    root: Path,
    *,
    drafts: bool = False,
    future: bool = False,
    expired: bool = False,
    built: bool = False,
    config_file: Path | None = None,
    flags: Mapping[str, str] | None = None,
) -> CheckReport:
    """``config_file`` and ``flags``: ``--config`` and the settings the command line gives
    (:func:`bantin.config.load_config`); ``--output`` names the built site ``built`` checks."""
    report = CheckReport()
    try:
        config = load_config(root, None, config_file, flags)
    except SiteError as exc:  # nothing else can be read without the settings
        report.problems = list(exc.problems)
        return report
    content = load_content(config)
    vis = Visibility(build_time(), drafts=drafts, future=future, expired=expired)
    site, linked = link(config, content, vis=vis)
    report.problems = content.problems + linked
    report.counts = {
        "bulletins": len(site.bulletins),
        "profiles": len(site.profiles),
        "campaigns": len(site.campaigns),
        "blocs": len(site.blocs),
        "pages": len(site.pages),
    }
    failed = {p.path for p in report.problems if p.severity == "error"}
    report.problems += _pictures(site)
    # templates/ and the theme as a build scans them: what cannot be read is named, and the
    # templates are not compiled (one may be a pipe that would never give its text)
    unreadable = refused(config.root, ("templates",))
    unreadable += theme_files(config.root, config.theme).refused
    report.problems += unreadable
    report.problems += _pages_and_templates(site, failed, compile_templates=not unreadable)
    if built:
        report.problems += _built(config, report)
    report.problems = sorted(set(report.problems))
    return report


def _pictures(site) -> list[Problem]:
    """Every picture the site uses, opened and decoded as a build would (nothing is written),
    and the names its resized copies would have, which must fit a file name."""
    from .images import name_problems, verify

    media = site.config.content_dir / "media"
    found = (verify(media / site.media[path], path) for path in sorted(site.media_used))
    return name_problems(site.media_used, site.config.images) + [p for p in found if p is not None]


def _pages_and_templates(site, failed: set[str], compile_templates: bool = True) -> list[Problem]:
    """URL collisions, and every template of the site and its theme compiled."""
    import jinja2

    from .render import _template_rel, make_env, plan_pages

    problems: list[Problem] = []
    try:
        plan_pages(site)
    except SiteError as exc:  # a file with an error of its own already says why it collides
        problems += [p for p in exc.problems if p.path not in failed]
    if not compile_templates:
        return problems
    try:
        env = make_env(site)
    except SiteError as exc:
        return problems + list(exc.problems)
    for name in env.list_templates(extensions=("html", "xml", "txt")):
        try:
            env.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            rel = _template_rel(env, exc.filename) if exc.filename else name
            problems.append(
                Problem(rel, exc.lineno or 0, 1, msg("render.template_error", error=exc.message))
            )
    return problems


def _built(config, report: CheckReport) -> list[Problem]:
    from .linkcheck import check_built
    from .writer import MARKER

    out = config.output_dir
    if not (out / MARKER).is_file():
        return [Problem(config.output, 0, 0, msg("cli.not_built"), msg("cli.not_built_hint"))]
    problems, stats = check_built(out, config.base_url, rel_prefix=config.output)
    report.lines.append(
        msg(
            "cli.built_checked",
            pages=stats.pages,
            output=config.output.rstrip("/"),
            links=stats.links,
            internal=stats.internal,
            external=stats.external,
        )
    )
    return problems
