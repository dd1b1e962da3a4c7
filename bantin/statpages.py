"""The statistics pages: one per bloc or cluster (``kind="stats"``) and the province overview of
all blocs (``kind="stats_overview"``).

Everything here is a pure function of the linked :class:`~bantin.site.Site` and its blocs: the
tables as typed values, the charts drawn from the same values (:mod:`bantin.charts`). Only what
the bloc file says is shown: a missing score stays missing (never 0), a unit that left the bloc
keeps its past years, the non-leader share comes from ``site.shares`` (the numbers the bloc file
records, never counted from published profiles), and an award proposed is never counted as one
given.

The pages are not in the search index (they carry no ``data-pagefind-body``): like the bloc
and list pages, they are tables of what bulletins and bloc pages already say in words, and rows
of numbers would crowd the results of a reader's search.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from .charts import Line, Series, bar_chart, rank_chart
from .models import Bloc, Figure, UnitAward, YearResult
from .text import decimals, vn_number, vn_percent
from .vocab import label as vocab_label

if TYPE_CHECKING:
    from .site import ShareFigure, Site

Vocabularies = Mapping[str, Mapping[str, Any]]


def _number(value: float | int | None) -> str:
    return vn_number(value) if value is not None else "—"


# ---------------------------------------------------------------- scores and ranks


@dataclass(frozen=True)
class Cell:
    """A unit's score of one year; either part may be missing."""

    points: float | None
    rank: int | None


@dataclass(frozen=True)
class UnitRow:
    """A unit's scores over the years of the table (None: the year's results do not score it).
    ``until`` is the last year of a unit that has left the bloc; ``known`` says it is a member
    the bloc file lists (a score may name a slug the linker reported)."""

    unit: str
    name: str
    short: str
    until: int | None
    cells: tuple[Cell | None, ...]


@dataclass(frozen=True)
class ScoreTable:
    years: tuple[int, ...]
    rows: tuple[UnitRow, ...]
    decimals: int  # the decimals the points of the table need (a column lines up)


def score_table(bloc: Bloc) -> ScoreTable:
    """The units × years table of the years whose results have scores, oldest year first; the
    units in the order the bloc file lists its members (former members included), then any unit
    a score names that the list does not."""
    results = sorted((r for r in bloc.results if r.scores), key=lambda r: r.year)
    years = tuple(dict.fromkeys(r.year for r in results))
    by_year: dict[int, dict[str, Cell]] = defaultdict(dict)
    for r in results:
        for s in r.scores:
            by_year[r.year].setdefault(s.unit, Cell(s.points, s.rank))
    scored = {u for cells in by_year.values() for u in cells}
    order = [m.slug for m in bloc.members if m.slug in scored]
    order += sorted(scored - set(order))
    rows = []
    for unit in dict.fromkeys(order):
        m = bloc.member(unit)
        rows.append(
            UnitRow(
                unit=unit,
                name=m.name if m else unit,
                short=m.label if m else unit,
                until=m.to_year if m else None,
                cells=tuple(by_year[y].get(unit) for y in years),
            )
        )
    points = [c.points for row in rows for c in row.cells if c is not None and c.points is not None]
    return ScoreTable(years, tuple(rows), max(map(decimals, points), default=0))


# ---------------------------------------------------------------- awards


@dataclass(frozen=True)
class Count:
    """How many awards: ``n``, or at least ``n`` when a group of recipients has no count."""

    n: int
    at_least: bool = False

    def __add__(self, other: Count) -> Count:
        return Count(self.n + other.n, self.at_least or other.at_least)

    @property
    def text(self) -> str:
        return ("≥ " if self.at_least else "") + _number(self.n)


NONE = Count(0)


@dataclass(frozen=True)
class AwardRow:
    """The awards of one title in a year. ``key`` is the vocabulary key (``kind="title"``), the
    article's wording when the award has no title (``kind="label"``), or "" for an award with
    neither (``kind="other"``)."""

    kind: str
    key: str
    name: str
    proposed: Count
    awarded: Count


@dataclass(frozen=True)
class AwardYear:
    year: int
    rows: tuple[AwardRow, ...]
    proposed: Count
    awarded: Count


def award_count(a: UnitAward) -> Count:
    """How many awards one entry stands for: one for a unit, a person or a named body; a group's
    ``count``, or at least one when the article does not say how many."""
    if a.group is not None:
        return Count(a.count) if a.count is not None else Count(1, True)
    return Count(1)


