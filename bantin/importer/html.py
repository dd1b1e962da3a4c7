"""A web page saved by a browser ("Lưu trang web, hoàn chỉnh": ``x.html`` and ``x_files/``)
as a :class:`~.model.RawArticle`, whatever the portal that served it.

* the article's body is found by readability-lxml (measured against trafilatura on the
  fixtures: it keeps figure captions and the DNN portals' photo tables, and it finds the text
  in table-based layouts, where trafilatura took the whole page); :mod:`.htmlmd` turns it into
  Markdown;
* the rest is read with lxml from the whole page: title, address, site name, author, the
  structured dates (meta tags, ``<time datetime>``) and the visible date lines near the title,
  which :mod:`.portaldates` reads later;
* each image of the body is matched to its file in the ``_files/`` folder, with its caption and
  the photographer's credit; the page's lead image (``og:image``) comes first;
* what was around the text in the article's part of the page (breadcrumbs, counters, share
  bars, related articles, comment forms) is listed in ``removed``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit
from zoneinfo import ZoneInfo

import lxml.etree
import lxml.html
from lxml.html import HtmlElement
from readability import Document

from ..messages import msg
from ..text import nfc
from .encoding import decode_bytes
from .guess import split_credit
from .htmlmd import (
    block_lines,
    clean_text,
    clean_tree,
    image_src,
    is_clutter_line,
    keep_addresses,
    tidy_removed,
    tree_to_markdown,
)
from .model import ImportProblem, Moment, Picture, RawArticle

TZ = ZoneInfo("Asia/Ho_Chi_Minh")

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TITLE_SEPARATORS = re.compile(r"\s+(?:-|–|—|\||::|»|«)\s+")
_TITLE_MARK = re.compile(r"title|tieude|tieu-de", re.I)
_PUBLISHED = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.created",
    "parsely-pub-date",
)
_UPDATED = ("article:modified_time", "og:updated_time", "datemodified", "dcterms.modified")
_DATE_MARK = re.compile(
    r"date|time|ngay|posted|publish|updated|stamp|thoigian|thoi-gian|created|modified", re.I
)
_DATE_SHAPE = re.compile(
    r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b|\b\d{1,2}/\d{1,2}\b|\b\d{4}-\d{2}-\d{2}|"
    r"\b\d{1,2}:\d{2}\b|tháng\s+\d",
    re.I,
)
_NOT_ARTICLE = re.compile(
    r"related|lienquan|lien-quan|othernews|other-news|tinkhac|xemthem|comment|widget|sidebar|"
    r"menu|footer",
    re.I,
)
_AUTHOR_MARK = re.compile(
    r"(?:^|\s)(?:author|fn|tacgia|tac-gia|author-name|byline-author)(?:\s|$)", re.I
)
_AUTHOR_PREFIX = re.compile(
    r"^(?:đăng bởi|người đăng|tác giả|người viết|viết bởi|by)\s*:?\s*", re.I
)
_JUNK_IMAGE = re.compile(
    r"logo|icon|share|facebook|twitter|zalo|youtube|google|banner|quangcao|quang-cao|"
    r"(?:^|[/_.-])ads?[/_.-]|pixel|spacer|blank\.|loading|spinner|avatar|gravatar|/tr\?|"
    r"doubleclick|analytics",
    re.I,
)
_FILES_SUFFIXES = ("_files", "-files", "_archivos", "-Dateien", "_fichiers", "_arquivos", ".fld")


def read_html(path: Path) -> list[RawArticle]:
    """The article of a saved web page (one, in a list like every reader's)."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise ImportProblem(
            msg("import.html_unreadable", path=str(path), error=err.strerror or str(err)),
            msg("import.html_unreadable_hint"),
        ) from err
    try:
        decoded = decode_bytes(data, declared=declared_charset(data))
    except UnicodeError as err:
        raise ImportProblem(
            msg("import.html_unreadable", path=str(path), error=str(err)),
            msg("import.html_unreadable_hint"),
        ) from err
    page = _parse_page(decoded.text, path)
    article = _read_page(page, decoded.text, path)
    article.checksum = hashlib.sha256(data).hexdigest()
    article.converted = list(decoded.converted)
    return [article]


def declared_charset(data: bytes) -> str | None:
    """The charset a page's ``<meta>`` names, if any."""
    m = _CHARSET.search(data[:4096])
    return m.group(1).decode("ascii").lower() if m else None


