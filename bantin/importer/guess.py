"""What an article's words suggest: its credit line, its event types, its lead, the sentences
that state awards or figures, and the movement names it quotes.

Words are compared as :func:`bantin.urls.word_key` compares them: case, spacing, punctuation
and where the tone mark sits ("Hoà", "Hòa") do not count. What is returned is the text as the
article wrote it, for a person to check.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from html import unescape
from zoneinfo import ZoneInfo

from ..urls import word_key
from .portaldates import parse_stamp

# ------------------------------------------------------------------ matching words


def _words(text: str) -> list[tuple[int, int, str]]:
    """(start, end, key) of each word of ``text``: letters and digits, its key as word_key's."""
    return [(m.start(), m.end(), word_key(m.group())) for m in re.finditer(r"[^\W_]+", text)]


def _keys(phrase: str) -> tuple[str, ...]:
    return tuple(word_key(phrase).split(" "))


@dataclass(frozen=True)
class _Phrase:
    """Words to find, each alternative a tuple of word keys."""

    alternatives: tuple[tuple[str, ...], ...]

    @classmethod
    def of(cls, *phrases: str) -> _Phrase:
        return cls(tuple(_keys(p) for p in phrases))


def _find(words: list[tuple[int, int, str]], phrase: tuple[str, ...], masked: set[int]) -> int:
    """The index of the first word where ``phrase`` starts in ``words`` (none of its words
    ``masked``), -1 when it is not there."""
    n = len(phrase)
    for i in range(len(words) - n + 1):
        if all(words[i + k][2] == phrase[k] and i + k not in masked for k in range(n)):
            return i
    return -1


def _mask(words: list[tuple[int, int, str]], phrases: _Phrase) -> set[int]:
    """The indexes of the words inside any occurrence of ``phrases`` (words that must not count:
    "khen thưởng" inside "Ban Thi đua - Khen thưởng")."""
    masked: set[int] = set()
    for phrase in phrases.alternatives:
        n = len(phrase)
        for i in range(len(words) - n + 1):
            if all(words[i + k][2] == phrase[k] for k in range(n)):
                masked.update(range(i, i + n))
    return masked


def _first(text: str, words, phrases: _Phrase, masked: set[int]) -> str | None:
    """The first of ``phrases`` found in ``text``, as written there."""
    best: tuple[int, int] | None = None
    for phrase in phrases.alternatives:
        i = _find(words, phrase, masked)
        if i >= 0 and (best is None or i < best[0]):
            best = (i, i + len(phrase) - 1)
    if best is None:
        return None
    return text[words[best[0]][0] : words[best[1]][1]]


# "thi đua, khen thưởng" is the office's name for the work, not an award given at the event
_NOT_AWARDS = _Phrase.of("thi đua khen thưởng", "thi đua và khen thưởng", "TĐKT")

# ------------------------------------------------------------------ event types

# event_types of bantin/vocab.yaml → the words that name it in a title or lead
EVENT_WORDS: dict[str, _Phrase] = {
    "phat-dong": _Phrase.of("phát động"),
    "ky-giao-uoc": _Phrase.of(
        "ký giao ước", "kí giao ước", "ký kết giao ước", "kí kết giao ước", "giao ước thi đua"
    ),
    "dang-ky": _Phrase.of("đăng ký danh hiệu", "đăng kí danh hiệu", "đăng ký thi đua"),
    "so-ket": _Phrase.of("sơ kết"),
    "tong-ket": _Phrase.of("tổng kết"),
    "cham-diem": _Phrase.of("chấm điểm", "bình xét"),
    "suy-ton": _Phrase.of("suy tôn"),
    "bau-truong-khoi": _Phrase.of(
        "bầu trưởng khối",
        "bầu trưởng cụm",
        "bầu khối trưởng",
        "bầu cụm trưởng",
        "bầu phó khối",
        "bầu phó cụm",
        "bầu trưởng khối phó khối",
        "bầu trưởng cụm phó cụm",
    ),
    "ban-giao": _Phrase.of("bàn giao"),
    "bieu-duong": _Phrase.of(
        "biểu dương", "khen thưởng", "tuyên dương", "vinh danh", "trao thưởng"
    ),
    "kiem-tra-cheo": _Phrase.of("kiểm tra chéo"),
    "hoat-dong-chung": _Phrase.of(
        "hoạt động chung", "giao lưu", "hội thao", "về nguồn", "tham quan", "thăm quan"
    ),
    "hoi-nghi-chuyen-de": _Phrase.of("hội nghị chuyên đề", "tọa đàm", "hội thảo"),
    "dai-hoi-thi-dua": _Phrase.of("đại hội thi đua"),
}


