"""Feeds, the sitemap and robots.txt: the values their templates print.

The pages themselves are planned by :func:`bantin.render.plan_pages` like any other page and
written by the templates ``feeds/atom.xml``, ``feeds/rss.xml``, ``sitemap.xml``,
``sitemap_index.xml`` and ``robots.txt``. Everything here is a pure function of its arguments:
no date is ever "now", so two builds of the same content give the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, tzinfo
from email.utils import format_datetime
from html import escape, unescape
from urllib.parse import urljoin

from .urls import srcset_candidates

# The sitemaps.org limit of addresses in one sitemap file; above it /sitemap.xml becomes an index.
SITEMAP_LIMIT = 50_000
FORMAT_NAMES = {"atom": "Atom", "rss": "RSS"}
# Image types by extension (not :mod:`mimetypes`, whose answers depend on the machine).
MEDIA_TYPES = {
    "avif": "image/avif",
    "gif": "image/gif",
    "jpeg": "image/jpeg",
    "jpg": "image/jpeg",
    "png": "image/png",
    "svg": "image/svg+xml",
    "webp": "image/webp",
}


@dataclass(frozen=True)
class FeedLink:
    """One feed of a page: ``format`` (atom | rss), its site path, its MIME type, the name of
    what it follows (the site's title, a bloc's, campaign's or tag's name) and what kind of
    thing that is (site | bloc | campaign | tag)."""

    format: str
    url: str
    type: str
    name: str
    kind: str = "site"

    @property
    def label(self) -> str:
        return FORMAT_NAMES.get(self.format, self.format)


@dataclass(frozen=True)
class FeedCategory:
    """A tag or campaign of a feed entry: its slug, its name and the site path of the index
    that names the scheme (``/chu-de/``, ``/phong-trao/``)."""

    term: str
    label: str
    scheme: str


@dataclass(frozen=True)
class SitemapUrl:
    """One ``<url>`` (or ``<sitemap>`` of an index): an absolute, percent-encoded address and
    when it last changed (None: unknown, left out)."""

    loc: str
    lastmod: date | datetime | None = None  # a date: a day without a time


# ---------------------------------------------------------------- dates


def _moment(value: date | datetime, tz: tzinfo) -> datetime:
    """A datetime in ``tz``; a bare date is its midnight there, a naive time is taken as
    ``tz``'s own."""
    if not isinstance(value, datetime):
        return datetime.combine(value, time(), tz)
    if value.tzinfo is None:
        return value.replace(tzinfo=tz)
    return value.astimezone(tz)


# A bulletin dated by a day without a time (``date: 2024-01-10``): Atom (RFC 3339 date-time)
# and RSS (RFC 822) have no form for a day alone, so its feed dates are the start of that day
# in the site's time zone, ``2024-01-10T00:00:00+07:00``, the moment that orders it on the
# site too. Pages, JSON-LD and the sitemap, whose formats allow a day, never show that time.


def rfc3339(value: date | datetime, tz: tzinfo) -> str:
    """``2024-01-01T00:30:00+07:00``: Atom dates; a date is the start of that day in ``tz``."""
    return _moment(value, tz).replace(microsecond=0).isoformat()


def rfc822(value: date | datetime, tz: tzinfo) -> str:
    """``Mon, 01 Jan 2024 00:30:00 +0700``: RSS dates, in English whatever the locale; a date
    is the start of that day in ``tz``."""
    return format_datetime(_moment(value, tz).replace(microsecond=0))


def w3c_date(value: date | datetime, tz: tzinfo) -> str:
    """The sitemap's W3C Datetime: ``2024-01-10`` for a day without a time, else
    ``2024-01-10T16:30:00+07:00``."""
    if isinstance(value, datetime):
        return rfc3339(value, tz)
    return value.isoformat()


def media_type(path: str) -> str:
    """The MIME type of an image by its extension; ``image/*`` when unknown."""
    return MEDIA_TYPES.get(path.rpartition(".")[2].lower(), "image/*")


# ---------------------------------------------------------------- absolute addresses in HTML

# A start tag, attribute values in quotes may hold ">"
_TAG = re.compile(r"""<[a-zA-Z][^\s/>]*(?:[^>"']|"[^"]*"|'[^']*')*>""")
_URL_ATTR = re.compile(
    r"""(\s(?:href|src|poster|action|formaction|cite|data|srcset|imagesrcset)\s*=\s*)"""
    r"""(?:"([^"]*)"|'([^']*)')""",
    re.IGNORECASE,
)
_SPACE = " \t\n\r\f"


def absolute_html(html: str, page: str) -> str:
    """``html`` with every address in a tag (``href``, ``src``, ``srcset``…) made absolute,
    resolved against ``page``, the absolute address the HTML is shown at: feed readers show
    an entry away from the site. Text outside tags is left as it is."""

    def attr(m: re.Match[str]) -> str:
        name = m.group(1).strip().rstrip("=").strip().lower()
        raw = m.group(2) if m.group(2) is not None else m.group(3)
        value = unescape(raw)
        if name in ("srcset", "imagesrcset"):
            new = absolute_srcset(value, page)
        else:
            new = _join(page, value)
        if new == value:
            return m.group(0)
        return f'{m.group(1)}"{escape(new)}"'

    return _TAG.sub(lambda t: _URL_ATTR.sub(attr, t.group(0)), html)


def _join(page: str, url: str) -> str:
    stripped = url.strip(_SPACE)
    if not stripped:
        return url
    return urljoin(page, stripped)


def absolute_srcset(value: str, page: str) -> str:
    """A ``srcset`` with each candidate's address made absolute; descriptors are kept."""
    return ", ".join(
        _join(page, url) + (" " + descriptors if descriptors else "")
        for url, descriptors in srcset_candidates(value)
    )


# ---------------------------------------------------------------- the sitemap


def sitemap_parts(
    urls: Sequence[SitemapUrl], limit: int, part_url: Callable[[int], str], tz: tzinfo = UTC
) -> tuple[list[list[SitemapUrl]], list[SitemapUrl]]:
    """``urls`` cut into sitemap files of at most ``limit`` addresses, and, when there is more
    than one, the entries of their index (``part_url(n)`` is the absolute address of part
    ``n``, from 1; its ``lastmod`` the newest of the part's, a day taken as its start in
    ``tz``)."""
    if limit < 1:
        raise ValueError("a sitemap holds at least one address")
    if len(urls) <= limit:
        return [list(urls)], []
    parts = [list(urls[i : i + limit]) for i in range(0, len(urls), limit)]
    index = [
        SitemapUrl(
            part_url(n),
            max(
                (u.lastmod for u in part if u.lastmod is not None),
                key=lambda d: _moment(d, tz),
                default=None,
            ),
        )
        for n, part in enumerate(parts, 1)
    ]
    return parts, index