def award_years(bloc: Bloc, vocabularies: Vocabularies) -> tuple[AwardYear, ...]:
    """The awards of each year that has any, oldest first, by title: proposals and awards
    counted apart (a proposal is not an award)."""
    found = []
    for r in sorted(bloc.results, key=lambda r: r.year):
        if not r.awards:
            continue
        groups: dict[tuple[str, str], dict[str, Count]] = {}
        for a in r.awards:
            if a.title:
                k = ("title", a.title)
            elif a.label:
                k = ("label", " ".join(a.label.split()))
            else:
                k = ("other", "")
            counts = groups.setdefault(k, {"proposed": NONE, "awarded": NONE})
            counts[a.status] = counts[a.status] + award_count(a)
        rows = tuple(
            AwardRow(
                kind=kind,
                key=key,
                name=vocab_label(vocabularies, "award_titles", key) if kind == "title" else key,
                proposed=c["proposed"],
                awarded=c["awarded"],
            )
            for (kind, key), c in groups.items()
        )
        total_p = sum((row.proposed for row in rows), NONE)
        total_a = sum((row.awarded for row in rows), NONE)
        found.append(AwardYear(r.year, rows, total_p, total_a))
    return tuple(found)


# ---------------------------------------------------------------- the other tables


@dataclass(frozen=True)
class YearFacts:
    """What a year's results say besides scores and awards (None: not said)."""

    year: int
    individuals: int | None
    collectives: int | None
    non_leaders: int | None
    leader: str | None
    banner: str | None
    bulletin: str | None


def year_facts(bloc: Bloc) -> tuple[YearFacts, ...]:
    out = []
    for r in sorted(bloc.results, key=lambda r: r.year):
        c = r.commended
        out.append(
            YearFacts(
                year=r.year,
                individuals=c.individuals if c else None,
                collectives=c.collectives if c else None,
                non_leaders=c.non_leaders if c else None,
                leader=r.leader,
                banner=r.banner,
                bulletin=r.bulletin,
            )
        )
    return tuple(out)


@dataclass(frozen=True)
class FigureGroup:
    """A unit's achievements in numbers (``unit`` None: the bloc's own), newest year first."""

    unit: str | None
    figures: tuple[Figure, ...]


def figure_groups(bloc: Bloc) -> tuple[FigureGroup, ...]:
    by_unit: dict[str | None, list[Figure]] = defaultdict(list)
    for f in bloc.figures:
        by_unit[f.unit].append(f)
    order: list[str | None] = [None] if None in by_unit else []
    order += [m.slug for m in bloc.members if m.slug in by_unit]
    order += sorted(u for u in by_unit if u is not None and u not in order)
    return tuple(
        FigureGroup(u, tuple(sorted(by_unit[u], key=lambda f: -f.year)))
        for u in dict.fromkeys(order)
    )


# ---------------------------------------------------------------- a bloc's page


