"""An article body's HTML as clean Markdown in bantin's conventions.

Used for saved web pages (:mod:`.html`) and WordPress posts (:mod:`.wxr`). What it does:

* drops what is not the article: scripts, styles, forms, iframes, media players, share bars,
  breadcrumbs, view counters, "Tin liên quan"/"Xem thêm" lists; every text line it drops is
  appended to ``removed`` so the review comment can list it (nothing is dropped silently);
* turns the portals' ways of captioning a photo — ``<figure>``/``<figcaption>``, WordPress'
  ``wp-caption``, the DNN/ASP.NET table with the image in one row and the caption in the next,
  a ``<p><em>`` right after the image — into bantin's figure: ``![alt](SRC)`` alone on its line,
  the caption on the next line (see :mod:`bantin.markup`). SRC is the address as the source
  wrote it; the pipeline rewrites it after copying the file;
* writes ATX headings, lists, bold/italic, links (made absolute with ``base_url``), simple tables
  as Markdown tables (others as paragraphs), and escapes the characters Markdown would read as
  syntax, so the body says what the text said (a ``*`` or ``<script>`` stays text).

The HTML is cleaned with lxml (fast, and the same tree the reader uses); markdownify writes the
Markdown.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

import lxml.html
from lxml.html import HtmlElement
from markdownify import MarkdownConverter

from ..text import nfc

# elements that are never article text
_DROP_TAGS = (
    "script style noscript template iframe frame frameset object embed applet form input button "
    "select option textarea label nav aside audio video source track svg canvas map link meta "
    "head title"
).split()
# class/id words of portal furniture inside an article's container
_CLUTTER_CLASS = re.compile(
    r"share|sharing|social|addthis|addtoany|sharedaddy|related|lienquan|lien-quan|othernews|"
    r"other-news|tinkhac|xemthem|xem-them|comment|respond|breadcrumb|post-views|viewcount|"
    r"view-count|luotxem|luot-xem|printbutton|print-button|advert|quangcao|quang-cao|"
    r"(?:^|[\s_-])ads?(?:$|[\s_-])|banner|rating|widget|sidebar|pagination|mejs|player|toolbar|"
    r"fontsize|font-size|tags-links|cat-links|post-navigation|nav-links",
    re.IGNORECASE,
)
# headings of the lists of other articles a portal puts after the text
_RELATED_HEADING = re.compile(
    r"^(?:tin|bài|bài viết|các tin|các bài)?\s*(?:liên quan|cùng chuyên mục|cùng loại|khác|"
    r"đã đưa|mới hơn|cũ hơn|xem nhiều)\s*:?$|^xem thêm\s*:?$|^đọc thêm\s*:?$|^có thể bạn quan tâm",
    re.IGNORECASE,
)
# a whole line of portal furniture (a media player's clock, share and print links, counters)
_CLUTTER_LINE = re.compile(
    r"^(?:\d{1,2}:\d{2}(?:\s*/\s*\d{1,2}:\d{2})?|liên kết website|chia sẻ:?|share:?|"
    r"(?:lượt xem|lượt đọc|số lượt xem|lượt truy cập)\s*:?\s*[\d.,]*|in bài(?: viết)?|bản in|"
    r"in trang|gửi email|gửi bài viết qua email|quay lại|về đầu trang|facebook|zalo|twitter|"
    r"tweet|lên đầu trang|cỡ chữ.*|font size.*|a\+?\s*a-?)$",
    re.IGNORECASE,
)
_BLOCK_TAGS = frozenset(
    "address article aside blockquote dd div dl dt fieldset figcaption figure footer form h1 h2 "
    "h3 h4 h5 h6 header hr li main nav ol p pre section table tbody thead tfoot td th tr ul "
    "br caption center".split()
)
_SPACES = re.compile(r"[ \t\r\n\f\v\xa0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\xad]")
_EM_TAGS = ("em", "i")
_CAPTION_CLASS = re.compile(r"caption|chu-?thich|chuthich|image-desc|img-desc|desc", re.I)


def clean_text(text: str) -> str:
    """``text`` on one line: non-breaking and other spaces as one space, invisible marks out."""
    return _SPACES.sub(" ", _INVISIBLE.sub("", text)).strip()


def block_lines(el: HtmlElement) -> list[str]:
    """The visible text lines of ``el``: a new line at each block element and at each element
    with a class or id of its own (a date, a counter), scripts and styles skipped."""
    parts: list[str] = []

    def walk(node: HtmlElement) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in ("script", "style", "noscript", "template", "head") or not tag:
            if node.tail:
                parts.append(node.tail)
            return
        breaks = tag in _BLOCK_TAGS or (
            tag not in ("a", "b", "strong", "i", "em", "u")
            and bool(node.get("class") or node.get("id"))
        )
        if breaks:
            parts.append("\n")
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
        if breaks:
            parts.append("\n")
        if node.tail:
            parts.append(node.tail)

    tail, el.tail = el.tail, None
    try:
        walk(el)
    finally:
        el.tail = tail
    lines = (clean_text(line) for line in "".join(parts).split("\n"))
    return [line for line in lines if line and not _only_separators(line)]


def tidy_removed(line: str) -> str:
    """A removed line as the review lists it: without the separators around it ("| In bài")."""
    return line.strip(" |»·•")


def _only_separators(line: str) -> bool:
    return not re.search(r"\w", line)


def html_to_markdown(
    html: str | HtmlElement, *, base_url: str = "", removed: list[str] | None = None
) -> str:
    """The Markdown of an article body's HTML (a fragment or a whole page's body).

    ``base_url``: the article's address, to make relative links absolute (image addresses are
    kept as written). ``removed``: a list the text lines taken out as clutter are appended to.
    """
    root = _parse(html) if isinstance(html, str) else html
    before = block_lines(root)
    clean_tree(root, base_url)
    if removed is not None:
        kept = "\n".join(block_lines(root))
        removed.extend(tidy_removed(line) for line in before if line not in kept)
    return tree_to_markdown(root)


def _parse(html: str) -> HtmlElement:
    html = re.sub(r"^\s*<\?xml[^>]*>", "", html)
    if not html.strip():
        return lxml.html.fragment_fromstring("<div></div>")
    return lxml.html.fragment_fromstring(html, create_parent="div")


def clean_tree(root: HtmlElement, base_url: str = "") -> None:
    """Take the clutter out of ``root`` and put its figures, tables and links in the shape
    :func:`tree_to_markdown` writes; in place."""
    for el in list(root.iter(lxml.etree.Comment, lxml.etree.ProcessingInstruction)):
        _drop(el)
    for el in list(root.iter(*_DROP_TAGS)):
        if el.getparent() is not None:
            _drop(el)
    _drop_related(root)
    for el in list(root.iter()):
        if el is root or el.getparent() is None or not isinstance(el.tag, str):
            continue
        marks = f"{el.get('class', '')} {el.get('id', '')}"
        if marks.strip() and _CLUTTER_CLASS.search(marks) and not _CAPTION_CLASS.search(marks):
            _drop(el)
    _drop_clutter_lines(root)
    _emoji_images(root)
    _normalise_text(root)
    _figures(root)
    _tables(root)
    _links(root, base_url)


def _drop(el: HtmlElement) -> None:
    """Remove ``el`` but keep the text that follows it."""
    if el.getparent() is not None:
        el.drop_tree()


def _text(el: HtmlElement) -> str:
    return clean_text(el.text_content())


def _drop_related(root: HtmlElement) -> None:
    """A "Tin liên quan"/"Xem thêm" heading and the lists of links after it."""
    for el in list(
        root.iter("h1", "h2", "h3", "h4", "h5", "h6", "p", "div", "span", "strong", "b")
    ):
        if el.getparent() is None or len(_text(el)) > 40 or not _RELATED_HEADING.match(_text(el)):
            continue
        if el.tag in ("strong", "b", "span") and el.getparent() is not None:
            parent = el.getparent()
            if _text(parent) == _text(el) and parent is not root:
                el = parent
        for sib in list(el.itersiblings()):
            if sib.tag in ("ul", "ol", "table", "div", "p") and _mostly_links(sib):
                _drop(sib)
            else:
                break
        parent = el.getparent()
        _drop(el)
        if parent is not None and parent is not root and not _text(parent) and not _has_img(parent):
            _drop(parent)


def _mostly_links(el: HtmlElement) -> bool:
    text = len(_text(el))
    links = sum(len(_text(a)) for a in el.iter("a"))
    return text == 0 or links >= text * 0.5


def _has_img(el: HtmlElement) -> bool:
    return el.tag == "img" or next(el.iter("img"), None) is not None


def is_clutter_line(text: str) -> bool:
    """A whole line of portal furniture: a media player's clock, share or print links, a
    counter, "Liên kết website"."""
    return len(text) <= 60 and bool(_CLUTTER_LINE.match(text))


def _drop_clutter_lines(root: HtmlElement) -> None:
    for el in list(root.iter()):
        if el is root or el.getparent() is None or not isinstance(el.tag, str) or _has_img(el):
            continue
        text = _text(el)
        if text and is_clutter_line(text):
            _drop(el)


def _emoji_images(root: HtmlElement) -> None:
    """WordPress writes emoji as images (``img.emoji`` with the character as ``alt``)."""
    for img in list(root.iter("img")):
        classes = img.get("class", "")
        if ("emoji" in classes or "wp-smiley" in classes) and img.get("alt"):
            parent, prev = img.getparent(), img.getprevious()
            text = img.get("alt", "") + (img.tail or "")
            if prev is not None:
                prev.tail = (prev.tail or "") + text
            elif parent is not None:
                parent.text = (parent.text or "") + text
            if parent is not None:
                parent.remove(img)


def _normalise_text(root: HtmlElement) -> None:
    """Non-breaking and invisible spaces out of every text node (line breaks kept in <pre>)."""
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag == "pre":
            continue
        if el.text:
            el.text = _SPACES.sub(" ", _INVISIBLE.sub("", el.text))
        if el.tail:
            el.tail = _SPACES.sub(" ", _INVISIBLE.sub("", el.tail))


# --- figures


def image_src(img: HtmlElement) -> str:
    """The image's address: ``src``, or the lazy-loading attribute when ``src`` is a stand-in.
    ``data-bantin-src`` keeps it as written through a serialisation (libxml2 percent-encodes
    spaces and non-ASCII letters in ``src`` and ``href`` when it writes HTML)."""
    if img.get("data-bantin-src") is not None:
        return img.get("data-bantin-src", "")
    src = (img.get("src") or "").strip()
    if not src or src.startswith("data:"):
        for attr in ("data-src", "data-original", "data-lazy-src", "data-orig-file"):
            if img.get(attr):
                return img.get(attr, "").strip()
    return src


def _figures(root: HtmlElement) -> None:
    """Every captioned photo as ``<figure><img><figcaption>`` (figcaption optional)."""
    for a in list(root.iter("a")):  # a photo linked to its full size: the photo alone
        imgs = list(a.iter("img"))
        if len(imgs) == 1 and not _text(a) and a.getparent() is not None:
            a.addprevious(imgs[0])
            imgs[0].tail = a.tail
            a.getparent().remove(a)
    for table in list(root.iter("table")):
        _table_figure(table)
    for div in list(root.iter("div", "dl")):
        _div_figure(div)
    for img in list(root.iter("img")):
        if img.getparent() is None or _ancestor(img, "figure") is not None:
            continue
        _loose_image(img)
    for fig in list(root.iter("figure")):
        _tidy_figure(fig)


def _ancestor(el: HtmlElement, tag: str) -> HtmlElement | None:
    for anc in el.iterancestors(tag):
        return anc
    return None


def _figure(img: HtmlElement, caption: HtmlElement | None) -> HtmlElement:
    fig = lxml.html.Element("figure")
    fig.append(_detached(img))
    if caption is not None and _text(caption):  # plain text: the caption line has no markup
        cap = lxml.html.Element("figcaption")
        cap.text = _text(caption)
        fig.append(cap)
    return fig


def _detached(el: HtmlElement) -> HtmlElement:
    parent = el.getparent()
    tail = el.tail
    if parent is not None:
        el.tail = None
        prev = el.getprevious()
        parent.remove(el)
        if tail:
            if prev is not None:
                prev.tail = (prev.tail or "") + tail
            else:
                parent.text = (parent.text or "") + tail
    return el


def _table_figure(table: HtmlElement) -> None:
    """The DNN/ASP.NET photo: a table with the image in one row and its caption in the next."""
    imgs = list(table.iter("img"))
    rows = [r for r in table.iter("tr") if _text(r) or _has_img(r)]
    if len(imgs) != 1 or not 1 <= len(rows) <= 3 or next(table.iter("table"), None) is not table:
        return
    if any(t is not table for t in table.iter("table")):
        return
    caption_rows = [r for r in rows if not _has_img(r)]
    if len(_text(table)) > 400:
        return
    cap = lxml.html.Element("div")
    cap.text = " ".join(_text(r) for r in caption_rows)
    fig = _figure(imgs[0], cap)
    table.addprevious(fig)
    fig.tail = table.tail
    table.getparent().remove(table)


def _div_figure(div: HtmlElement) -> None:
    """WordPress' classic ``wp-caption`` div and other image boxes with a caption element."""
    if div.getparent() is None:
        return
    imgs = list(div.iter("img"))
    if len(imgs) != 1 or _ancestor(imgs[0], "figure") is not None:
        return
    caps = [
        c
        for c in div.iter()
        if c is not div and isinstance(c.tag, str) and _CAPTION_CLASS.search(c.get("class", ""))
    ]
    if not caps or len(_text(div)) > len(_text(caps[0])) + 5:
        return
    fig = _figure(imgs[0], caps[0])
    div.addprevious(fig)
    fig.tail = div.tail
    div.getparent().remove(div)


