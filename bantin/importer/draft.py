"""One :class:`~.model.RawArticle` becomes a :class:`~.model.Draft`: every field guessed from the
article's text, each guess kept as a :class:`~.model.Finding` saying how sure it is and why.

Nothing is invented: a date the source does not give stays None, a bloc nobody names stays
None, a unit the catalogue does not know is never proposed. The guessing modules (portaldates,
guess, match) are imported where they are used: each is its own stage."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..config import SiteConfig
from ..messages import msg
from ..redirects import OldAddress, hosts, old_address
from ..text import nfc
from ..urls import slugify
from .model import Draft, Finding, ImportProblem, Moment, RawArticle

SLUG_LIMIT = 80  # characters of a slug made from a title: a readable address, a short file name
EVIDENCE_LIMIT = 160  # characters of quoted evidence in the review comment


def make_draft(article: RawArticle, cat: Any, config: SiteConfig, bloc: str | None) -> Draft:
    """The draft bulletin for ``article``; ``bloc`` is the ``--bloc`` slug (already checked)
    or None to guess it from the text."""
    from . import guess, match, portaldates

    title = clean_title(article.title)
    if not title:
        raise ImportProblem(msg("import.no_title"), msg("import.no_title_hint"))
    findings: list[Finding] = []
    published = article.published or portaldates.find_stamp(article.date_lines, config.tz)
    findings.append(_date_finding(published))
    credit_text = article.markdown + (f"\n\n{article.byline}" if article.byline else "")
    credit = guess.find_credit(credit_text, article.author, article.site_name)
    dateline, body = _take_dateline(article, credit.markdown.strip())
    lead = guess.lead_paragraph(body)
    text = f"{title}\n\n{body}"
    text_year = portaldates.year_in_text(text)
    day = _day(published)
    event = portaldates.event_from_lead(lead, day, text_year)
    if event is not None:
        shown = event.day.isoformat()
        if event.part:
            part = msg(f"import.part.{event.part}")
            shown = msg("import.evidence.day_part", day=shown, part=part)
        findings.append(Finding("event_date", shown, event.sure, quote(event.evidence)))
    year = event.day.year if event else (day.year if day else text_year)

    bloc_slug, bloc_finding = _bloc(cat, config, bloc, text)
    findings.append(bloc_finding)
    units: list[str] = []
    unit_bloc = bloc_slug or config.default_bloc
    if unit_bloc:
        members = {u.slug: u for u in getattr(cat.blocs.get(unit_bloc), "members", ())}
        for m in match.match_units(cat, unit_bloc, text, year):
            member = members.get(m.slug)
            if year and member is not None and not member.member_in(year):
                # written, the build would refuse it: the reviewer decides (a former name?)
                said = msg("import.evidence.not_member", seen=_seen(m), year=year)
                findings.append(Finding("not_member", m.slug, "check", said))
                continue
            units.append(m.slug)
            findings.append(Finding("units", m.slug, m.sure, _seen(m)))
    named, proposals = match.match_campaigns(cat, text, guess.quoted_names(text))
    for m in named:
        if m.slug in cat.campaigns and cat.campaigns[m.slug].draft:
            seen = msg("import.evidence.draft_campaign", seen=_seen(m))
            findings.append(Finding("campaigns", m.slug, "check", seen))
        else:
            findings.append(Finding("campaigns", m.slug, m.sure, _seen(m)))
    for name in proposals:
        findings.append(Finding("proposed", name, "check", msg("import.evidence.proposed")))
    event_types = []
    for slug, words in guess.guess_event_types(title, lead):
        if slug not in event_types:
            event_types.append(slug)
            findings.append(Finding("event_types", slug, "likely", quote(words)))
    period = _period(event_types, event.day if event else day, text_year)
    if period:
        findings.append(Finding("period", period, "likely", msg("import.evidence.period")))
    source = _source(credit.source, article, config)
    if credit.byline or credit.source:
        findings.append(Finding("byline", "", "likely", quote(credit.evidence)))
    if article.status and article.status != "publish":
        findings.append(Finding("status", article.status, "check", msg("import.evidence.status")))
    for converted in article.converted:
        findings.append(Finding("converted", converted, "likely"))
    for line, times in Counter(one_line(r) for r in article.removed).items():
        said = quote(line)
        if times > 1:
            said = msg("import.evidence.times", text=said, count=times)
        findings.append(Finding("removed", said, "sure"))
    for pic in article.pictures:
        if pic.file is not None and not is_picture(pic.file):
            findings.append(Finding("damaged", quote(pic.file.name), "check", quote(pic.caption)))
            pic.file = None
            continue
        if pic.file is None:
            findings.append(Finding("picture", quote(pic.original), "check", quote(pic.caption)))
    return Draft(
        article=article,
        slug=title_slug(title) or title_slug(article.source.stem) or "tin-nhap",
        title=title,
        date=published.value if published else None,
        event_date=event.day if event else None,
        event_part=event.part if event else None,
        bloc=bloc_slug,
        units=units,
        campaigns=[m.slug for m in named],
        event_types=event_types,
        period=period,
        tags=_tags(article),
        byline=credit.byline,
        source=source,
        image=_lead_image(article),
        redirect_from=_redirects(article.url, config),
        dateline=dateline,
        body=body,
        findings=findings,
        to_copy=[one_line(s) for s in guess.sentences_to_copy(body)],
        proposed_campaigns=list(proposals),
    )


def _take_dateline(article: RawArticle, body: str) -> tuple[str, str]:
    """The dateline code the lead opens with ("BBK - Ngày 05/7, …", also inside the bold a
    portal puts on its lead) and the body without it; a reader that found it already said so."""
    from .portaldates import split_dateline

    if article.dateline:
        return article.dateline, body
    first, sep, rest = body.partition("\n\n")
    marker = re.match(r"[*_]{0,2}", first).group(0)
    code, after = split_dateline(first[len(marker) :])
    if not code:
        return "", body
    return code, marker + after.lstrip() + sep + rest


def is_picture(path: Path) -> bool:
    """Whether ``path`` is a picture the build can read (a page saved half-way leaves empty or
    HTML files under a picture's name): such a file is not copied, its caption is kept."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            image.verify()
        return True
    except (OSError, UnidentifiedImageError, SyntaxError, ValueError):
        return False


def clean_title(title: str) -> str:
    """The title repaired (old encodings), NFC, its whitespace made single spaces."""
    from .encoding import repair_text

    repaired, _ = repair_text(title)
    return one_line(repaired)


def one_line(text: str) -> str:
    return " ".join(nfc(str(text)).split())


def quote(text: str) -> str:
    """Evidence as the review comment shows it: one line, in quotes, not too long."""
    text = one_line(text)
    if not text:
        return ""
    if len(text) > EVIDENCE_LIMIT:
        text = text[: EVIDENCE_LIMIT - 1].rstrip() + "…"
    return f"“{text}”"


def title_slug(title: str) -> str:
    """The slug of ``title``, at most :data:`SLUG_LIMIT` characters, cut after a whole word."""
    slug = slugify(title)
    if len(slug) <= SLUG_LIMIT:
        return slug
    cut = slug[: SLUG_LIMIT + 1]
    return (cut.rsplit("-", 1)[0] if "-" in cut else slug[:SLUG_LIMIT]).strip("-")


def _day(moment: Moment | None) -> date | None:
    if moment is None:
        return None
    value = moment.value
    return value.date() if isinstance(value, datetime) else value


def _date_finding(published: Moment | None) -> Finding:
    if published is None:
        return Finding("date", "", "check", msg("import.evidence.no_date"))
    value = published.value
    shown = value.strftime("%Y-%m-%d %H:%M") if isinstance(value, datetime) else value.isoformat()
    how = msg(f"import.how.{published.how}")
    evidence = msg("import.evidence.moment", how=how, text=quote(published.evidence))
    return Finding("date", shown, published.sure, evidence)


def _seen(m: Any) -> str:
    return msg("import.evidence.seen", seen=quote(m.seen), count=m.count)


def _bloc(cat: Any, config: SiteConfig, given: str | None, text: str) -> tuple[str | None, Finding]:
    """The bloc given with ``--bloc``, else the one the text names; and its finding."""
    if given:
        return given, Finding("bloc", given, "sure", msg("import.evidence.bloc_option"))
    from . import match

    found = match.match_bloc(cat, text)
    if found is not None:
        return found.slug, Finding("bloc", found.slug, found.sure, _seen(found))
    if config.default_bloc:
        why = msg("import.evidence.default_bloc", bloc=config.default_bloc)
    else:
        why = msg("import.evidence.no_bloc")
    return None, Finding("bloc", "", "check", why)


def _period(event_types: list[str], day: date | None, text_year: int | None) -> str | None:
    """The period a review reports on: the year the text names, else the event's year (a
    year-end review held in January to March reports on the year before); a mid-year review
    is the year's first half."""
    if "so-ket" in event_types:
        year = text_year or (day.year if day else None)
        return f"{year}-H1" if year else None
    if "tong-ket" in event_types:
        if text_year:
            return str(text_year)
        if day:
            return str(day.year - 1 if day.month <= 3 else day.year)
    return None


def _tags(article: RawArticle) -> list[str]:
    tags: list[str] = []
    for tag in [*article.categories, *article.tags]:
        tag = one_line(tag)
        if tag and tag not in tags:
            tags.append(tag)
    return tags


def _own(url: str, config: SiteConfig) -> bool:
    """Whether ``url`` is on the site's host or an ``old_domains`` host."""
    return urlsplit(url).netloc.lower() in hosts(config)


def _redirects(url: str, config: SiteConfig) -> list[str]:
    """The old address's path (and query) when it was on this site's host or an old domain,
    as the build will read it (:func:`bantin.redirects.old_address`)."""
    if not url or not _own(url, config):
        return []
    old = old_address(url, config)
    return [str(old)] if isinstance(old, OldAddress) else []


def _source(found: dict | None, article: RawArticle, config: SiteConfig) -> dict | None:
    """The source's name, author and original address; the portal's name only when the article
    came from outside this site."""
    source = dict(found or {})
    host = urlsplit(article.url).netloc.lower() if article.url else ""
    outside = bool(host) and not _own(article.url, config)
    if article.url:
        source["url"] = article.url
    if not source.get("name") and outside:
        source["name"] = article.site_name or host
    if not source.get("name"):
        return None
    return {"name": source["name"], "author": source.get("author"), "url": source.get("url")}


def _lead_image(article: RawArticle) -> dict | None:
    """The first picture with a file: ``src`` is still its address in the source; the writer
    replaces it with the copied file's path."""
    for pic in article.pictures:
        if pic.file is not None:
            image: dict[str, Any] = {"src": pic.original, "alt": one_line(pic.alt)}
            if pic.caption:
                image["caption"] = one_line(pic.caption)
            if pic.credit:
                image["credit"] = one_line(pic.credit)
            return image
    return None
