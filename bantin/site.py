"""Link: resolve every reference once, check what spans files, and build the read-only Site.

:func:`link` takes the loaded :class:`~bantin.loader.Content` and returns a :class:`Site` with
indexes and reverse links (the bloc's bulletins, a person's bulletins, …) plus the problems
found. Nothing changes the Site afterwards; rendering only reads it.
"""

from __future__ import annotations

import functools
import hashlib
import heapq
import os
from collections import defaultdict
from collections.abc import Callable, Container, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from .awards import AwardIndex, holder_clash, implied_authority, mention_year
from .bundled import theme_folder
from .config import SiteConfig
from .errors import Loc, Problem, SiteError, did_you_mean, suggestion
from .loader import Content
from .messages import msg
from .models import (
    Award,
    AwardMention,
    Bloc,
    Body,
    Bulletin,
    Campaign,
    Image,
    Leadership,
    Member,
    Page,
    Profile,
    Recipient,
    Ref,
    UnitAward,
)
from .sources import walk
from .text import printable, sort_key
from .urls import Urls, slugify, telex_slug, unsafe_path
from .urls import word_key as _word_key

# the same few hundred tags and names are looked up for every bulletin, and more than once
word_key = functools.lru_cache(maxsize=1 << 16)(_word_key)

# The kinds of file a text may link from content/media/ (they are published as they are, or as
# pictures made anew): pictures, documents, spreadsheets, slides, archives, sound and video.
# Never a web page, a script or a style sheet, which would run on the site's own address.
MEDIA_KINDS = frozenset(
    "jpg jpeg png gif webp avif svg pdf doc docx odt rtf txt xls xlsx ods csv ppt pptx odp "
    "zip 7z rar mp3 m4a ogg oga wav mp4 m4v webm".split()
)


@dataclass(frozen=True)
class Tag:
    slug: str
    label: str
    bulletins: tuple[str, ...]  # bulletin ids, newest first


@dataclass(frozen=True)
class UnitRef:
    bloc: str
    unit: str


@dataclass(frozen=True)
class ShareFigure:
    """The non-leader share of the individuals a bloc commended in a year, from the numbers it
    records (``results[].commended``), against its target. ``honoured`` or ``non_leaders`` is
    None when the bloc file does not say it: then there is no share."""

    year: int
    honoured: int | None
    non_leaders: int | None
    target: float | None

    @property
    def share(self) -> float | None:
        if not self.honoured or self.non_leaders is None:
            return None
        return self.non_leaders / self.honoured


Status = str  # "draft" | "scheduled" | "expired"


@dataclass(frozen=True)
class Visibility:
    """Which unpublished items a build shows, and the moment it publishes at.

    A normal build leaves out drafts (``draft: true``), bulletins dated after ``now``
    (scheduled) and items whose ``expires`` has passed; a preview shows them, marked."""

    now: datetime
    drafts: bool = False
    future: bool = False
    expired: bool = False

    @classmethod
    def preview(cls, now: datetime) -> Visibility:
        return cls(now, drafts=True, future=True, expired=True)

    def shows(self, status: Status) -> bool:
        return {"draft": self.drafts, "scheduled": self.future, "expired": self.expired}[status]

    def flags(self) -> tuple[bool, bool, bool]:
        return (self.drafts, self.future, self.expired)


# The latest SOURCE_DATE_EPOCH taken: the end of 9998, so that a day later in any time zone is
# still a date Python can hold.
LATEST_EPOCH = int(datetime(9999, 1, 1, tzinfo=UTC).timestamp()) - 1