@dataclass(frozen=True)
class BlocStats:
    """Everything a bloc's statistics page shows. The charts are drawn by the methods, from the
    same values as the tables, with the words the template gives (in the site's language)."""

    bloc: Bloc
    scores: ScoreTable
    awards: tuple[AwardYear, ...]
    facts: tuple[YearFacts, ...]
    shares: tuple[ShareFigure, ...]
    figures: tuple[FigureGroup, ...]
    lead_years: tuple[int, ...]  # the years the bloc file names a head for, newest first

    @property
    def commended(self) -> tuple[YearFacts, ...]:
        return tuple(
            f for f in self.facts if f.individuals is not None or f.collectives is not None
        )

    @property
    def leaders(self) -> tuple[YearFacts, ...]:
        return tuple(f for f in self.facts if f.leader is not None or f.banner is not None)

    @property
    def ranked(self) -> bool:
        """Whether any unit has a rank: a rank chart has something to draw."""
        return any(c is not None and c.rank is not None for r in self.scores.rows for c in r.cells)

    @property
    def empty(self) -> bool:
        return not (
            self.scores.rows
            or self.awards
            or self.facts
            or self.shares
            or self.figures
            or self.lead_years
        )

    def rank_chart(self, title: str, desc: str, axis_name: str) -> Markup:
        lines = [
            Line(row.short, tuple(c.rank if c is not None else None for c in row.cells))
            for row in self.scores.rows
            if any(c is not None and c.rank is not None for c in row.cells)
        ]
        return rank_chart(
            "bieu-do-thu-hang", title, desc, self.scores.years, lines, axis_name=axis_name
        )

    def awards_chart(self, title: str, desc: str, proposed: str, awarded: str) -> Markup:
        years = [str(a.year) for a in self.awards]
        series = [
            Series(
                proposed,
                tuple(float(a.proposed.n) for a in self.awards),
                tuple(a.proposed.text for a in self.awards),
                style=1,  # hatched: asked for, not (yet) given
            ),
            Series(
                awarded,
                tuple(float(a.awarded.n) for a in self.awards),
                tuple(a.awarded.text for a in self.awards),
                style=0,
            ),
        ]
        return bar_chart("bieu-do-khen-thuong", title, desc, years, series, tick_text=_number)

    def commended_chart(self, title: str, desc: str, individuals: str, collectives: str) -> Markup:
        rows = self.commended
        series = [
            Series(
                individuals,
                tuple(_f(f.individuals) for f in rows),
                tuple(_number(f.individuals) for f in rows),
            ),
            Series(
                collectives,
                tuple(_f(f.collectives) for f in rows),
                tuple(_number(f.collectives) for f in rows),
            ),
        ]
        years = [str(f.year) for f in rows]
        return bar_chart("bieu-do-bieu-duong", title, desc, years, series, tick_text=_number)

    def share_chart(self, title: str, desc: str, share: str, target: str) -> Markup:
        rows = sorted(self.shares, key=lambda f: f.year)
        series = [
            Series(share, tuple(f.share for f in rows), tuple(vn_percent(f.share) for f in rows))
        ]
        return bar_chart(
            "bieu-do-ty-le",
            title,
            desc,
            [str(f.year) for f in rows],
            series,
            tick_text=vn_percent,
            top=1.0,
            targets=[f.target for f in rows],
            target_texts=[vn_percent(f.target) if f.target is not None else "" for f in rows],
            target_name=target,
        )


def _f(value: int | None) -> float | None:
    return float(value) if value is not None else None


def bloc_stats(site: Site, bloc: Bloc) -> BlocStats:
    vocabularies = site.config.vocabularies
    return BlocStats(
        bloc=bloc,
        scores=score_table(bloc),
        awards=award_years(bloc, vocabularies),
        facts=year_facts(bloc),
        shares=tuple(site.shares.get(bloc.slug, ())),
        figures=figure_groups(bloc),
        lead_years=tuple(sorted({lead.year for lead in bloc.leadership}, reverse=True)),
    )


# ---------------------------------------------------------------- the overview


@dataclass(frozen=True)
class OverviewRow:
    """One bloc in the overview: its latest year of results (None when it records none) and
    what that year says, and the latest year it names a head for."""

    bloc: Bloc
    latest: YearResult | None
    awards: AwardYear | None  # the latest year's awards, when it has any
    lead_year: int | None


def overview(site: Site) -> tuple[OverviewRow, ...]:
    vocabularies = site.config.vocabularies
    rows = []
    for bloc in site.blocs:
        latest = max(bloc.results, key=lambda r: r.year, default=None)
        years = award_years(bloc, vocabularies)
        awards = next((a for a in years if latest is not None and a.year == latest.year), None)
        lead_year = max((lead.year for lead in bloc.leadership), default=None)
        rows.append(OverviewRow(bloc, latest, awards, lead_year))
    return tuple(rows)


# ---------------------------------------------------------------- planning


def plan_stats(site: Site, add: Callable[..., None]) -> None:
    """The statistics pages, through ``add`` (:func:`bantin.render.plan_pages`' own): the
    overview, then one page per bloc, owned by the bloc's file (editing it re-renders them)."""
    u = site.urls
    add(
        u.stats(),
        "stats_overview.html",
        u.stats(),  # a collision message names the address
        kind="stats_overview",
        rows=overview(site),
        crumbs=["blocs"],
    )
    for bloc in site.blocs:
        add(
            u.bloc_stats(bloc.slug),
            "stats.html",
            f"content/blocs/{bloc.slug}.yaml",
            kind="stats",
            bloc=bloc,
            stats=bloc_stats(site, bloc),
            crumbs=["blocs", ("bloc", bloc)],
        )
