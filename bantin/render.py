"""Render: the linked Site → a list of output files. Pure: nothing here touches the disk
except reading templates.

:func:`plan_pages` lists every page the site has (URL, template, context) and reports URL
collisions before anything is rendered; :func:`render_page` turns one planned page into bytes,
so pages can be rendered in any order or in parallel with the same result.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from html import unescape
from pathlib import Path
from typing import Any, TypeVar

import jinja2
from markupsafe import Markup, escape

from .awards import (
    AwardIndex,
    Words,
    award_html,
    mention_year,
    same_award,
    shown_mention,
)
from .branding import brand_view, phone_href, publisher_ld
from .bundled import installed_themes, theme_folder
from .cache import SealedBytecodeCache
from .config import SiteConfig
from .dates import format_date, format_dateline, gmt_offset
from .deps import RECORDER, RecordingEnvironment, SiteView
from .errors import Loc, Problem, SiteError
from .feeds import (
    SITEMAP_LIMIT,
    FeedCategory,
    FeedLink,
    SitemapUrl,
    absolute_html,
    media_type,
    rfc822,
    rfc3339,
    sitemap_parts,
    w3c_date,
)
from .images import picture_html
from .ledger import ledger_entries, ledger_pages
from .markup import resolve_placeholders
from .messages import Msg, msg
from .models import (
    Bloc,
    Bulletin,
    Campaign,
    Figure,
    Leadership,
    LeadershipChange,
    Page,
    Profile,
    Score,
    UnitAward,
)
from .opendata import DATA_FILE, open_data_pages
from .redirects import (
    APACHE_FILE,
    NETLIFY_FILE,
    NGINX_FILE,
    OldAddress,
    Redirect,
    apache,
    claimed_url,
    item_redirects,
    netlify,
    nginx,
    stub_url,
)
from .rendercache import speed_up
from .sanitize import is_safe_url, url_scheme, xml_safe
from .site import Site, UnitRef
from .statpages import plan_stats
from .text import decimals as _decimals
from .text import decode_text, nfc_deep, vn_percent
from .text import vn_number as _vn_number
from .urls import (
    FEED_TYPES,
    NAME_LIMIT,
    absolute,
    find_collisions,
    href,
    output_path,
    uri,
)
from .vocab import label as vocab_label
from .yamlio import YamlError, parse_yaml


@dataclass(frozen=True)
class PageSpec:
    url: str  # site path, e.g. /tin-tuc/2024/slug/
    template: str
    context: dict[str, Any] = field(hash=False, compare=False)
    # what asked for the page, for collision messages: its content file, or a label such as
    # ("archive", 2024) that :func:`_owner_name` says in words only when there is a collision
    owner: str | tuple = ""


@dataclass(frozen=True)
class OutputFile:
    path: str  # relative to output/
    data: bytes


@dataclass(frozen=True)
class Crumb:
    """A breadcrumb or menu entry; ``key`` says the label is an interface-string key."""

    label: str
    url: str
    key: bool = False


@dataclass(frozen=True)
class Pager:
    page: int
    pages: int
    urls: tuple[str, ...]

    @property
    def prev_url(self) -> str | None:
        return self.urls[self.page - 2] if self.page > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.urls[self.page] if self.page < self.pages else None


# ------------------------------------------------------------------ theme and strings


def template_dirs(site_root: Path, theme: str) -> list[Path]:
    return [site_root / "templates", theme_folder(site_root, theme) / "templates"]


def load_strings(site_root: Path, theme: str, language: str) -> dict[str, Any]:
    """Interface strings: the theme's ``strings/<lang>.yaml``, overridden key by key by the
    site's ``templates/strings/<lang>.yaml``."""
    strings: dict[str, Any] = {}
    own = theme_folder(site_root, theme)
    for base, rel_base in ((own, f"themes/{theme}"), (site_root / "templates", "templates")):
        path = base / "strings" / f"{language}.yaml"
        if not path.is_file():
            continue
        rel = f"{rel_base}/strings/{language}.yaml"
        try:
            data = parse_yaml(decode_text(path.read_bytes()))
        except YamlError as exc:
            raise SiteError([Problem(rel, exc.line, exc.col, exc.message, exc.hint)]) from None
        if not isinstance(data, dict):
            raise SiteError([Problem(rel, 1, 1, msg("render.strings_not_mapping"))])
        strings.update(nfc_deep(dict(data)))
    if not strings:
        raise SiteError(
            [
                Problem(
                    f"themes/{theme}/strings/{language}.yaml",
                    0,
                    0,
                    msg("render.no_strings", language=language),
                )
            ]
        )
    return strings


def require_theme(config: SiteConfig) -> None:
    """Raise :class:`SiteError` when the site's theme is neither its own nor installed."""
    if (theme_folder(config.root, config.theme) / "templates").is_dir():
        return
    hint = msg("render.hint_theme", theme=config.theme, themes=", ".join(installed_themes()) or "—")
    problem = Problem(
        config.config_name, 0, 0, msg("render.theme_not_found", theme=config.theme), hint
    )
    raise SiteError([problem])


