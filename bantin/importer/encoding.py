"""Bytes to Unicode NFC text, repairing the old Vietnamese encodings.

Old office files and pages come in five ways of writing Vietnamese:

* UTF-8 (with or without a byte-order mark) and UTF-16: Unicode already;
* Windows-1258 (code page 1258): a base letter and a separate tone mark (``e`` + U+0323),
  read with Python's ``cp1258`` codec and composed to NFC;
* TCVN3 (ABC, the ``.Vn`` fonts: .VnTime, .VnArial): one byte for each small letter; of the
  capitals only Ă Â Ê Ô Ơ Ư Đ have bytes of their own, the others were typed in a capital font
  (.VnTimeH) with the small letter's byte, so they come back small;
* VNI (VNI-Windows, the ``VNI-`` fonts): a base letter followed by a byte for its marks.

Legacy bytes decode without an error in any 8-bit code page, into mojibake ("Kh«i thi ®ua",
"Khoái thi ñua" for "Khối thi đua"). So the encoding is chosen by character statistics, not by
failure: each candidate reading is scored by its words (a Vietnamese syllable with marks counts
for it, a symbol or a stray mark inside a word against it) and the best wins; a legacy reading
must do strictly better than the plain Western one (Windows-1252), so French or German text with
é, ü, ß stays as it is. The same scoring repairs, line by line and run by run, strings that were
already decoded wrongly (text pasted from a .Vn-font document).

The letter tables are written out once below (``_LETTERS``: each of the 67 small Vietnamese
letters with its TCVN3 byte and its VNI bytes as Windows-1252 text); every conversion table,
both ways, is generated from it.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from ..messages import Msg, msg
from ..text import nfc, utf16_encoding
from .model import Decoded, ImportProblem

# ------------------------------------------------------------------ the source-of-truth table
#
# letter  TCVN3 byte  VNI (its bytes read as Windows-1252)
# The capitals: VNI writes each capital as the capital base letter and the capital form of the
# mark byte (0x20 lower: "aù" → "AÙ", "ô" → "Ô"); TCVN3 has only the seven in _TCVN3_CAPITALS.
_LETTERS = """
à B5 aø    á B8 aù    ả B6 aû    ã B7 aõ    ạ B9 aï
ă A8 aê    ằ BB aè    ắ BE aé    ẳ BC aú    ẵ BD aü    ặ C6 aë
â A9 aâ    ầ C7 aà    ấ CA aá    ẩ C8 aå    ẫ C9 aã    ậ CB aä
è CC eø    é D0 eù    ẻ CE eû    ẽ CF eõ    ẹ D1 eï
ê AA eâ    ề D2 eà    ế D5 eá    ể D3 eå    ễ D4 eã    ệ D6 eä
ì D7 ì     í DD í     ỉ D8 æ     ĩ DC ó     ị DE ò
ò DF oø    ó E3 où    ỏ E1 oû    õ E2 oõ    ọ E4 oï
ô AB oâ    ồ E5 oà    ố E8 oá    ổ E6 oå    ỗ E7 oã    ộ E9 oä
ơ AC ô     ờ EA ôø    ớ ED ôù    ở EB ôû    ỡ EC ôõ    ợ EE ôï
ù EF uø    ú F3 uù    ủ F1 uû    ũ F2 uõ    ụ F4 uï
ư AD ö     ừ F5 öø    ứ F8 öù    ử F6 öû    ữ F7 öõ    ự F9 öï
ỳ FA yø    ý FD yù    ỷ FB yû    ỹ FC yõ    ỵ FE î
đ AE ñ
"""
_TCVN3_CAPITALS = {"Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7}


def _rows() -> list[tuple[str, int, str]]:
    """(letter, TCVN3 byte, VNI text) for the 67 small letters of ``_LETTERS``."""
    cells = _LETTERS.split()
    return [(cells[i], int(cells[i + 1], 16), cells[i + 2]) for i in range(0, len(cells), 3)]


ROWS = _rows()
# The 134 letters Vietnamese adds to ASCII, small then capital.
VIETNAMESE_LETTERS = "".join(r[0] for r in ROWS) + "".join(r[0].upper() for r in ROWS)


# How a legacy byte is seen: Windows-1252, its five undefined bytes as Latin-1.
def _byte_char(b: int) -> str:
    try:
        return bytes([b]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(b)


_BYTE_TO_CHAR = {b: _byte_char(b) for b in range(256)}
_WESTERN = {b: _BYTE_TO_CHAR[b] for b in range(0x80, 0xA0)}  # Latin-1 text → Windows-1252

# TCVN3: the character a byte shows as → the letter.
_TCVN3_DECODE = {ord(_BYTE_TO_CHAR[b]): letter for letter, b, _ in ROWS}
_TCVN3_DECODE.update({ord(_BYTE_TO_CHAR[b]): letter for letter, b in _TCVN3_CAPITALS.items()})
# VNI: base letter + mark characters (or a single character) → the letter.
_VNI_DECODE = {vni: letter for letter, _, vni in ROWS}
_VNI_DECODE.update({vni.upper(): letter.upper() for letter, _, vni in ROWS})
_VNI_PATTERN = re.compile(
    "|".join(re.escape(k) for k in sorted(_VNI_DECODE, key=len, reverse=True))
)

# Characters that are a Vietnamese letter in no 8-bit code page: their presence in a word
# means it is Unicode already.
_UNICODE_ONLY = re.compile("[" + "".join(sorted(set(VIETNAMESE_LETTERS) - set(
    chr(c) for c in range(256)))) + "]")  # fmt: skip
_LATIN1_HIGH = re.compile("[\u00a1-\u00ff]")
# A line worth a closer look: a Latin-1 character no Vietnamese word holds (TCVN3 symbols,
# VNI marks like ä ë ï ö ü ñ), or a vowel followed by a VNI mark that Unicode Vietnamese
# never writes after it ("aù", "eä", "oâ"; not "oà" or "uâ": hoà, quân).
_VI_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
_SUSPECT = re.compile(
    "["
    + "".join(sorted(chr(c) for c in range(0xA1, 0x100) if chr(c) not in _VI_LATIN1))
    + "]|(?!"
    + "|".join("oà oá oã oè oé uâ uê uá uà uã yê OÀ OÁ OÃ OÈ OÉ UÂ UÊ UÁ UÀ UÃ YÊ Yê".split())
    + ")[aeouyAEOUY][ùøûõïâáàåãäêéèúüëÙØÛÕÏÂÁÀÅÃÄÊÉÈÚÜË]"
)


# ------------------------------------------------------------------------------ the API


def decode_bytes(data: bytes, declared: str | None = None) -> Decoded:
    """The text of a file's bytes as NFC Unicode, the encoding it was read in, and what was
    converted. ``declared`` is a charset the source names (an HTML meta tag, an XML
    declaration): it decides only between readings that score alike. Raises
    :class:`ImportProblem` (``import.not_text``) for bytes that are not text."""
    utf16 = utf16_encoding(data)
    if utf16:
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError:
            raise _not_text() from None
        if _binary(text.encode("utf-8", "surrogatepass")):
            raise _not_text()
        return _finish(text, "utf-16", [])
    if data.startswith(codecs.BOM_UTF8):
        try:
            return _finish(data[3:].decode("utf-8"), "utf-8", [])
        except UnicodeDecodeError:
            pass  # a BOM before bytes that are not UTF-8: read them as the rest are
    elif data.isascii():
        if _binary(data):
            raise _not_text()
        return _finish(data.decode("ascii"), "ascii", [])
    if _binary(data):
        raise _not_text()
    best = max(_readings(data, declared), key=lambda r: _rank(r, declared))
    return _finish(best.text, best.name, best.converted)


def repair_text(text: str) -> tuple[str, list[Msg]]:
    """``text`` (already Unicode) with the runs that hold TCVN3 or VNI mojibake converted
    ("Kh«i thi ®ua", "Khoái thi ñua" → "Khối thi đua") and combining marks composed (NFD →
    NFC); and what was converted. Runs of Unicode Vietnamese and other languages are left as
    they are; so is where the tone mark sits ("hoà" and "hòa" both stay)."""
    converted: list[Msg] = []
    if text.isascii():
        return text, converted
    composed = _composed_count(text)
    if composed:
        text = nfc(text)
        converted.append(msg("import.converted_nfd", count=composed))
    text, counts = _repair_runs(text)
    for name, count in counts.items():
        converted.extend(_said(name, count))
    return text, converted


def encode_legacy(text: str, encoding: str) -> bytes:
    """``text`` in a legacy encoding (``tcvn3``, ``vni`` or ``windows-1258``), as the old
    programs wrote it: for making test files, and the inverse the tables are checked against.
    TCVN3 writes a capital it has no byte for with the small letter's byte (as a .VnTimeH
    font does). Raises ValueError for a character the encoding cannot write."""
    if encoding == "windows-1258":
        return b"".join(_cp1258_char(c) for c in nfc(text))
    table = _TCVN3_ENCODE if encoding == "tcvn3" else _VNI_ENCODE
    out = []
    for c in nfc(text):
        out.append(table.get(c) or _cp1252_byte(c))
    return b"".join(out)


def decode_legacy(data: bytes, encoding: str) -> str:
    """``data`` read as the legacy encoding named (``tcvn3``, ``vni`` or ``windows-1258``),
    without detection: the inverse of :func:`encode_legacy`."""
    if encoding == "windows-1258":
        return nfc(data.decode("cp1258"))
    western = data.decode("latin-1").translate(_WESTERN)
    return nfc((_from_tcvn3 if encoding == "tcvn3" else _from_vni)(western)[0])


# ------------------------------------------------------------------------ reading bytes


@dataclass
class _Reading:
    """One way of reading the bytes: its name, text, what it converted and its score."""

    name: str
    text: str
    converted: list[Msg]
    score: int


def _readings(data: bytes, declared: str | None) -> list[_Reading]:
    """Every way the bytes can be read, with their scores."""
    out: list[_Reading] = []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if len(text) - len(data) <= -4:  # four characters or more outside ASCII
            return [_Reading("utf-8", text, [], 0)]  # legacy bytes are not UTF-8 by chance
        out.append(_Reading("utf-8", text, [], _score(text)))
    western = data.decode("latin-1").translate(_WESTERN)
    out.append(_Reading("windows-1252", western, [], _score(western, "western")))
    try:
        text = nfc(data.decode("cp1258"))
    except UnicodeDecodeError:
        pass
    else:
        count = sum(1 for c in text if ord(c) > 0x7F and c.isalpha())
        own = _cp1258_score(data)
        score = _score(text, "converted") if own > 0 else own
        out.append(_Reading("windows-1258", text, _said("windows-1258", count), score))
    for name, convert in (("tcvn3", _from_tcvn3), ("vni", _from_vni)):
        text, count, marked = convert(western)
        out.append(_Reading(name, text, _said(name, count), _score(marked, how="converted")))
    other = _codec(declared)
    if other and other not in {r.name for r in out} and not other.startswith("utf"):
        try:
            text = nfc(data.decode(other))
        except UnicodeDecodeError:
            pass
        else:
            out.append(_Reading(other, text, [], _score(text)))
    return out


def _cp1258_score(data: bytes) -> int:
    """What speaks for the Windows-1258 reading against the Windows-1252 one, word by word: a
    word whose bytes mean the same in both (café, più) scores as it does in Windows-1252, only
    the others as Vietnamese. Only when this is positive does the whole reading count."""
    total = 0
    for token in data.split()[:20000]:
        if _CP1258_OWN.search(token):
            total += _score(nfc(token.decode("cp1258", "replace")), "converted")
        else:
            total += _score(token.decode("latin-1").translate(_WESTERN), "western")
    return total


# the bytes Windows-1258 reads otherwise than Windows-1252 (Ă, tone marks, Đ, Ơ, Ư, ₫…)
_CP1258_OWN = re.compile(
    b"["
    + re.escape(
        bytes(
            b for b in range(0x80, 0x100) if _byte_char(b) != bytes([b]).decode("cp1258", "replace")
        )
    )
    + b"]"
)
_PREFERENCE = ("utf-8", "windows-1252", "windows-1258", "tcvn3", "vni")
_MESSAGE = {"windows-1258": "cp1258", "tcvn3": "tcvn3", "vni": "vni"}


def _said(name: str, count: int) -> list[Msg]:
    """The message for ``count`` letters converted from the legacy encoding ``name``."""
    return [msg(f"import.converted_{_MESSAGE[name]}", count=count)] if count else []


def _rank(reading: _Reading, declared: str | None) -> tuple[float, int]:
    """Higher is better: the score, half a point for the declared charset (it breaks ties and
    nothing more), then the order of ``_PREFERENCE`` (plain readings before conversions)."""
    bonus = 0.5 if reading.name == _codec(declared) else 0.0
    name = reading.name
    order = _PREFERENCE.index(name) if name in _PREFERENCE else len(_PREFERENCE)
    return reading.score + bonus, -order


_ALIASES = {
    "utf8": "utf-8",
    "utf-8": "utf-8",
    "windows-1258": "windows-1258",
    "cp1258": "windows-1258",
    "tcvn": "tcvn3",
    "tcvn3": "tcvn3",
    "tcvn-3": "tcvn3",
    "tcvn5712": "tcvn3",
    "tcvn-5712": "tcvn3",
    "x-viet-tcvn5712": "tcvn3",
    "vni": "vni",
    "x-viet-vni": "vni",
    "vni-windows": "vni",
}


def _codec(declared: str | None) -> str | None:
    """The reading a declared charset names: one of ours, or a Python codec's name."""
    if not declared:
        return None
    name = declared.strip().strip("\"'").lower()
    if name in _ALIASES:
        return _ALIASES[name]
    try:
        python_name = codecs.lookup(name).name
    except LookupError:
        return None
    if python_name in ("cp1252", "latin-1", "iso8859-1", "ascii"):
        return "windows-1252"  # browsers read all three as Windows-1252
    return "windows-1258" if python_name == "cp1258" else python_name