def build_time() -> datetime:
    """Now, or ``SOURCE_DATE_EPOCH`` when it is set (reproducible builds). A value that is not
    a whole number of seconds from 0 to :data:`LATEST_EPOCH` stops the build, as the
    specification asks: a malformed value is an error, never silently the real time."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch == "":
        return datetime.now(UTC)
    if epoch.isascii() and epoch.isdigit() and int(epoch) <= LATEST_EPOCH:
        return datetime.fromtimestamp(int(epoch), UTC)
    shown = printable(epoch if len(epoch) <= 40 else epoch[:40] + "…")
    raise SiteError(
        [
            Problem(
                "SOURCE_DATE_EPOCH",
                message=msg("load.bad_source_date_epoch", value=shown, latest=LATEST_EPOCH),
                hint=msg("load.hint_source_date_epoch"),
            )
        ]
    )


def status_of(item: Any, now: datetime) -> Status | None:
    """Why ``item`` is not published at ``now``, or None when it is."""
    if getattr(item, "draft", False):
        return "draft"
    if isinstance(item, Bulletin) and item.date > now:
        return "scheduled"
    expires = getattr(item, "expires", None)
    if expires is not None and expires <= now:
        return "expired"
    return None


def item_key(item: Any) -> str:
    """``bulletin:2024/slug``, ``profile:slug``…: one name per item across kinds."""
    kind = type(item).__name__.lower()
    return f"{kind}:{item.id if isinstance(item, Bulletin) else item.slug}"


@dataclass
class Site:
    config: SiteConfig
    urls: Urls
    bulletins: tuple[Bulletin, ...] = ()  # newest first
    profiles: tuple[Profile, ...] = ()  # by name, Vietnamese order
    campaigns: tuple[Campaign, ...] = ()
    blocs: tuple[Bloc, ...] = ()
    pages: tuple[Page, ...] = ()
    media: dict[str, str] = field(default_factory=dict)  # NFC path → path on disk
    tags: tuple[Tag, ...] = ()
    by_id: dict[str, Bulletin] = field(default_factory=dict)
    profile_by_slug: dict[str, Profile] = field(default_factory=dict)
    campaign_by_slug: dict[str, Campaign] = field(default_factory=dict)
    bloc_by_slug: dict[str, Bloc] = field(default_factory=dict)
    page_by_slug: dict[str, Page] = field(default_factory=dict)
    tag_by_slug: dict[str, Tag] = field(default_factory=dict)
    tag_slug_by_key: dict[str, str] = field(default_factory=dict)  # urls.word_key → slug
    bulletins_by_bloc: dict[str, tuple[str, ...]] = field(default_factory=dict)
    bulletins_by_unit: dict[UnitRef, tuple[str, ...]] = field(default_factory=dict)
    bulletins_by_profile: dict[str, tuple[str, ...]] = field(default_factory=dict)
    bulletins_by_campaign: dict[str, tuple[str, ...]] = field(default_factory=dict)
    bulletins_by_event: dict[str, tuple[str, ...]] = field(default_factory=dict)
    bulletins_by_year: dict[int, tuple[str, ...]] = field(default_factory=dict)
    profiles_by_campaign: dict[str, tuple[str, ...]] = field(default_factory=dict)
    profiles_by_unit: dict[UnitRef, tuple[str, ...]] = field(default_factory=dict)
    related: dict[str, tuple[str, ...]] = field(default_factory=dict)
    neighbours: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    bloc_neighbours: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    shares: dict[str, tuple[ShareFigure, ...]] = field(default_factory=dict)
    media_used: frozenset[str] = frozenset()
    today: date = date(1970, 1, 1)  # the newest bulletin's day: "now" for a reproducible build
    # the build's own day in the site's time zone (SOURCE_DATE_EPOCH's when set): what a
    # campaign's status is said on, so that one whose period has ended reads as ended
    day: date = date(1970, 1, 1)
    digests: dict[str, bytes] = field(default_factory=dict)  # content file → its cache key
    # items shown although unpublished (a preview): item_key → "draft" | "scheduled" | "expired"
    status: dict[str, Status] = field(default_factory=dict)
    # the next moment at which an item becomes published or expires: a build after it differs
    next_change: datetime | None = None
    # items this build leaves out (checked all the same): ("draft", "content/…/x.md"), …
    left_out: tuple[tuple[Status, str], ...] = ()
    # the pictures' sizes and resized copies (bantin.images.ImageInfo), by media path; filled
    # by the build's image phase, after linking
    images: dict[str, Any] = field(default_factory=dict)

    def bulletins_for(self, ids: Iterable[str]) -> list[Bulletin]:
        return [self.by_id[i] for i in ids]

    def profiles_for(self, slugs: Iterable[str]) -> list[Profile]:
        return [self.profile_by_slug[s] for s in slugs if s in self.profile_by_slug]

    def tags_of(self, b: Bulletin) -> list[Tag]:
        """The tags of ``b``, each once, in its order."""
        slugs = dict.fromkeys(self.tag_slug_by_key.get(word_key(t), "") for t in b.tags)
        return [self.tag_by_slug[s] for s in slugs if s in self.tag_by_slug]

    def unit(self, bloc: str, unit: str) -> Member | None:
        b = self.bloc_by_slug.get(bloc)
        return b.member(unit) if b else None

    def status_of(self, item: Any) -> Status | None:
        """ "draft", "scheduled" or "expired" for an unpublished item a preview shows."""
        return self.status.get(item_key(item)) if self.status else None


def _locator(item) -> Callable[[str], Loc]:
    """``at("people[2]")``: where a field (or one item of a list field) stood in the file."""

    def at(key: str) -> Loc:
        return item.pos.get(key) or item.pos.get(key.split("[")[0]) or item.loc

    return at


def _suggest(value: str, choices: Iterable[str]) -> str:
    return did_you_mean(value, choices)


class _Linker:
    def __init__(self, config: SiteConfig, content: Content, vis: Visibility):
        self.config = config
        self.content = content
        self.vis = vis
        self.problems: list[Problem] = []
        self.media_used: set[str] = set()
        # kind → key → (status, the date it concerns) of what this build leaves out
        self.hidden: dict[str, dict[str, tuple[Status, datetime | None]]] = defaultdict(dict)
        self.left_out: list[tuple[Status, str]] = []  # (status, file) of each item left out
        self.status: dict[str, Status] = {}
        self.next_change: datetime | None = None
        self.blocs = {b.slug: b for b in content.blocs if self._shown("bloc", b.slug, b)}
        self.bulletins = {b.id: b for b in content.bulletins if self._shown("bulletin", b.id, b)}
        self.profiles_all = {p.slug: p for p in content.profiles}
        self.profile_names: dict[str, list[str]] = defaultdict(list)  # word_key → slugs
        for p in content.profiles:
            self.profile_names[word_key(p.name)].append(p.slug)
        self.bulletins = {k: self._people_resolved(b) for k, b in self.bulletins.items()}
        self.profiles = {
            p.slug: p for p in content.profiles if self._shown("profile", p.slug, p) and p.consent
        }
        self.campaigns = {
            c.slug: c for c in content.campaigns if self._shown("campaign", c.slug, c)
        }
        self.pages = {p.slug: p for p in content.pages if self._shown("page", p.slug, p)}
        self.tag_slug, self.tag_renames = _tag_slugs(content.bulletins)
        self.tag_slugs = {
            self.tag_slug[key]
            for b in self.bulletins.values()
            for key in map(word_key, b.tags)
            if key in self.tag_slug
        }
        self.templates: set[str] | None = None  # template names, read when one is named
        self.awards: dict[str, AwardIndex] = {}  # by bloc, see _awards

    def _shown(self, kind: str, key: str, item: Any) -> bool:
        """Whether this build shows ``item``; notes why not, and when that will change."""
        now = self.vis.now
        for moment in (getattr(item, "date", None), getattr(item, "expires", None)):
            if isinstance(moment, datetime) and moment > now and not item.draft:
                if self.next_change is None or moment < self.next_change:
                    self.next_change = moment
        status = status_of(item, now)
        if status == "scheduled":
            self.problems.append(
                item.pos.get("date", item.loc).problem(
                    msg("link.scheduled", when=_when(item.date, self.config)),
                    msg("link.scheduled_hint"),
                    "info",
                )
            )
        if status is None:
            return True
        if self.vis.shows(status):
            self.status[item_key(item)] = status
            return True
        when = item.date if status == "scheduled" else getattr(item, "expires", None)
        self.hidden[kind][key] = (status, when)
        self.left_out.append((status, item.loc.path))
        return False

    # ------------------------------------------------------------ reference checks

    def error(self, loc: Loc, message: str, hint: str = "") -> None:
        self.problems.append(loc.problem(message, hint))

    def warn(self, loc: Loc, message: str, hint: str = "") -> None:
        self.problems.append(loc.problem(message, hint, "warning"))

    def _people_resolved(self, b: Bulletin) -> Bulletin:
        """``b`` with each person written by the profile's name ("Nguyễn Văn Thắng", in
        ``people:`` or a participant's ``person:``) replaced by that profile's slug, when exactly
        one profile has that name (accents and tones count; case, spacing and NFC or NFD do
        not)."""

        def slug_of(value: str) -> str:
            if value in self.profiles_all:
                return value
            found = self.profile_names.get(word_key(value), [])
            return found[0] if len(found) == 1 else value

        people = tuple(slug_of(v) for v in b.people)
        participants = tuple(
            replace(p, person=slug_of(p.person)) if p.person else p for p in b.participants
        )
        if people == b.people and participants == b.participants:
            return b
        return replace(b, people=people, participants=participants)

    def _person_hint(self, value: str) -> str:
        """A hint for a person no profile is called: only the same name or slug written with
        other capitals or separators, or without any accents, is suggested; never a similar
        one (two names a letter or a tone apart, Thắng and Thăng, are two people)."""
        folded = slugify(value) if value.isascii() else ""
        same = sorted(self.profile_names.get(word_key(value), [])) or sorted(
            p.slug for p in self.profiles_all.values() if folded in (p.slug, slugify(p.name))
        )
        if len(same) == 1:
            return msg("common.did_you_mean", choice=same[0])
        if same:
            return msg("link.person_ambiguous", slugs=", ".join(same))
        return ""

    def _missing(
        self, loc: Loc, kind: str, value: str, known: Iterable[str], hint: str | None = None
    ) -> None:
        if value in self.content.failed.get(kind, set()):
            return  # that file could not be loaded; its own problem is reported
        name = msg(f"common.kind.{kind}")
        hidden = self.hidden[kind].get(value)
        if hidden is not None:
            status, when = hidden
            self.error(
                loc,
                msg(f"link.ref_{status}", kind=name, value=value, when=_when(when, self.config)),
                msg(f"link.ref_{status}_hint"),
            )
            return
        if hint is None:
            hint = _suggest(value, known)
        self.error(loc, msg("link.unknown", kind=name, value=value), hint)

    def bloc_ref(self, loc: Loc, slug: str) -> Bloc | None:
        bloc = self.blocs.get(slug)
        if bloc is None:
            self._missing(loc, "bloc", slug, self.blocs)
        return bloc

    def unit_ref(self, loc: Loc, bloc: Bloc, unit: str, year: int | None) -> None:
        member = bloc.member(unit)
        if member is None:
            self.error(
                loc,
                msg("link.not_member", unit=unit, bloc=bloc.slug),
                _suggest(unit, [m.slug for m in bloc.members])
                or msg("link.members", members=", ".join(m.slug for m in bloc.members)),
            )
        elif year is not None and not member.member_in(year):
            span = f"{member.from_year or '…'}–{member.to_year or '…'}"
            self.error(
                loc, msg("link.not_member_in", unit=unit, bloc=bloc.slug, year=year, span=span)
            )

    def profile_ref(self, loc: Loc, slug: str) -> None:
        if slug in self.profiles:
            return
        found = self.profiles_all.get(slug)
        if found is not None and not found.consent:
            self.error(loc, msg("link.no_consent", slug=slug), msg("link.no_consent_hint"))
            return
        self._missing(loc, "profile", slug, self.profiles, self._person_hint(slug))

    def campaign_ref(self, loc: Loc, slug: str) -> None:
        if slug not in self.campaigns:
            self._missing(loc, "campaign", slug, self.campaigns)

    def bulletin_ref(self, loc: Loc, bid: str) -> None:
        if bid not in self.bulletins:
            self._missing(loc, "bulletin", bid, self.bulletins)

    def media_ref(self, loc: Loc, path: str, body: Ref | None = None) -> None:
        """``path`` under content/media/, named in a field or (``body``) in a text."""
        reason = unsafe_path(path)
        if reason is not None:
            self.error(
                loc,
                msg("link.bad_media_path", path=printable(path), reason=reason),
                msg("link.bad_media_path_hint"),
            )
            return
        kind = path.rpartition(".")[2].lower() if "." in path.rpartition("/")[2] else ""
        if kind not in MEDIA_KINDS:
            self.error(
                loc,
                msg("link.media_kind", path=path, kind=kind or "—"),
                msg("link.media_kind_hint", kinds=", ".join(sorted(MEDIA_KINDS))),
            )
            return
        if path in self.content.media:
            self.media_used.add(path)
            return
        if path in self.content.failed.get("media", ()):
            return  # that file cannot be used; its own problem is reported
        if body is not None:  # in a text: the hint shows the form that works there
            found = self._closest_media(path)
            hint = msg("common.did_you_mean", choice=f"media/{found}") if found else ""
            self.error(
                loc, msg("link.missing_media", path=path), hint or msg("link.missing_media_hint")
            )
            return
        hint = _suggest(path, self.content.media) or msg("link.missing_media_hint")
        self.error(loc, msg("link.missing_media", path=path), hint)

    def _closest_media(self, written: str) -> str | None:
        """The file of content/media/ that ``written`` (a path in a body) most likely means:
        the same path once ``../``, ``/``, ``media/`` are taken off, else the one file of that
        name (letter case aside), else the closest path."""
        media = self.content.media
        parts = [p for p in written.split("/") if p not in ("", ".", "..")]
        while parts and parts[0].lower() in ("content", "media"):
            parts = parts[1:]
        path = "/".join(parts)
        if path in media:
            return path
        name = path.rpartition("/")[2].lower()
        named = [m for m in media if m.rpartition("/")[2].lower() == name]
        if len(named) == 1:
            return named[0]
        return suggestion(_suggest(path, media)) or None

    def _body_media_hint(self, written: str, image: bool) -> str:
        found = self._closest_media(written)
        form = "![…](media/{})" if image else "[…](media/{})"
        if found is None:
            example = "2024/hoi-nghi.jpg" if image else "2024/quy-che.pdf"
            return msg("link.body_media_put", form=form.format(example))
        return msg("link.body_media_hint", form=form.format(found))

    def local_ref(self, ref: Ref) -> None:
        """A path on the server written in a body (``IMG_1.jpg``, ``../media/a.jpg``,
        ``/uploads/a.pdf``): the built site has no such file; name the form that works."""
        image = ref.alt is not None
        last = ref.target.split("#")[0].split("?")[0].rstrip("/").rpartition("/")[2]
        kind = last.rpartition(".")[2].lower() if "." in last else ""
        rooted = ref.target.startswith(("/", "."))
        if not image and not rooted and kind not in MEDIA_KINDS:
            return  # a link whose text only looks like a file name (x.exe, y.html)
        if not image and not kind:  # an address of a page, not a file
            self.error(
                ref.loc,
                msg("link.body_local_page", target=printable(ref.target)),
                msg("link.body_local_page_hint"),
            )
            return
        self.error(
            ref.loc,
            msg("link.body_not_media", target=printable(ref.target)),
            self._body_media_hint(ref.target, image),
        )

    def template_ref(self, item: Any) -> None:
        """An item's own ``template:`` must be one of the site's or the theme's templates
        (the loader has already refused names that lead out of their folder)."""
        name = item.template
        if name is None or unsafe_path(name) is not None:
            return
        if self.templates is None:
            self.templates = set()
            theme = theme_folder(self.config.root, self.config.theme)
            for folder in (self.config.root / "templates", theme / "templates"):
                self.templates |= {rel for rel, _, _ in walk(folder, folder).files}
        if name not in self.templates:
            pages = sorted(t for t in self.templates if t.endswith(".html"))
            self.error(
                item.pos.get("template", item.loc),
                msg("link.unknown_template", name=name, theme=self.config.theme),
                _suggest(name, pages) or msg("link.unknown_template_hint"),
            )

    def image_ref(self, image: Image) -> None:
        self.media_ref(image.loc, image.src)
        if image.src in self.content.media and not image.alt.strip():
            self.warn(image.loc, msg("link.no_alt", src=image.src), msg("link.no_alt_hint"))

    def body_refs(self, refs: tuple[Ref, ...]) -> None:
        for ref in refs:
            self.body_ref(ref)

    def body_ref(self, ref: Ref) -> None:
        loc, target = ref.loc, ref.target
        if ref.scheme == "local":
            self.local_ref(ref)
            return
        if ref.scheme == "media":
            self.media_ref(loc, target, ref)
            if ref.alt is not None and not ref.alt.strip() and target in self.content.media:
                self.warn(loc, msg("link.no_alt", src=target), msg("link.no_alt_body_hint"))
            return
        if ref.scheme == "bulletin":
            self.bulletin_ref(loc, target)
            body = self.bulletins[target].body if target in self.bulletins else None
        elif ref.scheme == "profile":
            self.profile_ref(loc, target)
            body = self.profiles[target].body if target in self.profiles else None
        elif ref.scheme == "campaign":
            self.campaign_ref(loc, target)
            body = self.campaigns[target].body if target in self.campaigns else None
        elif ref.scheme == "page":
            body = self.pages[target].body if target in self.pages else None
            if body is None:
                self._missing(loc, "page", target, self.pages)
        elif ref.scheme == "bloc":
            self.bloc_ref(loc, target)
            body = None
        elif ref.scheme == "unit":
            bloc_slug, _, unit = target.partition("/")
            bloc = self.bloc_ref(loc, bloc_slug)
            if bloc is not None:
                if not unit:
                    self.error(loc, msg("link.unit_link", bloc=bloc_slug))
                else:
                    self.unit_ref(loc, bloc, unit, None)
            body = None
        elif ref.scheme == "tag":
            if target not in self.tag_slugs:
                self.error(
                    loc,
                    msg("link.unknown", kind=msg("common.kind.tag"), value=target),
                    _suggest(target, self.tag_slugs),
                )
            body = None
        else:  # event
            known = self.config.vocabularies["event_types"]
            if target not in known:
                self.error(
                    loc,
                    msg("link.unknown", kind=msg("common.kind.event"), value=target),
                    _suggest(target, known),
                )
            body = None
        if ref.anchor and body is not None and ref.anchor not in body.heading_ids:
            self.error(
                loc,
                msg("link.no_heading", link=f"{ref.scheme}:{target}", anchor=ref.anchor),
                _suggest(ref.anchor, body.heading_ids) or msg("link.no_heading_hint"),
            )

    # ------------------------------------------------------------ per kind

    def check_all(self, only: Mapping[str, Container[str]] | None = None) -> None:
        """Check every item this linker shows; with ``only``, just the items of each kind
        whose keys it holds (``{"bulletin": {"2024/slug"}, …}``)."""

        checks: tuple[tuple[str, Mapping[str, Any], Callable[[Any], None]], ...] = (
            ("bloc", self.blocs, self.check_bloc),
            ("bulletin", self.bulletins, self.check_bulletin),
            ("profile", self.profiles, self.check_profile),
            ("campaign", self.campaigns, self.check_campaign),
            ("page", self.pages, self.check_page),
        )
        for kind, items, check in checks:
            for key, item in items.items():
                if only is None or key in only.get(kind, ()):
                    check(item)

    def check_bloc(self, bloc: Bloc) -> None:
        for m in bloc.members:
            first = bloc.member(m.slug)
            if first is not m and first is not None:
                self.error(
                    m.loc,
                    msg("link.member_twice", unit=m.slug),
                    msg("link.member_twice_hint", line=first.loc.line),
                )
        self._check_leadership_periods(bloc)
        for lead in bloc.leadership:
            self.unit_ref(lead.loc, bloc, lead.head, lead.year)
            if lead.deputy:
                self.unit_ref(lead.loc, bloc, lead.deputy, lead.year)
                if lead.deputy == lead.head:
                    self.error(lead.loc, msg("link.head_is_deputy", year=lead.year))
            if lead.bulletin:
                self.bulletin_ref(lead.loc, lead.bulletin)
        years = set()
        for result in bloc.results:
            if result.year in years:
                self.error(result.loc, msg("link.results_twice", year=result.year))
            years.add(result.year)
            ranks: dict[int, str] = {}
            for score in result.scores:
                self.unit_ref(score.loc, bloc, score.unit, result.year)
                if score.rank is not None:
                    if score.rank in ranks:
                        self.error(
                            score.loc,
                            msg(
                                "link.rank_twice",
                                rank=score.rank,
                                year=result.year,
                                first=ranks[score.rank],
                                second=score.unit,
                            ),
                        )
                    ranks[score.rank] = score.unit
            for award in result.awards:
                self._check_unit_award(bloc, award, result.year)
            commended = result.commended
            if commended is not None and commended.non_leaders is not None:
                if commended.individuals is None or commended.non_leaders > commended.individuals:
                    self.error(
                        result.loc,
                        msg(
                            "link.non_leaders_over",
                            year=result.year,
                            non_leaders=commended.non_leaders,
                            individuals="—"
                            if commended.individuals is None
                            else commended.individuals,
                        ),
                        msg("link.non_leaders_over_hint"),
                    )
            for unit in (result.banner, result.leader):
                if unit is not None:
                    self.unit_ref(result.loc, bloc, unit, result.year)
            first = ranks.get(1)
            if result.leader is not None and first is not None and first != result.leader:
                self.warn(  # the page would show one leader and another unit ranked first
                    result.loc,
                    msg(
                        "link.leader_not_first",
                        year=result.year,
                        leader=result.leader,
                        first=first,
                    ),
                    msg("link.leader_not_first_hint"),
                )
            if result.bulletin:
                self.bulletin_ref(result.loc, result.bulletin)
        for figure in bloc.figures:
            if figure.unit is not None:
                self.unit_ref(figure.loc, bloc, figure.unit, figure.year)
            if figure.bulletin:
                self.bulletin_ref(figure.loc, figure.bulletin)
        for pledge in bloc.pledges:
            for unit in pledge.signatories or ():
                self.unit_ref(pledge.loc, bloc, unit, pledge.year)
            if pledge.document:
                self.media_ref(pledge.loc, pledge.document)
        for target in bloc.targets:
            if target.non_leader_share is not None and not 0 <= target.non_leader_share <= 1:
                self.error(target.loc, msg("link.share_range"), msg("link.share_range_hint"))
        for rule in bloc.rules:
            if rule.file:
                self.media_ref(bloc.pos.get("rules", bloc.loc), rule.file)

    def _check_leadership_periods(self, bloc: Bloc) -> None:
        """Each entry's period lies within or across its year; no two periods share a day
        (one head a day: a handover gives the outgoing head ``to:``, the new one ``from:``)."""
        fine: list[Leadership] = []
        for lead in bloc.leadership:
            year_start, year_end = date(lead.year, 1, 1), date(lead.year, 12, 31)
            if lead.starts > lead.ends or lead.starts > year_end or lead.ends < year_start:
                self.error(
                    lead.loc,
                    msg(
                        "link.leadership_period",
                        year=lead.year,
                        start=lead.starts.isoformat(),
                        end=lead.ends.isoformat(),
                    ),
                    msg("link.leadership_period_hint", year=lead.year),
                )
            else:
                fine.append(lead)
        fine.sort(key=lambda lead: (lead.starts, lead.loc.line))
        latest: Leadership | None = None  # of the entries so far, the one that ends last
        for lead in fine:
            if latest is not None and lead.starts <= latest.ends:
                first, second = sorted((latest, lead), key=lambda e: e.loc.line)
                self.error(
                    second.loc,
                    msg(
                        "link.leadership_overlap",
                        line=first.loc.line,
                        day=lead.starts.isoformat(),
                    ),
                    msg("link.leadership_overlap_hint"),
                )
            if latest is None or lead.ends > latest.ends:
                latest = lead

    def check_bulletin(self, b: Bulletin) -> None:
        at = _locator(b)
        bloc = self.bloc_ref(at("bloc"), b.bloc) if b.bloc else None
        year = b.event_date.year if b.event_date else b.year
        if b.host_unit and b.host:
            self.error(at("host"), msg("link.host_twice"), msg("link.host_twice_hint"))
        self._check_people_at_event(b, bloc, year)
        for i, label in enumerate(b.tags):
            if not slugify(label):
                self.error(
                    at(f"tags[{i}]"),
                    msg("link.tag_empty", tag=printable(label)),
                    msg("link.tag_empty_hint"),
                )
        if bloc is not None:
            if b.host_unit:
                self.unit_ref(at("host_unit"), bloc, b.host_unit, year)
            for i, unit in enumerate(b.units):
                self.unit_ref(at(f"units[{i}]"), bloc, unit, year)
            change = b.leadership_change
            if change is not None:
                self._check_leadership_change(b, bloc, change)
            for mention in b.awards_mentioned:
                self._check_award_mention(b, bloc, mention)
        for i, person in enumerate(b.people):
            self.profile_ref(at(f"people[{i}]"), person)
        for i, campaign in enumerate(b.campaigns):
            self.campaign_ref(at(f"campaigns[{i}]"), campaign)
        if b.category is not None:
            known = {c.slug for c in self.config.categories}
            if b.category not in known:
                self.error(
                    at("category"),
                    msg("link.unknown_category", category=b.category),
                    _suggest(b.category, known) or msg("link.unknown_category_hint"),
                )
        for image in ([b.image] if b.image else []) + list(b.images):
            self.image_ref(image)
        self.template_ref(b)
        self.body_refs(b.body.refs)

    def note_tag_renames(self) -> None:
        """Say where a tag that another tag's plain slug would merge with is published."""
        urls = Urls(self.config.segments)
        for r in self.tag_renames:
            self.problems.append(
                _locator(r.bulletin)(f"tags[{r.index}]").problem(
                    msg(
                        "link.tag_renamed",
                        tag=printable(r.bulletin.tags[r.index]),
                        url=urls.tag(r.slug),
                        other=printable(r.first),
                        other_url=urls.tag(r.plain),
                    ),
                    msg("link.tag_renamed_hint"),
                    "info",
                )
            )

    def _check_people_at_event(self, b: Bulletin, bloc: Bloc | None, year: int) -> None:
        """Each guest is a name or a body; each participant also may be a member unit or a
        profile, which must exist."""
        for guest in b.guests:
            if not (guest.name or guest.body):
                self.error(guest.loc, msg("link.guest_who"), msg("link.guest_who_hint"))
        for p in b.participants:
            if not (p.name or p.body or p.unit or p.person):
                self.error(p.loc, msg("link.participant_who"), msg("link.participant_who_hint"))
            if p.unit and bloc is not None:
                self.unit_ref(p.loc, bloc, p.unit, year)
            if p.person:
                self.profile_ref(p.loc, p.person)

    def _check_leadership_change(self, b: Bulletin, bloc: Bloc, change) -> None:
        """The change a bulletin reports is the bloc file's entry in force: the one of its
        year that covers its ``from:`` day, or (without a day) one of that year's entries."""
        self.unit_ref(change.loc, bloc, change.head, change.year)
        if change.deputy:
            self.unit_ref(change.loc, bloc, change.deputy, change.year)
        records = bloc.leadership_in(change.year)
        if change.from_date is not None:
            records = [lead for lead in records if lead.covers(change.from_date)]
        if not records:
            if change.from_date is None:
                message = msg("link.leadership_missing", year=change.year, bloc=bloc.slug)
            else:
                message = msg(
                    "link.leadership_missing_on",
                    year=change.year,
                    day=change.from_date.isoformat(),
                    bloc=bloc.slug,
                )
            self.error(change.loc, message, msg("link.leadership_missing_hint", bloc=bloc.slug))
            return
        if any((r.head, r.deputy) == (change.head, change.deputy or r.deputy) for r in records):
            return
        record = records[0]
        where = f"{record.loc.path}:{record.loc.line}"
        if len(records) > 1:
            self.error(
                change.loc,
                msg(
                    "link.leadership_disagrees_heads",
                    year=change.year,
                    head=change.head,
                    heads=", ".join(dict.fromkeys(r.head for r in records)),
                ),
                msg("link.leadership_disagrees_heads_hint", where=where),
            )
            return
        self.error(
            change.loc,
            msg(
                "link.leadership_disagrees",
                year=change.year,
                head=change.head,
                deputy=change.deputy or "—",
                file_head=record.head,
                file_deputy=record.deputy or "—",
            ),
            msg("link.leadership_disagrees_hint", where=where),
        )

    # ------------------------------------------------------------ awards

    def _check_recipient(self, a: Recipient, bloc: Bloc, year: int | None, loc: Loc) -> bool:
        """Exactly one recipient, and the unit or person it names exists: False if not."""
        given = a.recipient_fields
        if a.count is not None and a.group is None:
            self.error(loc, msg("link.award_count_group"), msg("link.award_recipient_hint"))
            return False
        if len(given) != 1:
            self.error(
                loc,
                msg("link.award_recipient", found=", ".join(given) or "—"),
                msg("link.award_recipient_hint"),
            )
            return False
        if a.unit is not None:
            self.unit_ref(loc, bloc, a.unit, year)
        elif a.person is not None:
            self.profile_ref(loc, a.person)
        return True

    def _check_naming(
        self, a: Award | UnitAward | AwardMention, who: str, individual: bool
    ) -> bool:
        """A title or the article's wording; a title for the kind of recipient it goes to; an
        authority that agrees with the title. False when it has no name at all."""
        if a.title is None and not a.label:
            self.error(a.loc, msg("link.award_unnamed"), msg("link.award_unnamed_hint"))
            return False
        vocabularies = self.config.vocabularies
        clash = holder_clash(a, vocabularies, individual)
        if clash is not None:
            self.error(
                a.loc,
                msg(f"link.award_{clash}_title", title=a.title, recipient=who),
                msg("link.award_holder_hint"),
            )
        authority = getattr(a, "authority", None)
        implied = implied_authority(vocabularies, a.title)
        if authority is not None and implied is not None and authority != implied:
            self.warn(
                a.loc,
                msg("link.award_authority", title=a.title, expected=implied, authority=authority),
                msg("link.award_authority_hint"),
            )
        return True

    def _check_unit_award(self, bloc: Bloc, award: UnitAward, year: int) -> None:
        if not self._check_recipient(award, bloc, year, award.loc):
            return
        who = _who(award)
        if not self._check_naming(award, who, award.individual):
            return
        if award.status == "awarded" and not award.decision:
            self.warn(
                award.loc,
                msg("link.awarded_no_decision", title=award.title or award.label, unit=who),
                msg("link.awarded_no_decision_hint"),
            )

    def _check_award_mention(self, b: Bulletin, bloc: Bloc, mention: AwardMention) -> None:
        year = mention_year(b, mention)
        if not self._check_recipient(mention, bloc, year, mention.loc):
            return
        who = _who(mention)
        if not self._check_naming(mention, who, mention.individual):
            return
        name = mention.title or mention.label
        found = self._awards(bloc).same(mention, self.config.vocabularies)
        matches = [rec.award for rec in found if rec.year == year]
        if not matches:
            years = sorted({rec.year for rec in found})
            if years:
                self.error(
                    mention.loc,
                    msg(
                        "link.award_other_year",
                        title=name,
                        unit=who,
                        year=year,
                        bloc=bloc.slug,
                        years=", ".join(map(str, years)),
                    ),
                    msg("link.award_other_year_hint", first=years[-1]),
                )
            else:
                self.error(
                    mention.loc,
                    msg("link.award_unrecorded", title=name, unit=who, year=year, bloc=bloc.slug),
                    msg("link.award_unrecorded_hint", bloc=bloc.slug),
                )
        elif mention.status == "awarded" and all(a.status == "proposed" for a in matches):
            self.error(
                mention.loc,
                msg("link.award_only_proposed", title=name, unit=who),
                msg("link.award_only_proposed_hint"),
            )

    def _awards(self, bloc: Bloc) -> AwardIndex:
        """The awards in ``bloc``'s results by recipient, gathered once for each bloc."""
        found = self.awards.get(bloc.slug)
        if found is None:
            found = self.awards[bloc.slug] = AwardIndex(bloc)
        return found

    def check_profile(self, p: Profile) -> None:
        at = _locator(p)
        bloc_slug = p.bloc or self.config.default_bloc
        bloc = self.bloc_ref(at("bloc"), bloc_slug) if bloc_slug else None
        for position in p.positions:
            if position.unit is None and position.unit_name is None:
                self.error(position.loc, msg("link.position_unit"))
            if position.unit is not None:
                if bloc is None:
                    if bloc_slug is None:
                        self.error(position.loc, msg("link.position_bloc"))
                else:
                    self.unit_ref(position.loc, bloc, position.unit, None)
        for award in p.awards:
            self._check_naming(award, p.slug, individual=True)
        for i, campaign in enumerate(p.campaigns):
            self.campaign_ref(at(f"campaigns[{i}]"), campaign)
        if p.photo:
            self.image_ref(p.photo)
        self.template_ref(p)
        self.body_refs(p.body.refs)

    def check_campaign(self, c: Campaign) -> None:
        at = _locator(c)
        for i, slug in enumerate(c.supersedes):
            self.campaign_ref(at(f"supersedes[{i}]"), slug)
        self.template_ref(c)
        self.body_refs(c.body.refs)

    def check_page(self, page: Page) -> None:
        reserved = set(vars(self.config.segments).values()) | {"404", "404.html"}
        if page.slug in reserved:
            self.error(page.loc, msg("link.page_reserved", slug=page.slug), msg("link.rename"))
        self.template_ref(page)
        self.body_refs(page.body.refs)