def _parse_page(text: str, path: Path) -> HtmlElement:
    text = _CONTROL.sub("", _XML_DECL.sub("", text))  # lxml refuses NUL and control bytes
    try:
        page = lxml.html.document_fromstring(text or "<html></html>")
    except (lxml.etree.ParserError, ValueError) as err:
        raise _no_article(path) from err
    return page


def _no_article(path: Path) -> ImportProblem:
    return ImportProblem(
        msg("import.html_no_article", path=str(path)), msg("import.html_no_article_hint")
    )


@dataclass
class _Meta:
    """The page's ``<meta>`` values by lowercased name/property/itemprop (first one wins)."""

    values: dict[str, str] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)  # article:tag, each

    @classmethod
    def read(cls, page: HtmlElement) -> _Meta:
        meta = cls()
        for el in page.iter("meta"):
            key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
            value = clean_text(el.get("content") or "")
            if not key or not value:
                continue
            meta.values.setdefault(key, value)
            if key == "article:tag":
                meta.tags.append(value)
        return meta

    def get(self, *keys: str) -> str:
        for key in keys:
            if self.values.get(key):
                return self.values[key]
        return ""


def _read_page(page: HtmlElement, text: str, path: Path) -> RawArticle:
    meta = _Meta.read(page)
    saved = _SAVED_FROM.search(text[:3000])
    url = _page_url(page, meta, saved.group(1) if saved else "")
    head_title = clean_text(" ".join(t.text_content() for t in page.iter("title")))
    title, suffix = _title(page, meta, head_title)
    title_el = _title_element(page, title)
    sizes = _image_sizes(page)
    body, hidden_removed = _body(page)
    region = _region(page, title_el, body)
    files = _LocalFiles(path)

    removed: list[str] = []
    try:
        root = lxml.html.fragment_fromstring(body, create_parent="div")
    except (lxml.etree.ParserError, ValueError, AssertionError):  # no body at all: no article
        root = lxml.html.Element("div")
    date_lines = _date_lines(region if region is not None else page.body, title)
    published, updated, unparsed = _structured_dates(page, meta)
    date_lines += [d for d in unparsed if d not in date_lines]
    _drop_title_heading(root, title)
    _drop_date_lines(root, date_lines)
    summary_lines = block_lines(root)
    _drop_junk_images(root, sizes)
    clean_tree(root, url)
    kept_lines = block_lines(root)
    kept = "\n".join(kept_lines)
    if not kept_lines and next(root.iter("img"), None) is None:
        raise _no_article(path)
    skip = {title, *date_lines}
    region_lines = block_lines(region) if region is not None else []
    for line in [*region_lines, *summary_lines, *hidden_removed]:
        line = tidy_removed(line)
        if line not in kept and line not in skip and line not in removed:
            removed.append(line)

    pictures = _pictures(root, files)
    lead = meta.get("og:image", "twitter:image")
    pictures = _lead_first(pictures, lead, files)
    categories, tags = _terms(region if region is not None else page, meta)
    return RawArticle(
        source=path,
        format="html",
        title=title,
        markdown=tree_to_markdown(root),
        checksum="",
        published=published,
        updated=updated,
        date_lines=date_lines,
        url=url,
        site_name=meta.get("og:site_name") or suffix,
        author=_author(region if region is not None else page, title)
        or meta.get("author", "dc.creator"),
        pictures=pictures,
        categories=categories,
        tags=tags,
        removed=removed,
    )


# --- address and title


def _page_url(page: HtmlElement, meta: _Meta, saved_from: str) -> str:
    canonical = ""
    for link in page.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            canonical = link.get("href", "").strip()
            break
    base = saved_from or meta.get("og:url")
    for candidate in (canonical, meta.get("og:url"), saved_from):
        if candidate and not candidate.startswith(("file:", "./", "../")):
            return urljoin(base, candidate) if base else candidate
    return ""


def _title(page: HtmlElement, meta: _Meta, head_title: str) -> tuple[str, str]:
    """The article's title and the site's name the ``<title>`` adds to it (" - Báo Bắc Kạn"):
    og:title, else the heading the ``<title>`` starts with, else the ``<title>`` without its
    last part."""
    og = meta.get("og:title", "twitter:title")
    site = meta.get("og:site_name")
    if og:
        title = _strip_suffix(og, site)[0]
        return title, _site_part(head_title[len(title) :]) if head_title.startswith(title) else ""
    for heading in _headings(page):
        text = clean_text(heading.text_content())
        rest = head_title[len(text) :]
        if (
            len(text) >= 8
            and head_title.startswith(text)
            and (not rest or _TITLE_SEPARATORS.match(rest))
        ):
            return text, _site_part(rest)
    title, suffix = _strip_suffix(head_title, site)
    if not title:
        h1 = next(page.iter("h1"), None)
        title = clean_text(h1.text_content()) if h1 is not None else ""
    return title, suffix