def _finish(text: str, name: str, converted: list[Msg]) -> Decoded:
    """The text of a reading with its NFD and mojibake runs repaired."""
    if name in ("tcvn3", "vni"):
        return Decoded(nfc(text), name, converted)
    repaired, more = repair_text(text)
    return Decoded(repaired, name, [*converted, *more])


_CONTROLS = [bytes([b]) for b in range(32) if b not in b"\t\n\r\x0b\x0c\x1a"]


def _binary(data: bytes) -> bool:
    """Bytes no text file holds: a NUL, or many control characters."""
    if b"\x00" in data:
        return True
    return sum(data.count(b) for b in _CONTROLS) * 100 > len(data)


def _not_text() -> ImportProblem:
    return ImportProblem(msg("import.not_text"), msg("import.not_text_hint"))


# --------------------------------------------------------------------------- conversions


def _from_tcvn3(text: str) -> tuple[str, int, str]:
    """``text`` (TCVN3 bytes as Windows-1252) converted; how many letters; and the same with
    each character TCVN3 uses for no letter marked U+FFFD (for scoring)."""
    count = sum(1 for c in text if ord(c) in _TCVN3_DECODE)
    if not count:
        return text, 0, text.translate(_TCVN3_SCORING)
    return (
        _capitals(text.translate(_TCVN3_DECODE)),
        count,
        _capitals(text.translate(_TCVN3_SCORING)),
    )


