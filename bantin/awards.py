"""Awards as articles state them: who receives them, what they are called, which award of a
bloc's record a bulletin means, and one way of saying an award on every page.

An award may go to a member unit, a person, a named body outside the members or an unnamed
group ("6 tập thể"); its level and authority may be unknown, the article's wording (``label``)
being enough. Nothing here invents what an article does not say.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from markupsafe import Markup, escape

from .models import Award, AwardMention, Bloc, Bulletin, Recipient, UnitAward
from .vocab import label as vocab_label

Vocabularies = Mapping[str, Mapping[str, Any]]
AnyAward = Award | UnitAward | AwardMention

# a period that is one year, or half of one: "2023", "2023-H1"
_PERIOD_YEAR = re.compile(r"^(\d{4})(?:-H[12])?$")


# ---------------------------------------------------------------- what the vocabulary says


def holder(vocabularies: Vocabularies, title: str | None) -> str:
    """Who may receive ``title``: "person", "collective" or "any" (also for no title)."""
    entry = vocabularies.get("award_titles", {}).get(title or "", {})
    return str(entry.get("holder") or "any")


def implied_authority(vocabularies: Vocabularies, title: str | None) -> str | None:
    """The authority the name of ``title`` implies ("bang-khen-tinh" → "chu-tich-ubnd-tinh")."""
    entry = vocabularies.get("award_titles", {}).get(title or "", {})
    return entry.get("authority") or None


def award_name(a: AnyAward, label: Callable[[str, str], str]) -> str:
    """The article's wording when given, else the title's label (``label(vocab, key)``)."""
    if a.label:
        return a.label
    return label("award_titles", a.title) if a.title else ""


def labeller(vocabularies: Vocabularies) -> Callable[[str, str], str]:
    return lambda name, key: vocab_label(vocabularies, name, key)


def _fold(text: str) -> str:
    """Text compared without case and with single spaces."""
    return " ".join(text.casefold().split())


def holder_clash(a: AnyAward, vocabularies: Vocabularies, individual: bool) -> str | None:
    """The title's holder ("person" or "collective") when it cannot go to this recipient
    (``individual``: the recipient is one or more people), else None."""
    wanted = holder(vocabularies, a.title)
    if wanted == "person" and not individual:
        return wanted
    if wanted == "collective" and individual:
        return wanted
    return None


# ---------------------------------------------------------------- a bulletin against the record


def mention_year(b: Bulletin, m: AwardMention) -> int:
    """The year of the record a mention means: its own ``year``, else the bulletin's period
    when that is one year ("2023", "2023-H1"), else the year of its event or publication."""
    if m.year is not None:
        return m.year
    found = _PERIOD_YEAR.match(b.period or "")
    if found:
        return int(found.group(1))
    return b.event_date.year if b.event_date else b.year


@dataclass(frozen=True)
class Recorded:
    year: int
    award: UnitAward


class AwardIndex:
    """A bloc's awards by recipient, gathered once for each bloc."""

    def __init__(self, bloc: Bloc):
        self.by_recipient: dict[tuple, list[Recorded]] = defaultdict(list)
        for r in bloc.results:
            for a in r.awards:
                self.by_recipient[a.recipient_key].append(Recorded(r.year, a))

    def same(self, m: AwardMention, vocabularies: Vocabularies) -> list[Recorded]:
        """The recorded awards of any year that are the award ``m`` speaks of."""
        return [
            rec
            for rec in self.by_recipient.get(m.recipient_key, ())
            if same_award(m, rec.award, vocabularies)
        ]


def same_award(m: AnyAward, a: AnyAward, vocabularies: Vocabularies) -> bool:
    """Whether two records speak of one award: the same title when both have one, else the
    same wording (case and spacing aside), and the same count of unnamed recipients."""
    counts = getattr(m, "count", None), getattr(a, "count", None)
    if None not in counts and counts[0] != counts[1]:
        return False
    if m.title and a.title:
        return m.title == a.title
    label = labeller(vocabularies)
    return _fold(award_name(m, label)) == _fold(award_name(a, label))


def shown_mention(m: AwardMention, found: Iterable[Recorded], year: int) -> UnitAward:
    """What a bulletin's page says of a mention: the bloc file's award of that year (with its
    authority and decision), as the bulletin reports it (its status, its wording when given);
    the mention itself when the record has none."""
    same_year = [rec.award for rec in found if rec.year == year]
    if not same_year:
        return UnitAward(
            unit=m.unit,
            person=m.person,
            body=m.body,
            group=m.group,
            count=m.count,
            title=m.title,
            label=m.label,
            status=m.status,
            loc=m.loc,
        )
    record = next((a for a in same_year if a.status == m.status), same_year[0])
    return replace(record, status=m.status, label=m.label or record.label)


