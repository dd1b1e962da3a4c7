"""``python build.py new KIND "Tiêu đề"``: start a new content file from an archetype.

An *archetype* is the skeleton of one kind of file (like Hugo's archetypes): a Jinja2 template
of the front matter every writer needs, each field explained in a comment, and a short body.
The site's ``archetypes/<kind>.<ext>`` replaces the theme's ``themes/<theme>/archetypes/…``.
Archetypes are trusted files of the site or theme, like templates; the writer's title is given
to them as data (and written with the ``yaml`` filter as a double-quoted scalar), never compiled.

The new file is written at the path the loader expects (``content/bulletins/<year>/<slug>.md``
for a bulletin, the year being that of its date in the site's time zone), its name made from the
title by :func:`bantin.urls.slugify`. It is created exclusively: an existing file is never
overwritten. The file is UTF-8 without a byte-order mark, NFC, with LF line endings.
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from .bundled import theme_folder
from .config import SiteConfig, load_config
from .dates import has_time
from .errors import Problem, SiteError, did_you_mean
from .frontmatter import ContentFileError, read_text, split_front_matter
from .messages import msg, tr
from .text import nfc
from .urls import is_slug, slugify
from .yamlio import YamlError, parse_yaml

# kind → (content folder, file extension)
KINDS: dict[str, tuple[str, str]] = {
    "bulletin": ("bulletins", "md"),
    "profile": ("profiles", "md"),
    "campaign": ("campaigns", "md"),
    "page": ("pages", "md"),
    "bloc": ("blocs", "yaml"),
}
# the Vietnamese names a writer may type instead (they are also the default URL segments)
ALIASES = {
    "tin": "bulletin",
    "dien-hinh": "profile",
    "phong-trao": "campaign",
    "trang": "page",
    "khoi": "bloc",
}
BLOC_OPTION_KINDS = ("bulletin", "profile")
EVENT_OPTION_KINDS = ("bulletin",)
# A slug longer than this is cut at the last '-' before it: a file name and an address stay
# readable, and well below the 255-byte limit of file names.
SLUG_MAX = 100

_DATE_OPTION = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$")
_BLOC_NUMBER = re.compile(r"\b(?:khối|cụm)(?:\s+thi\s+đua)?(?:\s+số)?\s+(\d{1,3})\b")


# ------------------------------------------------------------------ command line


def register(subparsers: Any, **options: Any) -> None:
    """Add the ``new`` command to the command line's sub-parsers (``options`` go to
    ``add_parser``, e.g. the options every command shares)."""
    kinds = [*KINDS, *ALIASES]
    parser = subparsers.add_parser(
        "new",
        **options,
        help=msg("cli.help.new"),
        description=msg("cli.help.new_description"),
        epilog=msg("cli.help.new_epilog"),
    )
    parser.add_argument(
        "kind", choices=kinds, metavar="KIND", help=msg("cli.help.new_kind", kinds=", ".join(kinds))
    )
    parser.add_argument("title", metavar="TITLE", help=msg("cli.help.new_title"))
    parser.add_argument("--bloc", metavar="SLUG", help=msg("cli.help.new_bloc"))
    parser.add_argument(
        "--event", dest="events", action="append", metavar="TYPE", help=msg("cli.help.new_event")
    )
    parser.add_argument("--date", metavar="DATE", help=msg("cli.help.new_date"))
    parser.add_argument("--slug", metavar="SLUG", help=msg("cli.help.new_slug"))
    parser.add_argument(
        "--draft",
        action=argparse.BooleanOptionalAction,
        default=True,
        help=msg("cli.help.new_draft"),
    )


def run(root: Path, args: argparse.Namespace, lang: str) -> int:
    """Create the file ``args`` asks for and say where; user problems raise :class:`SiteError`."""
    created = scaffold(
        root,
        args.kind,
        args.title,
        bloc=args.bloc,
        events=args.events or (),
        when=args.date,
        slug=args.slug,
        draft=args.draft,
        config_file=getattr(args, "config", None),
    )
    print(tr(msg("new.created", path=created.rel), lang))
    for note in created.notes:
        print(tr(note, lang))
    return 0


# ------------------------------------------------------------------ creating the file


@dataclass(frozen=True)
class Created:
    path: Path
    rel: str  # relative to the project, with '/'
    notes: list[str] = field(default_factory=list)  # messages for the writer


def scaffold(
    root: Path,
    kind: str,
    title: str,
    *,
    bloc: str | None = None,
    events: tuple[str, ...] | list[str] = (),
    when: str | None = None,
    slug: str | None = None,
    draft: bool = True,
    now: datetime | None = None,
    config_file: Path | None = None,
) -> Created:
    """Write a new ``kind`` file titled ``title`` into the site at ``root`` (whose settings
    are ``config_file`` when ``--config`` names one)."""
    kind = ALIASES.get(kind, kind)
    if kind not in KINDS:  # the command line only offers known kinds
        raise ValueError(f"unknown kind {kind!r}")
    config = load_config(root, None, config_file)
    tz = config.tz
    title = nfc(title).strip()
    problems: list[Problem] = []
    if not title:
        raise SiteError([Problem("TITLE", 0, 0, msg("new.empty_title"), msg("new.title_hint"))])

    # --slug, or the title's
    if slug is not None:
        slug = nfc(slug).strip()
        if not is_slug(slug):
            suggestion = short_slug(slugify(slug))
            hint = msg("new.use_slug", slug=suggestion) if suggestion else ""
            problems.append(Problem("--slug", 0, 0, msg("new.bad_slug", slug=slug), hint))
    else:
        slug = short_slug(slugify(title))
        if not slug:
            problems.append(
                Problem("TITLE", 0, 0, msg("new.empty_slug", title=title), msg("new.slug_hint"))
            )
    if kind == "page" and slug in _segment_names(config):
        problems.append(
            Problem("--slug", 0, 0, msg("new.reserved_slug", slug=slug), msg("new.reserved_hint"))
        )

    # --date
    moment = (now or datetime.now(tz)).astimezone(tz).replace(second=0, microsecond=0)
    if when is not None:
        parsed = _parse_date_option(when, tz)
        if parsed is None:
            problems.append(
                Problem(
                    "--date",
                    0,
                    0,
                    msg("new.bad_date", value=when),
                    msg("new.date_hint", tz=config.timezone),
                )
            )
        else:
            moment = parsed

    # --bloc
    blocs = bloc_slugs(config)
    kind_name = msg(f"common.kind.{kind}")
    if bloc is not None:
        bloc = nfc(bloc).strip()
        if kind not in BLOC_OPTION_KINDS:
            problems.append(
                Problem("--bloc", 0, 0, msg("new.not_for_kind", option="--bloc", kind=kind_name))
            )
        elif bloc not in blocs:
            if blocs:
                hint = did_you_mean(bloc, blocs) or msg("new.known_blocs", blocs=", ".join(blocs))
            else:
                hint = msg("new.no_blocs")
            problems.append(Problem("--bloc", 0, 0, msg("new.unknown_bloc", bloc=bloc), hint))

    # --event
    event_types = config.vocabularies.get("event_types", {})
    events = list(dict.fromkeys(nfc(e).strip() for e in events))
    if events and kind not in EVENT_OPTION_KINDS:
        problems.append(
            Problem("--event", 0, 0, msg("new.not_for_kind", option="--event", kind=kind_name))
        )
    elif events:
        for event in events:
            if event not in event_types:
                hint = did_you_mean(event, event_types) or msg(
                    "new.known_events", events=", ".join(event_types)
                )
                problems.append(
                    Problem("--event", 0, 0, msg("new.unknown_event", event=event), hint)
                )
    if problems:
        raise SiteError(problems)

    folder, ext = KINDS[kind]
    parts = [
        "content",
        folder,
        *([str(moment.year)] if kind == "bulletin" else []),
        slug + "." + ext,
    ]
    rel = "/".join(parts)
    path = root.joinpath(*parts)
    existing = _existing(path, kind)
    if existing is not None:
        raise SiteError([_exists_problem(existing, root)])

    notes: list[str] = []
    # the bloc a bulletin or profile belongs to: --bloc, else default_bloc (left to the site),
    # else the only bloc there is
    if kind in BLOC_OPTION_KINDS and bloc is None and not config.default_bloc and len(blocs) == 1:
        bloc = blocs[0]
    if kind == "bulletin" and bloc is None and not config.default_bloc:
        notes.append(
            msg("new.fill_bloc", blocs=", ".join(blocs)) if blocs else msg("new.no_blocs_note")
        )
    if kind == "bloc" and not config.province:
        notes.append(msg("new.fill_province"))
    if draft:
        notes.append(msg("new.draft_note"))

    context = {
        "kind": kind,
        "title": title,
        "slug": slug,
        # --date 2026-01-15 is a day: the file says so, and no time is invented for it
        "date": moment.isoformat() if when is None or has_time(when) else moment.date().isoformat(),
        "today": moment.date().isoformat(),
        "time": f"{moment:%H:%M}",
        "year": moment.year,
        "day": moment.day,
        "month": moment.month,
        "bloc": bloc,
        "events": events,
        "draft": draft,
        "default_bloc": config.default_bloc,
        "blocs": blocs,
        "members": _member_slugs(config, bloc or config.default_bloc),
        "province": config.province,
        "event_types": {k: _label(v) for k, v in event_types.items()},
        "categories": [c.slug for c in config.categories],
        "bloc_kind": "cum" if slug.split("-")[0] == "cum" else "khoi",
        "number": bloc_number(title),
    }
    archetype, archetype_rel = find_archetype(root, config.theme, kind)
    text = render_archetype(archetype, archetype_rel, context)
    _check_output(text, kind, archetype_rel)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8", newline="\n") as out:
            out.write(text)
    except FileExistsError:  # made meanwhile by someone else: still never overwritten
        raise SiteError([_exists_problem(path, root)]) from None
    except OSError as exc:
        raise SiteError(
            [Problem(rel, 0, 0, msg("new.cannot_write", path=rel, error=exc.strerror or str(exc)))]
        ) from None
    return Created(path, rel, notes)


def short_slug(slug: str) -> str:
    if len(slug) <= SLUG_MAX:
        return slug
    cut = slug[: SLUG_MAX + 1]
    cut = cut[: cut.rfind("-")] if "-" in cut else slug[:SLUG_MAX]
    return cut.strip("-")


def _segment_names(config: SiteConfig) -> set[str]:
    return set(dataclasses.asdict(config.segments).values())


def _parse_date_option(value: str, tz) -> datetime | None:
    m = _DATE_OPTION.match(value.strip())
    if not m:
        return None
    y, mo, d, hh, mm, ss = (int(g) if g else 0 for g in m.groups())
    try:
        return datetime(y, mo, d, hh, mm, ss, tzinfo=tz)
    except ValueError:
        return None


def bloc_slugs(config: SiteConfig) -> list[str]:
    """The slugs of the bloc files in content/blocs/, sorted."""
    folder = config.content_dir / "blocs"
    if not folder.is_dir():
        return []
    return sorted(
        {
            nfc(p.stem)
            for p in folder.iterdir()
            if p.suffix.lower() in (".yaml", ".yml") and not p.name.startswith(".")
        }
    )


def _member_slugs(config: SiteConfig, bloc: str | None) -> list[str]:
    """The member slugs of a bloc, for the comments of a skeleton; nothing if it cannot be read."""
    if not bloc:
        return []
    for ext in (".yaml", ".yml"):
        path = config.content_dir / "blocs" / (bloc + ext)
        if path.is_file():
            try:
                data = parse_yaml(read_text(path, path.name))
            except (ContentFileError, YamlError, OSError):
                return []
            members = data.get("members") if isinstance(data, dict) else None
            if not isinstance(members, list):
                return []
            return [
                str(m["slug"])
                for m in members
                if isinstance(m, dict) and is_slug(str(m.get("slug")))
            ]
    return []


def _label(entry: Any) -> str:
    label = entry.get("label") if isinstance(entry, dict) else entry
    return " ".join(str(label or "").split())


def bloc_number(title: str) -> int | None:
    m = _BLOC_NUMBER.search(title.lower())
    return int(m.group(1)) if m else None


def _existing(path: Path, kind: str) -> Path | None:
    """The file already holding this item, if any (a bloc may be written ``.yml``)."""
    candidates = [path]
    if kind == "bloc":
        candidates.append(path.with_suffix(".yml"))
    for candidate in candidates:
        if candidate.exists():
            return candidate
    return None


def _exists_problem(path: Path, root: Path) -> Problem:
    rel = path.relative_to(root).as_posix()
    return Problem(rel, 0, 0, msg("new.exists", path=rel), msg("new.exists_hint"))


# ------------------------------------------------------------------ archetypes


def archetype_candidates(root: Path, theme: str, kind: str) -> list[tuple[Path, str]]:
    """Where the archetype of ``kind`` is looked for, first match wins: (path, relative)."""
    name = f"{kind}.{KINDS[kind][1]}"
    theme_rel = f"themes/{theme}/archetypes/{name}"
    return [
        (root / "archetypes" / name, f"archetypes/{name}"),
        (theme_folder(root, theme) / "archetypes" / name, theme_rel),
    ]


def find_archetype(root: Path, theme: str, kind: str) -> tuple[Path, str]:
    candidates = archetype_candidates(root, theme, kind)
    for path, rel in candidates:
        if path.is_file():
            return path, rel
    looked = ", ".join(rel for _, rel in candidates)
    raise SiteError(
        [
            Problem(
                candidates[0][1],
                0,
                0,
                msg("new.no_archetype", kind=msg(f"common.kind.{kind}"), paths=looked),
                msg("new.no_archetype_hint"),
            )
        ]
    )


def render_archetype(path: Path, rel: str, context: dict[str, Any]) -> str:
    """The archetype at ``path`` rendered with ``context``: NFC text with LF line endings."""
    try:
        source = read_text(path, rel)
    except ContentFileError as exc:
        raise SiteError([exc.problem]) from None
    import jinja2  # here: the command line imports this module for its options alone

    env = jinja2.Environment(
        autoescape=False,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["yaml"] = yaml_scalar
    env.filters["oneline"] = lambda value: " ".join(str(value).split())
    try:
        text = env.from_string(source).render(context)
    except jinja2.TemplateSyntaxError as exc:
        raise SiteError(
            [Problem(rel, exc.lineno or 0, 0, msg("new.archetype_error", error=exc.message))]
        ) from None
    except jinja2.TemplateError as exc:
        raise SiteError(
            [Problem(rel, _template_line(exc), 0, msg("new.archetype_error", error=str(exc)))]
        ) from None
    text = nfc(text.replace("\r\n", "\n").replace("\r", "\n"))
    return text if text.endswith("\n") else text + "\n"


def _template_line(exc: BaseException) -> int:
    tb = exc.__traceback__
    line = 0
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _check_output(text: str, kind: str, archetype_rel: str) -> None:
    """Refuse to write what bantin could not read back: the archetype is broken."""
    offset = 0
    try:
        if kind == "bloc":
            data = parse_yaml(text)
        else:
            split = split_front_matter(text, archetype_rel)
            offset = split.meta_offset
            data = parse_yaml(split.meta)
    except ContentFileError as exc:
        error, line = exc.problem.message, 1
    except YamlError as exc:
        error, line = exc.message, exc.line + offset
    else:
        if isinstance(data, dict):
            return
        error, line = msg("new.not_a_mapping"), 1
    raise SiteError(
        [
            Problem(
                archetype_rel,
                0,
                0,
                msg("new.archetype_bad_output", line=line, error=error),
                msg("new.archetype_bad_output_hint"),
            )
        ]
    )


# ------------------------------------------------------------------ the yaml filter

# Characters written as escapes inside double quotes: controls, format characters, line and
# paragraph separators, private-use and unassigned code points (YAML readers refuse some,
# fold others into line breaks); the escape is read back as the same character.
_ESCAPE_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
_SHORT_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\0": "\\0"}


def _quote(text: str) -> str:
    out = ['"']
    escaped = False
    for ch in text:
        category = unicodedata.category(ch)
        if ch in _SHORT_ESCAPES:
            out.append(_SHORT_ESCAPES[ch])
            escaped = ch not in '\\"'
        elif category in _ESCAPE_CATEGORIES or (escaped and category.startswith("M")):
            # a combining mark after an escape is escaped too: raw, NFC would compose it with
            # the escape's last letter ("\x1A" + U+0301 → "\x1Á")
            code = ord(ch)
            out.append(
                f"\\x{code:02X}"
                if code < 0x100
                else f"\\u{code:04X}"
                if code < 0x10000
                else f"\\U{code:08X}"
            )
            escaped = True
        else:
            out.append(ch)
            escaped = False
    out.append('"')
    return "".join(out)


def _plain_ok(text: str) -> bool:
    """Whether a slug reads back as itself unquoted, by YAML 1.1 (PyYAML) and by bantin."""
    if not is_slug(text):
        return False
    try:
        return yaml.safe_load(text) == text and parse_yaml(text) == text
    except (yaml.YAMLError, YamlError):
        return False


def yaml_scalar(value: Any, plain: bool = False) -> str:
    """``value`` as YAML that reads back as itself: text in double quotes (with ``plain``, a slug
    that cannot be mistaken for anything else is left bare), lists and mappings in flow style."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if value == value and abs(value) != float("inf") else _quote(str(value))
    if isinstance(value, datetime):
        return _quote(value.isoformat())
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(yaml_scalar(v, plain) for v in value) + "]"
    if isinstance(value, dict):
        items = (f"{yaml_scalar(str(k), True)}: {yaml_scalar(v, plain)}" for k, v in value.items())
        return "{" + ", ".join(items) + "}"
    text = nfc(str(value))
    return text if plain and _plain_ok(text) else _quote(text)