def _loose_image(img: HtmlElement) -> None:
    """An image alone in its paragraph, captioned by the next paragraph when that is all
    emphasis (``<p><em>…</em></p>``) or has a caption class; otherwise a figure without one."""
    holder = img.getparent()
    alone = (
        holder is not None and holder.tag in ("p", "div", "center", "span") and not _text(holder)
    )
    alone = alone and len(list(holder.iter("img"))) == 1
    if not alone:
        if holder is not None and holder.tag in ("p", "div", "center", "td", "li"):
            fig = _figure(img, None)  # an image inside running text: on its own line before it
            holder.addprevious(fig)
        return
    caption = None
    nxt = holder.getnext()
    if nxt is not None and _is_caption(nxt):
        caption = nxt
    fig = _figure(img, caption)
    holder.addprevious(fig)
    fig.tail = None
    if caption is not None:
        caption.getparent().remove(caption)
    holder.getparent().remove(holder)


def _is_caption(el: HtmlElement) -> bool:
    text = _text(el)
    if not text or len(text) > 300 or _has_img(el):
        return False
    if _CAPTION_CLASS.search(el.get("class", "")):
        return True
    if el.tag not in ("p", "div"):
        return False
    em = "".join(
        clean_text(e.text_content()) for e in el.iter(*_EM_TAGS) if _ancestor(e, "em") is None
    )
    return clean_text(em) == text


