"""The content model: one frozen dataclass per kind (see DOMAIN.md, Part B).

Fields read from YAML come first; fields marked ``derived`` are filled by the loader (the slug
from the file name, the rendered body, where the item came from). Nothing here is changed after
loading: the linker builds its indexes beside these objects, in :class:`bantin.site.Site`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Any, Literal

from .errors import Loc
from .text import Quantity

NOLOC = Loc("")


def derived(default: Any = None, **kw: Any) -> Any:
    if callable(default):
        return field(default_factory=default, metadata={"derived": True}, compare=False, **kw)
    return field(default=default, metadata={"derived": True}, compare=False, **kw)


def key(name: str, default: Any = None, bounds: tuple[int, int] | None = None) -> Any:
    """A field whose YAML key is not a Python name (``from``, ``to``)."""
    return field(default=default, metadata={"key": name, "range": bounds})


def bounded(low: float, high: float, default: Any = ...) -> Any:
    """A number field that must lie between ``low`` and ``high`` (both included); every other
    number field lies within :data:`bantin.schema.NUMBER_RANGE`."""
    if default is ...:
        return field(metadata={"range": (low, high)})
    return field(default=default, metadata={"range": (low, high)})


# a year a bloc's record or a bulletin can speak of
YEARS = (1900, 2200)


def vocab(name: str, default: Any = ...) -> Any:
    if default is ...:
        return field(metadata={"vocab": name})
    return field(default=default, metadata={"vocab": name})


# ---------------------------------------------------------------- shared parts


@dataclass(frozen=True, kw_only=True)
class Image:
    src: str  # relative to content/media
    alt: str = ""
    caption: str | None = None
    credit: str | None = None
    group: int | None = bounded(1, 10_000, None)
    loc: Loc = derived(NOLOC)


@dataclass(frozen=True, kw_only=True)
class Award:
    """An award of a person (a profile's ``awards:``). The article's wording (``label``) is
    enough: ``title`` (a vocabulary key) and ``authority`` are given only when known."""

    year: int = bounded(*YEARS)
    title: str | None = vocab("award_titles", None)
    authority: str | None = vocab("authorities", None)
    status: Literal["proposed", "awarded"] = "proposed"
    label: str | None = None
    decision: str | None = None
    decision_date: date | None = None
    loc: Loc = derived(NOLOC)


@dataclass(frozen=True, kw_only=True)
class Recipient:
    """Who an award goes to: exactly one of a member unit (``unit``), a person's profile
    (``person``), a named body outside the members (``body``), or an unnamed group (``group``:
    ``tap-the`` collectives or ``ca-nhan`` individuals, with ``count`` when the article says)."""

    unit: str | None = None
    person: str | None = None
    body: str | None = None
    group: Literal["tap-the", "ca-nhan"] | None = None
    count: int | None = bounded(1, 10_000_000, None)

    @property
    def recipient_fields(self) -> tuple[str, ...]:
        """The recipient forms given (``count`` belongs to ``group``)."""
        given = {"unit": self.unit, "person": self.person, "body": self.body, "group": self.group}
        return tuple(k for k, v in given.items() if v is not None)

    @property
    def recipient_key(self) -> tuple[str, str | int | None]:
        """The recipient as a comparable pair: ("unit", slug), ("group", "tap-the")…"""
        for name in ("unit", "person", "body"):
            value = getattr(self, name)
            if value is not None:
                return name, value
        return "group", self.group

    @property
    def individual(self) -> bool:
        """Whether the recipient is one or more people rather than collectives."""
        return self.person is not None or self.group == "ca-nhan"


@dataclass(frozen=True, kw_only=True)
class Body:
    """Markdown rendered to HTML; internal links are placeholders resolved at render time."""

    html: str = ""
    summary: str = ""  # plain text of the first paragraph
    refs: tuple[Ref, ...] = ()
    heading_ids: tuple[str, ...] = ()
    images: tuple[str, ...] = ()  # media paths of images in the body, in order


@dataclass(frozen=True, kw_only=True)
class Ref:
    """A link or media reference found in a Markdown body."""

    scheme: str  # bulletin | profile | campaign | bloc | unit | page | tag | media
    target: str
    anchor: str
    loc: Loc
    alt: str | None = None  # an image's description; None for a link


# ---------------------------------------------------------------- blocs


@dataclass(frozen=True, kw_only=True)
class FormerName:
    name: str
    from_year: int | None = key("from", bounds=YEARS)
    to_year: int | None = key("to", bounds=YEARS)


@dataclass(frozen=True, kw_only=True)
class Rule:
    year: int = bounded(*YEARS)
    title: str
    file: str | None = None


@dataclass(frozen=True, kw_only=True)
class Member:
    slug: str
    name: str
    short_name: str | None = None
    aliases: tuple[str, ...] = ()
    from_year: int | None = key("from", bounds=YEARS)
    to_year: int | None = key("to", bounds=YEARS)
    url: str | None = None
    loc: Loc = derived(NOLOC)

    def member_in(self, year: int) -> bool:
        return (self.from_year is None or self.from_year <= year) and (
            self.to_year is None or year <= self.to_year
        )

    @property
    def label(self) -> str:
        return self.short_name or self.name


@dataclass(frozen=True, kw_only=True)
class Leadership:
    """The head (and deputy) of one emulation year, or of part of it: ``from``/``to`` give the
    days of a handover during the year (a period may also begin in the year before)."""

    year: int = bounded(*YEARS)
    head: str
    deputy: str | None = None
    from_date: date | None = key("from")
    to_date: date | None = key("to")
    selected_by: Literal["rotation", "elected", "appointed"] | None = None
    decided_on: date | None = None
    decision: str | None = None
    bulletin: str | None = None
    loc: Loc = derived(NOLOC)

    @property
    def starts(self) -> date:
        """The first day in office: ``from``, else 1 January of the year."""
        return self.from_date or date(self.year, 1, 1)

    @property
    def ends(self) -> date:
        """The last day in office: ``to``, else 31 December of the year."""
        return self.to_date or date(self.year, 12, 31)

    def covers(self, day: date) -> bool:
        return self.starts <= day <= self.ends


@dataclass(frozen=True, kw_only=True)
class Score:
    unit: str
    points: float | None = bounded(0, 1_000_000, None)
    rank: int | None = bounded(1, 10_000, None)
    loc: Loc = derived(NOLOC)


@dataclass(frozen=True, kw_only=True)
class UnitAward(Recipient):
    """An award in a bloc's results for a year: to a recipient (see :class:`Recipient`), with
    the vocabulary ``title`` or the article's ``label`` (or both); ``authority`` when known."""

    title: str | None = vocab("award_titles", None)
    authority: str | None = vocab("authorities", None)
    status: Literal["proposed", "awarded"] = "proposed"
    label: str | None = None
    decision: str | None = None
    decision_date: date | None = None
    loc: Loc = derived(NOLOC)


@dataclass(frozen=True, kw_only=True)
class Commended:
    individuals: int | None = bounded(0, 10_000_000, None)
    collectives: int | None = bounded(0, 10_000_000, None)
    # how many of the commended individuals hold no leadership post (the non-leader share)
    non_leaders: int | None = bounded(0, 10_000_000, None)


@dataclass(frozen=True, kw_only=True)
class YearResult:
    year: int = bounded(*YEARS)
    scores: tuple[Score, ...] = ()
    awards: tuple[UnitAward, ...] = ()
    commended: Commended | None = None
    banner: str | None = None  # the member holding the rotating banner (cờ luân lưu)
    leader: str | None = None  # the leading unit of the year (đơn vị dẫn đầu)
    bulletin: str | None = None
    loc: Loc = derived(NOLOC)


@dataclass(frozen=True, kw_only=True)
class Pledge:
    year: int = bounded(*YEARS)
    signed_on: date | None = None
    signatories: tuple[str, ...] | None = None  # None: the members (all, unless members_partial)
    document: str | None = None
    met: bool | str | None = None  # whether the pledge's targets were met: true/false or a text
    loc: Loc = derived(NOLOC)


@dataclass(frozen=True, kw_only=True)
class Figure:
    """An achievement as a number: ``100.000 m²`` of land donated, ``2.350 suất`` of
    scholarships. ``unit`` is a member's slug; without it the figure is the bloc's own."""

    year: int = bounded(*YEARS)
    metric: str
    value: Quantity = bounded(0, 10**15)
    measure: str | None = None
    unit: str | None = None
    bulletin: str | None = None
    loc: Loc = derived(NOLOC)


@dataclass(frozen=True, kw_only=True)
class Target:
    year: int = bounded(*YEARS)
    non_leader_share: float | None = None
    loc: Loc = derived(NOLOC)


@dataclass(frozen=True, kw_only=True)
class Bloc:
    kind: Literal["khoi", "cum"]
    name: str
    province: str = vocab("provinces")
    members: tuple[Member, ...]
    members_partial: bool = False  # the list names only the members articles name
    number: int | None = bounded(1, 10_000, None)
    short_name: str | None = None
    aliases: tuple[str, ...] = ()  # other ways articles name it (matched by `bantin import`)
    names: tuple[FormerName, ...] = ()
    description: str | None = None
    rules: tuple[Rule, ...] = ()
    leadership: tuple[Leadership, ...] = ()
    results: tuple[YearResult, ...] = ()
    pledges: tuple[Pledge, ...] = ()
    targets: tuple[Target, ...] = ()
    figures: tuple[Figure, ...] = ()
    draft: bool = False
    extra: dict = field(default_factory=dict)
    slug: str = derived("")
    loc: Loc = derived(NOLOC)
    pos: Mapping[str, Loc] = derived(dict)

    @property
    def label(self) -> str:
        return self.short_name or self.name

    def member(self, slug: str) -> Member | None:
        """The member called ``slug`` (the first, if two are), in constant time: a bloc of
        thousands of members is looked up once for every score, award and signature."""
        return self._member_by_slug.get(slug)

    @cached_property
    def _member_by_slug(self) -> dict[str, Member]:
        found: dict[str, Member] = {}
        for m in self.members:
            found.setdefault(m.slug, m)
        return found

    def leadership_in(self, year: int) -> list[Leadership]:
        """The entries for ``year``, the earliest period first (two during a handover)."""
        return sorted((lead for lead in self.leadership if lead.year == year), key=_start)

    def heads_in(self, year: int) -> list[str]:
        """The head units of ``year``, in the order they led (one unless it handed over)."""
        return list(dict.fromkeys(lead.head for lead in self.leadership_in(year)))

    def leadership_on(self, day: date) -> Leadership | None:
        """The entry in force on ``day`` (one at most: periods must not overlap)."""
        return next((lead for lead in self.leadership if lead.covers(day)), None)

    def head_on(self, day: date) -> str | None:
        """The head unit on ``day``, or None when the bloc file does not say."""
        lead = self.leadership_on(day)
        return lead.head if lead is not None else None


def _start(lead: Leadership) -> date:
    return lead.starts


# ---------------------------------------------------------------- bulletins


@dataclass(frozen=True, kw_only=True)
class Guest:
    """Someone at an event from outside the bloc: a named person, a body written as the article
    writes it ("Ban Thi đua - Khen thưởng tỉnh", read "đại diện …"), or both; at least one of
    ``name`` and ``body`` (checked by the linker). ``role`` is what they did there."""

    name: str | None = None
    body: str | None = None
    post: str | None = None
    role: str | None = vocab("roles", None)
    loc: Loc = derived(NOLOC)


@dataclass(frozen=True, kw_only=True)
class Participant(Guest):
    """Someone at an event from the bloc: a member ``unit``, a ``person`` (a profile slug, or
    the profile's name, which the linker resolves), a name or a body; ``role`` as for guests."""

    unit: str | None = None
    person: str | None = None


@dataclass(frozen=True, kw_only=True)
class LeadershipChange:
    year: int = bounded(*YEARS)
    head: str
    deputy: str | None = None
    from_date: date | None = key("from")  # the first day of the new head, during a handover
    loc: Loc = derived(NOLOC)


@dataclass(frozen=True, kw_only=True)
class AwardMention(Recipient):
    """An award a bulletin reports; it must match the bloc file's award of ``year`` (by default
    the year of the bulletin's ``period``, else of its event)."""

    year: int | None = bounded(*YEARS, None)
    title: str | None = vocab("award_titles", None)
    label: str | None = None
    status: Literal["proposed", "awarded"] = "proposed"
    loc: Loc = derived(NOLOC)


@dataclass(frozen=True, kw_only=True)
class Byline:
    kind: Literal["tin", "anh", "tin-anh", "bai", "bai-anh"] = "tin"
    names: tuple[str, ...] = ()
    org: str | None = None


@dataclass(frozen=True, kw_only=True)
class Source:
    name: str
    author: str | None = None
    url: str | None = None


@dataclass(frozen=True, kw_only=True)
class Imported:
    """Where an imported bulletin came from: the source file as ``bantin import`` was given it,
    the SHA-256 of its bytes (64 hexadecimal digits), and the article's address on the old
    portal when the source said it. Never shown; the importer finds the sources it has imported
    already by the checksum."""

    file: str
    sha256: str
    url: str | None = None


@dataclass(frozen=True, kw_only=True)
class Bulletin:
    title: str
    # When it was published: a moment (2024-01-10 16:30) or a day (2024-01-10). Left out when
    # the publication date is not known: the loader then fills in the start of the event_date
    # day. Once loaded it is always set: the moment that orders and schedules the bulletin.
    date: datetime | None = None
    bloc: str | None = None  # required unless the site has default_bloc
    updated: datetime | None = None
    event_date: date | None = None
    event_part: Literal["sang", "chieu", "toi"] | None = None
    event_types: tuple[str, ...] = vocab("event_types", ())
    period: str | None = None
    host_unit: str | None = None
    host: str | None = None  # a host outside the members, as written ("Ban Dân vận Tỉnh ủy")
    venue: str | None = None
    units: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    campaigns: tuple[str, ...] = ()
    guests: tuple[Guest, ...] = ()
    participants: tuple[Participant, ...] = ()
    commended: Commended | None = None
    leadership_change: LeadershipChange | None = None
    awards_mentioned: tuple[AwardMention, ...] = ()
    category: str | None = None
    tags: tuple[str, ...] = ()
    summary: str | None = None
    dateline: str | None = None
    image: Image | None = None
    images: tuple[Image, ...] = ()
    byline: Byline | None = None
    source: Source | None = None
    # old addresses of the article (paths or full URLs on the site's host or an old_domains
    # host): the build publishes a redirect from each to this bulletin (bantin.redirects)
    redirect_from: tuple[str, ...] = ()
    imported: Imported | None = None
    draft: bool = False
    expires: datetime | None = None
    template: str | None = None
    extra: dict = field(default_factory=dict)
    slug: str = derived("")
    year: int = derived(0)
    date_has_time: bool = derived(True)  # False: `date:` is a day; its time is never shown
    date_known: bool = derived(True)  # False: no `date:`, ordered by `event_date:`
    updated_has_time: bool = derived(True)
    body: Body = derived(Body)
    loc: Loc = derived(NOLOC)
    pos: Mapping[str, Loc] = derived(dict)

    @cached_property
    def id(self) -> str:
        return f"{self.year}/{self.slug}"

    @property
    def published(self) -> date | datetime | None:
        """The publication date as the writer gave it, for what readers see: a datetime with
        its time, a date for a day only, None when it is not known."""
        if not self.date_known or self.date is None:
            return None
        return self.date if self.date_has_time else self.date.date()

    @property
    def modified(self) -> date | datetime | None:
        """``updated`` as the writer gave it (a datetime or a day), else :attr:`published`."""
        if self.updated is None:
            return self.published
        return self.updated if self.updated_has_time else self.updated.date()


# ---------------------------------------------------------------- profiles


@dataclass(frozen=True, kw_only=True)
class Position:
    title: str
    holds_leadership_post: bool
    unit: str | None = None
    unit_name: str | None = None
    from_year: int | None = key("from", bounds=YEARS)
    to_year: int | None = key("to", bounds=YEARS)
    loc: Loc = derived(NOLOC)

    def held_in(self, year: int) -> bool:
        return (self.from_year is None or self.from_year <= year) and (
            self.to_year is None or year <= self.to_year
        )


@dataclass(frozen=True, kw_only=True)
class Profile:
    name: str
    consent: bool
    positions: tuple[Position, ...]
    gender: Literal["nam", "nu"] | None = None
    bloc: str | None = None
    exemplary_for: tuple[int, ...] = bounded(*YEARS, ())
    awards: tuple[Award, ...] = ()
    campaigns: tuple[str, ...] = ()
    photo: Image | None = None
    summary: str | None = None
    redirect_from: tuple[str, ...] = ()  # old addresses, as a bulletin's
    draft: bool = False
    expires: datetime | None = None
    template: str | None = None
    extra: dict = field(default_factory=dict)
    slug: str = derived("")
    body: Body = derived(Body)
    loc: Loc = derived(NOLOC)
    pos: Mapping[str, Loc] = derived(dict)

    def position_in(self, year: int) -> Position | None:
        for p in self.positions:
            if p.held_in(year):
                return p
        return None


# ---------------------------------------------------------------- campaigns


@dataclass(frozen=True, kw_only=True)
class LegalBasis:
    ref: str
    date: date | None = None
    issuer: str | None = None


@dataclass(frozen=True, kw_only=True)
class Period:
    start: date | None = None
    end: date | None = None


@dataclass(frozen=True, kw_only=True)
class Phase:
    label: str
    basis: str | None = None
    start: date | None = None
    end: date | None = None


CampaignStatus = Literal["active", "ended", "upcoming"]


@dataclass(frozen=True, kw_only=True)
class Campaign:
    name: str
    type: str = vocab("campaign_types")
    launched_by: str | None = None  # unknown: nothing is shown
    scope: Literal["national", "sector", "provincial", "organisation", "bloc"]
    aliases: tuple[str, ...] = ()
    form: Literal["thuong-xuyen", "chuyen-de"] | None = None
    province: str | None = vocab("provinces", None)
    legal_basis: tuple[LegalBasis, ...] = ()
    period: Period | None = None
    phases: tuple[Phase, ...] = ()
    supersedes: tuple[str, ...] = ()
    summary: str | None = None
    redirect_from: tuple[str, ...] = ()  # old addresses, as a bulletin's
    draft: bool = False
    expires: datetime | None = None
    template: str | None = None
    extra: dict = field(default_factory=dict)
    slug: str = derived("")
    body: Body = derived(Body)
    loc: Loc = derived(NOLOC)
    pos: Mapping[str, Loc] = derived(dict)

    def status_on(self, day: date) -> CampaignStatus | None:
        """ "ended", "upcoming" or "active" on ``day``; None when no period is known (a
        campaign without one states no status at all)."""
        period = self.period
        if period is None or (period.start is None and period.end is None):
            return None
        if period.end is not None and period.end < day:
            return "ended"
        if period.start is not None and day < period.start:
            return "upcoming"
        return "active"


# ---------------------------------------------------------------- pages


@dataclass(frozen=True, kw_only=True)
class Page:
    title: str
    menu: int | None = None
    summary: str | None = None
    template: str | None = None
    redirect_from: tuple[str, ...] = ()  # old addresses, as a bulletin's
    draft: bool = False
    expires: datetime | None = None
    extra: dict = field(default_factory=dict)
    slug: str = derived("")
    body: Body = derived(Body)
    loc: Loc = derived(NOLOC)
    pos: Mapping[str, Loc] = derived(dict)


Item = Bulletin | Profile | Campaign | Bloc | Page
