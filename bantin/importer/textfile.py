"""Text an officer copied out of a portal page (``.txt``) as a :class:`~.model.RawArticle`.

Such a text is the page as a browser copies it: the title on the first line, perhaps the
portal's date stamp under it, one paragraph a line, image file names where the pictures were
(each followed by its caption), the credit at the end, and the portal's clutter around it (the
media player's "0:00 / 0:00", "Xem thêm", "Liên kết website", visitor counters, lines of lone
commas, a caption pasted twice). The clutter is taken out and listed in ``removed`` so the
review comment shows it; nothing else is dropped.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path
from zoneinfo import ZoneInfo

from ..messages import msg
from .encoding import decode_bytes
from .guess import split_credit
from .model import ImportProblem, Picture, RawArticle
from .portaldates import parse_stamp, split_dateline

_STAMP_LOOKAHEAD = 4  # non-empty lines after the title where a date stamp may stand
_ANY_ZONE = ZoneInfo("UTC")  # only to recognise a stamp: the pipeline reads it in the site's zone

# Lines the portal's page adds around an article (compared case-insensitively, ":" ignored).
_CLUTTER_LINES = frozenset(
    unicodedata.normalize("NFC", s).casefold()
    for s in (
        "Xem thêm",
        "Thông tin mới nhất",
        "Tin mới nhất",
        "Tin liên quan",
        "Các tin khác",
        "Tin khác",
        "Đăng nhập",
        "Liên kết website",
        "Liên kết web",
        "In bài viết",
        "Bản in",
        "Chia sẻ",
        "Gửi email",
        "Về đầu trang",
        "Quay lại",
        "Trở về",
    )
)
_COUNTER_HEADER = "thống kê truy cập"
# a visitor counter's line: "• Đang online: 1", "Hôm nay: 1.024", "Lượt truy cập: 12345"
_COUNTER = re.compile(
    r"^[•·\-*\s]*(?:đang online|đang truy cập|hôm nay|hôm qua|trong tuần|tuần này|trong tháng|"
    r"tháng này|tất cả|tổng cộng|tổng số|tổng|lượt truy cập|truy cập|online)\s*:\s*[\d.,\s]+$",
    re.IGNORECASE,
)
_PLAYER_TIME = re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?(?:\s*/\s*\d{1,2}:\d{2}(?::\d{2})?)?$")
_VIEWS = re.compile(r"^(?:lượt xem|số lượt xem|lượt đọc)\s*:?\s*[\d.,]+$", re.IGNORECASE)
_IMAGE_NAME = re.compile(
    r"^[^\s/\\<>\"|?*:][^/\\<>\"|?*:]{0,150}\.(?:jpe?g|png|gif|webp|bmp|tiff?)$", re.IGNORECASE
)


def read_txt(path: Path) -> list[RawArticle]:
    """The one article of a text file copied from a portal page."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ImportProblem(
            msg("import.text.unreadable", path=str(path), reason=e.strerror or str(e))
        ) from e
    try:
        decoded = decode_bytes(data)
    except (UnicodeError, ValueError) as e:
        raise ImportProblem(
            msg("import.text.unreadable", path=str(path), reason=str(e)),
            msg("import.text.unreadable_hint"),
        ) from e
    lines = [_clean_line(line) for line in decoded.text.splitlines()]
    numbered = [(i, line) for i, line in enumerate(lines) if line]
    if not numbered:
        raise ImportProblem(msg("import.text.empty", path=str(path)), msg("import.text.empty_hint"))
    title_at, title = numbered[0]
    article = RawArticle(
        source=path,
        format="txt",
        title=" ".join(title.split()),
        markdown="",
        checksum=hashlib.sha256(data).hexdigest(),
        converted=list(decoded.converted),
    )
    body = lines[title_at + 1 :]
    body = _take_stamps(body, article)
    body = _drop_clutter(body, article.removed)
    article.markdown = _markdown(body, path, article)
    return [article]


def _clean_line(line: str) -> str:
    """A line without the spaces around it (no-break spaces and the far-right indentation of a
    credit line included) and with runs of spaces inside it made one."""
    return re.sub(r"[ \t\u00a0\u2000-\u200b\u202f\u3000]{2,}", " ", line).strip()