def _tidy_figure(fig: HtmlElement) -> None:
    """One image a figure (a gallery becomes one figure an image, the caption on the last)."""
    imgs = list(fig.iter("img"))
    caps = list(fig.iter("figcaption"))
    if not imgs:
        if caps or _text(fig):
            fig.tag = "div"
        return
    for extra in imgs[:-1]:
        single = lxml.html.Element("figure")
        single.append(_detached(extra))
        fig.addprevious(single)
    for child in list(fig):
        if child is not imgs[-1] and child.tag != "figcaption":
            if child.getparent() is fig and not _has_img(child) and not _text(child):
                fig.remove(child)
    if imgs[-1].getparent() is not fig:
        fig.insert(0, _detached(imgs[-1]))


# --- tables and links


def _tables(root: HtmlElement) -> None:
    """A simple data table stays a table; a layout table gives its cells as paragraphs."""
    for table in reversed(list(root.iter("table"))):
        if table.getparent() is None or _simple_table(table):
            continue
        out = lxml.html.Element("div")
        for cell in table.iter("td", "th", "caption"):
            if any(c.tag == "table" for c in cell.iterancestors() if c is not table):
                continue
            div = lxml.html.Element("div")
            div.text = cell.text
            for child in list(cell):
                div.append(child)
            out.append(div)
        out.tail = table.tail
        table.getparent().replace(table, out)


