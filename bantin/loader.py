"""Load: read every file under ``content/`` into typed models (load → *validate* per file).

Each file is parsed on its own (:func:`parse_file` is pure: text in, model and problems out), so
the loader can later run in parallel and cache by content hash. Cross-file checks belong to the
linker, :mod:`bantin.site`.
"""

from __future__ import annotations

import dataclasses
import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from .config import SiteConfig
from .dates import has_time
from .errors import Problem
from .frontmatter import ContentFileError, decode, read_text, split_front_matter
from .markup import parse_markdown
from .messages import msg
from .models import Bloc, Bulletin, Campaign, Page, Profile
from .redirects import check_item
from .schema import Ctx, convert
from .sources import walk
from .text import decimal, markdown_cost, markdown_depth, nfc, nfc_deep, printable
from .urls import UNDATED_FOLDER, is_slug, slugify, unsafe_path, word_key
from .yamlio import YamlError, parse_yaml

KINDS = {"bulletins": Bulletin, "profiles": Profile, "campaigns": Campaign, "pages": Page}
SECTION_KIND = {
    "bulletins": "bulletin",
    "profiles": "profile",
    "campaigns": "campaign",
    "pages": "page",
    "blocs": "bloc",
}


@dataclass
class Content:
    bulletins: list[Bulletin] = field(default_factory=list)
    profiles: list[Profile] = field(default_factory=list)
    campaigns: list[Campaign] = field(default_factory=list)
    blocs: list[Bloc] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    # media files: NFC path relative to content/media → the path as it is on disk (a file saved
    # with a decomposed name on macOS is still found by its NFC name)
    media: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # ids of files that failed to load, by kind ("bulletin": {"2024/slug"}): references to
    # them are not reported again, the file's own problem says what to fix
    failed: dict[str, set[str]] = field(default_factory=dict)
    # the cache key (a digest of the bytes and parse settings) of each file, by its NFC path
    digests: dict[str, bytes] = field(default_factory=dict)


@dataclass(frozen=True)
class ParseJob:
    """One content file to parse: where it is, its name as shown to the user, its path parts
    under content/, and its cache key (empty when not cached)."""

    path: Path
    rel: str
    parts: tuple[str, ...]
    key: bytes = b""
    sha: bytes = b""  # the hash of the bytes the key was made from


ParseMany = Callable[[SiteConfig, list[ParseJob]], list[tuple[Any, list[Problem]]]]


def parse_serial(config: SiteConfig, jobs: list[ParseJob]) -> list[tuple[Any, list[Problem]]]:
    return [parse_file(config, j.path, j.rel, j.parts) for j in jobs]


def load_content(
    config: SiteConfig,
    files: list[tuple[Path, str, bytes, bytes]] | None = None,
    parse_many: ParseMany = parse_serial,
) -> Content:
    """Every file under content/ as a model. ``files`` (path, path relative to the project,
    cache key, hash of the bytes), in path order, is the scanned list when the caller has one;
    ``parse_many`` parses the files, perhaps from a cache or in parallel, and must give what
    :func:`parse_file` gives."""
    content = Content()
    root = config.content_dir
    if not root.is_dir():
        content.problems.append(
            Problem("content", 0, 0, msg("load.no_content_folder"), msg("load.hint_create_content"))
        )
        return content
    if files is None:
        listing = walk(config.root, root)
        files = [(path, rel, b"", b"") for rel, path, _ in listing.files]
        for problem in listing.refused:  # cannot be read, or must not be opened
            content.problems.append(problem)
            _failed(content, tuple(problem.path.split("/")[1:]), Path(problem.path))
    jobs: list[ParseJob] = []
    links: dict[Path, bool] = {}  # folder → whether it is a symbolic link
    media: dict[str, list[str]] = {}  # NFC path → the paths on disk that have it
    for path, rel, key, sha in files:
        parts = tuple(rel.split("/")[1:])
        refused = _link_problem(path, nfc(rel), root, links) or _size_problem(
            path, nfc(rel), config
        )
        if refused is not None:  # never read: the parser is not even given the file
            content.problems.append(refused)
            _failed(content, parts, path)
            continue
        if parts[0] == "media":
            real = "/".join(parts[1:])
            media.setdefault(nfc(real), []).append(real)
            continue
        jobs.append(ParseJob(path, nfc(rel), parts, key, sha))
    _add_media(content, media)
    for job, (item, problems) in zip(jobs, parse_many(config, jobs), strict=True):
        content.problems += problems
        if item is None:
            _failed(content, job.parts, job.path)
            continue
        if job.key:
            content.digests[job.rel] = job.key
        {
            Bulletin: content.bulletins,
            Profile: content.profiles,
            Campaign: content.campaigns,
            Bloc: content.blocs,
            Page: content.pages,
        }[type(item)].append(item)
    return content