def _headings(page: HtmlElement) -> list[HtmlElement]:
    """The page's headings, ``<h1>`` first, then h2/h3 and elements whose class says title."""
    if page.body is None:
        return []
    found = list(page.body.iter("h1"))
    for el in page.body.iter("h2", "h3", "span", "div", "td", "p", "a", "strong"):
        if el.tag in ("h2", "h3") or _TITLE_MARK.search(
            f"{el.get('class', '')} {el.get('id', '')}"
        ):
            found.append(el)
    return found


def _site_part(rest: str) -> str:
    """The site's name in what a ``<title>`` adds after the title (" - Tin tức - Báo X")."""
    parts = [p.strip() for p in _TITLE_SEPARATORS.split(" " + rest.strip()) if p.strip()]
    return parts[-1] if parts else ""


def _strip_suffix(title: str, site: str) -> tuple[str, str]:
    if site and title.endswith(site):
        head = _TITLE_SEPARATORS.split(title[: -len(site)] + "|")
        if len(head) > 1:
            return title[: -len(site)].rstrip(" -–—|:»«").strip(), site
    parts = list(_TITLE_SEPARATORS.finditer(title))
    if parts:
        last = parts[-1]
        suffix = title[last.end() :].strip()
        if suffix and len(suffix) <= 80 and last.start() > 0:
            return title[: last.start()].strip(), suffix
    return title, ""


def _title_element(page: HtmlElement, title: str) -> HtmlElement | None:
    """The element that shows the title on the page (an ``<h1>``, or a DNN ``span.Title``)."""
    for el in _headings(page) if title else []:
        if clean_text(el.text_content()) == title:
            return el
    return None


# --- body and the part of the page around it


def _body(page: HtmlElement) -> tuple[str, list[str]]:
    """The article's HTML as readability-lxml finds it, and the hidden texts it left out."""
    hidden = []
    for el in page.xpath("//*[@hidden] | //*[contains(translate(@style,' ',''),'display:none')]"):
        if el.tag not in ("img", "input", "script", "style"):
            hidden.extend(block_lines(el))
    keep_addresses(page)
    try:
        summary = Document(page).summary(html_partial=True)
    except Exception:  # readability raises its own and lxml's errors on odd pages
        summary = ""
    return summary or "<div></div>", hidden


def _drop_title_heading(root: HtmlElement, title: str) -> None:
    """The title is the bulletin's own; a heading repeating it at the top of the body goes."""
    for el in root.iter("h1", "h2", "h3"):
        if clean_text(el.text_content()) == title:
            el.drop_tree()
        return


def _drop_date_lines(root: HtmlElement, date_lines: list[str]) -> None:
    """A date stamp inside the body is the article's date, not its text (it is in
    ``date_lines``)."""
    for el in list(root.iter()):
        if el is root or el.getparent() is None or not isinstance(el.tag, str):
            continue
        if clean_text(el.text_content()) in date_lines and next(el.iter("img"), None) is None:
            el.drop_tree()


def _region(page: HtmlElement, title_el: HtmlElement | None, body: str) -> HtmlElement | None:
    """The part of the page that holds the article: the nearest element around the title and
    the body's first and last paragraphs, and its parent when that adds little (breadcrumbs,
    counters and related lists sit there)."""
    anchors = _body_anchors(page, body)
    if title_el is not None:
        anchors.append(title_el)
    if not anchors:
        return None
    lca = anchors[0]
    for el in anchors[1:]:
        lca = _common_ancestor(lca, el)
    if lca.tag in ("html", "body"):
        return lca
    parent = lca.getparent()
    if parent is not None and parent.tag not in ("html", "body"):
        if len(parent.text_content()) <= len(lca.text_content()) + 2000:
            return parent
    return lca


def _body_anchors(page: HtmlElement, body: str) -> list[HtmlElement]:
    texts = []
    for m in re.finditer(r"<p[ >].*?</p>", body, re.S):
        text = clean_text(lxml.html.fragment_fromstring(m.group(0)).text_content())
        if len(text) >= 40:
            texts.append(text)
    if not texts or page.body is None:
        return []
    wanted = {texts[0], texts[-1]}
    return [p for p in page.body.iter("p") if clean_text(p.text_content()) in wanted]