def link(
    config: SiteConfig,
    content: Content,
    memo: dict[bytes, Any] | None = None,
    vis: Visibility | None = None,
) -> tuple[Site, list[Problem]]:
    """Resolve references and build the read-only :class:`Site` of what ``vis`` shows (by
    default: what is published now). ``memo`` (kept by the caller between builds) saves
    recomputing the related bulletins when no bulletin's date, bloc, units, people, campaigns,
    tags or event types changed."""
    lk = _Linker(config, content, vis or Visibility(build_time()))
    lk.check_all()
    lk.note_tag_renames()
    lk.problems += _check_left_out(config, content, lk)
    return _index(config, lk, memo if memo is not None else {}), lk.problems


@dataclass(frozen=True)
class TagRename:
    """A tag given another slug than its plain one, which an earlier tag already has."""

    bulletin: Bulletin  # the first (oldest) bulletin with this tag
    index: int  # its place in that bulletin's tags
    slug: str
    first: str  # the label that has the plain slug
    plain: str


def _tag_slugs(bulletins: Iterable[Bulletin]) -> tuple[dict[str, str], list[TagRename]]:
    """The slug of every tag (by :func:`~bantin.urls.word_key`), over all bulletins, published
    or not, so that publishing one changes no address. Tags that differ in their accents
    ("Bão", "Báo") share a plain slug (``bao``): the tag used first (oldest bulletin) keeps it,
    each later one gets its Telex form (``baos``), stable whatever is added later, and a number
    if even that is taken (``baos-2``)."""
    slug_of: dict[str, str] = {}
    owner: dict[str, str] = {}  # slug → the first label given it
    renames: list[TagRename] = []
    for b in sorted(bulletins, key=lambda b: (b.date, b.id)):
        for i, label in enumerate(b.tags):
            key, plain = word_key(label), slugify(label)
            if key in slug_of or not plain:
                continue
            slug = plain
            if slug in owner:
                slug = base = telex_slug(label)
                n = 2
                while slug in owner:
                    slug, n = f"{base}-{n}", n + 1
                renames.append(TagRename(b, i, slug, owner[plain], plain))
            slug_of[key] = slug
            owner[slug] = label
    return slug_of, renames