def _failed(content: Content, parts: tuple[str, ...], path: Path) -> None:
    """Note a file that could not be loaded, so that references to it are not reported too."""
    if parts and parts[0] in SECTION_KIND:
        key = "/".join([*parts[1:-1], nfc(path.stem)])
        content.failed.setdefault(SECTION_KIND[parts[0]], set()).add(key)
    elif parts and parts[0] == "media":
        content.failed.setdefault("media", set()).add(nfc("/".join(parts[1:])))


def _add_media(content: Content, media: dict[str, list[str]]) -> None:
    """The media files, by NFC path. Files whose names differ only in how their accents are
    encoded (NFC, NFD) have one address: each is an error naming the other, and neither is
    used."""
    for name, found in media.items():
        if len(found) == 1:
            content.media[name] = found[0]
            continue
        forms = [_form(real) for real in found]
        for form in forms:
            other = next((f for f in forms if f != form), form)
            content.problems.append(
                Problem(
                    f"content/media/{name}",
                    0,
                    0,
                    msg("load.same_name_two_forms", form=_FORMS[form](), other=_FORMS[other]()),
                    msg("load.hint_keep_one"),
                )
            )
        content.failed.setdefault("media", set()).add(name)


_FORMS = {
    "nfc": lambda: msg("load.name_form.nfc"),
    "nfd": lambda: msg("load.name_form.nfd"),
    "mixed": lambda: msg("load.name_form.mixed"),
}


def _form(name: str) -> str:
    """How the accents of a name are encoded: ``nfc`` (composed), ``nfd`` (separate marks),
    or ``mixed``."""
    if unicodedata.is_normalized("NFC", name):
        return "nfc"
    return "nfd" if unicodedata.is_normalized("NFD", name) else "mixed"


def _link_problem(
    path: Path, rel: str, root: Path, links: dict[Path, bool] | None = None
) -> Problem | None:
    """The problem with ``path`` if it is, or lies under, a symbolic link in ``root``
    (content/) that is broken, loops, or leads outside ``root``; None otherwise. ``links``
    remembers which folders are links, for the next file."""
    try:
        inside = path.relative_to(root).parts
    except ValueError:
        return None
    known = {} if links is None else links
    link, depth = root, 0
    for depth, part in enumerate(inside, 1):
        link = link / part
        if depth < len(inside):
            if link not in known:
                known[link] = link.is_symlink()
            if known[link]:
                break
        elif link.is_symlink():
            break
    else:
        return None
    shown = "/".join([*rel.split("/")[: len(rel.split("/")) - len(inside) + depth]])
    try:
        target = nfc(os.readlink(link))
    except OSError:
        target = "?"
    try:
        real = link.resolve(strict=True)
    except (RuntimeError, OSError) as exc:
        if isinstance(exc, FileNotFoundError):
            return Problem(
                shown, 0, 0, msg("load.link_broken", target=target), msg("load.hint_link_remove")
            )
        return Problem(shown, 0, 0, msg("load.link_loop"), msg("load.hint_link_remove"))
    if not real.is_relative_to(root.resolve()):
        return Problem(
            shown, 0, 0, msg("load.link_outside", target=target), msg("load.hint_link_outside")
        )
    if real.is_dir() and link.parent.resolve().is_relative_to(real):
        return Problem(shown, 0, 0, msg("load.link_loop"), msg("load.hint_link_remove"))
    return None


def _size_problem(path: Path, rel: str, config: SiteConfig, size: int | None = None):
    """A problem if the file is larger than ``limits.file_mb`` (media files are not limited:
    pictures are checked by the image phase); None otherwise."""
    if rel.startswith("content/media/"):
        return None
    if size is None:
        try:
            size = path.stat().st_size
        except OSError:
            return None  # the reader says what is wrong
    too_large = config.limits.too_large(size)
    if too_large is None:
        return None
    return Problem(rel, 0, 0, too_large, msg("load.hint_file_too_large"))


def _slug_problem(rel: str, stem: str) -> Problem:
    suggestion = slugify(stem)
    return Problem(
        rel,
        0,
        0,
        msg("load.file_name_not_slug", name=stem),
        msg("load.hint_rename_to", name=suggestion) if suggestion else msg("load.hint_rename_it"),
    )


