"""A deterministic benchmark corpus for bantin, and the same corpus as Pelican and Hugo projects.

:func:`generate` writes a complete bantin project (``site_config.yaml``, ``content/`` and a copy
of the repository's ``themes/``) whose content is made up from the word lists and sentence
templates in :mod:`bench.corpus_words`:

* ``n`` bulletins in ``content/bulletins/<year>/`` over 2016–2025, each with 2.5–6 KB of
  Vietnamese Markdown (NFC): a lead paragraph, 2–4 ``##`` sections, bullet lists, a table in
  about half of them, 1–4 captioned figures, and links to earlier bulletins, profiles,
  campaigns, blocs, member units, tags, activity types and pages — only to targets that exist;
* 8 blocs (6 *khối*, 2 *cụm*) with members that join or leave, a head and deputy for every
  year, scores, ranks and awards for 2016–2024, pledges and targets, consistent with the
  bulletins that report them (``leadership_change``, ``awards_mentioned``);
* about ``n / 20`` profiles (a few without consent, never named), 15 campaigns, 2 pages, 40
  tags, all 14 event types;
* a pool of 100 small JPEG files under ``content/media/bench/`` that every image reuses.

The same ``n`` and ``seed`` always give byte-identical files. :func:`export_pelican` and
:func:`export_hugo` turn a generated project into a Pelican 4.12 or Hugo 0.111 project with the
same items and Markdown, links rewritten to each tool's syntax. :func:`edit_bulletin` appends a
paragraph to one fixed bulletin (of a bantin, Pelican or Hugo project) for incremental builds.

Command line: ``python -m bench.corpus N DEST [--seed S] [--pelican DIR] [--hugo DIR]``.
"""

from __future__ import annotations

import argparse
import base64
import io
import json
import random
import re
import shutil
import sys
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bantin.urls import slugify
from bench import corpus_words as W

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

REPO = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
BASE_URL = "https://example.gov.vn/khoi-thi-dua/"
BASE_PATH = "/khoi-thi-dua"
YEARS = range(2016, 2026)
RESULT_YEARS = range(2016, 2025)
POOL_SIZE = 100
MEDIA_DIR = "bench"
MARKER = ".bench-corpus"
BODY_MIN, BODY_MAX = 2560, 6144
SITE_TITLE = "Tin thi đua các khối, cụm thi đua tỉnh (dữ liệu thử nghiệm)"
PUBLISHER = "Ban Thi đua - Khen thưởng tỉnh"
PAGES = {
    "gioi-thieu": ("Giới thiệu", 1),
    "lien-he": ("Liên hệ", 2),
}

# a valid 8×8 grey JPEG; the pool varies it with a comment segment when Pillow is missing
_TINY_JPEG = base64.b64decode(
    "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERX"
    "RTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2Nj"
    "Y2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAAIAAgDASIAAhEBAxEB/8QAFAABAAAAAAAAAAAAAAAAAAAA"
    "AP/EABQQAQAAAAAAAAAAAAAAAAAAAAD/xAAUAQEAAAAAAAAAAAAAAAAAAAAC/8QAFBEBAAAAAAAAAAAAAAAAAAAA"
    "AP/aAAwDAQACEQMRAD8AAGD/2Q=="
)


# ================================================================ the model of the corpus


@dataclass
class Member:
    slug: str
    name: str
    short: str
    from_year: int
    to_year: int

    @property
    def label(self) -> str:
        return self.short or self.name

    def member_in(self, year: int) -> bool:
        return (not self.from_year or self.from_year <= year) and (
            not self.to_year or year <= self.to_year
        )


@dataclass
class Result:
    year: int
    scores: list[tuple[str, float, int]]
    awards: list[dict[str, Any]]
    commended: tuple[int, int]
    bulletin: str | None = None


@dataclass
class Leadership:
    year: int
    head: str
    deputy: str
    selected_by: str
    decided_on: date
    bulletin: str | None = None


@dataclass
class BlocData:
    slug: str
    kind: str
    number: int
    name: str
    short: str
    former: list[tuple[str, int, int]]
    members: list[Member]
    leadership: dict[int, Leadership] = field(default_factory=dict)
    results: dict[int, Result] = field(default_factory=dict)

    @property
    def kind_word(self) -> str:
        return "khối" if self.kind == "khoi" else "cụm"

    def members_in(self, year: int) -> list[Member]:
        return [m for m in self.members if m.member_in(year)]

    def member(self, slug: str) -> Member:
        return next(m for m in self.members if m.slug == slug)


@dataclass
class Person:
    slug: str
    name: str
    gender: str
    consent: bool
    bloc: str
    unit: str
    title: str
    leader: bool
    from_year: int
    earlier: tuple[str, str] | None  # an earlier post outside the bloc: (title, unit_name)
    exemplary: list[int]
    awards: list[dict[str, Any]]
    campaigns: list[str]
    photo: int
    bulletins: list[tuple[str, str]] = field(default_factory=list)  # (id, title)

    @property
    def honorific(self) -> str:
        """How the text names the person: ông/bà for leaders, anh/chị for the others."""
        if self.leader:
            return "bà" if self.gender == "nu" else "ông"
        return "chị" if self.gender == "nu" else "anh"


@dataclass
class CampaignData:
    slug: str
    name: str
    aliases: list[str]
    type: str
    form: str
    launched_by: str
    scope: str
    basis: tuple[str, str, str] | None
    start: date
    end: date | None
    phases: list[tuple[str, str]]
    supersedes: list[str]
    bulletins: list[tuple[str, str]] = field(default_factory=list)  # (id, title)

    def active_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass
class Plan:
    """One bulletin, decided before any text is written (so links can point forward too)."""

    index: int
    bloc: str
    primary: str
    when: datetime
    event_date: date
    part: str
    events: list[str] = field(default_factory=list)
    period: str | None = None
    lead_year: int | None = None
    units: list[str] = field(default_factory=list)
    host: str | None = None
    people: list[str] = field(default_factory=list)
    campaigns: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    title: str = ""
    slug: str = ""
    main_result: int | None = None  # the year whose results this bulletin reports
    change: Leadership | None = None
    awards: list[dict[str, Any]] = field(default_factory=list)
    updated: datetime | None = None
    focus: str = ""  # the member unit a title names
    topic: str = ""  # what the title and the lead are about
    activity: str = ""
    place: str = ""

    @property
    def year(self) -> int:
        return self.when.year

    @property
    def id(self) -> str:
        return f"{self.year}/{self.slug}"


@dataclass
class Corpus:
    blocs: list[BlocData]
    people: list[Person]
    campaigns: list[CampaignData]
    plans: list[Plan]
    people_by_slug: dict[str, Person] = field(default_factory=dict)
    campaigns_by_slug: dict[str, CampaignData] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.people_by_slug = {p.slug: p for p in self.people}
        self.campaigns_by_slug = {c.slug: c for c in self.campaigns}


# ================================================================ small helpers


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _q(text: str) -> str:
    """A YAML double-quoted string (JSON escapes are valid YAML)."""
    return json.dumps(_nfc(text), ensure_ascii=False)


def _flow(items: Iterable[str]) -> str:
    return "[" + ", ".join(items) + "]"


def _qflow(items: Iterable[str]) -> str:
    return "[" + ", ".join(_q(i) for i in items) + "]"