def _check_left_out(config: SiteConfig, content: Content, lk: _Linker) -> list[Problem]:
    """The problems of the items ``lk`` leaves out (drafts, scheduled, expired), checked like
    any file against every item there is: a draft may name another draft, or a campaign that
    is not published yet. A published item naming a left-out one stays an error (``lk``'s)."""
    if not any(lk.hidden.values()):
        return []
    full = _Linker(config, content, Visibility.preview(lk.vis.now))
    full.problems = []  # its notes on scheduled items are lk's already
    full.check_all(only=lk.hidden)
    return full.problems


def _ids(items: Iterable[Bulletin]) -> tuple[str, ...]:
    return tuple(b.id for b in items)


def _index(config: SiteConfig, lk: _Linker, memo: dict[bytes, Any]) -> Site:
    bulletins = sorted(lk.bulletins.values(), key=lambda b: (b.date, b.id), reverse=True)
    by_bloc: dict[str, list[Bulletin]] = defaultdict(list)
    by_unit: dict[UnitRef, list[Bulletin]] = defaultdict(list)
    by_profile: dict[str, list[Bulletin]] = defaultdict(list)
    by_campaign: dict[str, list[Bulletin]] = defaultdict(list)
    by_event: dict[str, list[Bulletin]] = defaultdict(list)
    by_year: dict[int, list[Bulletin]] = defaultdict(list)
    by_tag: dict[str, list[Bulletin]] = defaultdict(list)
    tag_labels: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    first_use: dict[str, tuple] = {}  # a tag's spelling → its oldest bulletin (date, id)
    for b in bulletins:
        by_year[b.year].append(b)
        if b.bloc in lk.blocs:
            by_bloc[b.bloc].append(b)
            named = set(b.units) | ({b.host_unit} if b.host_unit else set())
            if b.leadership_change:
                named |= {b.leadership_change.head, b.leadership_change.deputy} - {None}
            named |= {m.unit for m in b.awards_mentioned if m.unit is not None}
            named |= {p.unit for p in b.participants if p.unit}
            for unit in sorted(named):
                by_unit[UnitRef(b.bloc, unit)].append(b)
        for person in dict.fromkeys([*b.people, *(p.person for p in b.participants if p.person)]):
            by_profile[person].append(b)
        for c in b.campaigns:
            by_campaign[c].append(b)
        for e in b.event_types:
            by_event[e].append(b)
        for slug, t in {lk.tag_slug.get(word_key(t), ""): t for t in reversed(b.tags)}.items():
            if slug:
                by_tag[slug].append(b)
                tag_labels[slug][t] += 1
                first_use[t] = (b.date, b.id)  # newest first: the last one kept is the oldest
    tags = tuple(
        sorted(
            (
                Tag(
                    slug=slug,
                    # the spelling most used; of those used as often, the one used first
                    label=min(labels, key=lambda t, n=labels: (-n[t], first_use[t])),
                    bulletins=_ids(by_tag[slug]),
                )
                for slug, labels in tag_labels.items()
            ),
            key=lambda t: sort_key(t.label),
        )
    )
    profiles = sorted(lk.profiles.values(), key=lambda p: sort_key(p.name))
    profiles_by_campaign: dict[str, list[str]] = defaultdict(list)
    profiles_by_unit: dict[UnitRef, list[str]] = defaultdict(list)
    for p in profiles:
        for c in p.campaigns:
            profiles_by_campaign[c].append(p.slug)
        bloc_slug = p.bloc or config.default_bloc
        for unit in dict.fromkeys(pos.unit for pos in p.positions if pos.unit):
            if bloc_slug:
                profiles_by_unit[UnitRef(bloc_slug, unit)].append(p.slug)
    for c, bs in by_campaign.items():  # people named in a campaign's bulletins count too
        named = dict.fromkeys(profiles_by_campaign.get(c, ()))
        for b in bs:
            named.update((person, None) for person in b.people if person in lk.profiles)
        if named:
            profiles_by_campaign[c] = list(named)
    neighbours = {}
    for i, b in enumerate(bulletins):
        newer = bulletins[i - 1].id if i > 0 else None
        older = bulletins[i + 1].id if i + 1 < len(bulletins) else None
        neighbours[b.id] = (older, newer)
    bloc_neighbours = {}
    for bs in by_bloc.values():
        for i, b in enumerate(bs):
            newer = bs[i - 1].id if i > 0 else None
            older = bs[i + 1].id if i + 1 < len(bs) else None
            bloc_neighbours[b.id] = (older, newer)
    return Site(
        config=config,
        urls=Urls(config.segments),
        bulletins=tuple(bulletins),
        profiles=tuple(profiles),
        campaigns=tuple(sorted(lk.campaigns.values(), key=lambda c: sort_key(c.name))),
        blocs=tuple(sorted(lk.blocs.values(), key=lambda b: ((b.number or 0), sort_key(b.name)))),
        pages=tuple(sorted(lk.pages.values(), key=lambda p: ((p.menu or 999), sort_key(p.title)))),
        media=dict(lk.content.media),
        tags=tags,
        by_id={b.id: b for b in bulletins},
        profile_by_slug=dict(lk.profiles),
        campaign_by_slug=dict(lk.campaigns),
        bloc_by_slug=dict(lk.blocs),
        page_by_slug=dict(lk.pages),
        tag_by_slug={t.slug: t for t in tags},
        tag_slug_by_key=dict(lk.tag_slug),
        bulletins_by_bloc={k: _ids(v) for k, v in by_bloc.items()},
        bulletins_by_unit={k: _ids(v) for k, v in by_unit.items()},
        bulletins_by_profile={k: _ids(v) for k, v in by_profile.items()},
        bulletins_by_campaign={k: _ids(v) for k, v in by_campaign.items()},
        bulletins_by_event={k: _ids(v) for k, v in by_event.items()},
        bulletins_by_year={k: _ids(v) for k, v in sorted(by_year.items(), reverse=True)},
        profiles_by_campaign={k: tuple(v) for k, v in profiles_by_campaign.items()},
        profiles_by_unit={k: tuple(v) for k, v in profiles_by_unit.items()},
        related=_related_memo(bulletins, config.related_count, memo),
        neighbours=neighbours,
        bloc_neighbours=bloc_neighbours,
        shares=_shares(lk.blocs.values()),
        media_used=frozenset(lk.media_used),
        today=bulletins[0].date.date() if bulletins else lk.vis.now.astimezone(config.tz).date(),
        day=lk.vis.now.astimezone(config.tz).date(),
        digests=dict(lk.content.digests),
        status=dict(sorted(lk.status.items())),
        next_change=_next_campaign_change(lk),
        left_out=tuple(sorted(lk.left_out)),
    )