def _take_stamps(body: list[str], article: RawArticle) -> list[str]:
    """The lines after the title without the date stamps among the first few, which go to
    ``article.date_lines``."""
    out: list[str] = []
    seen = 0
    for line in body:
        if line and seen < _STAMP_LOOKAHEAD:
            seen += 1
            if parse_stamp(line, _ANY_ZONE) is not None:
                article.date_lines.append(line)
                continue
        out.append(line)
    return out


def _is_clutter(line: str) -> bool:
    key = unicodedata.normalize("NFC", line).casefold().rstrip(":").strip()
    return (
        key in _CLUTTER_LINES
        or bool(_PLAYER_TIME.match(line))
        or bool(_VIEWS.match(line))
        or all(unicodedata.category(c)[0] in "PZ" for c in line)
    )


def _drop_clutter(body: list[str], removed: list[str]) -> list[str]:
    """``body`` without the portal's clutter and without a line repeated right after itself
    (a caption copied twice: one is kept, as a paragraph of its own); what is taken out is
    appended to ``removed``."""
    out: list[str] = []
    counters = False
    previous = ""
    for line in body:
        if not line:
            out.append(line)
            continue
        if line.casefold() == _COUNTER_HEADER:
            counters = True
            removed.append(line)
            continue
        if counters and _COUNTER.match(line):
            removed.append(line)
            continue
        counters = False
        if _is_clutter(line):
            removed.append(line)
            continue
        if line == previous:
            removed.append(line)
            continue
        out.append(line)
        previous = line
    return out


def _markdown(body: list[str], path: Path, article: RawArticle) -> str:
    """The body as Markdown: one paragraph a line, an image file name as a picture with the
    next line as its caption, the lead without its dateline code."""
    paragraphs: list[str] = []
    lead_done = False
    i = 0
    while i < len(body):
        line = body[i]
        i += 1
        if not line:
            continue
        if _IMAGE_NAME.match(line):
            caption = ""
            if i < len(body) and body[i] and not _IMAGE_NAME.match(body[i]):
                caption = body[i]
                i += 1
            paragraphs.append(_picture(line, caption, path, article))
            continue
        if not lead_done:
            lead_done = True
            dateline, rest = split_dateline(line)
            if dateline:
                article.dateline = dateline
                line = rest.strip()
        paragraphs.append(escape_markdown(line))
    return "\n\n".join(paragraphs) + "\n" if paragraphs else ""


def _picture(name: str, caption: str, path: Path, article: RawArticle) -> str:
    """The Markdown of an image named in the text (``![](name)``, its caption on the next line),
    recorded in ``article.pictures`` with the file found for it."""
    text, credit = split_credit(caption)
    if not text:  # a caption that is only a credit stays the caption
        text, credit = caption, ""
    article.pictures.append(Picture(name, _local_file(name, path), text, credit))
    target = f"<{name}>" if " " in name else name
    picture = f"![]({target})"
    return picture + ("\n" + escape_markdown(caption) if caption else "")


def _local_file(name: str, path: Path) -> Path | None:
    """The image file ``name`` beside the text file or in a folder named as the text file
    (``bai.txt`` and ``bai/``), its letters' case aside; None when there is none."""
    for folder in (path.parent, path.parent / path.stem):
        if not folder.is_dir():
            continue
        exact = folder / name
        if exact.is_file():
            return exact
        wanted = name.casefold()
        for candidate in sorted(folder.iterdir()):
            if candidate.name.casefold() == wanted and candidate.is_file():
                return candidate
    return None


# ---------------------------------------------------------------- text that renders as written

_INLINE_SPECIAL = re.compile(r"([\\`*_{}\[\]|])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
_LINE_START = re.compile(r"^(#|>|[+-](?=\s|$)|\d{1,9}(?=[.)](?:\s|$)))")


def escape_markdown(text: str) -> str:
    """``text`` as Markdown that shows it literally: emphasis, link, code and table signs
    escaped, a heading, quote or list sign at its start escaped, an HTML tag or entity shown
    as text."""
    out = _INLINE_SPECIAL.sub(r"\\\1", text)
    out = _ENTITY.sub("&amp;", out)
    out = _TAG_START.sub("&lt;", out)
    m = _LINE_START.match(out)
    if m:
        if m.group(1)[0].isdigit():
            end = m.end()
            out = out[:end] + "\\" + out[end:]
        else:
            out = "\\" + out
    if out.startswith(":"):
        out = "&#58;" + out[1:]
    return out.rstrip()