# ---------------------------------------------------------------- saying it


@dataclass(frozen=True)
class Words:
    """What saying an award needs from the site and its theme."""

    t: Callable[..., str]  # an interface string
    label: Callable[[str, str], str]  # a vocabulary's label
    unit: Callable[[str, str], tuple[str, str]]  # (bloc, unit) → (name, address)
    person: Callable[[str], tuple[str, str | None]]  # profile slug → (name, address)
    date: Callable[[date], str]  # 02/02/2024


def award_html(
    a: AnyAward,
    year: int,
    words: Words,
    bloc: Bloc | None = None,
    profile: tuple[str, str | None] | None = None,
) -> Markup:
    """One award, said once and the same way on every page: its status first ("Đề nghị" /
    "Đã tặng"), the recipient, the article's wording (or the title), the year, the authority
    when known and not already in the wording, and the decision of an award given.
    ``profile`` is the (name, address) of the person whose own award it is."""
    t = words.t
    name = award_name(a, words.label)
    out = [
        Markup('<span class="award award--{s}"><span class="badge badge--{s}">{w}</span> ').format(
            s=a.status, w=t(f"status_{a.status}")
        )
    ]
    recipient = _recipient(a, words, bloc, profile)
    if recipient:
        out.append(recipient + Markup(": "))
    out.append(
        Markup('<span class="award__name">{}</span> {}').format(name, t("award_year", value=year))
    )
    said = [_authority(a, year, words, bloc, name), _decision(a, words)]
    said = [s for s in said if s]
    if said:
        out.append(Markup(" – ") + Markup(", ").join(said))
    out.append(Markup("</span>"))
    return Markup("").join(out)


def _link(text: str, address: str | None) -> Markup:
    if address:
        return Markup('<a href="{}">{}</a>').format(address, text)
    return Markup("{}").format(text)


def _recipient(
    a: AnyAward, words: Words, bloc: Bloc | None, profile: tuple[str, str | None] | None
) -> Markup | None:
    if isinstance(a, Award):
        return _link(*profile) if profile else None
    assert isinstance(a, Recipient)
    if a.unit is not None:
        return _link(*words.unit(bloc.slug, a.unit)) if bloc else Markup("{}").format(a.unit)
    if a.person is not None:
        return _link(*words.person(a.person))
    if a.body is not None:
        return Markup("{}").format(a.body)
    if a.group is not None:
        key = f"award_group_{a.group.replace('-', '_')}"
        if a.count is None:
            return Markup("{}").format(words.t(key + "_uncounted"))
        return Markup("{}").format(words.t(key, value=a.count))
    return None


def _authority(a: AnyAward, year: int, words: Words, bloc: Bloc | None, name: str) -> Markup:
    authority = getattr(a, "authority", None)
    if authority is None:
        return Markup("")
    if authority == "truong-khoi" and bloc is not None:
        heads = _heads(a, year, bloc)
        if len(heads) == 1:
            key = "award_head_cum" if bloc.kind == "cum" else "award_head"
            unit = _link(*words.unit(bloc.slug, heads[0]))
            return Markup(words.t(key, unit=escape(unit), year=year))
    text = words.label("authorities", authority)
    if _fold(text) in _fold(name):
        return Markup("")  # the wording names it already: said once
    return Markup("{}").format(text)


def _heads(a: AnyAward, year: int, bloc: Bloc) -> list[str]:
    """The head units ``year`` had; in a year that changed hands, the one in office on the
    award's decision date when that is known (never a guess between the two)."""
    heads = bloc.heads_in(year)
    day = getattr(a, "decision_date", None)
    if len(heads) > 1 and day is not None:
        lead = bloc.leadership_on(day)
        if lead is not None and lead.year == year:
            return [lead.head]
    return heads


def _decision(a: AnyAward, words: Words) -> Markup:
    """ "Quyết định số 236/QĐ-UBND ngày 02/02/2024", from what is known, for an award given."""
    if a.status != "awarded":
        return Markup("")
    number = getattr(a, "decision", None)
    day = getattr(a, "decision_date", None)
    t = words.t
    when = (
        Markup('<time datetime="{}">{}</time>').format(day.isoformat(), words.date(day))
        if day is not None
        else None
    )
    if number and when:
        return Markup("{} {} {}").format(t("decision_number", value=number), t("decision_on"), when)
    if number:
        return Markup("{}").format(t("decision_number", value=number))
    if when:
        return Markup("{} {}").format(t("decision_on_date"), when)
    return Markup("")