def _next_campaign_change(lk: _Linker) -> datetime | None:
    """The next moment anything shown changes: an item published or expiring
    (``lk.next_change``), or a campaign starting or ending (its status is said on the build's
    day, so the first build after that moment must render its pages again)."""
    tz = lk.config.tz
    found = lk.next_change
    for c in lk.campaigns.values():
        start, end = (c.period.start, c.period.end) if c.period else (None, None)
        for day in (start, end + timedelta(days=1) if end else None):  # its first, the day after
            if day is None:
                continue
            moment = datetime.combine(day, time(), tz)
            if moment > lk.vis.now and (found is None or moment < found):
                found = moment
    return found


def _when(moment: datetime | None, config: SiteConfig) -> str:
    """``2026-12-01 08:00`` in the site's time zone, for messages."""
    return f"{moment.astimezone(config.tz):%Y-%m-%d %H:%M}" if moment else ""


RELATED_WEIGHTS = {"c": 3.0, "p": 3.0, "t": 2.0, "u": 1.5, "e": 1.0, "b": 1.0}
RELATED_WINDOW = 12  # holders of a feature looked at on each side, nearest in time first


def _related_memo(
    bulletins: list[Bulletin], count: int, memo: dict[bytes, Any]
) -> dict[str, tuple[str, ...]]:
    """:func:`_related`, reused from ``memo`` when what it depends on is unchanged."""
    features = repr(
        (
            count,
            RELATED_WINDOW,
            [
                (
                    b.id,
                    b.date.timestamp(),
                    b.bloc,
                    b.units,
                    b.people,
                    b.campaigns,
                    b.tags,
                    b.event_types,
                )
                for b in bulletins
            ],
        )
    ).encode("utf-8", "surrogatepass")
    key = hashlib.blake2b(features, digest_size=16).digest()
    found = memo.get(key)
    if found is None:
        found = _related(bulletins, count)
    memo.clear()
    memo[key] = found
    return found