def make_env(site: Site, bytecode_dir: Path | None = None) -> jinja2.Environment:
    """The Jinja environment of a site's theme. With ``bytecode_dir``, compiled templates are
    kept there between builds (Jinja checks each against its source, bantin each against the
    hash it was sealed with: :class:`bantin.cache.SealedBytecodeCache`)."""
    config = site.config
    root = config.root
    require_theme(config)
    env = RecordingEnvironment(
        loader=jinja2.FileSystemLoader([str(p) for p in template_dirs(root, config.theme)]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_printed,
        bytecode_cache=SealedBytecodeCache(bytecode_dir) if bytecode_dir else None,
        # an environment serves one build: its templates cannot change while it renders
        auto_reload=False,
    )
    speed_up(env)
    strings = load_strings(root, config.theme, config.language)
    env.strings = strings  # type: ignore[attr-defined]  # part of every page's digest
    weekdays = strings.get("weekdays")

    def t(key: str, **values: Any) -> str:
        if key not in strings:
            raise jinja2.UndefinedError(
                msg("render.no_interface_string", key=key, language=config.language)
            )
        text = str(strings[key])
        return text.format(**values) if values else text

    # the addresses pages link to, each worked out once in a build (a page links to a hundred,
    # most of them the same on every page)
    links: dict[str, str] = {}
    item_links: dict[int, tuple[Any, str]] = {}  # id → (item, its address), the item kept alive
    abs_links: dict[str, str] = {}
    bodies_abs: dict[int, tuple[Any, Markup]] = {}  # id → (item, body_abs(item))

    def link(path: str) -> str:
        """``href(config, path)``."""
        found = links.get(path)
        if found is None:
            found = links[path] = href(config, path)
        return found

    def item_url(item: Any) -> str:
        found = item_links.get(id(item))
        if found is None:
            found = item_links[id(item)] = (item, link(item_path(site, item)))
        return found[1]

    def abs_url(path: str) -> str:
        """``absolute(config, path)``."""
        found = abs_links.get(path)
        if found is None:
            found = abs_links[path] = absolute(config, path)
        return found

    def url(path: str) -> str:
        # a site path, or an address from the settings (menu:): never javascript:
        return link(path) if path.startswith("/") or is_safe_url(path) else "#"

    def media_href(path: str) -> str:
        return link(site.urls.media(path))

    def body(item: Bulletin | Profile | Campaign | Page) -> Markup:
        html = item.body.html
        if item.body.images:
            RECORDER.attrs.add("images")
            html = _pictures(html, site.images, media_href)
        return Markup(resolve_placeholders(html, lambda s, tg, a: _resolve(site, s, tg, a)))

    def image_info(src: str) -> Any:
        """The sizes and copies of a content picture (``ImageInfo``), or None."""
        RECORDER.attrs.add("images")
        return site.images.get(src)

    def picture(
        src: str, alt: str, sizes: str, lazy: bool = True, cls: str | None = None
    ) -> Markup:
        """A content picture at the sizes the build made of it: ``<picture>`` with WebP and
        the original format, width and height; a plain ``<img>`` when it has no copies."""
        RECORDER.attrs.add("images")
        info = site.images.get(src)
        if info is None or not info.fallback:
            extra = (f' class="{escape(cls)}"' if cls else "") + (' loading="lazy"' if lazy else "")
            return Markup(
                f'<img src="{escape(media_href(src))}" alt="{escape(alt)}"{extra} decoding="async">'
            )
        return Markup(picture_html(info, media_href, alt, sizes=sizes, lazy=lazy, cls=cls))

    def dateline(when: date | datetime) -> str:
        """``16:30, Thứ Tư, 10/01/2024``; a day without a time (a ``date``, as
        ``Bulletin.published`` gives it) is ``Thứ Tư, 10/01/2024``."""
        return format_dateline(when, weekdays)

    def body_abs(item: Bulletin | Profile | Campaign | Page) -> Markup:
        """The body with every link and image address absolute, for feeds: print it in XML
        with ``|forceescape``. A body longer than :data:`FEED_TEXT_LIMIT` is given by its lead:
        a bulletin is in the feeds of each of its tags and campaigns, hundreds of copies."""
        if len(item.body.html) > FEED_TEXT_LIMIT:
            lead = getattr(item, "summary", None) or item.body.summary or getattr(item, "title", "")
            return Markup(f"<p>{escape(lead)}</p>")
        found = bodies_abs.get(id(item))  # a bulletin is in the feeds of each of its terms
        if found is None:
            text = Markup(absolute_html(body(item), abs_url(item_path(site, item))))
            found = bodies_abs[id(item)] = (item, text)
        elif item.body.images:
            RECORDER.attrs.add("images")  # what body() notes
        return found[1]

    def unit_name(bloc: str, unit: str) -> str:
        RECORDER.attrs.add("bloc_by_slug")
        return _unit_name(site, bloc, unit)

    def bloc_t(bloc: Bloc | None, key: str, **values: Any) -> str:
        """``t(key)``, said of ``bloc``'s kind: a cluster (``kind: cum``) reads the string
        ``<key>_cum`` when the theme has one ("Trưởng cụm" for "Trưởng khối")."""
        if bloc is not None and f"{key}_{bloc.kind}" in strings:
            return t(f"{key}_{bloc.kind}", **values)
        return t(key, **values)

    def bloc_label(bloc: Bloc | None, vocab: str, key: str) -> str:
        """A vocabulary label said of ``bloc``'s kind: an entry's ``label_cum`` for a cụm
        ("Bàn giao Trưởng cụm"), else its label."""
        entry = config.vocabularies.get(vocab, {}).get(key) or {}
        if bloc is not None and entry.get(f"label_{bloc.kind}"):
            return str(entry[f"label_{bloc.kind}"])
        return vocab_label(config.vocabularies, vocab, key)

    def person(slug: str) -> tuple[str, str | None]:
        RECORDER.attrs.add("profile_by_slug")
        p = site.profile_by_slug.get(slug)
        return (p.name, link(site.urls.profile(slug))) if p else (slug, None)

    words = Words(
        t=t,
        label=lambda vocab, key: vocab_label(config.vocabularies, vocab, key),
        unit=lambda bloc, unit: (unit_name(bloc, unit), link(site.urls.unit(bloc, unit))),
        person=person,
        date=format_date,
    )

    def award(a: Any, year: int, bloc: str | None = None, profile: Profile | None = None) -> Markup:
        """One award, said the same way on every page (:func:`bantin.awards.award_html`):
        ``bloc`` is the slug of the bloc it belongs to, ``profile`` the person whose own it is."""
        RECORDER.attrs.add("bloc_by_slug")
        owner = (profile.name, link(item_path(site, profile))) if profile else None
        return award_html(a, year, words, site.bloc_by_slug.get(bloc or ""), owner)

    env.globals.update(
        site=SiteView(site),
        config=config,
        urls=site.urls,
        t=t,
        url=url,
        abs_url=abs_url,
        media_url=lambda path: link(site.urls.media(path)),
        static_url=lambda path: link(site.urls.static(path)),
        body=body,
        picture=picture,
        image_info=image_info,
        dateline=dateline,
        gmt=gmt_offset,
        label=lambda vocab, key: vocab_label(config.vocabularies, vocab, key),
        item_url=item_url,
        unit_url=lambda bloc, unit: link(site.urls.unit(bloc, unit)),
        unit_name=unit_name,
        bloc_t=bloc_t,
        bloc_label=bloc_label,
        terms=terms,
        award=award,
        menu=_menu(site),
        body_abs=body_abs,
        item_abs=lambda item: abs_url(item_path(site, item)),
        media_type=media_type,
        site_feeds=_feed_links(site, site.urls.home(), config.title),
        brand=brand_view(config),
        publisher_ld=publisher_ld(config, lambda p: absolute(config, site.urls.static(p))),
        phone_href=phone_href,
    )
    env.filters.update(
        date=lambda d: format_date(d) if isinstance(d, (date, datetime)) else "",
        iso=lambda d: d.isoformat() if isinstance(d, (date, datetime)) else "",
        number=_vn_number,
        # 1 when any of the values has a fraction: number(…) then lines the column up
        fractional=lambda values: int(any(map(_decimals, values))),
        percent=vn_percent,
        rfc3339=lambda d: rfc3339(d, config.tz),
        rfc822=lambda d: rfc822(d, config.tz),
        w3c=lambda d: w3c_date(d, config.tz),
        # a link written in a file (a unit's website, a reposted article's source): only to a
        # page or a file, never javascript: (plan_pages refuses those; this is for templates)
        safe_url=lambda u: u if isinstance(u, str) and is_safe_url(u) else "#",
    )
    return env


def _printed(value: Any) -> Any:
    """What every ``{{ … }}`` prints, without the characters an XML or HTML file may not hold
    (a control character in a title would make the feeds unreadable); escaped HTML stays so."""
    if isinstance(value, str):
        safe = xml_safe(value)
        if safe is value:  # nearly always: nothing to remove
            return value
        return Markup(safe) if isinstance(value, Markup) else safe
    return value


# what a picture in the text is shown at: the width of the text column, or the screen's
BODY_SIZES = "(min-width: 46rem) 42rem, calc(100vw - 2rem)"
_BODY_IMG_RE = re.compile(r'<img ([^>]*?)src="bantin-ref:media:([^"#]*)"([^>]*)>')
_ATTR_RE = re.compile(r'\b(alt|class)="([^"]*)"')


def _pictures(html: str, infos: Mapping[str, Any], media_href: Callable[[str], str]) -> str:
    """The pictures of a body (``<img>`` of a media placeholder) as ``<picture>`` elements."""

    def swap(m: re.Match) -> str:
        info = infos.get(m.group(2))
        if info is None or not info.fallback:
            return m.group(0)
        attrs = {k: unescape(v) for k, v in _ATTR_RE.findall(m.group(1) + m.group(3))}
        return picture_html(
            info, media_href, attrs.get("alt", ""), sizes=BODY_SIZES, cls=attrs.get("class")
        )

    return _BODY_IMG_RE.sub(swap, html)


def _unit_name(site: Site, bloc: str, unit: str) -> str:
    member = site.unit(bloc, unit)
    return member.name if member else unit


def _menu(site: Site) -> list[Crumb]:
    config = site.config
    if config.menu:
        return [Crumb(m.label, m.url) for m in config.menu]
    u = site.urls
    entries = [
        Crumb("nav_home", u.home(), True),
        Crumb("nav_bulletins", u.bulletins(), True),
        Crumb("nav_blocs", u.blocs(), True),
        Crumb("nav_campaigns", u.campaigns(), True),
        Crumb("nav_profiles", u.profiles(), True),
    ]
    entries += [Crumb(p.title, u.page(p.slug)) for p in site.pages if p.menu is not None]
    return entries


def item_path(site: Site, item: Any) -> str:
    u = site.urls
    if isinstance(item, Bulletin):
        return u.bulletin(item.year, item.slug)
    if isinstance(item, Profile):
        return u.profile(item.slug)
    if isinstance(item, Campaign):
        return u.campaign(item.slug)
    if isinstance(item, Bloc):
        return u.bloc(item.slug)
    if isinstance(item, Page):
        return u.page(item.slug)
    raise TypeError(f"no URL for {type(item).__name__}")


def _resolve(site: Site, scheme: str, target: str, anchor: str) -> str:
    """The address of a placeholder the linker checked; "#" for one it never saw (typed into
    HTML a site allows as written), which cannot be resolved."""
    try:
        return _resolved(site, scheme, target, anchor)
    except (KeyError, ValueError, IndexError, TypeError):
        return "#"


def _resolved(site: Site, scheme: str, target: str, anchor: str) -> str:
    u = site.urls
    paths: dict[str, Callable[[], str]] = {
        "bulletin": lambda: u.bulletin(int(target.split("/")[0]), target.split("/", 1)[1]),
        "profile": lambda: u.profile(target),
        "campaign": lambda: u.campaign(target),
        "bloc": lambda: u.bloc(target),
        "unit": lambda: u.unit(*target.split("/", 1)),
        "page": lambda: u.page(target),
        "tag": lambda: u.tag(target),
        "event": lambda: u.event(target),
        "media": lambda: u.media(target),
    }
    path = href(site.config, paths[scheme]())
    return path + (f"#{anchor}" if anchor else "")


# ------------------------------------------------------------------ the page plan


T = TypeVar("T")


def _paginate(
    items: Sequence[T], per_page: int, url_for: Callable[[int], str]
) -> Iterable[tuple[str, list[T], Pager]]:
    pages = max(1, math.ceil(len(items) / per_page))
    urls = tuple(url_for(n) for n in range(1, pages + 1))
    for n in range(1, pages + 1):
        yield urls[n - 1], list(items[(n - 1) * per_page : n * per_page]), Pager(n, pages, urls)


def _unit_records(bloc: Bloc) -> tuple[dict[str, list], ...]:
    """By member of ``bloc``: the leadership entries in which it was head, those in which it
    was deputy, its scores and its awards (each ``(year, record)``) and its figures, in one
    pass over the bloc's records (a page for each of thousands of members must not read them
    all again)."""
    heads: dict[str, list[Leadership]] = defaultdict(list)
    deputies: dict[str, list[Leadership]] = defaultdict(list)
    scores: dict[str, list[tuple[int, Score]]] = defaultdict(list)
    awards: dict[str, list[tuple[int, UnitAward]]] = defaultdict(list)
    figures: dict[str, list[Figure]] = defaultdict(list)
    for lead in sorted(bloc.leadership, key=lambda lead: lead.starts):
        heads[lead.head].append(lead)
        if lead.deputy is not None:
            deputies[lead.deputy].append(lead)
    for r in bloc.results:
        for sc in r.scores:
            scores[sc.unit].append((r.year, sc))
        for a in r.awards:
            if a.unit is not None:
                awards[a.unit].append((r.year, a))
    for f in bloc.figures:
        if f.unit is not None:
            figures[f.unit].append(f)
    return heads, deputies, scores, awards, figures


@dataclass(frozen=True)
class Term:
    """A unit's time as head (or deputy), as pages show it: ``from_date`` and ``to_date``
    only where the bloc file gives them (a handover during a year)."""

    unit: str
    year: int
    from_date: date | None
    to_date: date | None


def terms(entries: Iterable[Leadership | LeadershipChange], role: str = "head") -> list[Term]:
    """The heads (``role="deputy"``: the deputies) of ``entries``, earliest first, one
    :class:`Term` for each unit in turn: a deputy who stays through a change of head is
    one term, not two."""
    found: list[Term] = []
    for lead in sorted(entries, key=lambda lead: (lead.year, lead.from_date or date.min)):
        unit = lead.head if role == "head" else lead.deputy
        if unit is None:
            continue
        to_date = getattr(lead, "to_date", None)  # a bulletin's LeadershipChange has none
        last = found[-1] if found else None
        if last is not None and last.unit == unit and last.year == lead.year:
            found[-1] = Term(unit, lead.year, last.from_date, to_date)
        else:
            found.append(Term(unit, lead.year, lead.from_date, to_date))
    return found


def _mentioned_awards(
    site: Site, b: Bulletin, indexes: dict[str, AwardIndex]
) -> list[tuple[int, Any]]:
    """The awards a bulletin mentions, each ``(year, award)`` as its page says it: the bloc
    file's award of that year (authority, decision) with the bulletin's status and wording."""
    bloc = site.bloc_by_slug.get(b.bloc or "")
    if bloc is None or not b.awards_mentioned:
        return []
    index = indexes.get(bloc.slug)
    if index is None:
        index = indexes[bloc.slug] = AwardIndex(bloc)
    out = []
    for m in b.awards_mentioned:
        year = mention_year(b, m)
        out.append((year, shown_mention(m, index.same(m, site.config.vocabularies), year)))
    return out


def plan_pages(site: Site, *, sitemap_limit: int = SITEMAP_LIMIT) -> list[PageSpec]:
    """Every page of the site, with its template and context. Raises :class:`SiteError` when
    two pages would be written to the same file. Feeds, the sitemap (an index of parts of at
    most ``sitemap_limit`` addresses when it is longer) and robots.txt are pages too."""
    s, u, cfg = site, site.urls, site.config
    per = cfg.per_page
    specs: list[PageSpec] = []
    term_feeds = _term_feeds(site)

    index_crumbs = {
        "bulletins": Crumb("nav_bulletins", u.bulletins(), True),
        "tags": Crumb("nav_tags", u.tags(), True),
        "events": Crumb("nav_events", u.events(), True),
        "blocs": Crumb("nav_blocs", u.blocs(), True),
        "campaigns": Crumb("nav_campaigns", u.campaigns(), True),
        "profiles": Crumb("nav_profiles", u.profiles(), True),
    }

    def crumb(c: Any) -> Crumb:
        if isinstance(c, str):
            return index_crumbs[c]
        kind, value = c
        if kind == "year":
            return Crumb(str(value), u.year(value))
        return Crumb(value.label, u.bloc(value.slug))  # a bloc

    def add(url: str, template: str, owner: str | tuple, **context: Any) -> None:
        context["crumbs"] = [crumb(c) for c in context.get("crumbs", [])]
        specs.append(PageSpec(url, template, context, owner))

    # awards given, never proposals: the newest award of each person, newest first
    honoured = sorted(
        ((p, a) for p in s.profiles for a in p.awards if a.status == "awarded"),
        key=lambda pa: (pa[1].decision_date or date(pa[1].year, 12, 31), pa[0].slug),
        reverse=True,
    )
    recent: dict[str, tuple[Profile, Any]] = {}
    for p, a in honoured:
        recent.setdefault(p.slug, (p, a))
    add(
        u.home(),
        "home.html",
        ("home",),
        kind="home",
        latest=list(s.bulletins[: cfg.home_bulletins]),
        active_campaigns=[c for c in s.campaigns if c.status_on(s.day) == "active"],
        honoured=list(recent.values())[:6],
        crumbs=[],
    )
    all_ids = [b.id for b in s.bulletins]
    for url, ids, pager in _paginate(all_ids, per, u.bulletins):
        add(
            url,
            "bulletin_list.html",
            ("bulletin_index",),
            kind="bulletins",
            list_kind="all",
            bulletins=s.bulletins_for(ids),
            pager=pager,
            heading_key="all_bulletins",
            heading_value="",
            crumbs=["bulletins"],
        )
    for year, ids in s.bulletins_by_year.items():
        for url, page_ids, pager in _paginate(ids, per, lambda n, y=year: u.year(y, n)):
            add(
                url,
                "bulletin_list.html",
                ("archive", year),
                kind="year",
                list_kind="year",
                year=year,
                bulletins=s.bulletins_for(page_ids),
                pager=pager,
                heading_key="year_archive",
                heading_value=str(year),
                crumbs=["bulletins"],
            )
    award_indexes: dict[str, AwardIndex] = {}
    for b in s.bulletins:
        older, newer = s.neighbours[b.id]
        bloc_older, bloc_newer = s.bloc_neighbours.get(b.id, (None, None))
        add(
            u.bulletin(b.year, b.slug),
            b.template or "bulletin.html",
            f"content/bulletins/{b.id}.md",
            kind="bulletin",
            bulletin=b,
            bloc=s.bloc_by_slug.get(b.bloc or ""),
            awards=_mentioned_awards(site, b, award_indexes),
            people=s.profiles_for(b.people),
            attendee_profiles={
                p.slug: p for p in s.profiles_for(a.person for a in b.participants if a.person)
            },
            campaigns=[s.campaign_by_slug[c] for c in b.campaigns if c in s.campaign_by_slug],
            related=s.bulletins_for(s.related.get(b.id, ())),
            older=s.by_id.get(older or ""),
            newer=s.by_id.get(newer or ""),
            bloc_older=s.by_id.get(bloc_older or ""),
            bloc_newer=s.by_id.get(bloc_newer or ""),
            tags=s.tags_of(b),
            crumbs=["bulletins", ("year", b.year)],
        )
    add(u.tags(), "tags.html", ("tag_index",), kind="tags", crumbs=[])
    for tag in s.tags:
        for url, ids, pager in _paginate(tag.bulletins, per, lambda n, t=tag.slug: u.tag(t, n)):
            add(
                url,
                "bulletin_list.html",
                ("tag", tag.label),
                kind="tag",
                list_kind="tag",
                tag=tag,
                bulletins=s.bulletins_for(ids),
                pager=pager,
                heading_key="tag_heading",
                heading_value=tag.label,
                feeds=term_feeds.get(u.tag(tag.slug), []),
                crumbs=["tags"],
            )
    events = [
        (k, s.bulletins_by_event[k])
        for k in cfg.vocabularies["event_types"]
        if k in s.bulletins_by_event
    ]
    add(u.events(), "events.html", ("event_index",), kind="events", events=events, crumbs=[])
    for key, ids in events:
        for url, page_ids, pager in _paginate(ids, per, lambda n, k=key: u.event(k, n)):
            add(
                url,
                "bulletin_list.html",
                ("event", key),
                kind="event",
                list_kind="event",
                event=key,
                bulletins=s.bulletins_for(page_ids),
                pager=pager,
                heading_key="event_heading",
                heading_value=vocab_label(cfg.vocabularies, "event_types", key),
                crumbs=["events"],
            )
    add(u.blocs(), "blocs.html", ("bloc_index",), kind="blocs", crumbs=[])
    for bloc in s.blocs:
        add(
            u.bloc(bloc.slug),
            "bloc.html",
            f"content/blocs/{bloc.slug}.yaml",
            kind="bloc",
            bloc=bloc,
            bulletins=s.bulletins_for(s.bulletins_by_bloc.get(bloc.slug, ())),
            shares=s.shares.get(bloc.slug, ()),
            feeds=term_feeds.get(u.bloc(bloc.slug), []),
            crumbs=["blocs"],
        )
        heads, deputies, scores, awards, figures = _unit_records(bloc)
        for member in bloc.members:
            if bloc.member(member.slug) is not member:
                continue  # listed twice: the linker reports the second entry
            ref = UnitRef(bloc.slug, member.slug)
            add(
                u.unit(bloc.slug, member.slug),
                "unit.html",
                ("unit", member.slug, bloc.slug),
                kind="unit",
                bloc=bloc,
                unit=member,
                head_terms=terms(heads.get(member.slug, [])),
                deputy_terms=terms(deputies.get(member.slug, []), "deputy"),
                figures=figures.get(member.slug, []),
                scores=scores.get(member.slug, []),
                awards=awards.get(member.slug, []),
                bulletins=s.bulletins_for(s.bulletins_by_unit.get(ref, ())),
                people=s.profiles_for(s.profiles_by_unit.get(ref, ())),
                crumbs=["blocs", ("bloc", bloc)],
            )
    add(u.campaigns(), "campaigns.html", ("campaign_index",), kind="campaigns", crumbs=[])
    superseded_by: dict[str, list[Campaign]] = defaultdict(list)
    for o in s.campaigns:
        for x in dict.fromkeys(o.supersedes):
            superseded_by[x].append(o)
    for c in s.campaigns:
        add(
            u.campaign(c.slug),
            c.template or "campaign.html",
            f"content/campaigns/{c.slug}.md",
            kind="campaign",
            campaign=c,
            bulletins=s.bulletins_for(s.bulletins_by_campaign.get(c.slug, ())),
            people=s.profiles_for(s.profiles_by_campaign.get(c.slug, ())),
            superseded=[s.campaign_by_slug[x] for x in c.supersedes if x in s.campaign_by_slug],
            feeds=term_feeds.get(u.campaign(c.slug), []),
            superseded_by=superseded_by.get(c.slug, []),
            crumbs=["campaigns"],
        )
    add(u.profiles(), "profiles.html", ("profile_index",), kind="profiles", crumbs=[])
    recorded = _awards_to_people(site)
    for p in s.profiles:
        add(
            u.profile(p.slug),
            p.template or "profile.html",
            f"content/profiles/{p.slug}.md",
            kind="profile",
            profile=p,
            recorded_awards=_not_listed(recorded.get(p.slug, []), p, cfg.vocabularies),
            bloc=s.bloc_by_slug.get(p.bloc or cfg.default_bloc or ""),
            bulletins=s.bulletins_for(s.bulletins_by_profile.get(p.slug, ())),
            campaigns=[s.campaign_by_slug[c] for c in p.campaigns if c in s.campaign_by_slug],
            crumbs=["profiles"],
        )
    for page in s.pages:
        add(
            u.page(page.slug),
            page.template or "page.html",
            f"content/pages/{page.slug}.md",
            kind="page",
            page=page,
            crumbs=[],
        )
    plan_stats(site, add)
    specs += ledger_pages(site, awards := ledger_entries(site))
    specs += open_data_pages(site, awards)
    if cfg.search.enabled:
        add(u.search(), "search.html", ("search",), kind="search", crumbs=[])
    add(u.not_found(), "404.html", ("not_found",), kind="404", crumbs=[])
    specs += _feed_specs(site)
    specs += _sitemap_specs(site, specs, sitemap_limit)
    specs.append(PageSpec(u.robots(), "robots.txt", _robots_context(site), "robots.txt"))
    redirect_specs, redirect_problems = _redirect_specs(site, specs)
    if redirect_problems:
        raise SiteError(redirect_problems)
    specs += redirect_specs  # after the sitemap: an old address is no page of its own
    _check_collisions(specs)
    problems = _long_names(site, specs) + _unsafe_links(site)
    if problems:
        raise SiteError(problems)
    return specs


# ------------------------------------------------------------------ redirects from old addresses


def _redirect_specs(site: Site, specs: list[PageSpec]) -> tuple[list[PageSpec], list[Problem]]:
    """The HTML pages at old addresses and the redirect maps (:mod:`bantin.redirects`), and
    the problems that stop them: one old address leading to two pages, or an old address that
    is a page of the site."""
    cfg = site.config
    found: list[Redirect] = []
    for item in (*site.bulletins, *site.profiles, *site.campaigns, *site.pages):
        if item.redirect_from:
            title = getattr(item, "title", None) or getattr(item, "name", "")
            found += item_redirects(item, item_path(site, item), title, cfg)
    if not found:
        return [], []
    problems: list[Problem] = []
    unique: dict[OldAddress, Redirect] = {}
    for r in found:
        first = unique.setdefault(r.old, r)
        if first.target != r.target:
            problems.append(_redirect_twice(str(r.old), r, first))
    pages = {output_path(p.url).lower(): p.owner for p in specs}
    stubs: dict[str, Redirect] = {}
    out: list[PageSpec] = []
    for r in unique.values():
        claimed = claimed_url(r.old, cfg)
        if claimed is None:
            continue
        file = output_path(claimed).lower()
        if file in pages:
            problems.append(
                r.loc.problem(
                    msg("render.redirect_is_page", old=str(r.old), owner=_owner_name(pages[file])),
                    msg("render.hint_redirect_is_page"),
                )
            )
            continue
        stub = stub_url(r.old, cfg)
        if stub is None:
            continue
        first = stubs.setdefault(file, r)
        if first is not r:
            if first.target != r.target:
                problems.append(_redirect_twice(str(r.old), r, first))
            continue
        context = {"kind": "redirect", "target": r.target, "title": r.title, "crumbs": []}
        out.append(PageSpec(stub, "redirect.html", context, r.owner))
    hrefs = {r.target: href(cfg, r.target) for r in unique.values()}
    maps = {NETLIFY_FILE: netlify, APACHE_FILE: apache, NGINX_FILE: nginx}
    for name, write in maps.items():
        context = {"kind": REDIRECT_MAP, "text": write(unique.values(), hrefs), "crumbs": []}
        out.append(PageSpec("/" + name, "", context, name))
    return out, problems


def _redirect_twice(old: str, r: Redirect, first: Redirect) -> Problem:
    where = f"{first.loc.path}:{first.loc.line}" if first.loc.line else first.loc.path
    return r.loc.problem(
        msg("render.redirect_twice", old=old, other=where), msg("render.hint_redirect_twice")
    )


def _awards_to_people(site: Site) -> dict[str, list[tuple[int, UnitAward, str]]]:
    """By profile: the awards bloc files record for that person (``person:``), each as (year,
    award, bloc slug), newest first."""
    found: dict[str, list[tuple[int, UnitAward, str]]] = defaultdict(list)
    for bloc in site.blocs:
        for r in bloc.results:
            for a in r.awards:
                if a.person is not None:
                    found[a.person].append((r.year, a, bloc.slug))
    for rows in found.values():
        rows.sort(key=lambda row: row[0], reverse=True)
    return found


def _not_listed(
    rows: list[tuple[int, UnitAward, str]], p: Profile, vocabularies: Mapping[str, Any]
) -> list[tuple[int, UnitAward, str]]:
    """``rows`` less the awards the profile lists itself (the same year and title or words):
    an award is said once on a page, whichever file records it."""
    return [
        row
        for row in rows
        if not any(a.year == row[0] and same_award(a, row[1], vocabularies) for a in p.awards)
    ]


def _long_names(site: Site, specs: list[PageSpec]) -> list[Problem]:
    """A page whose address has a part too long to be a file name (a tag of a whole paragraph)
    is an error naming a file that asks for it, not a crash when it is written."""
    problems: dict[str, Problem] = {}
    for spec in specs:
        for part in output_path(spec.url).split("/"):
            if len(part.encode("utf-8")) <= NAME_LIMIT or part in problems:
                continue
            owner, path = spec.owner, "content"
            if isinstance(owner, tuple) and owner[0] == "tag":
                label = str(owner[1])
                tag = next((t for t in site.tags if t.label == label), None)
                if tag is not None and tag.bulletins:
                    path = f"content/bulletins/{tag.bulletins[0]}.md"
                owner = ("tag", label if len(label) <= 40 else label[:40] + "…")
            elif _is_file(owner):
                path = str(owner)
            problems[part] = Problem(
                path,
                0,
                0,
                msg("render.name_too_long", owner=_owner_name(owner), length=len(part)),
                msg("render.hint_shorten"),
            )
    return list(problems.values())


def _unsafe_links(site: Site) -> list[Problem]:
    """Links written in files (not in Markdown) that a page prints: each must open a page or a
    file. ``javascript:``, ``vbscript:``, ``data:``… are errors naming the file and field."""
    found: list[tuple[Any, str, str]] = []  # (Loc, field, url)
    for b in site.bulletins:
        if b.source is not None and b.source.url:
            found.append((b.pos.get("source", b.loc), "source.url", b.source.url))
    for bloc in site.blocs:
        for m in bloc.members:
            if m.url:
                found.append((m.loc if m.loc.path else bloc.loc, "members.url", m.url))
    for entry in site.config.menu:
        found.append((Loc(site.config.config_name, 0, 0), "menu.url", entry.url))
    return [
        loc.problem(
            msg("load.unsafe_url", key=key, scheme=url_scheme(url)),
            msg("load.for_example", example="https://example.gov.vn/"),
        )
        for loc, key, url in found
        if not is_safe_url(url)
    ]


def _check_collisions(specs: list[PageSpec]) -> None:
    """Two pages on one output file is an error naming the content file involved."""
    collisions = find_collisions([(output_path(p.url), p.owner) for p in specs])
    problems = []
    for path, owners in sorted(collisions.items()):
        files = [o for o in owners if _is_file(o)]
        problems.append(
            Problem(
                files[0] if files else "content",
                0,
                0,
                msg("render.page_collision", path=path, owners=_listed(owners)),
                msg("render.hint_rename_one"),
            )
        )
    if problems:
        raise SiteError(problems)


def _is_file(owner: str | tuple) -> bool:
    """Whether a page's owner is a content file (not an index, archive, tag… page)."""
    return isinstance(owner, str) and owner.startswith("content/") and " " not in owner


def _owner_name(owner: str | tuple) -> str:
    """A page's owner as a collision message names it."""
    if isinstance(owner, str):
        return owner
    kind, *args = owner
    if kind == "archive":
        return msg("render.owner.archive", year=args[0])
    if kind == "tag":
        return msg("render.owner.tag", tag=args[0])
    if kind == "event":
        return msg("render.owner.event", event=args[0])
    if kind == "unit":
        return msg("render.owner.unit", unit=args[0], bloc=args[1])
    return {
        "home": lambda: msg("render.owner.home"),
        "bulletin_index": lambda: msg("render.owner.bulletin_index"),
        "tag_index": lambda: msg("render.owner.tag_index"),
        "event_index": lambda: msg("render.owner.event_index"),
        "bloc_index": lambda: msg("render.owner.bloc_index"),
        "campaign_index": lambda: msg("render.owner.campaign_index"),
        "profile_index": lambda: msg("render.owner.profile_index"),
        "not_found": lambda: msg("render.owner.not_found"),
        "search": lambda: msg("render.owner.search"),
    }[kind]()


def _listed(owners: list) -> str:
    """``a, b, c``, as one message, so that each owner is said in the user's language."""
    first = _owner_name(owners[0])
    if len(owners) == 1:
        return first
    return msg("render.owner_list", first=first, rest=_listed(owners[1:]))


# ------------------------------------------------------------------ feeds, sitemap, robots.txt

# The most tags, and the most campaigns, a feed entry names
FEED_CATEGORIES = 20
# The longest body (characters of HTML) a feed carries whole with feeds: content: full
FEED_TEXT_LIMIT = 100_000
# Kinds of page the sitemap leaves out
NOT_IN_SITEMAP = frozenset({"404", "search", "redirect"})  # no text of their own to find
REDIRECT_MAP = "redirect_map"  # the kind of a redirect map's page (bantin.redirects)


@dataclass(frozen=True)
class _Term:
    """What a feed follows: the whole site, a bloc, a campaign or a tag."""

    kind: str  # site | bloc | campaign | tag
    page: str  # the page the feed belongs to
    name: str
    ids: Sequence[str]  # its bulletins, newest first
    owner: str | tuple


def _terms(site: Site) -> list[_Term]:
    """The site, and each bloc, campaign and tag that has bulletins."""
    s, u = site, site.urls
    terms = [_Term("site", u.home(), s.config.title, [b.id for b in s.bulletins], "")]
    for bloc in s.blocs:
        ids = s.bulletins_by_bloc.get(bloc.slug, ())
        terms.append(
            _Term("bloc", u.bloc(bloc.slug), bloc.name, ids, f"content/blocs/{bloc.slug}.yaml")
        )
    for c in s.campaigns:
        ids = s.bulletins_by_campaign.get(c.slug, ())
        terms.append(
            _Term("campaign", u.campaign(c.slug), c.name, ids, f"content/campaigns/{c.slug}.md")
        )
    for tag in s.tags:
        terms.append(_Term("tag", u.tag(tag.slug), tag.label, tag.bulletins, ("tag", tag.label)))
    return [t for t in terms if t.ids or t.kind == "site"]


def _feed_links(site: Site, page: str, name: str, kind: str = "site") -> list[FeedLink]:
    """The feeds of ``page`` (``/`` for the site's own), in the configured formats."""
    u = site.urls
    formats = dict.fromkeys(site.config.feeds.formats)
    return [FeedLink(f, u.feed(page, f), FEED_TYPES[f], name, kind) for f in formats]


def _term_feeds(site: Site) -> dict[str, list[FeedLink]]:
    """Bloc, campaign and tag page → its feeds (a term without bulletins has none)."""
    return {
        t.page: _feed_links(site, t.page, t.name, t.kind) for t in _terms(site) if t.kind != "site"
    }


def _categories(site: Site, b: Bulletin) -> tuple[FeedCategory, ...]:
    """A bulletin's tags and campaigns, as feed categories: the first
    :data:`FEED_CATEGORIES` of each (a bulletin is in the feed of each of its tags, so all of
    hundreds of tags in each would grow with the square of their number)."""
    u = site.urls
    campaigns = [site.campaign_by_slug.get(slug) for slug in dict.fromkeys(b.campaigns)]
    found = [FeedCategory(t.slug, t.label, u.tags()) for t in site.tags_of(b)]
    found = found[:FEED_CATEGORIES]
    found += [FeedCategory(c.slug, c.name, u.campaigns()) for c in campaigns if c is not None][
        :FEED_CATEGORIES
    ]
    return tuple(found)


def _feed_specs(site: Site) -> list[PageSpec]:
    """The Atom and RSS feeds of the site and of each bloc, campaign and tag: the newest
    ``feeds.entries`` bulletins; ``updated`` is the newest entry's (never the build's) time."""
    cfg, u = site.config, site.urls
    categories: dict[str, tuple[FeedCategory, ...]] = {}
    specs = []
    for term in _terms(site):
        bulletins = site.bulletins_for(term.ids[: cfg.feeds.entries])
        for b in bulletins:
            if b.id not in categories:
                categories[b.id] = _categories(site, b)
        updated = max((b.updated or b.date for b in bulletins), default=site.today)
        for fmt in dict.fromkeys(cfg.feeds.formats):
            url = u.feed(term.page, fmt)
            context = {
                "kind": "feed",
                "feed_kind": term.kind,
                "feed_format": fmt,
                "heading": term.name,
                "feed_page": term.page,
                "bulletins": bulletins,
                "categories": {b.id: categories[b.id] for b in bulletins},
                "updated": updated,
                "crumbs": [],
            }
            specs.append(PageSpec(url, f"feeds/{fmt}.xml", context, term.owner or output_path(url)))
    return specs


def _lastmod(context: dict[str, Any]) -> date | datetime | None:
    """When a page last changed: a bulletin's ``updated`` or date, as written (a day without
    a time stays a day); for a page listing bulletins, the newest of theirs; None when the
    page shows no item whose date is known (a bulletin whose publication date is not known
    has none: its event date is not when its page changed)."""
    if context.get("kind") == "bulletin":
        return context["bulletin"].modified
    shown = context.get("bulletins") or context.get("latest") or ()
    dated = [b for b in shown if isinstance(b, Bulletin) and b.modified is not None]
    newest = max(dated, key=lambda b: b.updated or b.date, default=None)
    return None if newest is None else newest.modified


def _sitemap_specs(site: Site, specs: list[PageSpec], limit: int) -> list[PageSpec]:
    """``/sitemap.xml``: every HTML page but the 404 page, and the open-data files (a sitemap
    may list files that are not HTML), sorted by address; beyond
    ``limit`` addresses, an index of ``/sitemap-1.xml``, ``/sitemap-2.xml``…"""
    cfg, u = site.config, site.urls
    entries = sorted(
        (
            SitemapUrl(uri(absolute(cfg, p.url)), _lastmod(p.context))
            for p in specs
            if (p.url.endswith(("/", ".html")) or p.context.get("kind") == DATA_FILE)
            and p.context.get("kind") not in NOT_IN_SITEMAP
        ),
        key=lambda e: e.loc,
    )
    parts, index = sitemap_parts(entries, limit, lambda n: uri(absolute(cfg, u.sitemap(n))), cfg.tz)

    def spec(url: str, template: str, kind: str, listed: list[SitemapUrl]) -> PageSpec:
        context = {"kind": kind, "entries": listed, "crumbs": []}
        return PageSpec(url, template, context, output_path(url))

    if not index:
        return [spec(u.sitemap(), "sitemap.xml", "sitemap", parts[0])]
    return [spec(u.sitemap(), "sitemap_index.xml", "sitemap_index", index)] + [
        spec(u.sitemap(n), "sitemap.xml", "sitemap", part) for n, part in enumerate(parts, 1)
    ]


def _robots_context(site: Site) -> dict[str, Any]:
    sitemap = uri(absolute(site.config, site.urls.sitemap()))
    return {"kind": "robots", "sitemap_url": sitemap, "crumbs": []}


# ------------------------------------------------------------------ rendering


def render_page(env: jinja2.Environment, spec: PageSpec) -> OutputFile:
    """Render one planned page; template problems become a :class:`SiteError`. A redirect
    map and an open-data file are bantin's text, not the theme's: they are written as they are."""
    if spec.context.get("kind") in (REDIRECT_MAP, DATA_FILE):
        return OutputFile(output_path(spec.url), spec.context["text"].encode("utf-8"))
    try:
        template = env.get_template(spec.template)
        html = template.render(**spec.context, page_url=spec.url)
    except jinja2.TemplateSyntaxError as exc:
        raise SiteError(
            [
                Problem(
                    _template_rel(env, exc.filename or exc.name or spec.template),
                    exc.lineno,
                    1,
                    msg("render.template_error", error=exc.message),
                )
            ]
        ) from None
    except jinja2.TemplateNotFound as exc:
        raise SiteError(
            [
                Problem(
                    spec.owner if str(spec.owner).startswith("content/") else "templates",
                    0,
                    0,
                    msg("render.template_not_found", name=exc.name),
                    msg("render.hint_template_key"),
                )
            ]
        ) from None
    except (jinja2.TemplateError, TypeError, AttributeError, KeyError, ValueError) as exc:
        filename, line = _template_frame(exc)
        raise SiteError(
            [
                Problem(
                    _template_rel(env, filename) if filename else spec.template,
                    line,
                    1 if line else 0,
                    msg("render.template_error_at", url=spec.url, error=_said(exc)),
                )
            ]
        ) from None
    return OutputFile(output_path(spec.url), html.encode("utf-8"))


def _said(exc: BaseException) -> str:
    """An exception's text; a message of bantin's (a missing interface string) stays one, so
    it is said in the user's language."""
    if len(exc.args) == 1 and isinstance(exc.args[0], Msg):
        return exc.args[0]
    return str(exc)


def _template_frame(exc: BaseException) -> tuple[str | None, int]:
    tb = exc.__traceback__
    found: tuple[str | None, int] = (None, 0)
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith((".html", ".xml", ".txt")):
            found = (name, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _template_rel(env: jinja2.Environment, filename: str) -> str:
    """A template's path relative to the project root, as the user sees it."""
    root: Path = env.globals["config"].root
    try:
        return Path(filename).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return filename


def render_site(site: Site, specs: list[PageSpec] | None = None) -> list[OutputFile]:
    env = make_env(site)
    specs = plan_pages(site) if specs is None else specs
    return [render_page(env, spec) for spec in specs]
