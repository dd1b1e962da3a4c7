"""The award ledger: every award the site records, once, with the bulletins that reported it.

Awards live in two places: a bloc file's results (``YearResult.awards``: to a member unit, a
person, a named body or an unnamed group) and a profile's own list (``Profile.awards``). One
award may be written in both: the bloc file names the person (``person: slug``) and the
person's profile lists the same award. :func:`ledger_entries` says it once.

How two records are decided to be one award: the bloc file's award goes to the person
(``person:`` is the profile's slug), in the same year, with the same status (a proposal and
the award that followed it are two facts, never merged) and :func:`bantin.awards.same_award`
holds (the same title when both have one, else the same wording). The entry then takes each
detail (wording, authority, decision, its date) from the bloc file, and from the profile where
the bloc file does not give it. A profile award matches at most one bloc award, and the other
way round.

A bulletin reported an award when one of its ``awards_mentioned`` is that award: the same
bloc (the bulletin's), the same year (:func:`bantin.awards.mention_year`), the same recipient,
the same status and :func:`same_award`. Where no bulletin mentions an award of a bloc file,
the bulletin the bloc file names for that year's results (``results[].bulletin``) is given,
as the article on those results; nothing else is guessed.

Pure: nothing here reads or writes a file.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from .awards import mention_year, same_award
from .models import Award, AwardMention, Bloc, Profile, UnitAward

if TYPE_CHECKING:
    from .render import PageSpec
    from .site import Site

# A ledger page holds this many rows: a table row is a line, not a card, so a page holds
# five times a card list's 20 and a ledger of 1,000 awards is ten pages, not fifty
LEDGER_PAGE = 100
OTHER_TITLE = "khac"  # the list of awards known only by their wording (no vocabulary title)
STATUS_SLUGS = {"proposed": "de-nghi", "awarded": "da-trao"}  # urls.awards("trang-thai", …)

Status = Literal["proposed", "awarded"]
Source = Literal["bloc", "profile", "both"]


@dataclass(frozen=True)
class LedgerEntry:
    """One award as the ledger lists it.

    ``recipient_kind`` is ``unit`` (``recipient`` a member's slug in ``bloc``), ``person`` (a
    profile's slug), ``body`` (a name as written) or ``group`` (``tap-the``/``ca-nhan``, with
    ``count`` when known). ``bloc`` is the bloc whose file records it, or for a profile's own
    award the profile's bloc (``None`` when it has none). ``source`` says which files record
    it; ``profile`` is the person whose profile lists it. ``bulletins`` are the ids of the
    bulletins that reported it, oldest first. ``award`` is the record as written (the bloc
    file's when both have it), for ``award()`` of the templates."""

    year: int
    bloc: str | None
    recipient_kind: Literal["unit", "person", "body", "group"]
    recipient: str
    count: int | None
    title: str | None
    label: str | None
    authority: str | None
    status: Status
    decision: str | None
    decision_date: date | None
    source: Source
    profile: str | None
    bulletins: tuple[str, ...]
    award: UnitAward | Award

    @property
    def title_key(self) -> str:
        """The list (``urls.awards("danh-hieu", …)``) the entry belongs to."""
        return self.title or OTHER_TITLE

    @property
    def status_slug(self) -> str:
        return STATUS_SLUGS[self.status]


def _fold(text: str | None) -> str:
    return " ".join((text or "").casefold().split())


def _sort_key(e: LedgerEntry) -> tuple:
    """Year (newest first), bloc, title (a title before wording alone), recipient; then the
    rest, so that the order never depends on the order of files."""
    return (
        -e.year,
        e.bloc is None,
        e.bloc or "",
        e.title is None,
        e.title or "",
        _fold(e.label),
        e.recipient_kind,
        e.recipient,
        e.count or 0,
        e.status,
        e.decision or "",
        e.decision_date or date.min,
        e.profile or "",
    )


def _entry(
    year: int,
    bloc: str | None,
    a: UnitAward | Award,
    source: Source,
    profile: str | None,
    also: Award | None = None,
) -> LedgerEntry:
    if isinstance(a, UnitAward):
        kind, who = a.recipient_key
        recipient = str(who or "")
        count = a.count
    else:  # a profile's own award: to the person
        kind, recipient, count = "person", profile or "", None

    def given(name: str) -> Any:
        value = getattr(a, name)
        return value if value is not None or also is None else getattr(also, name)

    return LedgerEntry(
        year=year,
        bloc=bloc,
        recipient_kind=kind,  # type: ignore[arg-type]
        recipient=recipient,
        count=count,
        title=given("title"),
        label=given("label"),
        authority=given("authority"),
        status=a.status,
        decision=given("decision"),
        decision_date=given("decision_date"),
        source=source,
        profile=profile,
        bulletins=(),
        award=a,
    )


def ledger_entries(site: Site) -> list[LedgerEntry]:
    """Every award of the site, once (see the module's notes), in a stable order: year
    (newest first), then bloc, title and recipient."""
    vocabularies = site.config.vocabularies
    entries: list[LedgerEntry] = []
    # (year, person, status) → the bloc awards to that person not yet matched to a profile
    to_people: dict[tuple[int, str, str], list[tuple[Bloc, int, UnitAward]]] = defaultdict(list)
    from_bloc: list[tuple[Bloc, int, UnitAward]] = []
    for bloc in site.blocs:
        for r in bloc.results:
            for a in r.awards:
                from_bloc.append((bloc, r.year, a))
                if a.person is not None:
                    to_people[(r.year, a.person, a.status)].append((bloc, r.year, a))
    merged: dict[int, tuple[Profile, Award]] = {}  # id(bloc award) → the profile's award
    own: list[tuple[Profile, Award]] = []
    for p in site.profiles:
        for a in p.awards:
            waiting = to_people.get((a.year, p.slug, a.status), [])
            match = next((w for w in waiting if same_award(a, w[2], vocabularies)), None)
            if match is None:
                own.append((p, a))
            else:
                waiting.remove(match)
                merged[id(match[2])] = (p, a)
    for bloc, year, a in from_bloc:
        pa = merged.get(id(a))
        if pa is None:
            entries.append(_entry(year, bloc.slug, a, "bloc", None))
        else:
            entries.append(_entry(year, bloc.slug, a, "both", pa[0].slug, pa[1]))
    default_bloc = site.config.default_bloc
    for p, a in own:
        bloc_slug = p.bloc or default_bloc
        if bloc_slug is not None and bloc_slug not in site.bloc_by_slug:
            bloc_slug = None
        entries.append(_entry(a.year, bloc_slug, a, "profile", p.slug))
    entries = _with_reports(site, entries)
    entries.sort(key=_sort_key)
    return entries


def _with_reports(site: Site, entries: list[LedgerEntry]) -> list[LedgerEntry]:
    """The entries with the bulletins that reported each (see the module's notes)."""
    vocabularies = site.config.vocabularies
    # (bloc, year, recipient key, status) → (bulletin, mention), bulletins oldest first
    mentions: dict[tuple, list[tuple[str, AwardMention]]] = defaultdict(list)
    for b in reversed(site.bulletins):
        if b.bloc is None or not b.awards_mentioned:
            continue
        for m in b.awards_mentioned:
            key = (b.bloc, mention_year(b, m), m.recipient_key, m.status)
            mentions[key].append((b.id, m))
    results = {
        (bloc.slug, r.year): r.bulletin
        for bloc in site.blocs
        for r in bloc.results
        if r.bulletin is not None and r.bulletin in site.by_id
    }
    out = []
    for e in entries:
        key_recipient = (e.recipient_kind, e.recipient or None)
        found = [
            bid
            for bid, m in mentions.get((e.bloc, e.year, key_recipient, e.status), ())
            if same_award(m, e.award, vocabularies)
            or (e.source == "both" and same_award(m, _as_award(e), vocabularies))
        ]
        if not found and e.source != "profile":
            report = results.get((e.bloc, e.year))
            if report is not None:
                found = [report]
        out.append(replace(e, bulletins=tuple(dict.fromkeys(found))))
    return out


def _as_award(e: LedgerEntry) -> Award:
    """The entry's merged details as one award, for matching a mention's wording."""
    return Award(year=e.year, title=e.title, label=e.label, status=e.status)


# ---------------------------------------------------------------- the lists


def by_year(entries: Iterable[LedgerEntry]) -> dict[int, list[LedgerEntry]]:
    found: dict[int, list[LedgerEntry]] = defaultdict(list)
    for e in entries:
        found[e.year].append(e)
    return dict(sorted(found.items(), reverse=True))


def by_title(entries: Iterable[LedgerEntry], vocabularies: Any) -> dict[str, list[LedgerEntry]]:
    """By title key, in the vocabulary's order; awards known only by wording last (``khac``)."""
    found: dict[str, list[LedgerEntry]] = defaultdict(list)
    for e in entries:
        found[e.title_key].append(e)
    order = list(vocabularies.get("award_titles", {}))
    rank = {k: i for i, k in enumerate(order)}
    return dict(
        sorted(found.items(), key=lambda kv: (kv[0] == OTHER_TITLE, rank.get(kv[0], len(rank))))
    )


def by_status(entries: Iterable[LedgerEntry]) -> dict[str, list[LedgerEntry]]:
    """``de-nghi`` (proposed) and ``da-trao`` (awarded), each only when it has entries."""
    found: dict[str, list[LedgerEntry]] = {slug: [] for slug in STATUS_SLUGS.values()}
    for e in entries:
        found[e.status_slug].append(e)
    return {k: v for k, v in found.items() if v}


def ledger_pages(site: Site, entries: Sequence[LedgerEntry]) -> list[PageSpec]:
    """The ledger's pages: all awards, and the lists by year, title and status, each in
    pages of :data:`LEDGER_PAGE` rows (``kind="awards"``). No page when there is no award."""
    from .render import Crumb, PageSpec, _paginate
    from .urls import output_path

    if not entries:
        return []
    u, vocabularies = site.urls, site.config.vocabularies
    years, titles, statuses = by_year(entries), by_title(entries, vocabularies), by_status(entries)
    lists = {
        "years": [(y, len(v)) for y, v in years.items()],
        "titles": [(k, len(v)) for k, v in titles.items()],
        "statuses": [(k, len(v)) for k, v in statuses.items()],
    }
    reports = {bid: site.by_id[bid] for e in entries for bid in e.bulletins if bid in site.by_id}
    root = Crumb("ledger_title", u.awards(), True)
    specs: list[PageSpec] = []

    def pages(by: str, key: str | int, rows: list[LedgerEntry]) -> None:
        url_for: Callable[[int], str] = lambda n: u.awards(by, key, n)  # noqa: E731
        for n, (url, shown, pager) in enumerate(_paginate(rows, LEDGER_PAGE, url_for)):
            context = {
                "kind": "awards",
                "ledger_by": by,
                "ledger_key": key,
                "entries": shown,
                "total": len(rows),
                "first": n * LEDGER_PAGE + 1 if shown else 0,
                "reports": {
                    bid: reports[bid] for e in shown for bid in e.bulletins if bid in reports
                },
                "lists": lists,
                "pager": pager,
                "crumbs": [root] if by else [],
            }
            specs.append(PageSpec(url, "awards.html", context, output_path(url)))

    pages("", "", list(entries))
    for year, rows in years.items():
        pages("nam", year, rows)
    for key, rows in titles.items():
        pages("danh-hieu", key, rows)
    for slug, rows in statuses.items():
        pages("trang-thai", slug, rows)
    return specs
