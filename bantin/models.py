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
    year: int = bounded(*YEARS)
    head: str
    deputy: str | None = None
    selected_by: Literal["rotation", "elected", "appointed"] | None = None
    decided_on: date | None = None
    decision: str | None = None
    bulletin: str | None = None
    loc: Loc = derived(NOLOC)


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
    bulletin: str | None = None
    loc: Loc = derived(NOLOC)


@dataclass(frozen=True, kw_only=True)
class Pledge:
    year: int = bounded(*YEARS)
    signed_on: date | None = None
    signatories: tuple[str, ...] | None = None  # None: all members
    document: str | None = None
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
    number: int | None = bounded(1, 10_000, None)
    short_name: str | None = None
    names: tuple[FormerName, ...] = ()
    description: str | None = None
    rules: tuple[Rule, ...] = ()
    leadership: tuple[Leadership, ...] = ()
    results: tuple[YearResult, ...] = ()
    pledges: tuple[Pledge, ...] = ()
    targets: tuple[Target, ...] = ()
    draft: bool = False
    extra: dict = field(default_factory=dict)
    slug: str = derived("")
    loc: Loc = derived(NOLOC)
    pos: Mapping[str, Loc] = derived(dict)

    @property
    def label(self) -> str:
        return self.short_name or self.name

    def heads_in(self, year: int) -> list[str]:
        """The units that headed the bloc in ``year`` (several when it changed hands)."""
        return [lead.head for lead in self.leadership if lead.year == year]

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


# ---------------------------------------------------------------- bulletins


@dataclass(frozen=True, kw_only=True)
class Guest:
    name: str
    post: str | None = None


@dataclass(frozen=True, kw_only=True)
class LeadershipChange:
    year: int = bounded(*YEARS)
    head: str
    deputy: str | None = None
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
class Bulletin:
    title: str
    date: datetime
    bloc: str | None = None  # required unless the site has default_bloc
    updated: datetime | None = None
    event_date: date | None = None
    event_part: Literal["sang", "chieu", "toi"] | None = None
    event_types: tuple[str, ...] = vocab("event_types", ())
    period: str | None = None
    host_unit: str | None = None
    units: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    campaigns: tuple[str, ...] = ()
    guests: tuple[Guest, ...] = ()
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
    draft: bool = False
    expires: datetime | None = None
    template: str | None = None
    extra: dict = field(default_factory=dict)
    slug: str = derived("")
    year: int = derived(0)
    body: Body = derived(Body)
    loc: Loc = derived(NOLOC)
    pos: Mapping[str, Loc] = derived(dict)

    @cached_property
    def id(self) -> str:
        return f"{self.year}/{self.slug}"


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


@dataclass(frozen=True, kw_only=True)
class Campaign:
    name: str
    type: Literal["phong-trao-thi-dua", "cuoc-van-dong", "chi-thi", "de-an"]
    launched_by: str
    scope: Literal["national", "sector", "provincial", "organisation", "bloc"]
    aliases: tuple[str, ...] = ()
    form: Literal["thuong-xuyen", "chuyen-de"] | None = None
    province: str | None = vocab("provinces", None)
    legal_basis: tuple[LegalBasis, ...] = ()
    period: Period | None = None
    phases: tuple[Phase, ...] = ()
    supersedes: tuple[str, ...] = ()
    summary: str | None = None
    draft: bool = False
    expires: datetime | None = None
    template: str | None = None
    extra: dict = field(default_factory=dict)
    slug: str = derived("")
    body: Body = derived(Body)
    loc: Loc = derived(NOLOC)
    pos: Mapping[str, Loc] = derived(dict)

    def active_on(self, day: date) -> bool:
        if self.period is None:
            return True
        started = self.period.start is None or self.period.start <= day
        return started and (self.period.end is None or day <= self.period.end)


# ---------------------------------------------------------------- pages


@dataclass(frozen=True, kw_only=True)
class Page:
    title: str
    menu: int | None = None
    summary: str | None = None
    template: str | None = None
    draft: bool = False
    expires: datetime | None = None
    extra: dict = field(default_factory=dict)
    slug: str = derived("")
    body: Body = derived(Body)
    loc: Loc = derived(NOLOC)
    pos: Mapping[str, Loc] = derived(dict)


Item = Bulletin | Profile | Campaign | Bloc | Page