def _vn_int(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _vn_dec(x: float, digits: int = 1) -> str:
    return f"{x:.{digits}f}".replace(".", ",")


def _iso(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M:00+07:00")


@lru_cache(maxsize=4096)
def _heading_id(text: str) -> str:
    return slugify(text) or "muc"


@lru_cache(maxsize=256)
def _tag_slug(tag: str) -> str:
    return slugify(tag)


def _image(i: int) -> str:
    return f"{MEDIA_DIR}/anh-{i:03d}.jpg"


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    keys = list(weights)
    return rng.choices(keys, [weights[k] for k in keys])[0]


# ================================================================ blocs, people, campaigns


def _make_blocs(rng: random.Random) -> list[BlocData]:
    blocs = []
    for offset, (slug, kind, number, name, short, former, members) in enumerate(W.BLOCS):
        bloc = BlocData(slug, kind, number, name, short, former, [Member(*m) for m in members])
        selected_by = "rotation" if offset % 3 == 2 else "elected"
        for year in YEARS:
            current = bloc.members_in(year)
            k = (year - 2016 + offset) % len(current)
            head, deputy = current[k], current[(k + 1) % len(current)]
            if rng.random() < 0.5:
                decided = date(year - 1, 12, rng.randint(10, 28))
            else:
                decided = date(year, 1, rng.randint(5, 25))
            bloc.leadership[year] = Leadership(year, head.slug, deputy.slug, selected_by, decided)
        for year in RESULT_YEARS:
            bloc.results[year] = _make_result(rng, bloc, year)
        blocs.append(bloc)
    return blocs


def _make_result(rng: random.Random, bloc: BlocData, year: int) -> Result:
    current = bloc.members_in(year)
    order = current[:]
    rng.shuffle(order)
    points = round(rng.uniform(97.6, 99.4), 1)
    scores = []
    for rank, m in enumerate(order, 1):
        scores.append((m.slug, points, rank))
        points = round(points - rng.choice([0.2, 0.3, 0.4, 0.5, 0.7]), 1)
    awards: list[dict[str, Any]] = [
        {
            "unit": order[0].slug,
            "title": "co-thi-dua-tinh",
            "label": "Cờ thi đua của UBND tỉnh",
            "authority": "ubnd-tinh",
        },
        {
            "unit": order[1].slug,
            "title": "bang-khen-tinh",
            "label": "Bằng khen của Chủ tịch UBND tỉnh",
            "authority": "chu-tich-ubnd-tinh",
        },
    ]
    if len(order) > 5 and rng.random() < 0.5:
        awards.append(
            {
                "unit": order[2].slug,
                "title": "bang-khen-tinh",
                "label": "Bằng khen của Chủ tịch UBND tỉnh",
                "authority": "chu-tich-ubnd-tinh",
            }
        )
    decided = date(year + 1, rng.choice([2, 3]), rng.randint(1, 28))
    for award in awards:
        if year < RESULT_YEARS[-1]:
            award["status"] = "awarded"
            award["decision"] = f"{rng.randint(150, 990)}/QĐ-UBND"
            award["decision_date"] = decided
        else:
            award["status"] = "proposed"
    commended = (rng.randint(6, 30), rng.randint(1, 6))
    return Result(year, scores, awards, commended)


def _person_name(rng: random.Random, female: bool) -> str:
    middle = rng.choice(W.MIDDLE_F if female else W.MIDDLE_M)
    given = rng.choice(W.GIVEN_F if female else W.GIVEN_M)
    return f"{rng.choice(W.FAMILY)} {middle} {given}"


def _make_people(
    rng: random.Random, count: int, blocs: list[BlocData], campaigns: list[CampaignData]
) -> list[Person]:
    people: list[Person] = []
    used: set[str] = {c.slug for c in campaigns} | set(PAGES) | {b.slug for b in blocs}
    for i in range(count):
        bloc = blocs[i % len(blocs)]
        female = rng.random() < 0.55
        name = _person_name(rng, female)
        slug = _unique(slugify(name), used)
        member = rng.choice(bloc.members)
        leader = rng.random() < 0.4
        role = rng.choice(W.LEADER_ROLES if leader else W.STAFF_ROLES)
        start = max(member.from_year or 2008, rng.randint(2008, 2020))
        earlier = None
        if rng.random() < 0.3:
            where = f"UBND {_place(rng)}"
            earlier = (f"{rng.choice(W.STAFF_ROLES)} {where}", where)
        exemplary = sorted(rng.sample(range(max(start, 2016), 2026), k=rng.randint(1, 2)))
        awards = [_person_award(rng, year) for year in exemplary]
        chosen = rng.sample(campaigns, k=rng.randint(0, 2))
        people.append(
            Person(
                slug=slug,
                name=name,
                gender="nu" if female else "nam",
                consent=i % 13 != 7,
                bloc=bloc.slug,
                unit=member.slug,
                title=f"{role} {member.name}",
                leader=leader,
                from_year=start,
                earlier=earlier,
                exemplary=exemplary,
                awards=awards,
                campaigns=sorted(c.slug for c in chosen),
                photo=rng.randrange(POOL_SIZE),
            )
        )
    return people


def _person_award(rng: random.Random, year: int) -> dict[str, Any]:
    title, label, authority = rng.choice(
        [
            ("chien-si-thi-dua-co-so", "Chiến sĩ thi đua cơ sở", "thu-truong-don-vi"),
            ("chien-si-thi-dua-tinh", "Chiến sĩ thi đua cấp tỉnh", "chu-tich-ubnd-tinh"),
            ("bang-khen-tinh", "Bằng khen của Chủ tịch UBND tỉnh", "chu-tich-ubnd-tinh"),
            ("lao-dong-tien-tien", "Lao động tiên tiến", "thu-truong-don-vi"),
            ("giay-khen", "Giấy khen của Thủ trưởng đơn vị", "thu-truong-don-vi"),
        ]
    )
    award: dict[str, Any] = {
        "year": year,
        "title": title,
        "label": label,
        "authority": authority,
    }
    if year < 2025:
        award["status"] = "awarded"
        award["decision"] = f"{rng.randint(10, 990)}/QĐ-{rng.choice(['UBND', 'TĐKT', 'VP'])}"
        award["decision_date"] = date(year + 1, rng.randint(1, 4), rng.randint(1, 28))
    else:
        award["status"] = "proposed"
    return award


def _make_campaigns() -> list[CampaignData]:
    out = []
    for slug, name, aliases, kind, form, by, scope, basis, start, end, phases, sup in W.CAMPAIGNS:
        out.append(
            CampaignData(
                slug=slug,
                name=name,
                aliases=list(aliases),
                type=kind,
                form=form,
                launched_by=by,
                scope=scope,
                basis=basis,
                start=date.fromisoformat(start),
                end=date.fromisoformat(end) if end else None,
                phases=list(phases),
                supersedes=list(sup),
            )
        )
    return out


def _unique(slug: str, used: set[str]) -> str:
    candidate, k = slug, 2
    while candidate in used:
        candidate = f"{slug}-{k}"
        k += 1
    used.add(candidate)
    return candidate


_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def _fast_slug(text: str) -> str:
    """bantin's slug (python-slugify) for Vietnamese text, without its per-character cost:
    đ → d, accents dropped, anything else not a-z0-9 becomes '-'."""
    folded = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_text = folded.encode("ascii", "ignore").decode().lower()
    return _NON_ALNUM.sub("-", ascii_text).strip("-")


def _short_slug(title: str, limit: int = 80) -> str:
    slug = _fast_slug(title)
    if len(slug) > limit:
        slug = slug[: limit + 1].rsplit("-", 1)[0]
    return slug


def _place(rng: random.Random) -> str:
    return f"{rng.choice(W.PLACE_KINDS)} {rng.choice(W.PLACES)}"


# ================================================================ planning the bulletins


def _plan_bulletins(
    rng: random.Random,
    n: int,
    blocs: list[BlocData],
    people: list[Person],
    campaigns: list[CampaignData],
) -> list[Plan]:
    weights = {k: v[0] for k, v in W.EVENTS.items()}
    event_keys = list(W.EVENTS)
    plans = []
    for i in range(n):
        primary = event_keys[i] if i < len(event_keys) else _weighted(rng, weights)
        plans.append(_plan_one(rng, i, primary, rng.choice(blocs)))
    plans.sort(key=lambda p: (p.when, p.index))
    by_slug = {b.slug: b for b in blocs}
    consenting: dict[str, list[Person]] = {}
    for person in people:
        if person.consent:
            consenting.setdefault(person.bloc, []).append(person)
    used: set[str] = set()
    seen_results: set[tuple[str, int]] = set()
    for k, plan in enumerate(plans):
        bloc = by_slug[plan.bloc]
        _fill_plan(rng, plan, bloc, seen_results)
        plan.tags = _choose_tags(rng, k, plan)
        plan.people = _choose_people(rng, plan, consenting.get(plan.bloc, []))
        active = [c for c in campaigns if c.active_on(plan.event_date)]
        plan.campaigns = [c.slug for c in rng.sample(active, k=min(len(active), rng.randint(0, 2)))]
        plan.focus = rng.choice(plan.units)
        plan.topic = rng.choice(W.TOPICS)
        plan.activity = rng.choice(W.ACTIVITIES)
        plan.place = _place(rng)
        plan.title = _nfc(_title(rng, plan, bloc))
        plan.slug = _unique(_short_slug(plan.title), used)
        count = rng.randint(2, 4)
        own = W.HEADINGS[plan.primary]
        picked = rng.sample(own, k=min(len(own), 2)) + rng.sample(W.GENERAL_HEADINGS, k=count)
        plan.headings = list(dict.fromkeys(picked))[:count]
        if plan.main_result is not None:
            plan.headings[min(1, len(plan.headings) - 1)] = "Kết quả bình xét"
            plan.headings = list(dict.fromkeys(plan.headings))
            if len(plan.headings) < 2:
                plan.headings.append("Phương hướng năm tới")
        if rng.random() < 0.1:
            plan.updated = plan.when + timedelta(hours=rng.randint(2, 30))
    return plans


def _plan_one(rng: random.Random, index: int, primary: str, bloc: BlocData) -> Plan:
    months = W.EVENTS[primary][1]
    year = rng.choice([2020, 2025]) if primary == "dai-hoi-thi-dua" else rng.choice(YEARS)
    month = rng.choice(months)
    event_day = date(year, month, rng.randint(1, 28))
    part = rng.choice(["sang", "sang", "chieu", "chieu", "toi"])
    hour = {"sang": rng.randint(8, 11), "chieu": rng.randint(14, 17), "toi": rng.randint(19, 21)}
    publish = event_day + timedelta(days=rng.choice([0, 0, 0, 1, 1, 2, 3]))
    if publish.year > YEARS[-1]:
        publish = event_day
    when = datetime(publish.year, publish.month, publish.day, hour[part], rng.randint(0, 59))
    if when.date() > event_day:  # published later: any time of that day
        when = when.replace(hour=rng.randint(7, 21))
    return Plan(index, bloc.slug, primary, when, event_day, part)


def _fill_plan(
    rng: random.Random, plan: Plan, bloc: BlocData, seen_results: set[tuple[str, int]]
) -> None:
    ev_year, month = plan.event_date.year, plan.event_date.month
    primary = plan.primary
    if primary in ("tong-ket", "cham-diem", "suy-ton"):
        period = ev_year if month >= 11 else ev_year - 1
        plan.period = str(period)
        if (
            primary == "tong-ket"
            and period in bloc.results
            and (bloc.slug, period) not in (seen_results)
        ):
            seen_results.add((bloc.slug, period))
            plan.main_result = period
    elif primary == "so-ket":
        plan.period = f"{ev_year}-H1"
    elif primary == "dai-hoi-thi-dua":
        plan.period = f"{ev_year - 5}-{ev_year}"
    else:
        plan.period = str(ev_year)
    if primary in ("bau-truong-khoi", "ban-giao") or plan.main_result is not None:
        plan.lead_year = ev_year + 1 if month >= 11 else ev_year
        if plan.main_result is not None:
            plan.lead_year = plan.main_result + 1
        lead = bloc.leadership.get(plan.lead_year)
        if lead is not None:
            plan.change = lead
    if plan.main_result is not None:
        result = bloc.results[plan.main_result]
        plan.awards = [
            {"unit": a["unit"], "title": a["title"], "status": a["status"]} for a in result.awards
        ]
    secondary = W.EVENTS[primary][3]
    extra = rng.sample(secondary, k=rng.randint(0, min(2, len(secondary))))
    if plan.main_result is not None:
        extra = ["cham-diem", *extra]
        if plan.change is not None:
            extra.append("bau-truong-khoi")
    plan.events = list(dict.fromkeys([primary, *extra]))
    current = bloc.members_in(ev_year)
    lead_now = bloc.leadership[ev_year]
    plan.host = lead_now.head
    if plan.main_result is not None or primary in ("ky-giao-uoc", "dai-hoi-thi-dua"):
        plan.units = [m.slug for m in current]
    else:
        others = [m.slug for m in current if m.slug != plan.host]
        plan.units = [plan.host, *rng.sample(others, k=rng.randint(1, min(4, len(others))))]


def _choose_tags(rng: random.Random, k: int, plan: Plan) -> list[str]:
    first = W.TAGS[k % len(W.TAGS)]
    rest = rng.sample(W.TAGS, k=rng.randint(1, 4))
    return list(dict.fromkeys([first, *rest]))


def _choose_people(rng: random.Random, plan: Plan, pool: list[Person]) -> list[str]:
    if not pool or rng.random() < 0.45:
        return []
    chosen = rng.sample(pool, k=min(len(pool), rng.randint(1, 3)))
    return [p.slug for p in chosen]


def _title(rng: random.Random, plan: Plan, bloc: BlocData) -> str:
    templates = W.EVENTS[plan.primary][2]
    ev_year = plan.event_date.year
    fill = {
        "bloc": bloc.short,
        "bloc_kind": bloc.kind_word,
        "year": str(ev_year),
        "period": plan.period or str(ev_year),
        "the_topic": plan.topic,
        "focus": bloc.member(plan.focus).label,
        "the_place": plan.place,
        "the_activity": plan.activity,
        "n_small": str(rng.randint(12, 60)),
        "lead_year": str(plan.lead_year or ev_year),
        "congress": "V" if ev_year == 2020 else "VI",
        "head": "",
        "top": "",
    }
    if plan.change is not None:
        fill["head"] = bloc.member(plan.change.head).label
    else:
        templates = [t for t in templates if "{head}" not in t] or templates
    period = int(plan.period) if plan.period and plan.period.isdigit() else 0
    if period in bloc.results:
        top = bloc.results[period].scores[0][0]
        fill["top"] = bloc.member(top).label
    elif "{top}" in templates[0]:
        templates = ["{bloc} suy tôn đơn vị dẫn đầu phong trào thi đua năm {period}"]
    if not fill["head"]:
        templates = [t for t in templates if "{head}" not in t] or [
            "{bloc} bầu Trưởng khối, Phó khối năm {lead_year}"
        ]
    title = rng.choice(templates).format(**fill)
    return title[0].upper() + title[1:]


# ================================================================ writing the bulletins' text


class _Filler(dict):
    """``str.format_map`` values: fixed ones are set, the others drawn at each use."""

    def __init__(self, rng: random.Random, units: list[str], **fixed: str):
        super().__init__(fixed)
        self.rng = rng
        self.units = units
        self.decks: dict[int, list[str]] = {}

    def deal(self, pool: list[str], k: int) -> list[str]:
        """``k`` templates of ``pool``; none comes back before the whole pool was used."""
        deck = self.decks.setdefault(id(pool), [])
        out = []
        for _ in range(k):
            if not deck:
                deck.extend(pool)
                self.rng.shuffle(deck)
            out.append(deck.pop())
        return out

    def __missing__(self, key: str) -> str:
        r = self.rng
        if key == "unit":
            return r.choice(self.units)
        if key == "place":
            return _place(r)
        if key == "n_small":
            return str(r.randint(3, 40))
        if key == "n_guests":
            return str(r.randint(30, 250))
        if key == "n_people":
            return _vn_int(r.randint(60, 4800))
        if key == "pct":
            return _vn_dec(r.uniform(62, 99.5)) + "%"
        if key == "money":
            return f"{_vn_dec(r.uniform(0.2, 9.5))} tỷ đồng"
        if key == "gift":
            return f"{_vn_int(r.choice([300, 500, 700, 1000, 1500]) * 1000)} đồng"
        if key == "month":
            return str(r.randint(1, 12))
        if key == "day":
            return str(r.randint(10, 30))
        if key == "guest":
            return f"đồng chí {_person_name(r, r.random() < 0.4)}, {r.choice(W.GUEST_POSTS)}"
        if key == "topic":
            return r.choice(W.TOPICS)
        if key == "activity":
            return r.choice(W.ACTIVITIES)
        if key == "month_end":
            return str(r.randint(6, 11))
        if key == "reporter":
            return r.choice(W.REPORTERS)
        raise KeyError(key)


@dataclass
class _Stats:
    body_sizes: list[int] = field(default_factory=list)
    images: int = 0
    tables: int = 0
    links: dict[str, int] = field(default_factory=dict)

    def link(self, scheme: str) -> None:
        self.links[scheme] = self.links.get(scheme, 0) + 1


def _sentence(template: str, fill: _Filler) -> str:
    text = template.format_map(fill)
    return text[0].upper() + text[1:]


def _sentences(rng: random.Random, fill: _Filler, pool: list[str], k: int) -> str:
    return " ".join(_sentence(s, fill) for s in fill.deal(pool, k))


def _paragraph(rng: random.Random, fill: _Filler) -> str:
    return _sentences(rng, fill, W.SENTENCES, rng.randint(3, 5))


def _figure(rng: random.Random, fill: _Filler, stats: _Stats) -> str:
    stats.images += 1
    alt = rng.choice(W.ALTS)
    caption = rng.choice([f"{alt}.", f"{alt} tại {fill['place']}.", *W.CAPTIONS]).format_map(fill)
    return (
        f"![{alt}](media/{_image(rng.randrange(POOL_SIZE))})\n{caption} (Ảnh: {fill['reporter']})"
    )


def _bullet_list(rng: random.Random, fill: _Filler) -> str:
    items = rng.sample(W.LIST_ITEMS, k=rng.randint(3, 6))
    numbered = rng.random() < 0.3
    lines = []
    for i, item in enumerate(items, 1):
        text = item.format_map(fill)
        if rng.random() < 0.15:
            text = f"**{text}**"
        lines.append(f"{i}. {text};" if numbered else f"- {text};")
    lines[-1] = lines[-1][:-1] + "."
    return "\n".join(lines)


def _table(rng: random.Random, plan: Plan, bloc: BlocData, fill: _Filler) -> str:
    if plan.main_result is not None:
        result = bloc.results[plan.main_result]
        rows = ["| Thứ hạng | Đơn vị | Điểm |", "|---|---|---|"]
        for unit, points, rank in result.scores:
            rows.append(f"| {rank} | {bloc.member(unit).name} | {_vn_dec(points)} |")
        return "\n".join(rows)
    if plan.primary == "dang-ky":
        rows = ["| Đơn vị | Danh hiệu đăng ký |", "|---|---|"]
        for unit in plan.units:
            rows.append(f"| {bloc.member(unit).name} | {rng.choice(W.DANH_HIEU)} |")
        return "\n".join(rows)
    rows = ["| Nội dung | Kế hoạch | Thực hiện | Tỷ lệ |", "|---|---:|---:|---:|"]
    for label in rng.sample(W.TABLE_INDICATORS, k=rng.randint(3, 6)):
        planned = rng.randint(20, 900)
        done = int(planned * rng.uniform(0.8, 1.3))
        rows.append(
            f"| {label} | {_vn_int(planned)} | {_vn_int(done)} | {_vn_dec(100 * done / planned)}% |"
        )
    return "\n".join(rows)


def _lead(rng: random.Random, plan: Plan, bloc: BlocData, fill: _Filler) -> str:
    part = {"sang": "Sáng", "chieu": "Chiều", "toi": "Tối"}[plan.part]
    if rng.random() < 0.25:
        part = "Ngày"
    when = f"{part} {plan.event_date.day}/{plan.event_date.month}"
    what = rng.choice(W.LEADS[plan.primary]).format_map(fill)
    tail = rng.choice(W.LEAD_TAILS).format_map(fill)
    return f"{when}, {bloc.name} {what} {tail}"


@dataclass
class _Section:
    heading: str
    blocks: list[str] = field(default_factory=list)
    paragraphs: list[int] = field(default_factory=list)  # indexes of plain paragraphs

    def add(self, text: str, paragraph: bool = False) -> None:
        if paragraph:
            self.paragraphs.append(len(self.blocks))
        self.blocks.append(text)

    def text(self) -> str:
        return "\n\n".join([f"## {self.heading}", *self.blocks])


def _links(
    rng: random.Random,
    plan: Plan,
    bloc: BlocData,
    earlier: list[Plan],
    same_bloc: list[Plan],
    corpus: Corpus,
    stats: _Stats,
) -> list[str]:
    out: list[str] = []
    people = corpus.people_by_slug
    campaigns = corpus.campaigns_by_slug

    def say(scheme: str, target: str, **fill: str) -> None:
        stats.link(scheme)
        sentence = rng.choice(W.LINK_SENTENCES[scheme])
        out.append(sentence.format(target=target, **fill))

    for _ in range(rng.randint(1, 3) if earlier else 0):
        source = same_bloc if same_bloc and rng.random() < 0.7 else earlier
        other = source[-rng.randint(1, min(len(source), 40))]
        target = f"bulletin:{other.id}"
        if rng.random() < 0.15:
            target += "#" + _heading_id(rng.choice(other.headings))
        say("bulletin", target, title=other.title)
    for slug in plan.people[:2]:
        person = people[slug]
        say("profile", f"profile:{slug}", person=f"{person.honorific} {person.name}")
    for slug in plan.people:
        people[slug].bulletins.append((plan.id, plan.title))
    for slug in plan.campaigns:
        camp = campaigns[slug]
        label = rng.choice([camp.name, *camp.aliases])
        say("campaign", f"campaign:{slug}", campaign=label)
        camp.bulletins.append((plan.id, plan.title))
    if rng.random() < 0.3:
        say("bloc", f"bloc:{bloc.slug}", bloc=bloc.short)
    if rng.random() < 0.3 and plan.host:
        say("unit", f"unit:{bloc.slug}/{plan.host}", unit=bloc.member(plan.host).label)
    if rng.random() < 0.2:
        tag = rng.choice(plan.tags)
        say("tag", f"tag:{_tag_slug(tag)}", tag=tag)
    if rng.random() < 0.1:
        say("event", f"event:{plan.primary}", event=W.EVENT_LABELS[plan.primary])
    if rng.random() < 0.05:
        say("page", "page:gioi-thieu")
    return out


def _body(
    rng: random.Random,
    plan: Plan,
    bloc: BlocData,
    earlier: list[Plan],
    same_bloc: list[Plan],
    corpus: Corpus,
    stats: _Stats,
) -> str:
    ev_year = plan.event_date.year
    units = [m.label for m in bloc.members_in(ev_year)]
    fill = _Filler(
        rng,
        units,
        year=str(ev_year),
        next_year=str(ev_year + 1),
        period=plan.period or str(ev_year),
        lead_year=str(plan.lead_year or ev_year),
        congress="V" if ev_year == 2020 else "VI",
        stage=plan.period or "",
        kind=bloc.kind_word,
        focus=bloc.member(plan.focus).label,
        host=bloc.member(plan.host).label if plan.host else bloc.short,
        the_topic=plan.topic,
        the_activity=plan.activity,
        the_place=plan.place,
        n_units=str(len(plan.units)),
        reporter=rng.choice(W.REPORTERS),
    )
    lead = _lead(rng, plan, bloc, fill)
    opening = [lead, _figure(rng, fill, stats)]
    sections = [_Section(h) for h in plan.headings]
    for s in sections:
        s.add(_paragraph(rng, fill), paragraph=True)
    figures = rng.randint(1, 4) - 1
    for _ in range(figures):
        rng.choice(sections).add(_figure(rng, fill, stats))
    rng.choice(sections).add(_bullet_list(rng, fill))
    if plan.main_result is not None or rng.random() < 0.45:
        stats.tables += 1
        target = sections[min(1, len(sections) - 1)]
        target.add(_table(rng, plan, bloc, fill))
        if plan.main_result is not None:
            target.add(_awards_text(plan, bloc), paragraph=True)
    for sentence in _links(rng, plan, bloc, earlier, same_bloc, corpus, stats):
        s = rng.choice(sections)
        at = rng.choice(s.paragraphs)
        s.blocks[at] += " " + sentence
    goal = rng.randint(BODY_MIN + 100, BODY_MAX - 700)
    size = sum(len(b.encode()) + 2 for b in opening) + sum(
        len(s.text().encode()) + 2 for s in sections
    )
    while size < goal:
        s = rng.choice(sections)
        para = _paragraph(rng, fill)
        s.add(para, paragraph=True)
        size += len(para.encode()) + 2
    last = sections[-1]
    if last.paragraphs and last.paragraphs[-1] == len(last.blocks) - 1:
        last.blocks[-1] += " ./."
    text = _nfc("\n\n".join([*opening, *(s.text() for s in sections)]) + "\n")
    while len(text.encode()) > BODY_MAX:  # drop the longest filler paragraph until it fits
        s = max(sections, key=lambda s: len(s.paragraphs))
        drop = s.paragraphs.pop()
        del s.blocks[drop]
        text = _nfc("\n\n".join([*opening, *(x.text() for x in sections)]) + "\n")
    stats.body_sizes.append(len(text.encode()))
    return text


def _awards_text(plan: Plan, bloc: BlocData) -> str:
    assert plan.main_result is not None
    result = bloc.results[plan.main_result]
    parts = []
    for a in result.awards:
        verb = "được tặng" if a["status"] == "awarded" else "được đề nghị tặng"
        parts.append(f"{bloc.member(a['unit']).name} {verb} {a['label']}")
    text = "Trên cơ sở kết quả chấm điểm, " + "; ".join(parts) + "."
    if plan.change is not None:
        head = bloc.member(plan.change.head).name
        deputy = bloc.member(plan.change.deputy).name
        text += (
            f" Hội nghị thống nhất {head} làm Trưởng {bloc.kind_word}, {deputy} làm Phó "
            f"{bloc.kind_word} năm {plan.change.year}."
        )
    return text


# ================================================================ files of the bantin project


def _bulletin_file(rng: random.Random, plan: Plan, body: str) -> str:
    lines = [
        "---",
        f"title: {_q(plan.title)}",
        f"date: {_iso(plan.when)}",
    ]
    if plan.updated is not None:
        lines.append(f"updated: {_iso(plan.updated)}")
    lines += [
        f"event_date: {plan.event_date.isoformat()}",
        f"event_part: {plan.part}",
        f"bloc: {plan.bloc}",
        f"event_types: {_flow(plan.events)}",
    ]
    if plan.period:
        lines.append(f"period: {_q(plan.period)}")
    if plan.host:
        lines.append(f"host_unit: {plan.host}")
    lines.append(f"units: {_flow(plan.units)}")
    if plan.people:
        lines.append(f"people: {_flow(plan.people)}")
    if plan.campaigns:
        lines.append(f"campaigns: {_flow(plan.campaigns)}")
    if rng.random() < 0.3:
        name = _person_name(rng, rng.random() < 0.4)
        lines += ["guests:", f"  - {{name: {_q(name)}, post: {_q(rng.choice(W.GUEST_POSTS))}}}"]
    if plan.primary in ("tong-ket", "bieu-duong", "dai-hoi-thi-dua"):
        lines.append(
            f"commended: {{individuals: {rng.randint(5, 60)}, collectives: {rng.randint(1, 9)}}}"
        )
    if plan.change is not None:
        c = plan.change
        lines.append(f"leadership_change: {{year: {c.year}, head: {c.head}, deputy: {c.deputy}}}")
    if plan.awards:
        lines.append("awards_mentioned:")
        for a in plan.awards:
            lines.append(f"  - {{unit: {a['unit']}, title: {a['title']}, status: {a['status']}}}")
    lines.append(f"category: {W.CATEGORY_OF.get(plan.primary, 'tin-hoat-dong-khoi')}")
    lines.append(f"tags: {_qflow(plan.tags)}")
    if rng.random() < 0.3:
        lines.append('dateline: "TĐKT"')
    alt = rng.choice(W.ALTS)
    lines.append(
        f"image: {{src: {_image(rng.randrange(POOL_SIZE))}, alt: {_q(alt)}, "
        f"caption: {_q(alt + '.')}}}"
    )
    if rng.random() < 0.1:
        lines.append("images:")
        caption = _q("Một số hình ảnh tại chương trình.")
        for _ in range(2):
            lines.append(
                f"  - {{src: {_image(rng.randrange(POOL_SIZE))}, alt: {_q(rng.choice(W.ALTS))}, "
                f"caption: {caption}, group: 1}}"
            )
    if rng.random() < 0.15:
        lines.append(
            f"source: {{name: {_q(rng.choice(W.SOURCES))}, "
            f"author: {_q(rng.choice(W.REPORTERS))}, url: null}}"
        )
    else:
        kind = rng.choice(["tin", "tin-anh", "tin-anh", "bai", "bai-anh"])
        names = rng.sample(W.REPORTERS, k=rng.choice([1, 1, 2]))
        lines.append(
            f"byline: {{kind: {kind}, names: {_qflow(names)}, org: {_q(rng.choice(W.ORGS))}}}"
        )
    lines.append("---")
    return _nfc("\n".join(lines) + "\n" + body)


def _bloc_file(bloc: BlocData) -> str:
    out = [
        f"# {bloc.short}: benchmark data, written by bench/corpus.py",
        f"kind: {bloc.kind}",
        f"number: {bloc.number}",
        f"name: {_q(bloc.name)}",
        f"short_name: {_q(bloc.short)}",
    ]
    if bloc.former:
        out.append("names:")
        for name, start, end in bloc.former:
            out.append(f"  - {{name: {_q(name)}, from: {start}, to: {end}}}")
    out += [
        "province: lao-cai",
        f"description: {_q(f'{bloc.name} gồm {len(bloc.members)} cơ quan, đơn vị thành viên.')}",
        "members:",
    ]
    for m in bloc.members:
        out.append(f"  - slug: {m.slug}")
        out.append(f"    name: {_q(m.name)}")
        if m.short:
            out.append(f"    short_name: {_q(m.short)}")
        if m.from_year:
            out.append(f"    from: {m.from_year}")
        if m.to_year:
            out.append(f"    to: {m.to_year}")
    out.append("leadership:")
    for lead in bloc.leadership.values():
        row = (
            f"  - {{year: {lead.year}, head: {lead.head}, deputy: {lead.deputy}, "
            f"selected_by: {lead.selected_by}, decided_on: {lead.decided_on.isoformat()}"
        )
        if lead.bulletin:
            row += f", bulletin: {lead.bulletin}"
        out.append(row + "}")
    out.append("results:")
    for result in bloc.results.values():
        out.append(f"  - year: {result.year}")
        out.append("    scores:")
        for unit, points, rank in result.scores:
            out.append(f"      - {{unit: {unit}, points: {points}, rank: {rank}}}")
        out.append("    awards:")
        for a in result.awards:
            row = (
                f"      - {{unit: {a['unit']}, title: {a['title']}, label: {_q(a['label'])}, "
                f"authority: {a['authority']}, status: {a['status']}"
            )
            if "decision" in a:
                row += f", decision: {_q(a['decision'])}"
                row += f", decision_date: {a['decision_date'].isoformat()}"
            out.append(row + "}")
        ind, coll = result.commended
        out.append(f"    commended: {{individuals: {ind}, collectives: {coll}}}")
        if result.bulletin:
            out.append(f"    bulletin: {result.bulletin}")
    out.append("pledges:")
    for lead in bloc.leadership.values():
        out.append(
            f"  - {{year: {lead.year}, signed_on: {lead.decided_on.isoformat()}, "
            "signatories: null}"
        )
    out.append("targets:")
    for year in (2024, 2025):
        out.append(f"  - {{year: {year}, non_leader_share: 0.40}}")
    return _nfc("\n".join(out) + "\n")


def _profile_file(rng: random.Random, person: Person, blocs: dict[str, BlocData]) -> str:
    bloc = blocs[person.bloc]
    unit = bloc.member(person.unit)
    lines = [
        "---",
        f"name: {_q(person.name)}",
        f"consent: {'true' if person.consent else 'false'}",
        f"gender: {person.gender}",
        f"bloc: {person.bloc}",
        "positions:",
        f"  - title: {_q(person.title)}",
        f"    unit: {person.unit}",
        f"    holds_leadership_post: {'true' if person.leader else 'false'}",
        f"    from: {person.from_year}",
        "    to: null",
    ]
    if person.earlier:
        lines += [
            f"  - title: {_q(person.earlier[0])}",
            f"    unit_name: {_q(person.earlier[1])}",
            "    holds_leadership_post: false",
            f"    from: {person.from_year - rng.randint(3, 8)}",
            f"    to: {person.from_year - 1}",
        ]
    lines.append(f"exemplary_for: {_flow(str(y) for y in person.exemplary)}")
    lines.append("awards:")
    for a in person.awards:
        lines += [
            f"  - year: {a['year']}",
            f"    title: {a['title']}",
            f"    label: {_q(a['label'])}",
            f"    authority: {a['authority']}",
            f"    status: {a['status']}",
        ]
        if "decision" in a:
            lines.append(f"    decision: {_q(a['decision'])}")
            lines.append(f"    decision_date: {a['decision_date'].isoformat()}")
    if person.campaigns:
        lines.append(f"campaigns: {_flow(person.campaigns)}")
    alt = _q(f"Chân dung {person.honorific} {person.name}")
    lines.append(f"photo: {{src: {_image(person.photo)}, alt: {alt}}}")
    summary = f"{person.title}, điển hình tiên tiến năm {person.exemplary[-1]}."
    lines += [f"summary: {_q(summary)}", "---"]
    pronoun = person.honorific
    fill = _Filler(
        rng,
        [unit.label],
        pronoun=pronoun,
        pronoun_cap=pronoun.capitalize(),
        year_from=str(person.from_year),
    )
    paragraphs = [
        f"{person.honorific.capitalize()} {person.name} hiện là {person.title}. "
        + _sentences(rng, fill, W.PROFILE_SENTENCES, 2)
    ]
    for _ in range(rng.randint(2, 3)):
        paragraphs.append(_sentences(rng, fill, W.PROFILE_SENTENCES, rng.randint(2, 3)))
    if person.bulletins:
        items = [f"- [{title}](bulletin:{bid})" for bid, title in person.bulletins[-3:]]
        paragraphs.append(
            f"Hoạt động của {pronoun} được nhắc đến trong các bản tin:\n\n" + "\n".join(items)
        )
    if person.campaigns:
        paragraphs.append(
            f"{pronoun.capitalize()} tích cực tham gia "
            f"[phong trào](campaign:{person.campaigns[0]}) "
            f"tại [{unit.label}](unit:{bloc.slug}/{unit.slug})."
        )
    return _nfc("\n".join(lines) + "\n" + "\n\n".join(paragraphs) + "\n")


def _campaign_file(rng: random.Random, camp: CampaignData) -> str:
    lines = [
        "---",
        f"name: {_q(camp.name)}",
        f"aliases: {_qflow(camp.aliases)}",
        f"type: {camp.type}",
        f"form: {camp.form}",
        f"launched_by: {_q(camp.launched_by)}",
        f"scope: {camp.scope}",
    ]
    if camp.scope == "provincial":
        lines.append("province: lao-cai")
    if camp.basis:
        ref, day, issuer = camp.basis
        lines.append(f"legal_basis: [{{ref: {_q(ref)}, date: {day}, issuer: {_q(issuer)}}}]")
    else:
        lines.append("legal_basis: []")
    end = camp.end.isoformat() if camp.end else "null"
    lines.append(f"period: {{start: {camp.start.isoformat()}, end: {end}}}")
    if camp.phases:
        lines.append("phases:")
        for label, basis in camp.phases:
            extra = f", basis: {_q(basis)}" if basis else ""
            lines.append(f"  - {{label: {_q(label)}{extra}}}")
    lines.append(f"supersedes: {_flow(camp.supersedes)}")
    summary = f"{camp.name}: phong trào thi đua, cấp phát động là {camp.launched_by}."
    lines += [f"summary: {_q(summary)}", "---"]
    fill = _Filler(rng, ["các đơn vị"])
    paragraphs = [
        f"Ngày bắt đầu của phong trào “{camp.name}” ({camp.launched_by} phát động) là "
        f"{camp.start.day}/{camp.start.month}/{camp.start.year}. "
        + _sentences(rng, fill, W.CAMPAIGN_SENTENCES, 2)
    ]
    for _ in range(rng.randint(1, 3)):
        paragraphs.append(_sentences(rng, fill, W.CAMPAIGN_SENTENCES, rng.randint(2, 4)))
    if camp.bulletins:
        items = [f"- [{title}](bulletin:{bid})" for bid, title in camp.bulletins[-3:]]
        paragraphs.append("Một số bản tin về phong trào:\n\n" + "\n".join(items))
    for slug in camp.supersedes:
        paragraphs.append(f"Phong trào tiếp nối [phong trào trước đó](campaign:{slug}).")
    return _nfc("\n".join(lines) + "\n" + "\n\n".join(paragraphs) + "\n")


def _page_file(slug: str, blocs: list[BlocData]) -> str:
    title, menu = PAGES[slug]
    if slug == "gioi-thieu":
        items = "\n".join(f"- [{b.name}](bloc:{b.slug})" for b in blocs)
        body = (
            "Trang tin đăng tải hoạt động của các khối, cụm thi đua cấp tỉnh: ký giao ước, "
            "phát động, sơ kết, kiểm tra chéo, tổng kết, bình xét và biểu dương điển hình "
            "tiên tiến.\n\n## Các khối, cụm thi đua\n\n" + items + "\n\n"
            "Mỗi năm, các thành viên bầu hoặc luân phiên chọn một đơn vị Trưởng khối và một "
            "đơn vị Phó khối để điều hành công việc chung.\n"
        )
    else:
        body = (
            "Mọi thông tin xin gửi về Ban Thi đua - Khen thưởng tỉnh, bộ phận theo dõi các "
            "khối, cụm thi đua.\n\n- Điện thoại: 0200 3 800 000\n"
            "- Thư điện tử: thiduakhenthuong@example.gov.vn\n"
        )
    summary = f"{title} về trang tin các khối, cụm thi đua."
    head = f"---\ntitle: {_q(title)}\nmenu: {menu}\nsummary: {_q(summary)}\n---\n"
    return _nfc(head + body)


def _site_config() -> str:
    return _nfc(
        "# Benchmark corpus written by bench/corpus.py\n"
        f"title: {_q(SITE_TITLE)}\n"
        'short_title: "Tin thi đua"\n'
        'description: "Tin hoạt động, kết quả thi đua và gương điển hình của các khối, cụm '
        'thi đua tỉnh."\n'
        f'base_url: "{BASE_URL}"\n'
        "language: vi\n"
        "timezone: Asia/Ho_Chi_Minh\n"
        "province: lao-cai\n"
        f"publisher: {_q(PUBLISHER)}\n"
        "theme: default\n"
        "categories:\n"
        '  - {slug: tin-hoat-dong-khoi, label: "Tin hoạt động khối"}\n'
        '  - {slug: ket-qua-thi-dua, label: "Kết quả thi đua"}\n'
        '  - {slug: guong-dien-hinh, label: "Gương điển hình"}\n'
        "per_page: 10\n"
        "home_bulletins: 10\n"
        "related_count: 5\n"
    )


def _jpeg_pool(rng: random.Random) -> list[bytes]:
    try:
        from PIL import Image, ImageDraw
    except ImportError:  # a fixed template with a distinct comment segment per file
        out = []
        for i in range(POOL_SIZE):
            comment = f"bench image {i:03d}".encode()
            segment = b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment
            out.append(_TINY_JPEG[:2] + segment + _TINY_JPEG[2:])
        return out
    out = []
    for _ in range(POOL_SIZE):
        base = tuple(rng.randint(40, 200) for _ in range(3))
        img = Image.new("RGB", (480, 320), base)
        draw = ImageDraw.Draw(img)
        for _ in range(rng.randint(6, 14)):
            x, y = rng.randint(0, 440), rng.randint(0, 280)
            w, h = rng.randint(20, 200), rng.randint(20, 160)
            colour = tuple(rng.randint(0, 255) for _ in range(3))
            if rng.random() < 0.5:
                draw.rectangle((x, y, x + w, y + h), fill=colour)
            else:
                draw.ellipse((x, y, x + w, y + h), fill=colour)
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=70)
        out.append(buf.getvalue())
    return out


def _prepare(dest: Path) -> None:
    """Make ``dest`` an empty folder; only an empty one or an earlier corpus is replaced."""
    if dest.exists():
        if not dest.is_dir():
            raise NotADirectoryError(f"{dest} is not a folder")
        if any(dest.iterdir()) and not (dest / MARKER).is_file():
            raise FileExistsError(f"{dest} is not empty and was not written by bench.corpus")
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    (dest / MARKER).write_text("written by bench/corpus.py; replaced on the next run\n")


def _write(path: Path, text: str) -> int:
    data = text.encode("utf-8")
    path.write_bytes(data)
    return len(data)


# ================================================================ generate


def build_corpus(n: int, seed: int = 2026) -> Corpus:
    """Decide every item (no text yet): blocs, campaigns, people and bulletin plans."""
    rng = random.Random(seed)
    blocs = _make_blocs(rng)
    campaigns = _make_campaigns()
    people = _make_people(rng, max(10, n // 20), blocs, campaigns)
    plans = _plan_bulletins(rng, n, blocs, people, campaigns)
    by_slug = {b.slug: b for b in blocs}
    for plan in plans:
        if plan.main_result is not None:
            bloc = by_slug[plan.bloc]
            bloc.results[plan.main_result].bulletin = plan.id
            if plan.change is not None:
                plan.change.bulletin = plan.id
    return Corpus(blocs, people, campaigns, plans)


def generate(dest: Path, n: int, seed: int = 2026) -> dict:
    """Write a complete bantin project of ``n`` bulletins into ``dest``; return its statistics."""
    dest = Path(dest)
    corpus = build_corpus(n, seed)
    rng = random.Random(seed * 7919 + n)
    _prepare(dest)
    content = dest / "content"
    for sub in ("blocs", "profiles", "campaigns", "pages", f"media/{MEDIA_DIR}"):
        (content / sub).mkdir(parents=True)
    shutil.copytree(REPO / "themes", dest / "themes")
    _write(dest / "site_config.yaml", _site_config())
    for i, data in enumerate(_jpeg_pool(rng)):
        (content / "media" / _image(i)).write_bytes(data)
    md_bytes = 0
    stats = _Stats()
    blocs = {b.slug: b for b in corpus.blocs}
    earlier: list[Plan] = []
    per_bloc: dict[str, list[Plan]] = {}
    years: set[int] = set()
    for plan in corpus.plans:
        same = per_bloc.setdefault(plan.bloc, [])
        body = _body(rng, plan, blocs[plan.bloc], earlier, same, corpus, stats)
        folder = content / "bulletins" / str(plan.year)
        if plan.year not in years:
            folder.mkdir(parents=True)
            years.add(plan.year)
        md_bytes += _write(folder / f"{plan.slug}.md", _bulletin_file(rng, plan, body))
        earlier.append(plan)
        same.append(plan)
    for bloc in corpus.blocs:
        _write(content / "blocs" / f"{bloc.slug}.yaml", _bloc_file(bloc))
    for person in corpus.people:
        md_bytes += _write(
            content / "profiles" / f"{person.slug}.md", _profile_file(rng, person, blocs)
        )
    for camp in corpus.campaigns:
        md_bytes += _write(content / "campaigns" / f"{camp.slug}.md", _campaign_file(rng, camp))
    for slug in PAGES:
        md_bytes += _write(content / "pages" / f"{slug}.md", _page_file(slug, corpus.blocs))
    sizes = stats.body_sizes or [0]
    return {
        "bulletins": len(corpus.plans),
        "profiles": len(corpus.people),
        "profiles_with_consent": sum(p.consent for p in corpus.people),
        "campaigns": len(corpus.campaigns),
        "blocs": len(corpus.blocs),
        "pages": len(PAGES),
        "media_files": POOL_SIZE,
        "markdown_bytes": md_bytes,
        "body_bytes_min": min(sizes),
        "body_bytes_max": max(sizes),
        "body_bytes_mean": round(sum(sizes) / len(sizes)),
        "body_images": stats.images,
        "tables": stats.tables,
        "links": dict(sorted(stats.links.items())),
        "tags": len({t for p in corpus.plans for t in p.tags}),
        "event_types": len({e for p in corpus.plans for e in p.events}),
        "years": sorted(years),
        "bulletins_per_year": {
            str(y): sum(p.year == y for p in corpus.plans) for y in sorted(years)
        },
        "bulletins_per_bloc": {
            b.slug: sum(p.bloc == b.slug for p in corpus.plans) for b in corpus.blocs
        },
    }


# ================================================================ reading a generated project


@dataclass
class _Item:
    path: Path
    meta: dict[str, Any]
    body: str


def _read_item(path: Path) -> _Item:
    text = path.read_text(encoding="utf-8")
    _, meta, body = text.split("---\n", 2)
    return _Item(path, yaml.load(meta, Loader=_Loader) or {}, body)


@dataclass
class _Source:
    root: Path
    bulletins: list[tuple[str, _Item]]  # ("2024/slug", item), sorted
    profiles: dict[str, _Item]
    campaigns: dict[str, _Item]
    pages: dict[str, _Item]
    blocs: dict[str, dict[str, Any]]
    tag_names: dict[str, str]

    def bloc_label(self, slug: str) -> str:
        bloc = self.blocs[slug]
        return str(bloc.get("short_name") or bloc["name"])


def _read_source(src: Path) -> _Source:
    content = Path(src) / "content"
    bulletins = []
    for path in sorted((content / "bulletins").glob("*/*.md")):
        bulletins.append((f"{path.parent.name}/{path.stem}", _read_item(path)))
    profiles = {p.stem: _read_item(p) for p in sorted((content / "profiles").glob("*.md"))}
    profiles = {k: v for k, v in profiles.items() if v.meta.get("consent")}
    campaigns = {p.stem: _read_item(p) for p in sorted((content / "campaigns").glob("*.md"))}
    pages = {p.stem: _read_item(p) for p in sorted((content / "pages").glob("*.md"))}
    blocs = {
        p.stem: yaml.load(p.read_text(encoding="utf-8"), Loader=_Loader)
        for p in sorted((content / "blocs").glob("*.yaml"))
    }
    tag_names: dict[str, str] = {}
    for _, item in bulletins:
        for tag in item.meta.get("tags") or []:
            tag_names.setdefault(_tag_slug(tag), tag)
    return _Source(Path(src), bulletins, profiles, campaigns, pages, blocs, tag_names)


_LINK_RE = re.compile(r"(!?)\[([^\]]*)\]\(([^)\s]+)\)")
_SCHEME_RE = re.compile(r"^(bulletin|profile|campaign|bloc|unit|page|tag|event):([^#]*)(#.*)?$")


def _rewrite_links(text: str, resolve: Callable[[str, str, str], str | None]) -> str:
    """Rewrite ``scheme:target#anchor`` and ``media/…`` link targets with ``resolve``; a link
    that ``resolve`` maps to None becomes its plain text."""

    def sub(m: re.Match[str]) -> str:
        bang, label, target = m.groups()
        if target.startswith("media/"):
            new = resolve("media", target[len("media/") :], "")
        else:
            sm = _SCHEME_RE.match(target)
            if sm is None:
                return m.group(0)
            new = resolve(sm.group(1), sm.group(2), sm.group(3) or "")
        return label if new is None else f"{bang}[{label}]({new})"

    return _LINK_RE.sub(sub, text)


def _plain(markdown_text: str) -> str:
    text = _LINK_RE.sub(lambda m: m.group(2), markdown_text)
    return " ".join(text.replace("**", "").split())


def _lead_paragraph(body: str) -> str:
    for block in body.split("\n\n"):
        block = block.strip()
        if block and not block.startswith(("#", "!", "|", "-")):
            return _plain(block)
    return ""


def _authors(meta: dict[str, Any]) -> list[str]:
    byline = meta.get("byline") or {}
    source = meta.get("source") or {}
    names = list(byline.get("names") or [])
    if not names and source.get("author"):
        names = [source["author"]]
    return names or ["Ban biên tập"]


def _profile_facts(item: _Item, src: _Source) -> str:
    meta = item.meta
    lines = ["## Quá trình công tác", ""]
    bloc = src.blocs.get(meta.get("bloc", ""), {})
    units = {m["slug"]: m["name"] for m in bloc.get("members", [])}
    for pos in meta.get("positions") or []:
        where = units.get(pos.get("unit"), pos.get("unit_name") or "")
        span = f"{pos.get('from') or '…'}–{pos.get('to') or 'nay'}"
        lines.append(f"- {span}: {pos['title']} ({where})")
    lines += ["", "## Khen thưởng", ""]
    for a in meta.get("awards") or []:
        state = f"Quyết định {a['decision']}" if a.get("decision") else "đề nghị"
        lines.append(f"- {a['year']}: {a.get('label') or a['title']} ({state})")
    return "\n".join(lines) + "\n\n"


def _campaign_facts(item: _Item) -> str:
    meta = item.meta
    period = meta.get("period") or {}
    lines = [
        f"- Hình thức: {meta['type']}",
        f"- Phát động: {meta['launched_by']}",
        f"- Bắt đầu: {period.get('start') or '…'}; kết thúc: {period.get('end') or 'chưa'}",
    ]
    for basis in meta.get("legal_basis") or []:
        lines.append(f"- Căn cứ: {basis['ref']}")
    for phase in meta.get("phases") or []:
        lines.append(f"- Giai đoạn {phase['label']}")
    return "\n".join(lines) + "\n\n"


def _bloc_markdown(slug: str, bloc: dict[str, Any], src: _Source) -> str:
    names = {m["slug"]: m.get("short_name") or m["name"] for m in bloc["members"]}
    out = [str(bloc.get("description") or bloc["name"]), "", "## Thành viên", ""]
    for m in bloc["members"]:
        span = f"{m.get('from') or '…'}–{m.get('to') or 'nay'}"
        out += [f"### {m['name']} {{#{m['slug']}}}", "", f"Thành viên của khối: {span}.", ""]
    out += ["## Trưởng khối, Phó khối", "", "| Năm | Trưởng khối | Phó khối |", "|---|---|---|"]
    for lead in bloc.get("leadership") or []:
        out.append(f"| {lead['year']} | {names[lead['head']]} | {names[lead['deputy']]} |")
    out += ["", "## Kết quả thi đua", ""]
    for result in reversed(bloc.get("results") or []):
        out += [f"### Năm {result['year']}", "", "| Hạng | Đơn vị | Điểm |", "|---|---|---|"]
        for s in result["scores"]:
            out.append(f"| {s['rank']} | {names[s['unit']]} | {_vn_dec(s['points'])} |")
        out.append("")
        for a in result.get("awards") or []:
            state = f"Quyết định {a['decision']}" if a.get("decision") else "đề nghị"
            out.append(f"- {names[a['unit']]}: {a['label']} ({state})")
        if result.get("bulletin"):
            out += ["", f"[Bản tin tổng kết năm {result['year']}](bulletin:{result['bulletin']})"]
        out.append("")
    return "\n".join(out) + "\n"


def _prepare_export(dest: Path) -> None:
    _prepare(Path(dest))


# ================================================================ Pelican


_PELICANCONF = '''"""Pelican settings of the bantin benchmark corpus (written by bench/corpus.py).

Feeds are off (bantin writes none). The content cache is off unless the environment variable
BENCH_PELICAN_CACHE=1 is set, or the settings file pelicanconf_cache.py is used.
"""

import os
import re

from unidecode import unidecode

AUTHOR = "Ban biên tập"
SITENAME = {sitename}
SITEURL = "{siteurl}"
RELATIVE_URLS = False
PATH = "content"
TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_LANG = "vi"
DEFAULT_DATE_FORMAT = "%d/%m/%Y"
THEME = "notmyidea"  # the theme built into Pelican
READERS = {{"rst": None, "html": None}}

ARTICLE_EXCLUDES = ["pages", "images"]
STATIC_PATHS = ["images"]

DEFAULT_PAGINATION = 10
PAGINATION_PATTERNS = (
    (1, "{{url}}", "{{save_as}}"),
    (2, "{{base_name}}/trang/{{number}}/", "{{base_name}}/trang/{{number}}/index.html"),
)

ARTICLE_URL = "tin-tuc/{{date:%Y}}/{{slug}}/"
ARTICLE_SAVE_AS = "tin-tuc/{{date:%Y}}/{{slug}}/index.html"
PAGE_URL = "{{slug}}/"
PAGE_SAVE_AS = "{{slug}}/index.html"
INDEX_SAVE_AS = "index.html"
YEAR_ARCHIVE_URL = "tin-tuc/{{date:%Y}}/"
YEAR_ARCHIVE_SAVE_AS = "tin-tuc/{{date:%Y}}/index.html"
ARCHIVES_SAVE_AS = "tin-tuc/luu-tru/index.html"
TAG_URL = "chu-de/{{slug}}/"
TAG_SAVE_AS = "chu-de/{{slug}}/index.html"
TAGS_SAVE_AS = "chu-de/index.html"
CATEGORY_URL = "khoi-tin/{{slug}}/"
CATEGORY_SAVE_AS = "khoi-tin/{{slug}}/index.html"
CATEGORIES_SAVE_AS = "khoi-tin/index.html"
AUTHOR_URL = "tac-gia/{{slug}}/"
AUTHOR_SAVE_AS = "tac-gia/{{slug}}/index.html"
AUTHORS_SAVE_AS = "tac-gia/index.html"

FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
TAG_FEED_ATOM = None
TAG_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None

DISPLAY_PAGES_ON_MENU = False
DISPLAY_CATEGORIES_ON_MENU = False
MENUITEMS = (
    ("Tin tức", SITEURL + "/"),
    ("Khối, cụm", SITEURL + "/khoi-tin/"),
    ("Chủ đề", SITEURL + "/chu-de/"),
    ("Lưu trữ", SITEURL + "/tin-tuc/luu-tru/"),
    ("Giới thiệu", SITEURL + "/gioi-thieu/"),
)
LINKS = ()
SOCIAL = ()


def _heading_id(value, separator):
    """Heading ids as bantin writes them (đ → d, accents dropped)."""
    return re.sub(r"[^a-z0-9]+", separator, unidecode(value).lower()).strip(separator) or "muc"


MARKDOWN = {{
    "extension_configs": {{
        "markdown.extensions.extra": {{}},
        "markdown.extensions.meta": {{}},
        "markdown.extensions.sane_lists": {{}},
        "markdown.extensions.toc": {{"slugify": _heading_id}},
    }},
    "output_format": "html5",
}}

CACHE_PATH = "cache"
LOAD_CONTENT_CACHE = os.environ.get("BENCH_PELICAN_CACHE") == "1"
CACHE_CONTENT = LOAD_CONTENT_CACHE
'''

_PELICANCONF_CACHE = '''"""The benchmark's Pelican settings with the content cache on.

Written by bench/corpus.py: pelicanconf.py, then LOAD_CONTENT_CACHE and CACHE_CONTENT on.
"""

from pathlib import Path

exec((Path(__file__).resolve().parent / "pelicanconf.py").read_text(encoding="utf-8"))

LOAD_CONTENT_CACHE = True
CACHE_CONTENT = True
'''


def _pelican_resolver(src: _Source) -> Callable[[str, str, str], str | None]:
    def resolve(scheme: str, target: str, anchor: str) -> str | None:
        if scheme == "media":
            return f"{{static}}/images/{target}"
        if scheme == "bulletin":
            return f"{{filename}}/{target}.md{anchor}"
        if scheme == "profile":
            return f"{{filename}}/pages/dien-hinh/{target}.md{anchor}"
        if scheme == "campaign":
            return f"{{filename}}/pages/phong-trao/{target}.md{anchor}"
        if scheme == "bloc":
            return f"{{filename}}/pages/khoi/{target}.md{anchor}"
        if scheme == "unit":
            bloc, _, unit = target.partition("/")
            return f"{{filename}}/pages/khoi/{bloc}.md#{unit}"
        if scheme == "page":
            return f"{{filename}}/pages/{target}.md{anchor}"
        if scheme == "tag":
            return f"{{tag}}{src.tag_names[target]}"
        return None  # event types have no page in Pelican

    return resolve


def _pelican_meta(pairs: list[tuple[str, Any]]) -> str:
    lines = []
    for key, value in pairs:
        if value is None or value == "" or value == []:
            continue
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        lines.append(f"{key}: {' '.join(str(value).split())}")
    return "\n".join(lines) + "\n\n"


def _figure_md(image: dict[str, Any], src_prefix: str) -> str:
    caption = image.get("caption") or ""
    return f"![{image.get('alt', '')}]({src_prefix}{image['src']})\n{caption}\n\n"


def export_pelican(src: Path, dest: Path) -> None:
    """Write the corpus at ``src`` as a Pelican 4.12 project in ``dest``."""
    source = _read_source(Path(src))
    dest = Path(dest)
    _prepare_export(dest)
    content = dest / "content"
    resolve = _pelican_resolver(source)
    shutil.copytree(source.root / "content" / "media", content / "images")
    for bid, item in source.bulletins:
        meta = item.meta
        folder = content / bid.split("/")[0]
        folder.mkdir(parents=True, exist_ok=True)
        modified = meta.get("updated")
        head = _pelican_meta(
            [
                ("Title", meta["title"]),
                ("Date", meta["date"].isoformat()),
                ("Modified", modified.isoformat() if modified else None),
                ("Category", source.bloc_label(meta["bloc"])),
                ("Tags", meta.get("tags") or []),
                ("Slug", bid.split("/")[1]),
                ("Summary", _lead_paragraph(item.body)),
                ("Authors", _authors(meta)),
            ]
        )
        lead = _figure_md(meta["image"], "{static}/images/") if meta.get("image") else ""
        body = _rewrite_links(item.body, resolve)
        _write(folder / f"{bid.split('/')[1]}.md", head + lead + body)
    pages = content / "pages"
    for sub in ("dien-hinh", "phong-trao", "khoi"):
        (pages / sub).mkdir(parents=True)

    def page(path: Path, title: str, url: str, summary: str, body: str) -> None:
        head = _pelican_meta(
            [
                ("Title", title),
                ("Slug", url.strip("/").replace("/", "-")),
                ("Url", url),
                ("Save_as", f"{url}index.html"),
                ("Summary", summary),
            ]
        )
        _write(path, head + _rewrite_links(body, resolve))

    for slug, item in source.profiles.items():
        m = item.meta
        photo = _figure_md(m["photo"], "{static}/images/") if m.get("photo") else ""
        body = photo + _profile_facts(item, source) + item.body
        page(
            pages / "dien-hinh" / f"{slug}.md",
            m["name"],
            f"dien-hinh/{slug}/",
            m.get("summary", ""),
            body,
        )
    for slug, item in source.campaigns.items():
        m = item.meta
        body = _campaign_facts(item) + item.body
        page(
            pages / "phong-trao" / f"{slug}.md",
            m["name"],
            f"phong-trao/{slug}/",
            m.get("summary", ""),
            body,
        )
    for slug, bloc in source.blocs.items():
        body = _bloc_markdown(slug, bloc, source)
        page(pages / "khoi" / f"{slug}.md", bloc["name"], f"khoi/{slug}/", bloc["name"], body)
    for slug, item in source.pages.items():
        m = item.meta
        page(pages / f"{slug}.md", m["title"], f"{slug}/", m.get("summary", ""), item.body)
    conf = _PELICANCONF.format(sitename=_q(SITE_TITLE), siteurl=BASE_URL.rstrip("/"))
    _write(dest / "pelicanconf.py", conf)
    _write(dest / "pelicanconf_cache.py", _PELICANCONF_CACHE)


# ================================================================ Hugo


def _hugo_term(name: str) -> str:
    """The path Hugo 0.111 gives a taxonomy term (``urlize``: lowercase, spaces to '-')."""
    return "-".join(name.lower().split())


def _hugo_resolver(src: _Source) -> Callable[[str, str, str], str | None]:
    base = BASE_PATH

    def resolve(scheme: str, target: str, anchor: str) -> str | None:
        if scheme == "media":
            return f"{base}/media/{target}"
        if scheme == "bulletin":
            return f"{base}/tin-tuc/{target}/{anchor}"
        if scheme == "profile":
            return f"{base}/dien-hinh/{target}/{anchor}"
        if scheme == "campaign":
            return f"{base}/phong-trao/{target}/{anchor}"
        if scheme == "bloc":
            return f"{base}/khoi/{target}/{anchor}"
        if scheme == "unit":
            bloc, _, unit = target.partition("/")
            return f"{base}/khoi/{bloc}/#{unit}"
        if scheme == "page":
            return f"{base}/{target}/{anchor}"
        if scheme == "tag":
            return f"{base}/tags/{_hugo_term(src.tag_names[target])}/"
        return None  # event types have no page in this Hugo site

    return resolve


def _yaml_front(data: dict[str, Any]) -> str:
    dumped = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
    return "---\n" + dumped + "---\n"


def _hugo_config() -> str:
    config = {
        "baseURL": BASE_URL,
        "languageCode": "vi",
        "defaultContentLanguage": "vi",
        "title": SITE_TITLE,
        "timeZone": "Asia/Ho_Chi_Minh",
        "paginate": 10,
        "paginatePath": "trang",
        "disableKinds": ["RSS", "sitemap", "robotsTXT"],
        "enableRobotsTXT": False,
        "taxonomies": {"tag": "tags", "category": "categories"},
        "markup": {
            "goldmark": {
                "renderer": {"unsafe": True},
                "parser": {"autoHeadingIDType": "github-ascii"},
            }
        },
        "related": {
            "includeNewer": True,
            "threshold": 80,
            "toLower": False,
            "indices": [
                {"name": "tags", "weight": 100},
                {"name": "categories", "weight": 20},
                {"name": "date", "weight": 10},
            ],
        },
        "menu": {
            "main": [
                {"name": "Tin tức", "pageRef": "/tin-tuc", "weight": 1},
                {"name": "Khối, cụm", "pageRef": "/khoi", "weight": 2},
                {"name": "Phong trào", "pageRef": "/phong-trao", "weight": 3},
                {"name": "Điển hình", "pageRef": "/dien-hinh", "weight": 4},
                {"name": "Chủ đề", "pageRef": "/tags", "weight": 5},
                {"name": "Giới thiệu", "pageRef": "/gioi-thieu", "weight": 6},
            ]
        },
        "params": {"publisher": PUBLISHER, "bench_related": True},
    }
    return "# Hugo settings of the bantin benchmark corpus (written by bench/corpus.py)\n" + (
        yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=1000)
    )


def export_hugo(src: Path, dest: Path) -> None:
    """Write the corpus at ``src`` as a Hugo 0.111 project in ``dest``."""
    source = _read_source(Path(src))
    dest = Path(dest)
    _prepare_export(dest)
    content = dest / "content"
    resolve = _hugo_resolver(source)
    shutil.copytree(source.root / "content" / "media", dest / "static" / "media")
    css = source.root / "themes" / "default" / "static" / "css" / "site.css"
    (dest / "static" / "css").mkdir(parents=True)
    if css.is_file():
        shutil.copyfile(css, dest / "static" / "css" / "site.css")
    shutil.copytree(HERE / "hugo_layouts", dest / "layouts")
    sections = {
        "tin-tuc": "Tin tức",
        "khoi": "Các khối, cụm thi đua",
        "phong-trao": "Phong trào thi đua",
        "dien-hinh": "Điển hình tiên tiến",
    }
    for sec, title in sections.items():
        (content / sec).mkdir(parents=True)
        _write(content / sec / "_index.md", _yaml_front({"title": title}))
    years = sorted({bid.split("/")[0] for bid, _ in source.bulletins})
    for year in years:
        (content / "tin-tuc" / year).mkdir()
        _write(
            content / "tin-tuc" / year / "_index.md",
            _yaml_front({"title": f"Tin tức năm {year}", "date": f"{year}-01-01"}),
        )
    for bid, item in source.bulletins:
        m = item.meta
        front: dict[str, Any] = {
            "title": m["title"],
            "date": m["date"].isoformat(),
        }
        if m.get("updated"):
            front["lastmod"] = m["updated"].isoformat()
        front["summary"] = _lead_paragraph(item.body)
        front["tags"] = list(m.get("tags") or [])
        front["categories"] = [source.bloc_label(m["bloc"])]
        front["authors"] = _authors(m)
        front["bloc"] = m["bloc"]
        front["event_types"] = list(m.get("event_types") or [])
        if m.get("image"):
            image = dict(m["image"])
            image["src"] = f"media/{image['src']}"
            front["image"] = image
        body = _rewrite_links(item.body, resolve)
        _write(content / "tin-tuc" / f"{bid}.md", _yaml_front(front) + body)
    for slug, item in source.profiles.items():
        m = item.meta
        front = {"title": m["name"], "summary": m.get("summary", "")}
        if m.get("photo"):
            front["image"] = {"src": f"media/{m['photo']['src']}", "alt": m["photo"].get("alt", "")}
        body = _rewrite_links(_profile_facts(item, source) + item.body, resolve)
        _write(content / "dien-hinh" / f"{slug}.md", _yaml_front(front) + body)
    for slug, item in source.campaigns.items():
        m = item.meta
        front = {"title": m["name"], "summary": m.get("summary", "")}
        body = _rewrite_links(_campaign_facts(item) + item.body, resolve)
        _write(content / "phong-trao" / f"{slug}.md", _yaml_front(front) + body)
    for slug, bloc in source.blocs.items():
        front = {"title": bloc["name"], "summary": str(bloc.get("description") or "")}
        body = _rewrite_links(_bloc_markdown(slug, bloc, source), resolve)
        _write(content / "khoi" / f"{slug}.md", _yaml_front(front) + body)
    for slug, item in source.pages.items():
        m = item.meta
        front = {"title": m["title"], "summary": m.get("summary", "")}
        _write(content / f"{slug}.md", _yaml_front(front) + _rewrite_links(item.body, resolve))
    _write(dest / "hugo.yaml", _hugo_config())


# ================================================================ incremental edits


def _bulletin_files(root: Path) -> list[Path]:
    """The bulletins of a bantin, Pelican or Hugo project, in the same order for all three."""
    if (root / "pelicanconf.py").is_file():
        files = [p for p in (root / "content").glob("*/*.md") if p.parent.name.isdigit()]
    elif (root / "hugo.yaml").is_file():
        files = [p for p in (root / "content" / "tin-tuc").glob("*/*.md") if p.name != "_index.md"]
    else:
        files = list((root / "content" / "bulletins").glob("*/*.md"))
    return sorted(files, key=lambda p: (p.parent.name, p.name))


def edit_bulletin(root: Path, marker: str) -> Path:
    """Append a paragraph containing ``marker`` to one fixed bulletin of the project at
    ``root`` (the middle one by year and file name: the same item in a bantin project and in
    its Pelican and Hugo exports); return the file's path."""
    files = _bulletin_files(Path(root))
    if not files:
        raise FileNotFoundError(f"no bulletins under {root}")
    path = files[len(files) // 2]
    text = path.read_text(encoding="utf-8")
    addition = f"\nĐoạn bổ sung khi đo thời gian dựng lại trang: {marker}.\n"
    path.write_text(text.rstrip("\n") + "\n" + addition, encoding="utf-8")
    return path


# ================================================================ command line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.corpus", description="Write the bantin benchmark corpus."
    )
    parser.add_argument("n", type=int, help="number of bulletins")
    parser.add_argument("dest", type=Path, help="folder of the bantin project to write")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--pelican", type=Path, help="also export a Pelican project here")
    parser.add_argument("--hugo", type=Path, help="also export a Hugo project here")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("n must be at least 1")
    try:
        summary = generate(args.dest, args.n, args.seed)
        if args.pelican:
            export_pelican(args.dest, args.pelican)
        if args.hugo:
            export_hugo(args.dest, args.hugo)
    except (FileExistsError, NotADirectoryError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    json.dump(summary, sys.stdout, ensure_ascii=False, indent=2)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