def _simple_table(table: HtmlElement) -> bool:
    rows = list(table.iter("tr"))
    if not rows or any(t is not table for t in table.iter("table")):
        return False
    widths = set()
    for row in rows:
        cells = [c for c in row if c.tag in ("td", "th")]
        if any((c.get("colspan") or "1") != "1" or (c.get("rowspan") or "1") != "1" for c in cells):
            return False
        if any(
            next(c.iter("p", "div", "ul", "ol", "figure", "img", "br"), None) is not None
            for c in cells
        ):
            if any(len(list(c.iter("p", "div"))) > 1 or _has_img(c) for c in cells):
                return False
        widths.add(len(cells))
    return len(widths) == 1 and widths.pop() >= 2


def _links(root: HtmlElement, base_url: str) -> None:
    for a in list(root.iter("a")):
        href = (a.get("data-bantin-href") or a.get("href") or "").strip()
        a.attrib.pop("data-bantin-href", None)
        if not href or href.startswith(("javascript:", "#")) or not _text(a):
            a.drop_tag()
        elif base_url and not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", href):
            a.set("href", urljoin(base_url, href))
        else:
            a.set("href", href)


# --- Markdown


_LINE_START = re.compile(r"^(\s*)(#|>|[-+*](?=\s)|=+\s*$|(\d+)([.)])(?=\s))")
_HTML_START = re.compile(r"<(?=[a-zA-Z/!?])")
_ENTITY = re.compile(r"&(?=#?[a-zA-Z0-9]+;)")
_UNDERSCORE = re.compile(r"(?<!\w)_|_(?!\w)")
_ATTR_LIST = re.compile(r"\{(?=[:#.])")