def parse_file(
    config: SiteConfig, path: Path, rel: str, parts: tuple[str, ...], data: bytes | None = None
) -> tuple[Any, list[Problem]]:
    """Parse one content file into its model. Pure apart from reading ``path`` (unless its
    bytes are given as ``data``). Whatever the file holds, the result is a model or problems
    naming the file, never an exception."""
    try:
        return _parse_file(config, path, rel, parts, data)
    except RecursionError:  # Python-Markdown on something nested its limits do not measure
        return None, [
            Problem(rel, 0, 0, msg("load.markdown_recursion"), msg("load.hint_markdown_recursion"))
        ]


def _parse_file(
    config: SiteConfig, path: Path, rel: str, parts: tuple[str, ...], data: bytes | None
) -> tuple[Any, list[Problem]]:
    section = parts[0]
    stem = nfc(path.stem)
    expected = {
        "bulletins": "content/bulletins/<yyyy>/<slug>.md",
        "profiles": "content/profiles/<slug>.md",
        "campaigns": "content/campaigns/<slug>.md",
        "pages": "content/pages/<slug>.md",
        "blocs": "content/blocs/<slug>.yaml",
    }
    if section not in expected:
        return None, [
            Problem(
                rel,
                0,
                0,
                msg("load.not_content_folder", folder=section),
                msg("load.content_folders", folders=", ".join([*expected, "media"])),
            )
        ]
    depth = 3 if section == "bulletins" else 2
    suffixes = (".yaml", ".yml") if section == "blocs" else (".md",)
    if len(parts) != depth or path.suffix.lower() not in suffixes:
        return None, [
            Problem(
                rel,
                0,
                0,
                msg("load.misplaced_file"),
                msg("load.hint_use_path", path=expected[section]),
            )
        ]
    if not is_slug(stem):
        return None, [_slug_problem(rel, stem)]
    too_large = _size_problem(path, rel, config, None if data is None else len(data))
    if too_large is not None:
        return None, [too_large]
    try:
        text = read_text(path, rel) if data is None else decode(data, rel)
        if not text.strip():
            hint = (
                msg("load.hint_bloc_start") if section == "blocs" else msg("load.hint_empty_file")
            )
            return None, [Problem(rel, 0, 0, msg("load.empty_file"), hint)]
        if section == "blocs":
            return _parse_bloc(config, text, rel, stem)
        split = split_front_matter(text, rel)
    except ContentFileError as exc:
        return None, [exc.problem]
    except OSError as exc:  # gone since the folder was listed, or not ours to read
        reason = exc.strerror or type(exc).__name__
        return None, [
            Problem(rel, 0, 0, msg("load.unreadable", reason=reason), msg("load.hint_unreadable"))
        ]
    problems: list[Problem] = []
    try:
        meta = _yaml(split.meta, config)
    except YamlError as exc:
        line = exc.line + split.meta_offset if exc.line else 0
        return None, [Problem(rel, line, exc.col, exc.message, exc.hint)]
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        return None, [Problem(rel, 2, 1, msg("load.front_matter_not_mapping"))]
    meta = nfc_deep(meta)
    ctx = Ctx(rel, split.meta_offset, config.tz, config.vocabularies, problems)
    cls = KINDS[section]
    derived: dict[str, Any] = {"slug": stem}
    if cls is Bulletin:
        if "bloc" not in meta and config.default_bloc:
            meta["bloc"] = config.default_bloc
        derived["date_has_time"] = has_time(meta.get("date"))
        derived["updated_has_time"] = has_time(meta.get("updated"))
    empty_date = cls is Bulletin and "date" in meta and meta["date"] is None
    if empty_date:  # a slip, never "not known": an unknown publication date is left out
        at = getattr(meta, "pos", {}).get("date")
        give = msg("load.hint_give", type=msg("load.type.datetime"))
        ctx.error(at, msg("load.empty_value", key="date"), give)
    item = convert(meta, cls, ctx, **derived)
    if item is None or empty_date:
        return None, problems
    if item.template is not None:
        problems += _template_problems(item)
    problems += _redirect_problems(item, config)
    if isinstance(item, Bulletin) and item.imported is not None:
        problems += _imported_problems(item)
    too_hard = _tags_problem(item, config) or _markdown_problem(
        split.body, rel, split.body_line, config
    )
    if too_hard is not None:
        return None, [*problems, too_hard]
    body = parse_markdown(
        split.body, rel, split.body_line, raw_html=config.markdown.raw_html, problems=problems
    )
    item = dataclasses.replace(item, body=body)
    if isinstance(item, Bulletin):
        checked, more = _bulletin_checks(config, item, parts, rel)
        return checked, problems + more
    return item, problems