_TCVN3_SCORING = {c: "\ufffd" for c in range(0xA1, 0x100)} | _TCVN3_DECODE
# a word with two capitals or more ("KHôI", "§¹I" once converted)
_CAPS_WORD = re.compile(r"\w*[A-ZĂÂÊÔƠƯĐ]\w*[A-ZĂÂÊÔƠƯĐ]\w*")
_ASCII_SMALL = re.compile("[a-z]")
_ASCII_CAPITALS = re.compile("[A-Z]")


def _capitals(text: str) -> str:
    """Capitals TCVN3 wrote with small-letter bytes in a capital font (a .VnTimeH heading
    "KH«I THI §UA"): a line with three ASCII capitals or more and no small ASCII letter is
    all capitals; elsewhere, so is a word with two capitals or more and no small ASCII
    letter. A capital alone at the start of a word ("ñy ban" for "Ủy ban") cannot be told."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if _ASCII_SMALL.search(line) is None and len(_ASCII_CAPITALS.findall(line)) >= 3:
            lines[i] = line.upper()
        else:
            lines[i] = _CAPS_WORD.sub(_capital_word, line)
    return "\n".join(lines)


def _capital_word(m: re.Match) -> str:
    return m.group() if _ASCII_SMALL.search(m.group()) else m.group().upper()


def _from_vni(text: str) -> tuple[str, int, str]:
    """``text`` (VNI bytes as Windows-1252) converted; how many letters; and the same with
    each byte VNI uses for no letter there (a mark after a letter it cannot mark) marked
    U+FFFD (for scoring)."""
    out: list[str] = []
    marked: list[str] = []
    count, at = 0, 0
    for m in _VNI_ANY.finditer(text):
        out.append(text[at : m.start()])
        marked.append(text[at : m.start()])
        letter = _VNI_DECODE.get(m.group())
        if letter is None:
            out.append(m.group())
            marked.append("\ufffd")
        else:
            count += 1
            out.append(letter)
            marked.append(letter)
        at = m.end()
    out.append(text[at:])
    marked.append(text[at:])
    return "".join(out), count, "".join(marked)


_VNI_ANY = re.compile(_VNI_PATTERN.pattern + "|[\u00c0-\u00ff]")


def _repair_runs(text: str) -> tuple[str, dict[str, int]]:
    """Convert each run of a line that reads better as TCVN3 or VNI; counts per encoding."""
    counts = {"tcvn3": 0, "vni": 0}
    if not _LATIN1_HIGH.search(text):
        return text, counts
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if _SUSPECT.search(line):
            lines[i] = "".join(_repair_run(run, counts) for run in _runs(line))
    return "\n".join(lines), counts


def _runs(line: str) -> Iterator[str]:
    """The line cut into runs, so that joining them gives the line: clauses (cut after . ; :
    ! ? | • and parentheses, and at a dash between spaces), and in each clause the words of
    Unicode Vietnamese (which no legacy text holds) each on their own and the stretches
    between them. Each run is judged on its own: "Cuïm thi ñua – Hoà Bình" converts only
    its first clause."""
    for clause in _CLAUSE.split(line):
        if not _SUSPECT.search(clause):
            yield clause
            continue
        start = 0
        for m in re.finditer(r"\S+", clause):
            if _UNICODE_ONLY.search(m.group()):
                if start < m.start():
                    yield clause[start : m.start()]
                yield m.group()
                start = m.end()
        if start < len(clause):
            yield clause[start:]


_CLAUSE = re.compile(r"((?:[.;:!?|•()]|\s[-–—])\s+)")


def _repair_run(run: str, counts: dict[str, int]) -> str:
    if not _SUSPECT.search(run) or _UNICODE_ONLY.search(run):
        return run
    best, best_score, best_name, best_count = run, _score(run), "", 0
    for name, convert in (("tcvn3", _from_tcvn3), ("vni", _from_vni)):
        text, count, marked = convert(run)
        score = _score(marked, how="converted")
        margin = 1 if _STRONG.search(run) else 2
        if score >= best_score + margin and score >= 1:
            best, best_score, best_name, best_count = text, score, name, count
    if best_name:
        counts[best_name] += best_count
    return best


# what no language but a legacy encoding puts in a word: a symbol beside a letter (TCVN3), a
# vowel followed by a mark no language writes there (VNI "eä", "aë", "oï"…), ñ opening a word
_STRONG = re.compile(
    r"\w[\u00a1-\u00bf×÷]|[\u00a1-\u00bf×÷]\w|[aeiouyAEIOUY][äåëïøûÄÅËÏØÛ]|(?<!\w)[ñÑ]\w"
)


def _composed_count(text: str) -> int:
    """How many letters NFC composes (letters written with combining marks)."""
    if unicodedata.is_normalized("NFC", text):
        return 0
    return sum(1 for m in _BASE_AND_MARKS.finditer(text) if len(nfc(m.group())) < len(m.group()))


_BASE_AND_MARKS = re.compile("[^\u0300-\u036f][\u0300-\u036f]+")


# ------------------------------------------------------------------------------ scoring

_TONE_MARKS = {
    "\u0300": "huyen",
    "\u0301": "sac",
    "\u0303": "nga",
    "\u0309": "hoi",
    "\u0323": "nang",
}
_ONSETS = (*"ngh ng nh ch gh gi kh ph qu th tr".split(), *"bcdđghklmnprstvx", "")
_RHYME = re.compile("([aăâeêioôơuưy]{1,3})(ch|ng|nh|[cmnpt])?")
# the vowels a syllable may end with, and those a final consonant may follow
_OPEN = set(
    "a e ê i o ô ơ u ư y oa oe uê uy ai ao au ay âu ây eo êu ia iu oi ôi ơi ui ưa ưi ưu ua uơ "
    "iêu yêu oai oao oay oeo uây uôi uya uyu ươi ươu".split()
)
_CLOSED = set("a ă â e ê i o ô ơ u ư y oa oă oe uâ uê uy iê yê uô ươ uyê oo".split())
_ALPHABET = set("abcdeghiklmnopqrstuvxy") | {r[0] for r in ROWS}
_EDGE_PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~“”‘’–—…•"
_SYMBOLS = {chr(c) for c in range(0xA1, 0xC0)} | {"×", "÷", "\ufffd"}


def _score(text: str, how: str = "plain") -> int:
    """How Vietnamese a reading looks: +1 for each word that is a Vietnamese syllable with a
    letter outside ASCII, -1 for each word holding a symbol, a stray mark or an impossible
    Vietnamese letter; ASCII words and other languages' words count nothing. ``how``:
    ``converted`` for a converted reading (its letters outside ASCII all came from
    conversion, so a word of them that is no syllable counts against it); ``western`` for
    bytes read as Windows-1252 (Vietnamese cannot be written in it, so a syllable made of its
    letters counts nothing: "khoái" there is VNI for "khối")."""
    total = 0
    for n, m in enumerate(re.finditer(r"\S+", text)):
        if n >= 20000:
            break
        word = m.group().strip(_EDGE_PUNCTUATION)
        if word and not word.isascii():
            total += _word_score(word, how)
    return total


@cache
def _word_score(word: str, how: str) -> int:
    if not any(c.isalpha() for c in word):
        return 0
    if any(c in _SYMBOLS or unicodedata.combining(c) for c in word):
        return -1
    if is_syllable(word):
        return 0 if how == "western" else 1
    return -1 if how == "converted" or _UNICODE_ONLY.search(word) else 0


@cache
def is_syllable(word: str) -> bool:
    """Whether ``word`` is written as a Vietnamese syllable: letters of the Vietnamese
    alphabet, an onset, vowels Vietnamese puts together, a final consonant, at most one tone
    (after a final p, t, c or ch only sắc or nặng). A check of spelling, not a dictionary."""
    small = word.lower()
    if not set(small) <= _ALPHABET:
        return False
    letters = unicodedata.normalize("NFD", small)
    tones = [c for c in letters if c in _TONE_MARKS]
    if len(tones) > 1:
        return False
    base = nfc("".join(c for c in letters if c not in _TONE_MARKS))
    for onset in _ONSETS:
        m = _RHYME.fullmatch(base, len(onset)) if base.startswith(onset) else None
        if m and _rhyme_ok(m.group(1), m.group(2) or "", tones):
            return True
    return False


def _rhyme_ok(vowels: str, final: str, tones: list[str]) -> bool:
    if not final:
        return vowels in _OPEN
    if vowels not in _CLOSED:
        return False
    return final not in ("c", "ch", "p", "t") or tones in (["\u0301"], ["\u0323"])


# ------------------------------------------------------------------------------- encoding

_TCVN3_ENCODE = {letter: bytes([b]) for letter, b, _ in ROWS}
_TCVN3_ENCODE.update({letter.upper(): bytes([b]) for letter, b, _ in ROWS})
_TCVN3_ENCODE.update({letter: bytes([b]) for letter, b in _TCVN3_CAPITALS.items()})
_VNI_ENCODE = {letter: vni.encode("cp1252") for letter, _, vni in ROWS}
_VNI_ENCODE.update({letter.upper(): vni.upper().encode("cp1252") for letter, _, vni in ROWS})


def _cp1252_byte(c: str) -> bytes:
    return c.encode("cp1252")


def _cp1258_char(c: str) -> bytes:
    """One NFC character in Windows-1258: itself where the code page has it, else its base
    letter and its tone mark (ệ → ê + U+0323), as Windows writes it."""
    try:
        return c.encode("cp1258")
    except UnicodeEncodeError:
        pass
    parts = unicodedata.normalize("NFD", c)
    tone = "".join(ch for ch in parts if ch in _TONE_MARKS)
    base = nfc("".join(ch for ch in parts if ch not in _TONE_MARKS))
    return base.encode("cp1258") + tone.encode("cp1258")
