"""A WordPress export (WXR, the ``.xml`` file of Tools → Export) as one article per post.

WordPress keeps things in its own way, so the body goes through WordPress's steps before
:func:`~.htmlmd.html_to_markdown`: Gutenberg's ``<!-- wp:… -->`` comments come out (a dynamic
block, which has no text of its own, is listed in ``removed``); the shortcodes WordPress itself
defines become HTML (``[caption]`` a figure, ``[gallery]`` the attachments' images, ``[embed]``,
``[video]`` and ``[audio]`` a link) and any other shortcode is listed in ``removed``, its inner
text kept; a classic-editor post, stored without ``<p>``, gets its paragraphs back (wpautop).

Pictures are found on disk only (nothing is fetched): under the export's folder, in
``wp-content/uploads/YYYY/MM/`` or ``uploads/YYYY/MM/`` (the uploads folder copied beside the
export), or as the one file of that name anywhere under that folder; never outside it.

The file is parsed with defusedxml and may not declare a DTD: a WordPress export never has one,
and entities are how an XML file expands to gigabytes or reads other files.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element, ParseError, tostring
from xml.parsers.expat import ErrorString

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from ..messages import Msg, msg
from ..sanitize import HtmlReader
from .encoding import decode_bytes, repair_text
from .guess import split_credit
from .htmlmd import html_to_markdown
from .model import ImportProblem, Moment, Picture, RawArticle

CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"
WP_NS = "http://wordpress.org/export/"  # + "1.0/", "1.1/", "1.2/"; excerpt: + "1.x/excerpt/"
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp", ".svg", ".tif", ".tiff")
DECLARED = re.compile(rb"""<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # never valid in XML 1.0
SIZE_SUFFIX = re.compile(r"-(?:\d+x\d+|scaled)(?=\.\w+$)")  # name-300x200.jpg → name.jpg


@dataclass
class _Item:
    """The fields of one ``<item>`` bantin uses, as text the way the export has them."""

    checksum: str
    fields: dict[str, str] = field(default_factory=dict)  # "title", "wp:post_id"… → text
    terms: list[tuple[str, str]] = field(default_factory=list)  # (domain, name)
    meta: dict[str, str] = field(default_factory=dict)  # wp:postmeta key → value
    guid_permalink: bool = True

    def get(self, key: str) -> str:
        return self.fields.get(key, "")


@dataclass
class _Attachment:
    """An uploaded file of the blog, as its attachment item describes it."""

    id: str
    url: str
    file: str  # _wp_attached_file: "2023/07/name.jpg", relative to the uploads folder
    caption: str
    alt: str
    parent: str
    order: int

    @property
    def is_image(self) -> bool:
        return _is_image(self.url or self.file)