def _redirect_problems(item: Any, config: SiteConfig) -> list[Problem]:
    """Each ``redirect_from`` entry that is not an old address of this site (a path, or a URL
    on its host or an ``old_domains`` host) that a browser could ask for."""
    return [loc.problem(bad.message, bad.hint) for loc, bad in check_item(item, config)]


_SHA256 = re.compile(r"[0-9a-fA-F]{64}")


def _imported_problems(item: Bulletin) -> list[Problem]:
    """``imported.sha256`` must be a SHA-256 (64 hexadecimal digits): the importer compares it
    with each source's to know what it imported already."""
    sha = item.imported.sha256 if item.imported else ""
    if _SHA256.fullmatch(sha):
        return []
    shown = printable(sha if len(sha) <= 80 else sha[:80] + "…")
    return [
        item.pos.get("imported", item.loc).problem(
            msg("load.bad_sha256", value=shown), msg("load.hint_sha256")
        )
    ]


def _yaml(text: str, config: SiteConfig) -> Any:
    limits = config.limits
    return parse_yaml(text, max_values=limits.yaml_values, max_depth=limits.nesting)


def _template_problems(item: Any) -> list[Problem]:
    """``template:`` must be a template's name: a relative path that stays where templates
    are (whether the template exists is checked when the site is linked)."""
    reason = unsafe_path(item.template)
    if reason is None:
        return []
    return [
        item.pos.get("template", item.loc).problem(
            msg("load.bad_template", value=printable(item.template), reason=reason),
            msg("load.hint_template_name"),
        )
    ]


_COST_REASONS = {
    "brackets": lambda n: msg("load.markdown_cost.brackets", count=n),
    "tags": lambda n: msg("load.markdown_cost.tags", count=n),
    "backticks": lambda n: msg("load.markdown_cost.backticks", count=n),
    "escapes": lambda n: msg("load.markdown_cost.escapes", count=n),
    "markup": lambda n: msg("load.markdown_cost.markup", count=n),
    "blocks": lambda n: msg("load.markdown_cost.blocks", count=n),
    "headings": lambda n: msg("load.markdown_cost.headings", count=n),
    "footnotes": lambda n: msg("load.markdown_cost.footnotes", count=n),
    "abbreviations": lambda n: msg("load.markdown_cost.abbreviations", count=n),
    "size": lambda n: msg("load.markdown_cost.size", count=n),
}


def _tags_problem(item: Any, config: SiteConfig) -> Problem | None:
    """A problem if a bulletin has more different tags than ``limits.tags``; None otherwise."""
    if not isinstance(item, Bulletin):
        return None
    count = len({word_key(t) for t in item.tags} - {""})  # "Bão" and "Báo" are two
    if count <= config.limits.tags:
        return None
    return item.pos.get("tags", item.loc).problem(
        msg("load.too_many_tags", count=count, limit=config.limits.tags),
        msg("load.hint_too_many_tags"),
    )


def _markdown_problem(body: str, rel: str, first_line: int, config: SiteConfig):
    """A problem if the Markdown ``body`` would take Python-Markdown longer than
    ``limits.markdown_seconds`` or nests deeper than ``limits.nesting``; None otherwise.
    Measured before Python-Markdown runs, in time linear in the text."""
    limits = config.limits
    cost = markdown_cost(body, limits.markdown_seconds)
    if cost.seconds > limits.markdown_seconds:
        return Problem(
            rel,
            first_line + cost.line - 1,
            1,
            msg(
                "load.markdown_too_costly",
                seconds=decimal(round(cost.seconds, 1 if cost.seconds < 10 else None)),
                limit=decimal(limits.markdown_seconds),
                reason=_COST_REASONS[cost.reason](cost.count),
            ),
            msg("load.hint_markdown_too_costly"),
        )
    depth, line = markdown_depth(body)
    if depth > limits.nesting:
        return Problem(
            rel,
            first_line + line - 1,
            1,
            msg("load.markdown_too_deep", depth=depth, limit=limits.nesting),
            msg("load.hint_markdown_too_deep"),
        )
    return None