def _common_ancestor(a: HtmlElement, b: HtmlElement) -> HtmlElement:
    ancestors = [a, *a.iterancestors()]  # kept alive: lxml reuses the ids of dropped proxies
    for el in [b, *b.iterancestors()]:
        if any(el is x for x in ancestors):
            return el
    return a.getroottree().getroot()


# --- dates


def _date_lines(scope: HtmlElement | None, title: str) -> list[str]:
    """Visible texts near the article that look like a date stamp, verbatim, in page order:
    the innermost elements whose class or id says date/time/ngày and ``<time>`` elements, not
    in lists of other articles."""
    if scope is None:
        return []
    found: list[str] = []
    marked = [
        el
        for el in scope.iter()
        if isinstance(el.tag, str)
        and (el.tag == "time" or _DATE_MARK.search(f"{el.get('class', '')} {el.get('id', '')}"))
    ]
    marked_ids = {id(el) for el in marked}
    for el in marked:
        if any(id(d) in marked_ids for d in el.iterdescendants()):
            continue
        if _outside_article(el, scope):
            continue
        text = clean_text(el.text_content())
        if (
            text
            and text != title
            and len(text) <= 120
            and _DATE_SHAPE.search(text)
            and not is_clutter_line(text)
            and text not in found
        ):
            found.append(text)
    return found


def _outside_article(el: HtmlElement, scope: HtmlElement) -> bool:
    for anc in [el, *el.iterancestors()]:
        if anc is scope:
            return False
        if anc.tag in ("li", "nav", "aside", "footer") or _NOT_ARTICLE.search(
            f"{anc.get('class', '')} {anc.get('id', '')}"
        ):
            return True
    return False


def _structured_dates(
    page: HtmlElement, meta: _Meta
) -> tuple[Moment | None, Moment | None, list[str]]:
    """Publication and update moments from meta tags, ``itemprop`` and ``<time datetime>``;
    and the values found there that are not ISO dates (for the date lines)."""
    unparsed: list[str] = []

    def first(keys: tuple[str, ...], itemprop: str, time_class: str) -> Moment | None:
        values = [meta.values[k] for k in keys if meta.values.get(k)]
        for el in page.xpath(f"//*[@itemprop='{itemprop}']"):
            values.append(el.get("content") or el.get("datetime") or "")
        for el in page.iter("time"):
            if time_class in el.get("class", "") and el.get("datetime"):
                values.append(el.get("datetime", ""))
        for value in values:
            moment = parse_iso(value.strip())
            if moment is not None:
                return moment
            if value.strip() and value.strip() not in unparsed:
                unparsed.append(value.strip())
        return None

    published = first(_PUBLISHED, "datePublished", "published")
    updated = first(_UPDATED, "dateModified", "updated")
    return published, updated, unparsed


def parse_iso(value: str) -> Moment | None:
    """An ISO 8601 date or moment as a :class:`Moment` (how="meta"): a time without an offset
    is in Asia/Ho_Chi_Minh; a date alone stays a date."""
    if not re.match(r"^\d{4}-\d{2}-\d{2}", value):
        return None
    try:
        if len(value) == 10:
            return Moment(date.fromisoformat(value), value, "meta")
        moment = datetime.fromisoformat(value.replace(" ", "T", 1))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=TZ)
    return Moment(moment, value, "meta")


# --- author, categories


def _author(scope: HtmlElement, title: str) -> str:
    for el in scope.iter():
        if not isinstance(el.tag, str) or el.tag in ("meta", "link"):
            continue
        marks = f"{el.get('class', '')} {el.get('itemprop', '')}"
        if "author" in (el.get("rel") or "").split() or _AUTHOR_MARK.search(marks):
            text = _AUTHOR_PREFIX.sub("", clean_text(el.text_content()))
            if text and text != title and len(text) <= 80:
                return text
    return ""


def _terms(scope: HtmlElement, meta: _Meta) -> tuple[list[str], list[str]]:
    categories: list[str] = []
    tags: list[str] = list(meta.tags)
    if meta.get("article:section"):
        categories.append(meta.get("article:section"))
    for a in scope.iter("a"):
        rel = (a.get("rel") or "").lower().split()
        text = clean_text(a.text_content())
        if not text:
            continue
        if "category" in rel and text not in categories:
            categories.append(text)
        elif "tag" in rel and text not in tags:
            tags.append(text)
    return categories, tags