def read_wxr(path: Path) -> list[RawArticle]:
    """One :class:`RawArticle` per post of the export at ``path`` (pages, attachments, menu
    items and the rest are not articles). Raises :class:`ImportProblem` for a file that is not
    a readable WordPress export."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise ImportProblem(
            msg("import.wxr_unreadable", file=path.name, reason=err.strerror or str(err))
        ) from err
    found = DECLARED.search(data[:300])
    decoded = decode_bytes(data, declared=found.group(1).decode("ascii") if found else None)
    text, controls = CONTROL.subn("", decoded.text)
    channel = _channel(_parse(text, path), path)
    site_name, _ = repair_text(_plain(channel.findtext("title") or ""))
    authors = _authors(channel)
    items = [_item(el) for el in channel.findall("item")]
    media = _attachments(items)
    uploads = _Uploads(path.parent)
    blog_offset = _blog_offset(items)
    posts = [it for it in items if it.get("wp:post_type") == "post"]
    if not posts:
        raise ImportProblem(
            msg("import.wxr_no_posts", file=path.name, items=len(items)),
            msg("import.wxr_hint_export"),
        )
    # an old encoding is the whole file's, said for each post; composing NFD letters is not
    # (they are one post's, and composing them changes no letter)
    converted = [m for m in decoded.converted if m.key != "import.converted_nfd"]
    if controls:
        converted.append(msg("import.wxr_control_chars", count=controls))
    context = _Context(path, site_name, authors, media, uploads, blog_offset, converted)
    return [_article(post, context) for post in posts]


# --- reading the XML


def _parse(text: str, path: Path) -> Element:
    """The export's root element; a DTD, entities or broken XML raise :class:`ImportProblem`."""
    skipped = 0
    stripped = text.lstrip()  # a theme's stray blank line before <?xml: a common WordPress fault
    if stripped.startswith("<?xml"):
        skipped = text[: len(text) - len(stripped)].count("\n")
        text = stripped
    try:
        return SafeET.fromstring(text, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as err:
        raise ImportProblem(
            msg("import.wxr_unsafe", file=path.name, what=type(err).__name__),
            msg("import.wxr_hint_export"),
        ) from err
    except ParseError as err:
        line, col = err.position
        line += skipped
        raise ImportProblem(
            msg(
                "import.wxr_invalid",
                file=path.name,
                line=line,
                col=col + 1,
                reason=ErrorString(err.code),
            ),
            msg("import.wxr_hint_truncated"),
        ) from err


def _channel(root: Element, path: Path) -> Element:
    """The ``<rss><channel>`` of a WordPress export, or :class:`ImportProblem` for other XML."""
    channel = root.find("channel") if root.tag == "rss" else None
    if channel is None or not any(_key(el.tag).startswith("wp:") for el in channel.iter()):
        raise ImportProblem(
            msg("import.wxr_not_wxr", file=path.name), msg("import.wxr_hint_export")
        )
    return channel


def _key(tag: str) -> str:
    """An element's name with the prefix WordPress writes (``wp:post_id``, ``content:encoded``,
    ``excerpt:encoded``, ``dc:creator``), whatever WXR version's namespace it is in."""
    if not tag.startswith("{"):
        return tag
    uri, local = tag[1:].split("}", 1)
    if uri == CONTENT_NS:
        return "content:" + local
    if uri == DC_NS:
        return "dc:" + local
    if uri.startswith(WP_NS):
        return ("excerpt:" if uri.rstrip("/").endswith("/excerpt") else "wp:") + local
    return tag


def _item(element: Element) -> _Item:
    """An ``<item>`` as text fields; its checksum is the sha256 of the item as XML, so the same
    export gives the same checksums every time it is imported."""
    item = _Item(hashlib.sha256(tostring(element, encoding="utf-8")).hexdigest())
    for child in element:
        key = _key(child.tag)
        text = child.text or ""
        if key == "category":
            item.terms.append((child.get("domain", ""), text))
        elif key == "wp:postmeta":
            meta = {_key(c.tag): c.text or "" for c in child}
            item.meta.setdefault(meta.get("wp:meta_key", ""), meta.get("wp:meta_value", ""))
        elif key not in item.fields:
            item.fields[key] = text
            if key == "guid":
                item.guid_permalink = child.get("isPermaLink", "true") != "false"
    return item


def _authors(channel: Element) -> dict[str, str]:
    """Author login → display name, from the channel's ``<wp:author>`` list."""
    out: dict[str, str] = {}
    for el in channel:
        if _key(el.tag) == "wp:author":
            fields = {_key(c.tag): (c.text or "").strip() for c in el}
            login = fields.get("wp:author_login", "")
            if login:
                out[login] = fields.get("wp:author_display_name") or login
    return out


def _attachments(items: list[_Item]) -> dict[str, _Attachment]:
    """Every attachment of the export by its post id."""
    out: dict[str, _Attachment] = {}
    for it in items:
        if it.get("wp:post_type") != "attachment":
            continue
        out[it.get("wp:post_id")] = _Attachment(
            id=it.get("wp:post_id"),
            url=(it.get("wp:attachment_url") or it.get("guid")).strip(),
            file=it.meta.get("_wp_attached_file", "").strip(),
            caption=repair_text(_plain(it.get("excerpt:encoded")))[0],
            alt=repair_text(_plain(it.meta.get("_wp_attachment_image_alt", "")))[0],
            parent=it.get("wp:post_parent").strip(),
            order=_int(it.get("wp:menu_order")),
        )
    return out


# --- one post


@dataclass
class _Context:
    """What every post of one export shares."""

    path: Path
    site_name: str
    authors: dict[str, str]
    media: dict[str, _Attachment]
    uploads: _Uploads
    blog_offset: timedelta | None
    converted: list[Msg]


def _article(post: _Item, ctx: _Context) -> RawArticle:
    """The :class:`RawArticle` of one post item."""
    converted = list(ctx.converted)

    def clean(text: str) -> str:
        repaired, said = repair_text(text)
        converted.extend(said)
        return repaired.strip()

    post_id = post.get("wp:post_id").strip()
    status = post.get("wp:status").strip()
    children = sorted(
        (a for a in ctx.media.values() if a.parent == post_id), key=lambda a: (a.order, _int(a.id))
    )
    body, removed = wordpress_html(clean(post.get("content:encoded")), ctx.media, children)
    creator = post.get("dc:creator").strip()
    return RawArticle(
        source=ctx.path,
        format="wxr",
        title=clean(html.unescape(post.get("title"))),
        markdown=html_to_markdown(body),
        checksum=post.checksum,
        part=post_id,
        published=_moment(post, "wp:post_date", ctx.blog_offset),
        updated=_moment(post, "wp:post_modified", ctx.blog_offset),
        url=_url(post),
        site_name=ctx.site_name,
        author=clean(html.unescape(ctx.authors.get(creator, creator))),
        pictures=_pictures(post, body, children, ctx),
        categories=_terms(post, "category", clean),
        tags=_terms(post, "post_tag", clean),
        converted=converted,
        removed=removed + _other_files(children),
        status=status,
    )


def _url(post: _Item) -> str:
    """The post's permalink: ``<link>``, else a ``<guid>`` that is one."""
    link = post.get("link").strip()
    if link:
        return link
    guid = post.get("guid").strip()
    return guid if post.guid_permalink and guid.startswith(("http://", "https://")) else ""


def _terms(post: _Item, domain: str, clean) -> list[str]:
    """The names of the post's categories (``domain="category"``) or tags (``post_tag``)."""
    out: list[str] = []
    for dom, name in post.terms:
        name = clean(html.unescape(name))
        if dom == domain and name and name not in out:
            out.append(name)
    return out


def _other_files(children: list[_Attachment]) -> list[str]:
    """Files attached to the post that are not images (a PDF, a document): for the review."""
    return [a.url or a.file for a in children if not a.is_image]


# --- dates


def _stamp(text: str) -> datetime | None:
    """A WordPress date field ("2023-07-19 08:30:00"); "0000-00-00 00:00:00" is no date."""
    try:
        return datetime.strptime(text.strip(), "%Y-%m-%d %H:%M:%S")
    except ValueError:  # "0000-00-00 00:00:00", empty, or damaged
        return None


def _offset(local: datetime, gmt: datetime) -> timedelta | None:
    """The blog's UTC offset from a local time and its GMT twin, to the quarter hour."""
    minutes = round((local - gmt).total_seconds() / 900) * 15
    return timedelta(minutes=minutes) if abs(minutes) <= 14 * 60 else None


def _blog_offset(items: list[_Item]) -> timedelta | None:
    """The offset most items of the export have: a draft's GMT date is empty, so its time is
    given this offset."""
    seen: Counter[timedelta] = Counter()
    for it in items:
        local, gmt = _stamp(it.get("wp:post_date")), _stamp(it.get("wp:post_date_gmt"))
        if local and gmt and (off := _offset(local, gmt)) is not None:
            seen[off] += 1
    return seen.most_common(1)[0][0] if seen else None


def _moment(post: _Item, key: str, blog_offset: timedelta | None) -> Moment | None:
    """The post's ``wp:post_date`` (or ``wp:post_modified``) as an aware datetime: the offset
    from its ``_gmt`` twin; for a post without one (a draft) the blog's usual offset, "likely",
    or the date alone when the export gives no offset at all. A draft's date is only when it was
    last saved, so it says "check". None when WordPress has no date ("0000-00-00 00:00:00")."""
    raw = post.get(key).strip()
    local = _stamp(raw)
    if local is None:
        return None
    gmt = _stamp(post.get(key + "_gmt"))
    offset = _offset(local, gmt) if gmt else None
    sure = "sure" if offset is not None else "likely"
    if offset is None and key == "wp:post_date" and post.get("wp:status") in ("draft", "pending"):
        sure = "check"
    offset = offset if offset is not None else blog_offset
    value = local.replace(tzinfo=timezone(offset)) if offset is not None else local.date()
    return Moment(value, f"{key} {raw}", "meta", sure)


# --- the body: WordPress's own steps


BLOCK_COMMENT = re.compile(
    r"<!--\s+(/?)wp:((?:[a-z][a-z0-9_-]*/)?[a-z][a-z0-9_-]*)(\s+\{.*?\})?\s+(/?)-->", re.DOTALL
)
SHORTCODE = re.compile(  # an opening tag, as WordPress's get_shortcode_regex() reads it
    r"\[(\[?)([A-Za-z][\w-]*)(?![\w-])([^\]/]*(?:/(?!\])[^\]/]*)*?)(/?)\]"
)
MAX_NESTING = 50
CLOSING = re.compile(r"\[/([A-Za-z][\w-]*)\]")
IFRAME = re.compile(
    r"""<iframe\b[^>]*?\bsrc\s*=\s*["']([^"']+)["'][^>]*>(?:.*?</iframe\s*>)?""",
    re.IGNORECASE | re.DOTALL,
)
SCRIPT = re.compile(r"<script\b.*?(?:</script\s*>|$)", re.IGNORECASE | re.DOTALL)
ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s'"\]]+))""")
LINKED_IMAGE = re.compile(
    r"^\s*(?:<a\b[^>]*\bhref=[\"']([^\"']*)[\"'][^>]*>\s*)?(<img\b[^>]*>)(?:\s*</a>)?(.*)$",
    re.DOTALL | re.IGNORECASE,
)


def wordpress_html(
    content: str, media: dict[str, _Attachment], children: list[_Attachment]
) -> tuple[str, list[str]]:
    """A post's ``content:encoded`` as the HTML WordPress would show, and what was taken out
    (dynamic blocks, shortcodes bantin cannot show, scripts); an embedded frame (a video, a
    map) becomes a link to what it showed."""
    removed: list[str] = []
    gutenberg = "<!-- wp:" in content
    content = BLOCK_COMMENT.sub(lambda m: _block(m, removed), content)
    content = _shortcodes(content, media, children, removed)
    content = IFRAME.sub(lambda m: _link(html.unescape(m.group(1))), content)
    content = SCRIPT.sub(lambda m: removed.append(_shorten(m.group(0))) or "", content)
    if not gutenberg:  # WordPress does not add paragraphs to block-editor posts
        content = wpautop(content)
    return content.strip(), list(dict.fromkeys(removed))


def _link(url: str) -> str:
    """A paragraph holding a link to ``url``, for what was embedded."""
    return f'<p><a href="{html.escape(url)}">{html.escape(url)}</a></p>'


def _shorten(text: str, most: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= most else text[: most - 1] + "…"


def _block(m: re.Match, removed: list[str]) -> str:
    """A Gutenberg comment goes; a self-closing one is a dynamic block (latest posts, a reusable
    block) with no text in the post, so it is listed."""
    if m.group(4):
        removed.append(m.group(0))
    return ""


def _shortcodes(
    text: str,
    media: dict[str, _Attachment],
    children: list[_Attachment],
    removed: list[str],
    depth: int = 0,
) -> str:
    """``text`` with its shortcodes done: the ones WordPress defines as HTML, any other listed
    in ``removed`` with its inner text kept; bracketed words that are no shortcode stay.
    Shortcodes nested deeper than page builders go are left as text."""
    if depth > MAX_NESTING:
        return text
    closings: dict[str, list[int]] = {}
    for m in CLOSING.finditer(text):
        closings.setdefault(m.group(1), []).append(m.start())
    out: list[str] = []
    pos = 0
    while (m := SHORTCODE.search(text, pos)) is not None:
        name, end, inner = m.group(2), m.end(), None
        later = closings.get(name, [])
        if not m.group(4) and (i := bisect_left(later, end)) < len(later):
            inner, end = text[end : later[i]], later[i] + len(name) + 3
        out.append(text[pos : m.start()])
        if m.group(1) and text.startswith("]", end):  # [[name]]: a shortcode written as text
            out.append(text[m.start() + 1 : end])
            pos = end + 1
            continue
        done = _shortcode(m, inner, media, children, removed, depth)
        if done is None:  # not a shortcode: the bracket stays, the rest is read on
            out.append(text[m.start() : m.start() + 1])
            pos = m.start() + 1
            continue
        out.append(done)
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _shortcode(
    m: re.Match,
    inner: str | None,
    media: dict[str, _Attachment],
    children: list[_Attachment],
    removed: list[str],
    depth: int,
) -> str | None:
    """The HTML for one shortcode (``m`` its opening tag, ``inner`` what it encloses); None
    when it is bracketed text rather than a shortcode."""
    name, attrs = m.group(2), _attributes(m.group(3))
    removed_text = m.group(0)[1:] if m.group(1) else m.group(0)
    if name in ("caption", "wp_caption"):
        return _caption(attrs, inner or "")
    if name == "gallery":
        return _gallery(removed_text, attrs, media, children, removed)
    if name in ("embed", "video", "audio"):
        url = attrs.get("src") or _media_url(attrs) or (inner or "").strip()
        if url:
            return _link(url)
    elif not _looks_like_shortcode(name, m.group(3), inner is not None):
        return None
    removed.append(removed_text)
    return _shortcodes(inner or "", media, children, removed, depth + 1)


def _looks_like_shortcode(name: str, attrs: str, closed: bool) -> bool:
    """Whether ``[name …]`` is a plugin's shortcode rather than bracketed text ("[Xem thêm]"):
    a lowercase ASCII name with ``key=value`` attributes, a closing ``[/name]``, or a name with
    ``_``/``-`` (``[vc_row]``, ``[contact-form-7 …]``)."""
    if not (name.isascii() and name.islower()):
        return False
    return closed or "=" in attrs or (not attrs.strip() and ("_" in name or "-" in name))


def _attributes(text: str) -> dict[str, str]:
    return {
        m.group(1).lower(): next(g for g in m.groups()[1:] if g is not None)
        for m in ATTRIBUTE.finditer(text)
    }


def _media_url(attrs: dict[str, str]) -> str:
    """The file of a ``[video mp4="…"]`` or ``[audio mp3="…"]``."""
    for key in ("mp4", "m4v", "webm", "ogv", "wmv", "flv", "mp3", "ogg", "wav", "m4a"):
        if attrs.get(key):
            return attrs[key]
    return ""


def _caption(attrs: dict[str, str], inner: str) -> str:
    """``[caption …]<img …> Text[/caption]`` as ``<figure><img …><figcaption>Text``; a link
    around the image that only opens the image file is left out."""
    m = LINKED_IMAGE.match(inner)
    if not m:
        return inner
    href, img, text = m.groups()
    caption = (text.strip() or attrs.get("caption", "")).strip()
    figure = img
    if href and not _is_image(href):
        figure = f'<a href="{href}">{img}</a>'
    if caption:
        figure += f"<figcaption>{caption}</figcaption>"
    return f"<figure>{figure}</figure>"


def _gallery(
    code: str,
    attrs: dict[str, str],
    media: dict[str, _Attachment],
    children: list[_Attachment],
    removed: list[str],
) -> str:
    """``[gallery ids="1,2"]`` (or a bare ``[gallery]``: the post's attached images) as one
    figure per image; ids the export does not hold are listed."""
    ids = [i.strip() for i in attrs.get("ids", attrs.get("include", "")).split(",") if i.strip()]
    chosen = [media[i] for i in ids if i in media] if ids else [a for a in children if a.is_image]
    if len(chosen) < len(ids):
        removed.append(code)
    out = []
    for a in chosen:
        img = (
            f'<img class="wp-image-{a.id}" src="{html.escape(a.url)}" alt="{html.escape(a.alt)}" />'
        )
        caption = f"<figcaption>{html.escape(a.caption)}</figcaption>" if a.caption else ""
        out.append(f"<figure>{img}{caption}</figure>")
    return "\n".join(out)


ALLBLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|"
    r"map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|"
    r"hgroup|header|footer|nav|figure|figcaption|details|menu|summary)"
)
KEEP = re.compile(r"<(pre|table|figure|script|style|textarea)\b", re.IGNORECASE)
KEEP_TAG = re.compile(
    r"<!--.*?-->|<(/?)(pre|table|figure|script|style|textarea)\b[^>]*>", re.I | re.S
)


def wpautop(text: str) -> str:
    """WordPress's wpautop: text stored with blank lines between paragraphs gets ``<p>``, a
    single line break ``<br />``; never inside ``<pre>``, ``<table>``, figures, scripts or
    comments, and not around block elements."""
    if not text.strip():
        return ""
    text, kept = _keep(text)
    text = re.sub(r"<[^<>]*>", lambda m: m.group(0).replace("\n", " "), text)  # in-tag breaks
    text = text.replace("\r\n", "\n").replace("\r", "\n") + "\n"
    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text, flags=re.I)
    text = re.sub(r"(<" + ALLBLOCKS + r"[\s/>])", r"\n\n\1", text, flags=re.I)
    text = re.sub(r"(</" + ALLBLOCKS + r">)", r"\1\n\n", text, flags=re.I)
    chunks = [c.strip("\n") for c in re.split(r"\n\s*\n", text) if c.strip()]
    text = "".join(f"<p>{c}</p>\n" for c in chunks)
    text = re.sub(r"<p>\s*(</?" + ALLBLOCKS + r"[^>]*>)\s*</p>", r"\1", text, flags=re.I)
    text = re.sub(r"<p>([^<]+)</(div|address|form)>", r"<p>\1</p></\2>", text, flags=re.I)
    text = re.sub(r"<p>(<li.+?)</p>", r"\1", text, flags=re.I)
    text = re.sub(r"<p><blockquote([^>]*)>", r"<blockquote\1><p>", text, flags=re.I)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = re.sub(r"<p>\s*(</?" + ALLBLOCKS + r"[^>]*>)", r"\1", text, flags=re.I)
    text = re.sub(r"(</?" + ALLBLOCKS + r"[^>]*>)\s*</p>", r"\1", text, flags=re.I)
    text = re.sub(r"(?<!<br />)\s*\n", "<br />\n", text)
    text = re.sub(r"(</?" + ALLBLOCKS + r"[^>]*>)\s*<br />", r"\1", text, flags=re.I)
    text = re.sub(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", r"\1", text)
    text = re.sub(r"<br />\n$", "\n", text)
    for i, chunk in enumerate(kept):
        text = text.replace(f"<pre wxr-keep-{i}></pre>", chunk)
    return text.strip() + "\n"


def _keep(text: str) -> tuple[str, list[str]]:
    """``text`` with every ``<pre>``, ``<table>``, ``<figure>``, script, style, textarea and
    comment (outermost, nesting counted) replaced by a placeholder block, and the chunks."""
    kept: list[str] = []
    out: list[str] = []
    pos = 0
    while (m := KEEP_TAG.search(text, pos)) is not None:
        if m.group(1):  # a stray closing tag: left as it is
            out.append(text[pos : m.end()])
            pos = m.end()
            continue
        end = _closing(text, m) if m.group(2) else m.end()
        out.append(text[pos : m.start()] + f"<pre wxr-keep-{len(kept)}></pre>")
        kept.append(text[m.start() : end])
        pos = end
    out.append(text[pos:])
    return "".join(out), kept


def _closing(text: str, start: re.Match) -> int:
    """Where the element opened by ``start`` ends (its closing tag counted with nesting); the
    end of the text when it is never closed."""
    name = start.group(2).lower()
    depth = 1
    tags = re.compile(r"<(/?)" + name + r"\b[^>]*>", re.IGNORECASE)
    for m in tags.finditer(text, start.end()):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            return m.end()
    return len(text)


# --- pictures


class _Images(HtmlReader):
    """Every ``<img>`` of a body with the caption of the figure it is in."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[dict[str, str]] = []
        self._figure: list[dict[str, str]] = []
        self._caption: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            image = {k: v or "" for k, v in attrs}
            image["caption"] = ""
            self.found.append(image)
            if self._figure:
                self._figure[-1] = image
        elif tag == "figure":
            self._figure.append({})
        elif tag == "figcaption":
            self._caption = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "figure" and self._figure:
            self._figure.pop()
        elif tag == "figcaption" and self._caption is not None:
            if self._figure and self._figure[-1]:
                self._figure[-1]["caption"] = " ".join("".join(self._caption).split())
            self._caption = None

    def handle_data(self, data: str) -> None:
        if self._caption is not None:
            self._caption.append(data)


def _pictures(post: _Item, body: str, children: list[_Attachment], ctx: _Context) -> list[Picture]:
    """The featured image (``_thumbnail_id``) first, then the body's images in order, then the
    post's other attached images; each with its local file when the uploads are beside the
    export (an attachment's own upload, the full size, before the resized copy the body shows).
    ``original`` is the address as the body writes it, so the body's image can be found by it;
    the body's caption and alt win over the media library's."""
    by_url = {}
    for a in ctx.media.values():
        by_url.setdefault(a.url, a)
        by_url.setdefault(SIZE_SUFFIX.sub("", a.url), a)
    pictures: dict[str, Picture] = {}
    in_body: set[str] = set()

    def add(
        original: str, a: _Attachment | None, caption: str = "", alt: str = "", body: bool = True
    ) -> None:
        key = a.id if a else original
        if key in pictures:  # the featured image again in the body: the body names it
            if body and key not in in_body:
                pic = pictures[key]
                pic.original = original
                if caption:
                    pic.caption, pic.credit = split_credit(caption)
                pic.alt = alt or pic.alt
                in_body.add(key)
            return
        if body:
            in_body.add(key)
        text, credit = split_credit(caption or (a.caption if a else ""))
        file = ctx.uploads.find(a.file, a.url) if a else None
        pictures[key] = Picture(
            original=original,
            file=file or ctx.uploads.find("", original),
            caption=text,
            credit=credit,
            alt=alt or (a.alt if a else ""),
        )

    featured = ctx.media.get(post.meta.get("_thumbnail_id", "").strip())
    if featured:
        add(featured.url, featured, body=False)
    parser = _Images()
    parser.feed(body)
    for img in parser.found:
        src = img.get("src", "").strip()
        if src.startswith("data:"):
            continue
        found = re.search(r"\bwp-image-(\d+)\b", img.get("class", ""))
        a = ctx.media.get(found.group(1)) if found else None
        a = a or by_url.get(src) or by_url.get(SIZE_SUFFIX.sub("", src))
        add(src, a, _plain(img["caption"]), _plain(img.get("alt", "")))
    for a in children:
        if a.is_image:
            add(a.url, a, body=False)
    return list(pictures.values())


class _Uploads:
    """Finds an uploaded file under the export's folder, never outside it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._real = root.resolve()
        self._names: dict[str, list[Path]] | None = None

    def find(self, attached: str, url: str) -> Path | None:
        """The local copy of an upload: ``attached`` is its path under ``uploads/``
        ("2023/07/a.jpg"), ``url`` its address; a resized copy's name ("a-300x200.jpg") also
        finds the original."""
        path = unquote(urlsplit(url).path) if url else ""
        rels = [
            r
            for r in (attached, path.rsplit("/uploads/", 1)[1] if "/uploads/" in path else "")
            if r
        ]
        names = [PurePosixPath(r).name for r in (*rels, path) if r]
        for variant in (lambda s: s, lambda s: SIZE_SUFFIX.sub("", s)):
            for rel in rels:
                for base in ("wp-content/uploads", "uploads"):
                    if (hit := self._inside(f"{base}/{variant(rel)}")) is not None:
                        return hit
            for name in names:
                hits = self._index().get(variant(name), [])
                if len(hits) == 1:
                    return hits[0]
        return None

    def _inside(self, rel: str) -> Path | None:
        parts = PurePosixPath(rel).parts
        if not parts or ".." in parts or PurePosixPath(rel).is_absolute():
            return None
        path = self.root.joinpath(*parts)
        return path if path.is_file() and path.resolve().is_relative_to(self._real) else None

    def _index(self) -> dict[str, list[Path]]:
        """Every file under the export's folder by name (walked once, links not followed)."""
        if self._names is None:
            self._names = {}
            for folder, _, files in os.walk(self.root, followlinks=False):
                for name in files:
                    path = Path(folder, name)
                    if path.resolve().is_relative_to(self._real):
                        self._names.setdefault(name, []).append(path)
        return self._names


# --- small helpers


def _plain(text: str) -> str:
    """HTML (a caption, a title) as plain text on one line."""
    return " ".join(html.unescape(re.sub(r"<[^>]*>", " ", text or "")).split())


def _is_image(address: str) -> bool:
    return unquote(urlsplit(address).path).lower().endswith(IMAGE_SUFFIXES)


def _int(text: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        return 0