def _related(bulletins: list[Bulletin], count: int) -> dict[str, tuple[str, ...]]:
    """Bulletins that share campaigns, people, tags, units, event types or the bloc, scored by
    the weights of what they share; the closest in time wins a tie.

    ``bulletins`` is newest first. For each feature only the :data:`RELATED_WINDOW` holders
    nearest in time on either side are candidates, so the cost is linear in the number of
    bulletins and a bulletin's related list changes only when its neighbours in some feature do.
    """
    feats: list[tuple[str, ...]] = []
    holders: dict[str, list[int]] = defaultdict(list)
    for i, b in enumerate(bulletins):
        keys = tuple(
            dict.fromkeys(
                [f"c:{c}" for c in b.campaigns]
                + [f"p:{p}" for p in b.people]
                + [f"t:{word_key(t)}" for t in b.tags]
                + [f"u:{b.bloc}/{u}" for u in b.units]  # a unit is known within its bloc
                + [f"e:{e}" for e in b.event_types]
                + ([f"b:{b.bloc}"] if b.bloc else [])
            )
        )
        feats.append(keys)
        for k in keys:
            holders[k].append(i)
    position: dict[tuple[str, int], int] = {}
    for k, idx in holders.items():
        for n, i in enumerate(idx):
            position[k, i] = n
    stamps = [b.date.timestamp() for b in bulletins]
    ids = [b.id for b in bulletins]
    w = RELATED_WINDOW
    out = {}
    for i in range(len(bulletins)):
        scores: dict[int, float] = defaultdict(float)
        for k in feats[i]:
            idx = holders[k]
            n = position[k, i]
            weight = RELATED_WEIGHTS[k[0]]
            for j in idx[max(0, n - w) : n + w + 1]:
                scores[j] += weight
        scores.pop(i, None)
        when = stamps[i]
        best = heapq.nsmallest(
            count, ((-score, abs(stamps[j] - when), ids[j]) for j, score in scores.items())
        )
        out[ids[i]] = tuple(entry[2] for entry in best)
    return out


def _who(a: Recipient) -> str:
    """The recipient as the file writes it, for messages: a slug, a body's name, "6 tap-the"."""
    if a.group is not None:
        return f"{a.count} {a.group}" if a.count is not None else a.group
    return a.unit or a.person or a.body or "—"


def _shares(blocs: Iterable[Bloc]) -> dict[str, tuple[ShareFigure, ...]]:
    """The non-leader share of each year a bloc records non-leaders for or sets a target for,
    from the bloc's own numbers: the individuals it commended and how many are not leaders.
    Published profiles are a few of those people, never the count."""
    out = {}
    for bloc in blocs:
        targets = {t.year: t.non_leader_share for t in bloc.targets}
        counted = {
            r.year: r.commended
            for r in bloc.results
            if r.commended is not None and r.commended.non_leaders is not None
        }
        figures = []
        for year in sorted(targets.keys() | counted.keys()):
            c = counted.get(year)
            honoured = c.individuals if c is not None else None
            non_leaders = c.non_leaders if c is not None else None
            figures.append(ShareFigure(year, honoured, non_leaders, targets.get(year)))
        out[bloc.slug] = tuple(figures)
    return out


__all__ = ["Body", "ShareFigure", "Site", "Tag", "UnitRef", "link"]