# --- pictures


def _image_sizes(page: HtmlElement) -> dict[str, tuple[int, int]]:
    """Width and height the page gives each image (readability drops these attributes)."""
    sizes = {}
    for img in page.iter("img"):
        width, height = _px(img.get("width")), _px(img.get("height"))
        style = img.get("style") or ""
        width = width or _px(_style(style, "width"))
        height = height or _px(_style(style, "height"))
        sizes.setdefault(image_src(img), (width, height))
    return sizes


def _style(style: str, prop: str) -> str:
    m = re.search(rf"(?:^|;)\s*{prop}\s*:\s*(\d+)\s*px", style, re.I)
    return m.group(1) if m else ""


def _px(value: str | None) -> int:
    m = re.match(r"\s*(\d+)\s*(?:px)?\s*$", value or "")
    return int(m.group(1)) if m else 0


def _drop_junk_images(root: HtmlElement, sizes: dict[str, tuple[int, int]]) -> None:
    """Tracking pixels, icons, logos and share buttons are not the article's photos."""
    for img in list(root.iter("img")):
        src = image_src(img)
        width, height = sizes.get(src, (0, 0))
        tiny = (0 < width <= 2 or 0 < height <= 2) or (0 < width <= 64 and 0 < height <= 64)
        marks = f"{src} {img.get('class', '')} {img.get('id', '')}"
        if "emoji" in img.get("class", "") or "wp-smiley" in img.get("class", ""):
            continue  # htmlmd writes these as their character
        if not src or tiny or _JUNK_IMAGE.search(marks):
            parent = img.getparent()
            img.drop_tree()
            if (
                parent is not None
                and parent.tag == "figure"
                and next(parent.iter("img"), None) is None
            ):
                parent.drop_tree()


def _pictures(root: HtmlElement, files: _LocalFiles) -> list[Picture]:
    pictures = []
    for img in root.iter("img"):
        src = image_src(img)
        fig = img.getparent()
        caption = ""
        if fig is not None and fig.tag == "figure":
            cap = next(fig.iter("figcaption"), None)
            caption = clean_text(cap.text_content()) if cap is not None else ""
        alt = clean_text(img.get("alt") or "")
        caption, credit = split_credit(caption)
        pictures.append(Picture(src, files.find(src), caption or alt, credit, alt))
    return pictures


def _lead_first(pictures: list[Picture], lead: str, files: _LocalFiles) -> list[Picture]:
    """The page's lead image (``og:image``) first: the body's picture of the same file moved to
    the front, or a picture of its own when it was saved but is not in the body."""
    if not lead:
        return pictures
    found = files.find(lead)
    for index, pic in enumerate(pictures):
        if pic.original == lead or (found is not None and pic.file == found):
            return [pic, *pictures[:index], *pictures[index + 1 :]]
    if found is None or _JUNK_IMAGE.search(lead):
        return pictures
    return [Picture(lead, found), *pictures]


class _LocalFiles:
    """The files a browser saved with the page, to match image addresses to."""

    def __init__(self, page: Path) -> None:
        self.folder = page.parent.resolve()
        self.by_name: dict[str, Path] = {}
        try:
            entries = list(page.parent.iterdir())
        except OSError:
            entries = []
        stem = nfc(page.stem)
        for d in entries:
            name = nfc(d.name)
            if d.is_dir() and name.startswith(stem) and name[len(stem) :] in _FILES_SUFFIXES:
                for f in sorted(d.rglob("*")):
                    if f.is_file():
                        self.by_name.setdefault(nfc(f.name).lower(), f.resolve())

    def find(self, src: str) -> Path | None:
        """The saved file of an image address: the path it names under the page's folder
        (``./x_files/a%20b.jpg``), else a saved file of the same name (an absolute address)."""
        if not src or src.startswith("data:"):
            return None
        parts = urlsplit(src)
        if not parts.scheme and not parts.netloc:
            for candidate in (unquote(src), unquote(parts.path)):
                found = self._inside(candidate)
                if found is not None:
                    return found
        name = PurePosixPath(unquote(parts.path)).name
        return self.by_name.get(nfc(name).lower()) if name else None

    def _inside(self, relative: str) -> Path | None:
        try:
            path = (self.folder / nfc(relative)).resolve()
        except (OSError, ValueError):
            return None
        if path.is_file() and path.is_relative_to(self.folder):
            return path
        return None