def guess_event_types(title: str, lead: str) -> list[tuple[str, str]]:
    """The event types the title and lead name: (slug of bantin's ``event_types``, the words
    that named it as written), in the vocabulary's order."""
    text = unicodedata.normalize("NFC", f"{title}\n{lead}")
    words = _words(text)
    masked = _mask(words, _NOT_AWARDS)
    found = []
    for slug, phrases in EVENT_WORDS.items():
        seen = _first(text, words, phrases, masked)
        if seen is not None:
            found.append((slug, seen))
    return found


# ------------------------------------------------------------------ plain text of Markdown

_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])")
_EMPHASIS = re.compile(r"(\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w))")


def plain(markdown: str) -> str:
    """The text of a Markdown paragraph as a reader sees it: no picture, link targets,
    emphasis signs, escapes or entities. Escaped signs are set aside first, so that they stay
    text."""
    kept: list[str] = []

    def keep(m: re.Match[str]) -> str:
        kept.append(m.group(1))
        return f"\ue000{len(kept) - 1}\ue001"

    text = _ESCAPED.sub(keep, markdown)
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = re.sub(r"^#{1,6}\s+", "", text, flags=re.M)
    text = _EMPHASIS.sub("", text)
    text = re.sub("\ue000(\\d+)\ue001", lambda m: kept[int(m.group(1))], text)
    return unescape(text).strip()


