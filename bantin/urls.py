"""The only place for slugs, URLs and output paths.

Site URLs are paths from the site root with a trailing slash (``/tin-tuc/2024/slug/``).
:func:`href` prefixes the ``base_url`` sub-path, :func:`absolute` gives the full address, and
:func:`output_path` gives the file under ``output/``. Templates, feeds and Markdown links all go
through these, so a site under ``https://example.gov.vn/khoi-thi-dua/`` works everywhere.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import PurePosixPath
from urllib.parse import quote, unquote, urlsplit

from .config import Segments, SiteConfig
from .messages import Msg, msg

# The folder of content/bulletins/ for draft bulletins whose date is not known yet (an import
# could not tell): they are left out of the site until dated and moved to their year's folder.
UNDATED_FOLDER = "chua-ro-ngay"

_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@lru_cache(maxsize=1 << 16)
def slugify(text: str, separator: str = "-") -> str:
    """ASCII kebab-case; đ → d; NFC and NFD give the same slug."""
    from slugify import (
        slugify as make,
    )  # python-slugify: here, a build with nothing to do needs none

    return make(text, separator=separator, save_order=True)


# Telex, the way Vietnamese is typed on an ASCII keyboard: a tone is a letter after the word,
# a vowel's hat, breve or horn a letter after the vowel, đ is dd. "Bão" → baox, "Báo" → baos.
_TONES = {"\u0300": "f", "\u0301": "s", "\u0303": "x", "\u0309": "r", "\u0323": "j"}
_VOWEL_MARKS = {"\u0306": "w", "\u031b": "w"}  # ă; ơ, ư (â, ê, ô double the vowel)


def _tone_words(text: str) -> list[tuple[str, str]]:
    """Each word of ``text`` (letters and digits, lower case) as (its letters with their marks
    but without the tone, NFD; the tone's Telex letter or "")."""
    words: list[tuple[str, str]] = []
    letters: list[str] = []
    tone = ""
    for ch in unicodedata.normalize("NFD", text.casefold()) + " ":
        if ch in _TONES and letters:
            tone = _TONES[ch]
        elif unicodedata.combining(ch):
            if letters:
                letters.append(ch)
        elif ch.isalnum():
            letters.append(ch)
        elif letters:
            words.append(("".join(letters), tone))
            letters, tone = [], ""
    return words


def word_key(label: str) -> str:
    """What makes two tags (or two ways of writing a name) one: the same words with the same
    marks and tones. Case, spacing, punctuation, NFC or NFD and where the tone mark sits
    ("Hòa", "Hoà") do not count; a different mark or tone does ("Bão" is not "Báo")."""
    return " ".join(f"{unicodedata.normalize('NFC', w)}|{tone}" for w, tone in _tone_words(label))


def telex_slug(label: str) -> str:
    """A slug that keeps the marks and tones as Telex letters: "Bão" → ``baox``, "Báo" →
    ``baos``, "Bần" → ``baanf``. Given to a tag whose plain slug another tag already has."""
    words = []
    for letters, tone in _tone_words(label):
        out: list[str] = []
        for ch in letters:
            if ch == "\u0302" and out:
                out.append(out[-1])  # â ê ô: aa ee oo
            elif ch in _VOWEL_MARKS:
                out.append(_VOWEL_MARKS[ch])
            elif ch == "đ":
                out.append("dd")
            elif not unicodedata.combining(ch):
                out.append(ch)
        words.append("".join(out) + tone)
    return slugify(" ".join(words))


def is_slug(text: str) -> bool:
    return bool(_SLUG_RE.match(text))


_DRIVE = re.compile(r"^[A-Za-z]:")


def unsafe_path(path: str) -> Msg | None:
    """Why ``path``, written in a file as a path relative to a folder (a media file, a
    template), could lead out of that folder or is not a path at all; None when it is a plain
    relative path. ``%2e%2e`` is looked at decoded, as a web server would."""
    if "\0" in path:
        return msg("load.path_reason.nul")
    if any(ord(c) < 32 or ord(c) == 127 for c in path):
        return msg("load.path_reason.control")
    if "\\" in path:
        return msg("load.path_reason.backslash")
    if path.startswith(("/", "~")) or _DRIVE.match(path):
        return msg("load.path_reason.absolute")
    parts = path.split("/")
    if ".." in parts:
        return msg("load.path_reason.parent")
    if "" in parts:
        return msg("load.path_reason.empty")
    decoded = unquote(path)
    if decoded != path and (
        ".." in decoded.split("/")
        or ".." in decoded.split("\\")
        or decoded.startswith(("/", "\\"))
        or "\0" in decoded
    ):
        return msg("load.path_reason.encoded")
    return None


def heading_id(text: str, separator: str = "-") -> str:
    """Heading ids for Markdown ``toc``: the same slug policy as URLs."""
    return slugify(text, separator) or "muc"


@dataclass(frozen=True)
class Urls:
    """URL paths for every page kind, from the configured segment names."""

    seg: Segments

    def home(self) -> str:
        return "/"

    def paged(self, base: str, page: int) -> str:
        return base if page <= 1 else f"{base}{self.seg.page}/{page}/"

    def bulletins(self, page: int = 1) -> str:
        return self.paged(f"/{self.seg.bulletins}/", page)

    def year(self, year: int, page: int = 1) -> str:
        return self.paged(f"/{self.seg.bulletins}/{year}/", page)

    def bulletin(self, year: int, slug: str) -> str:
        return f"/{self.seg.bulletins}/{year}/{slug}/"

    def tags(self) -> str:
        return f"/{self.seg.tags}/"

    def tag(self, slug: str, page: int = 1) -> str:
        return self.paged(f"/{self.seg.tags}/{slug}/", page)

    def events(self) -> str:
        return f"/{self.seg.events}/"

    def event(self, slug: str, page: int = 1) -> str:
        return self.paged(f"/{self.seg.events}/{slug}/", page)

    def blocs(self) -> str:
        return f"/{self.seg.blocs}/"

    def bloc(self, slug: str) -> str:
        return f"/{self.seg.blocs}/{slug}/"

    def unit(self, bloc: str, unit: str) -> str:
        return f"/{self.seg.blocs}/{bloc}/{unit}/"

    def profiles(self) -> str:
        return f"/{self.seg.profiles}/"

    def profile(self, slug: str) -> str:
        return f"/{self.seg.profiles}/{slug}/"

    def campaigns(self) -> str:
        return f"/{self.seg.campaigns}/"

    def campaign(self, slug: str) -> str:
        return f"/{self.seg.campaigns}/{slug}/"

    def page(self, slug: str) -> str:
        return f"/{slug}/"

    def search(self) -> str:
        return f"/{self.seg.search}/"

    def stats(self) -> str:
        """The province overview: every bloc of the site in numbers."""
        return f"/{self.seg.stats}/"

    def bloc_stats(self, slug: str) -> str:
        """A bloc's (or cluster's) statistics page."""
        return f"/{self.seg.stats}/{slug}/"

    def awards(self, by: str = "", key: str | int = "", page: int = 1) -> str:
        """The award ledger (``/khen-thuong/``), or one of its lists: ``by`` is ``nam`` (a
        year), ``danh-hieu`` (a title) or ``trang-thai`` (a status), ``key`` its value."""
        base = f"/{self.seg.awards}/" if not by else f"/{self.seg.awards}/{by}/{key}/"
        return self.paged(base, page)

    def open_data(self, name: str = "") -> str:
        """The open-data page (``name`` empty) or one of its files (``khoi.csv``,
        ``datapackage.json``…)."""
        return f"/{self.seg.data}/{name}"

    def search_bundle(self, path: str) -> str:
        """A file of the search index, which lives in the search page's folder."""
        return f"/{self.seg.search}/pagefind/{path}"

    def media(self, path: str) -> str:
        """The address of a file under content/media/ (``path`` as on disk, from there):
        percent-encoded, so that a name with a space, ``#``, ``%``, ``?`` or accents is one
        address. :func:`output_path` gives its file under output/ back."""
        return f"/{self.seg.media}/{quote_path(path)}"

    def static(self, path: str) -> str:
        """The address of a static file of the theme or the site, percent-encoded likewise."""
        return f"/{self.seg.static}/{quote_path(path)}"

    def not_found(self) -> str:
        return "/404.html"

    def feed(self, page: str = "/", fmt: str = "atom") -> str:
        """The ``fmt`` feed (``atom`` or ``rss``) of a page: the site's for ``/`` (``/feed.xml``,
        ``/rss.xml``), a bloc's, campaign's or tag's for its page (``/khoi/<slug>/feed.xml``)."""
        return page + FEED_FILES[fmt]

    def sitemap(self, part: int = 0) -> str:
        """``/sitemap.xml``, or part ``n`` of a sitemap too long for one file
        (``/sitemap-1.xml``…; ``/sitemap.xml`` is then their index)."""
        return f"/sitemap-{part}.xml" if part else "/sitemap.xml"

    def robots(self) -> str:
        return "/robots.txt"


FEED_FILES = {"atom": "feed.xml", "rss": "rss.xml"}
FEED_TYPES = {"atom": "application/atom+xml", "rss": "application/rss+xml"}


def href(config: SiteConfig, path: str) -> str:
    """A root-relative link that carries the base_url sub-path: ``/khoi-thi-dua/tin-tuc/``."""
    if not path.startswith("/"):
        return path  # already absolute (http:, mailto:) or a fragment
    return config.base_path + _quoted(path)


@lru_cache(maxsize=1 << 16)
def _quoted(path: str) -> str:
    return quote(path, safe="/#?=&%:~.-_")


def absolute(config: SiteConfig, path: str) -> str:
    parts = urlsplit(config.base_url)
    return f"{parts.scheme}://{parts.netloc}{href(config, path)}"


def uri(url: str) -> str:
    """An address with every character a URI may not hold percent-encoded (UTF-8): what a
    ``base_url`` written with accents or spaces gives stays valid in the sitemap. Characters
    already encoded are kept."""
    return quote(url, safe=":/?#[]@!$&'()*+,;=%~")


@lru_cache(maxsize=1 << 16)
def quote_path(path: str) -> str:
    """A path made of file names as an address: each name percent-encoded (UTF-8), the ``/``
    between them kept. Every character but ASCII letters, digits and ``-._~`` is encoded, so
    ``hoi nghi #1 50%.png`` is ``hoi%20nghi%20%231%2050%25.png``: no ``#`` or ``?`` cuts it
    short, and no ``%`` is read as an escape."""
    return quote(path, safe="/")


def output_path(url_path: str) -> str:
    """The file under output/ that serves ``url_path`` (percent-decoded, as a web server
    reads it): pretty URLs end in ``index.html``."""
    rel = unquote(url_path.lstrip("/"))
    if rel == "" or rel.endswith("/"):
        return rel + "index.html"
    return rel


# The longest name of a file or folder most file systems take (ext4, APFS, NTFS…), in bytes of
# UTF-8: every output file bantin names after a source's name must fit.
NAME_LIMIT = 255


def shorter_name(name: str, limit: int) -> str:
    """A file name for ``name`` of at most ``limit`` bytes: the slug of its stem (ASCII words
    joined by ``-``), cut after a whole word if it must be, and its extension."""
    p = PurePosixPath(name)
    suffix = p.suffix.lower()
    room = max(1, limit - len(suffix.encode()))
    slug = slugify(p.stem) or "tep"
    if len(slug) > room:
        cut = slug[: room + 1]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else slug[:room]
    return slug.strip("-")[:room] + suffix


_SPACE = " \t\n\r\f"


def srcset_candidates(value: str) -> list[tuple[str, str]]:
    """The (address, descriptors) of each candidate of a ``srcset`` value, split as the HTML
    standard says: an address runs to the next whitespace (commas at its end end the
    candidate), its descriptors to the next comma outside parentheses. Commas inside an
    address are kept (``a,b.jpg 2x``)."""
    out: list[tuple[str, str]] = []
    n, i = len(value), 0
    while i < n:
        while i < n and (value[i] in _SPACE or value[i] == ","):
            i += 1
        start = i
        while i < n and value[i] not in _SPACE:
            i += 1
        url = value[start:i]
        descriptors = ""
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            d_start, depth = i, 0
            while i < n:
                c = value[i]
                if c == "(":
                    depth += 1
                elif c == ")" and depth:
                    depth -= 1
                elif c == "," and not depth:
                    break
                i += 1
            descriptors = value[d_start:i].strip(_SPACE)
        if url:
            out.append((url, descriptors))
    return out


def find_collisions(claims: list[tuple[str, object]]) -> dict[str, list[object]]:
    """Output paths claimed by more than one owner (owners are opaque: items or labels)."""
    by_path: dict[str, list[object]] = {}
    for path, owner in claims:
        by_path.setdefault(path.lower(), []).append(owner)
    return {p: owners for p, owners in by_path.items() if len(owners) > 1}