def _ordering_date(item: Bulletin, tz: ZoneInfo) -> Bulletin | None:
    """``item`` with the moment that orders it, in the site's time zone: its ``date``, or
    without one (the publication date is not known) the start of its ``event_date`` day, the
    same moment a bare ``date:`` of that day gives. None when it has neither."""
    if item.date is not None:
        return dataclasses.replace(item, date=item.date.astimezone(tz))
    if item.event_date is None:
        return None
    start = datetime.combine(item.event_date, time(), tz)
    return dataclasses.replace(item, date=start, date_known=False, date_has_time=False)


def _year_folder(folder: str) -> bool:
    return folder.isdigit() and len(folder) == 4


def _unfinished_draft(item: Bulletin) -> list[Problem]:
    """A draft without a date (neither ``date`` nor ``event_date``) or without a bloc is work in
    progress (an import could not tell): a warning saying what to add, and the draft is left
    out of the site, previews too, until it has them. Empty for anything else: a published
    bulletin without them is an error, as ever."""
    if not item.draft:
        return []
    found = []
    if item.date is None and item.event_date is None:
        found.append(
            item.loc.problem(msg("load.draft_undated"), msg("load.hint_draft_undated"), "warning")
        )
    if item.bloc is None:
        found.append(
            item.loc.problem(msg("load.draft_no_bloc"), msg("load.hint_draft_no_bloc"), "warning")
        )
    return found


def _bulletin_checks(
    config: SiteConfig, item: Bulletin, parts: tuple[str, ...], rel: str
) -> tuple[Bulletin | None, list[Problem]]:
    problems: list[Problem] = []
    unfinished = _unfinished_draft(item)
    ordered = _ordering_date(item, config.tz)
    if unfinished:  # left out; a file in the wrong folder is still an error
        folder = parts[1]
        undated = ordered is None
        if not _year_folder(folder) and not (undated and folder == UNDATED_FOLDER):
            hint = (
                msg("load.hint_draft_undated")
                if ordered is None
                else msg("load.hint_move_to_year", year=ordered.date.year)
            )
            unfinished.append(Problem(rel, 0, 0, msg("load.not_year_folder", folder=folder), hint))
        return None, unfinished
    if ordered is None:
        return None, [item.loc.problem(msg("load.no_date"), msg("load.hint_no_date"))]
    item = ordered
    local = item.date
    folder = parts[1]
    loc = item.pos.get("date" if item.date_known else "event_date", item.loc)
    if not _year_folder(folder):
        problems.append(
            Problem(
                rel,
                0,
                0,
                msg("load.not_year_folder", folder=folder),
                msg("load.hint_move_to_year", year=local.year),
            )
        )
    elif int(folder) != local.year:
        if item.date_known:
            mismatch = msg("load.year_mismatch", year=local.year, folder=folder)
        else:
            mismatch = msg("load.event_year_mismatch", year=local.year, folder=folder)
        problems.append(
            loc.problem(
                mismatch,
                msg("load.hint_move_or_fix_date", year=local.year),
            )
        )
    if item.bloc is None:
        problems.append(
            item.loc.problem(
                msg("load.missing_key", key="bloc"),
                msg("load.hint_add_bloc"),
            )
        )
    if item.date_known and item.event_date and item.event_date > local.date():
        problems.append(
            item.pos["event_date"].problem(
                msg("load.event_after_date"), msg("load.hint_event_happened")
            )
        )
    return dataclasses.replace(item, year=local.year), problems


def _parse_bloc(config: SiteConfig, text: str, rel: str, stem: str) -> tuple[Any, list[Problem]]:
    try:
        data = _yaml(text, config)
    except YamlError as exc:
        return None, [Problem(rel, exc.line, exc.col, exc.message, exc.hint)]
    if not isinstance(data, dict):
        return None, [Problem(rel, 1, 1, msg("load.bloc_not_mapping"), msg("load.hint_bloc_start"))]
    problems: list[Problem] = []
    ctx = Ctx(rel, 0, config.tz, config.vocabularies, problems)
    bloc = convert(nfc_deep(data), Bloc, ctx, slug=stem)
    bad = [m for m in bloc.members if not is_slug(m.slug)] if bloc is not None else []
    for member in bad:  # a member's slug is the address of its page
        problems.append(
            member.loc.problem(
                msg("load.not_slug", key="slug", value=member.slug),
                msg("load.hint_use_slug", slug=slugify(member.slug) or "ten-don-vi"),
            )
        )
    return (None if bad else bloc), problems