def escape_markdown(text: str, *, in_table: bool = False) -> str:
    """``text`` with what Markdown (and Python-Markdown's extensions) would read as syntax
    escaped, and nothing more, so the Markdown stays readable for the person who edits it."""
    text = text.replace("\\", "\\\\").replace("`", "\\`").replace("*", "\\*")
    text = text.replace("[", "\\[").replace("]", "\\]")
    text = _UNDERSCORE.sub(r"\\_", text)
    text = _ENTITY.sub("&amp;", text)
    text = _HTML_START.sub("&lt;", text)
    text = _ATTR_LIST.sub("\\{", text)
    if in_table:
        text = text.replace("|", "\\|")

    def line_start(m: re.Match[str]) -> str:
        if m.group(3):
            return f"{m.group(1)}{m.group(3)}\\{m.group(4)}"
        return f"{m.group(1)}\\{m.group(2)}"

    return _LINE_START.sub(line_start, text)


def _destination(src: str) -> str:
    """A link or image address as Markdown reads it back unchanged."""
    if re.search(r"[\s()<>]", src):
        return "<" + src.replace("<", "%3C").replace(">", "%3E") + ">"
    return src


class _Converter(MarkdownConverter):
    def escape(self, text: str, parent_tags: set[str]) -> str:
        return escape_markdown(text, in_table=bool(parent_tags & {"td", "th"})) if text else ""

    def convert_img(self, el, text, parent_tags):
        alt = escape_markdown(clean_text(el.get("alt") or ""))
        src = el.get("data-bantin-src") or ""
        if not src:
            return alt
        return f"![{alt}]({_destination(src)})"

    def convert_figcaption(self, el, text, parent_tags):
        caption = clean_text(text.replace("\\\n", " "))
        return "\n" + caption if caption else ""

    def convert_figure(self, el, text, parent_tags):
        return "\n\n" + text.strip() + "\n\n"

    def convert_a(self, el, text, parent_tags):
        prefix, suffix = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
        text = text.strip()
        href = el.get("data-bantin-href")
        if not text or not href:
            return prefix + text + suffix
        return f"{prefix}[{text}]({_destination(href)}){suffix}"


_CONVERTER = _Converter(
    heading_style="ATX",
    bullets="-",
    newline_style="backslash",
    escape_asterisks=False,
    escape_underscores=False,
    escape_misc=False,
    bs4_options="lxml",
)


def keep_addresses(root: HtmlElement) -> None:
    """Copy each image's and link's address where a serialisation keeps it as written."""
    for img in root.iter("img"):
        img.set("data-bantin-src", image_src(img))
    for a in root.iter("a"):
        if a.get("data-bantin-href") is None:
            a.set("data-bantin-href", a.get("href") or "")


def tree_to_markdown(root: HtmlElement) -> str:
    """Markdown of a cleaned tree (see :func:`clean_tree`)."""
    keep_addresses(root)
    html = lxml.html.tostring(root, encoding="unicode")
    md = _CONVERTER.convert(html)
    lines = [line.rstrip() for line in md.replace("\r", "").split("\n")]
    md = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return nfc(md) + "\n" if md else ""
