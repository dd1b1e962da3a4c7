"""What the importer's stages hand each other: plain dataclasses, no behaviour."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Literal

from ..messages import Msg

Sure = Literal["sure", "likely", "check"]  # how sure a guess is: the review comment says so


class ImportProblem(Exception):
    """A source that cannot be imported (unreadable, not an article): the report lists it as
    skipped with this message; the import goes on with the other sources."""

    def __init__(self, message: Msg, hint: Msg | str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass
class Picture:
    """An image of the article: ``file`` is the local file found for it (in a saved page's
    ``_files/`` folder, beside a text file, under a WordPress export's uploads), None when the
    source only names it."""

    original: str  # the image's address or file name as the source gives it
    file: Path | None = None
    caption: str = ""
    credit: str = ""  # "Ảnh: Hà Linh" → "Hà Linh"
    alt: str = ""


@dataclass
class Moment:
    """A date or a moment read from the source, with where it came from."""

    value: date | datetime  # an aware datetime when the source gives a time, else a date
    evidence: str  # the text it was read from, as the source wrote it ("7/25/2017 3:10:40 PM")
    how: str  # "meta" (a meta tag or export field), "stamp" (a visible date line), "lead", "text"
    sure: Sure = "sure"


@dataclass
class Decoded:
    """A source's text as Unicode NFC, and what was converted to get it."""

    text: str
    encoding: str  # the encoding its bytes were read in: "utf-8", "windows-1258", "tcvn3", "vni"…
    converted: list[Msg] = field(default_factory=list)  # e.g. "TCVN3 (ABC) → Unicode: 812 chữ"


@dataclass
class RawArticle:
    """One article as a reader found it, before anything is guessed about blocs or units."""

    source: Path  # the file imported
    format: Literal["txt", "html", "wxr"]
    title: str
    markdown: str  # the body as clean Markdown, the portal's clutter removed
    checksum: str  # sha256 hex of the article's own bytes (the file, or one WXR item)
    part: str = ""  # the item inside the source (a WordPress post id); "" for a whole file
    published: Moment | None = None  # from structured data (meta tags, WXR fields)
    updated: Moment | None = None
    date_lines: list[str] = field(default_factory=list)  # visible texts that may be a date stamp
    url: str = ""  # the article's original address, when the source says it
    site_name: str = ""  # the portal's name (og:site_name, the WXR channel title)
    author: str = ""  # from structured data (meta author, dc:creator)
    byline: str = ""  # a byline line the reader found and took out of the body ("Tin, ảnh: …")
    pictures: list[Picture] = field(default_factory=list)  # the lead image first, when known
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    converted: list[Msg] = field(default_factory=list)  # from :class:`Decoded`
    removed: list[str] = field(default_factory=list)  # clutter lines taken out, for the review
    dateline: str = ""  # the dateline code taken off the lead ("BBK", "LCO"), "" when none
    status: str = ""  # the source's own state: WordPress "publish", "draft", "pending", "private"


@dataclass
class Finding:
    """One line of the review comment: what was guessed for a field, how sure, and why."""

    field: str  # the front-matter key ("date", "units", …) or "note"
    value: str
    sure: Sure
    evidence: str = ""


@dataclass
class Draft:
    """An article ready to be written as a draft bulletin."""

    article: RawArticle
    slug: str
    title: str
    date: date | datetime | None  # None: the publication date is not known
    event_date: date | None = None
    event_part: Literal["sang", "chieu", "toi"] | None = None
    bloc: str | None = None
    units: list[str] = field(default_factory=list)
    campaigns: list[str] = field(default_factory=list)
    event_types: list[str] = field(default_factory=list)
    period: str | None = None
    tags: list[str] = field(default_factory=list)
    byline: dict | None = None  # {kind, names, org} as the content model's Byline
    source: dict | None = None  # {name, author, url}
    image: dict | None = None  # the lead image as front matter (src relative to content/media)
    redirect_from: list[str] = field(default_factory=list)
    dateline: str = ""  # the code the lead opened with ("BBK"), taken off the body
    body: str = ""
    findings: list[Finding] = field(default_factory=list)
    to_copy: list[str] = field(default_factory=list)  # sentences with awards or figures
    proposed_campaigns: list[str] = field(default_factory=list)  # quoted names matching none