def _paragraphs(markdown: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n[ \t]*\n", markdown) if p.strip()]


_ANY_ZONE = ZoneInfo("UTC")  # only to recognise a stamp


def lead_paragraph(markdown: str) -> str:
    """The article's first paragraph of text, as plain text: pictures with their captions,
    headings, comments and a date stamp before it are passed over."""
    for paragraph in _paragraphs(markdown):
        if paragraph.startswith(("![", "#", "<!--", "<figure", "<img")):
            continue
        text = plain(paragraph)
        if not text or parse_stamp(text, _ANY_ZONE) is not None:
            continue
        return " ".join(text.split())
    return ""


# ------------------------------------------------------------------ sentences to copy

_AWARDS = _Phrase.of(
    "cờ thi đua",
    "bằng khen",
    "giấy khen",
    "danh hiệu",
    "khen thưởng",
    "chiến sĩ thi đua",
    "lao động tiên tiến",
    "tập thể lao động xuất sắc",
    "tập thể lao động tiên tiến",
    "huân chương",
    "kỷ niệm chương",
    "giấy chứng nhận",
)
_UNITS = (
    r"%|phần trăm|tỷ|tỉ|triệu|nghìn|ngàn|đồng|cá nhân|tập thể|điển hình|hộ|suất|phần quà|"
    r"công trình|lượt|hội viên|đoàn viên|người|sáng kiến|mô hình|ngày công|giờ công|km|ha|tấn"
)
_FIGURE = re.compile(rf"(?<![\w/.,-])\d+(?:[.,]\d+)*\s*(?:{_UNITS})(?![^\W\d_])", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”»)]*\s+(?=[\"“«(]?[^\W\d_]*[A-ZĐÀ-ỸÂĂÊÔƠƯ0-9])")


def _sentences(text: str) -> list[str]:
    out: list[str] = []
    for paragraph in _paragraphs(text):
        line = " ".join(plain(paragraph).split())
        out.extend(s.strip() for s in _SENTENCE_END.split(line) if s.strip())
    return out


def sentences_to_copy(text: str) -> list[str]:
    """The sentences of ``text`` that state awards (Cờ thi đua, Bằng khen, danh hiệu, khen
    thưởng…) or figures ("28 điển hình", "1,2 tỷ đồng", "40%"): a person copies them into the
    bloc file. As written, in order, each once."""
    found: list[str] = []
    for sentence in _sentences(unicodedata.normalize("NFC", text)):
        words = _words(sentence)
        masked = _mask(words, _NOT_AWARDS)
        award = _first(sentence, words, _AWARDS, masked) is not None
        if (award or _FIGURE.search(sentence)) and sentence not in found:
            found.append(sentence)
    return found


# ------------------------------------------------------------------ quoted names

_QUOTED = re.compile(r"“([^”\n]+)”|\"([^\"\n]+)\"|«([^»\n]+)»")


def quoted_names(text: str) -> list[str]:
    """Movement and campaign names ``text`` quotes (“…”, "…", «…») of 2 to 20 words, as
    written, each once, in order."""
    names: list[str] = []
    for m in _QUOTED.finditer(unicodedata.normalize("NFC", text)):
        name = " ".join(next(g for g in m.groups() if g is not None).split())
        name = name.strip(" ,;:")
        if 2 <= len(re.findall(r"[^\W_]+", name)) <= 20 and name not in names:
            names.append(name)
    return names


# ------------------------------------------------------------------ the credit line


@dataclass
class Credit:
    """Who wrote the article and where it came from, read from its credit line."""

    byline: dict | None  # {kind: tin|anh|tin-anh|bai|bai-anh, names: [...], org: str | None}
    source: dict | None  # {name, author, url}
    evidence: str  # the credit line as written ("Tin, ảnh: Lam Hồng"), "" when none
    markdown: str  # the Markdown without the credit line


_KINDS = {
    ("tin",): "tin",
    ("ảnh",): "anh",
    ("tin", "ảnh"): "tin-anh",
    ("bài",): "bai",
    ("bài", "ảnh"): "bai-anh",
    ("bài viết",): "bai",
    ("bài viết", "ảnh"): "bai-anh",
}
_BYLINE = re.compile(
    r"^(tin|bài viết|bài|ảnh)(?:\s*(?:,|và|-|–|/|&)\s*(ảnh))?\s*:\s*(.+?)\s*$", re.IGNORECASE
)
_SOURCE = re.compile(r"^(?:nguồn|theo)\s*:?\s*(.+?)\s*$", re.IGNORECASE)
# the first word of an organisation's name, not a person's
_ORG_START = re.compile(
    r"^(?:hội|ban|báo|đài|sở|ủy|uỷ|ubnd|ubmttq|mttq|tỉnh|huyện|thành|liên|lđlđ|trung tâm|phòng|"
    r"văn phòng|cổng|trang|tạp chí|công an|bộ|cục|chi cục|trường|đoàn|ttxvn|vov|vtv|cttđt|"
    r"khối|cụm|công ty|tổng|bản tin)(?![^\W\d_])",
    re.IGNORECASE,
)
_URLISH = re.compile(r"^(?:https?://)?[\w-]+(?:\.[\w-]+)+(?:/\S*)?$", re.IGNORECASE)
_BLOCK = re.compile(r"(?:^[ \t]*\S.*(?:\n|\Z))+", re.M)  # a paragraph: lines without a blank one
_CREDIT_LOOK = 3  # paragraphs from the end where a credit line may stand
_CREDIT_LENGTH = 120


def _is_org(text: str) -> bool:
    return bool(_ORG_START.match(text))


def _is_name(text: str) -> bool:
    """A person's name as bylines write them: "Lam Hồng", "M.Dung", "Nguyễn Thị A"."""
    text = text.strip()
    if not text or len(text) > 40 or _is_org(text):
        return False
    return all(w[:1].isupper() for w in re.split(r"[\s.]+", text) if w) and bool(
        re.fullmatch(r"[^\W\d_][\w.\s]*", text)
    )


def _names_and_org(text: str) -> tuple[list[str], str | None]:
    """The names and the organisation of a byline's text: "Hà Linh - Minh Tuấn" are two
    names, "Lê Văn C - Hội CCB tỉnh" a name and an organisation, "X (Báo Y)" likewise."""
    org = None
    m = re.match(r"^(.*?)\s*\(([^()]+)\)\s*$", text)
    if m:
        text, org = m.group(1), m.group(2).strip()
    names: list[str] = []
    at = 0
    for m in re.finditer(r"\s*(?:,|;|\s-\s|\s–\s|\s—\s|\svà\s)\s*|$", text):
        part = text[at : m.start()].strip(" .")
        if part and _is_org(part) and org is None:
            org = text[at:].strip(" .")  # "Sở Văn hóa, Thể thao và Du lịch": all of it
            break
        if part:
            names.append(part)
        at = m.end()
        if m.start() == len(text):
            break
    return names, org


def _credit_of(line: str, site_name: str) -> tuple[dict | None, dict | None] | None:
    """(byline, source) of a credit line, None when ``line`` is not one."""
    if len(line) > _CREDIT_LENGTH:
        return None
    m = _BYLINE.match(line)
    if m:
        kinds = tuple(w.lower() for w in (m.group(1), m.group(2)) if w)
        names, org = _names_and_org(m.group(3))
        if names:
            return {"kind": _KINDS[kinds], "names": names, "org": org}, None
        return None
    m = _SOURCE.match(line)
    if m and (line.lower().startswith("nguồn") or _is_org(m.group(1))):
        return None, _source_of(m.group(1), site_name)
    names, org = _names_and_org(line)
    if names and all(_is_name(n) for n in names) and len(names) <= 3:
        return {"kind": "tin", "names": names, "org": org}, None
    return None


def _source_of(text: str, site_name: str) -> dict:
    """{name, author, url} of "Nguồn: Lò Thị Hoa, Báo Sơn La điện tử"."""
    name = author = url = None
    for part in (p.strip(" .") for p in re.split(r"\s*[,;]\s*|\s+[-–—]\s+", text)):
        if not part:
            continue
        if _URLISH.match(part) and " " not in part:
            url = part if "://" in part else None
            name = name or (None if url else part)
        elif _is_org(part) and name is None:
            name = part
        elif author is None and _is_name(part):
            author = part
        elif name is None:
            name = part
    if name is None:
        name, author = (site_name or author or text.strip()), (author if site_name else None)
    return {"name": name, "author": author, "url": url}


# a photo credit at the end of a caption: "… (Ảnh: Hà Linh)", "… – Ảnh: TTXVN", "…. Ảnh: X"
_PHOTO_CREDIT = re.compile(
    r"(?:^|\s|(?<=[.!?…]))\s*(?:[(\[]\s*|[–—-]\s*)?"
    r"(?:ảnh|ảnh tư liệu|nguồn ảnh|ảnh minh họa|ảnh minh hoạ|photo)\s*:\s*"
    r"([^()\[\]:]{1,60}?)[\s.]*[)\]]?\s*$",
    re.IGNORECASE,
)


def split_credit(caption: str) -> tuple[str, str]:
    """A picture's caption without its photo credit, and the credit: "Lễ ký kết (Ảnh: Hà
    Linh)" → ("Lễ ký kết", "Hà Linh"). Every reader splits its captions with it."""
    m = _PHOTO_CREDIT.search(caption)
    if not m or not m.group(1).strip():
        return caption.strip(), ""
    return caption[: m.start()].strip(), m.group(1).strip()


def find_credit(markdown: str, author: str = "", site_name: str = "") -> Credit:
    """The credit line near the end of an article ("Tin, ảnh: X", "Bài và ảnh: X", "Nguồn: X,
    Báo Y", "Theo TTXVN", a name alone) read into a byline or a source, and the Markdown
    without it. Without such a line, ``author`` (the source's own author field) is the byline
    when it is a person's name; ``site_name`` names the source of a "Nguồn:" line that names a
    person only."""
    blocks = [m.span() for m in _BLOCK.finditer(markdown)]
    for start, end in reversed(blocks[-_CREDIT_LOOK:]):
        raw = markdown[start:end].strip()
        if "\n" in raw or raw.startswith(("![", "#")):
            continue
        line = plain(raw).strip(" .")
        found = _credit_of(line, site_name) if line else None
        if found is None:
            continue
        before, after = markdown[:start].rstrip(), markdown[end:].strip("\n")
        text = before + ("\n\n" + after if before and after else after)
        return Credit(found[0], found[1], raw, text.rstrip() + "\n" if text.strip() else "")
    if author and _is_name(author):
        return Credit({"kind": "tin", "names": [author], "org": None}, None, "", markdown)
    return Credit(None, None, "", markdown)
