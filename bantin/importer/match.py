"""Which bloc, member units and campaigns an imported article names.

The names come from the site itself (:meth:`Catalogue.load` reads ``content/blocs/*.yaml`` and
``content/campaigns/*.md``, drafts too, without building the site): a bloc's ``name``,
``short_name``, former ``names:`` and ``aliases``, its ``kind`` and ``number``; each member's
``name``, ``short_name`` and ``aliases`` with its ``from``/``to`` years; each campaign's
``name`` and ``aliases``. An office that adds the ways its articles write a name as aliases
improves every later import.

Matching rules:

* A text and a name are compared word by word, on word boundaries, NFC, ignoring case,
  punctuation inside a sentence and where the tone mark sits (:func:`bantin.urls.word_key`:
  "Hòa" = "Hoà", "Uỷ" = "Ủy"). A name never runs across a sentence mark (``. ; : ! ? ( )`` or
  a line break), so the items of "A; B; C" stay apart.
* Abbreviations are their long forms: "MTTQ" = "MTTQ Việt Nam" = "Mặt trận Tổ quốc (Việt
  Nam)", "UB" = "Ủy ban", "UBMTTQ" = "Ủy ban MTTQ", "CT-XH" = "chính trị - xã hội", "LĐLĐ" =
  "Liên đoàn Lao động", "LHPN" = "Liên hiệp Phụ nữ" (so "Hội LHPN" = "Hội Liên hiệp Phụ nữ"),
  "CCB" = "Cựu chiến binh", and "Đoàn Thanh niên tỉnh" = "Đoàn TNCS Hồ Chí Minh tỉnh" =
  "Tỉnh đoàn" = "Tỉnh Đoàn".
* The province is optional at the end of a unit or bloc name: "Hội Nông dân tỉnh" is also
  written "Hội Nông dân tỉnh Bắc Kạn", "Hội Nông dân Bắc Kạn" and, less surely, "Hội Nông dân".
  A name followed by another province ("… tỉnh Thái Nguyên", "… Việt Nam"), or written without
  "tỉnh" and followed by a lower level ("huyện", "xã", "cơ sở", "các cấp"…), or preceded by
  "Trung ương"/"Tổng", is another body and does not match.
* Where names overlap the longest wins, whatever it names: "Khối thi đua MTTQ và các đoàn
  thể" is the bloc, not the member "Ủy ban MTTQ tỉnh"; "Hội Chữ thập đỏ tỉnh" at the end of a
  bloc's name is not the unit. Names that stand side by side each count.
* A name that is one generic word ("Hội", "Đoàn", "Khối", "Cụm", "Ban", "Sở") never matches,
  nor do generic phrases such as "Khối thi đua".
* How sure: "sure" for a full name or an alias (with or without the province), "likely" for a
  short name or a unit's name without "tỉnh", "check" for a short name without "tỉnh", a bloc
  named with the other kind (cụm for khối), and a member named in a year it was not in the
  bloc (``from``/``to``). A unit named in the text's own list of members ("gồm 7 cơ quan, đơn
  vị: A; B; C") is "sure". ``count`` counts the occurrences, ``seen`` is the first as written.
* A bloc is also named by its number and kind: "Khối thi đua số 3", "Khối 3" (and, to check,
  "Cụm thi đua số 3" for a khối). Several blocs named: the most often named wins, then the
  most specific (longest) name; a tie in count makes it "check".
* Campaigns are named by name or alias, quoted or not; a campaign alias that starts with
  "phong trào"/"cuộc vận động" also matches without it ("likely"). A quoted name that names no
  campaign is proposed as a new campaign only when it looks like one: it contains "thi đua",
  or the text puts "phong trào", "phong trào thi đua" or "cuộc vận động" right before it
  (possibly before a list of quoted names it belongs to); it has three syllables or more (never
  a one-word slogan such as “Đoàn kết”).

Speed: names are compiled once per catalogue into a word trie; a text is split into word keys
once (a few thousand words a millisecond) and the result is kept for the next call on the same
text, since the importer asks for the bloc, the units and the campaigns of one article in turn.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path
from typing import Any

from ..config import SiteConfig
from ..errors import Problem
from ..frontmatter import ContentFileError, read_text, split_front_matter
from ..messages import Msg, msg
from ..text import nfc
from ..urls import word_key
from ..yamlio import YamlError, parse_yaml
from .model import Sure

_RANK: dict[str, int] = {"check": 0, "likely": 1, "sure": 2}
_WEAKER: dict[str, Sure] = {"sure": "likely", "likely": "check", "check": "check"}


@dataclass
class Match:
    """A bloc, unit or campaign the text names: ``seen`` is its first mention as written."""

    slug: str
    seen: str
    count: int
    sure: Sure


@dataclass(frozen=True)
class MemberEntry:
    slug: str
    name: str
    short_name: str | None = None
    aliases: tuple[str, ...] = ()
    from_year: int | None = None
    to_year: int | None = None

    def member_in(self, year: int) -> bool:
        return (self.from_year is None or self.from_year <= year) and (
            self.to_year is None or year <= self.to_year
        )


@dataclass(frozen=True)
class BlocEntry:
    slug: str
    name: str
    kind: str = "khoi"  # khoi | cum
    short_name: str | None = None
    names: tuple[str, ...] = ()  # former names
    aliases: tuple[str, ...] = ()
    province: str | None = None
    number: int | None = None
    members: tuple[MemberEntry, ...] = ()
    draft: bool = False


@dataclass(frozen=True)
class CampaignEntry:
    slug: str
    name: str
    aliases: tuple[str, ...] = ()
    draft: bool = False


# --- words --------------------------------------------------------------------------------

_WORD = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+")
_SPLITTER = re.compile(r"((?:[^\W_]|[\u0300-\u036f])+)")
_BREAKS = frozenset(".;:!?()[]{}\n\r\u2026")
_KEYS: dict[str, str] = {}


def _key(word: str) -> str:
    """The word's :func:`word_key` (case, NFC/NFD and tone placement folded), cached: an
    article has a few hundred distinct syllables."""
    found = _KEYS.get(word)
    if found is None:
        found = word_key(word)
        if len(_KEYS) < 100_000:
            _KEYS[word] = found
    return found


def _keys(text: str) -> tuple[str, ...]:
    return tuple(_key(w) for w in _WORD.findall(text))


@dataclass
class _Tokens:
    """A text as word keys, each with the characters it came from and whether a sentence mark
    stands before it (a name never runs across one)."""

    keys: list[str] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    brk: list[bool] = field(default_factory=list)
    caps: list[bool] = field(default_factory=list)  # the word begins with a capital
    spaced: list[bool] = field(default_factory=list)  # only spaces stand before the word


def _split(text: str) -> _Tokens:
    parts = _SPLITTER.split(text)  # gap, word, gap, word, …, gap
    words, gaps = parts[1::2], parts[0:-1:2]
    cache = _KEYS
    offsets = list(accumulate(map(len, parts)))  # where each part ends
    return _Tokens(
        keys=[cache.get(w) or _key(w) for w in words],
        starts=offsets[0 : 2 * len(words) : 2],
        ends=offsets[1::2],
        brk=[g != " " and not _BREAKS.isdisjoint(g) for g in gaps],
        caps=[w[0].isupper() for w in words],
        spaced=[not g.strip() for g in gaps],
    )


# Abbreviations and their long forms become one canonical token ("#mttq"), in names and texts
_REWRITES: tuple[tuple[str, str], ...] = (
    ("Mặt trận Tổ quốc Việt Nam", "#mttq"),
    ("Mặt trận Tổ quốc", "#mttq"),
    ("MTTQ Việt Nam", "#mttq"),
    ("MTTQVN", "#mttq"),
    ("MTTQ", "#mttq"),
    ("UBMTTQ Việt Nam", "#ub #mttq"),
    ("UBMTTQ", "#ub #mttq"),
    ("UBMTTQVN", "#ub #mttq"),
    ("Ủy ban", "#ub"),
    ("UB", "#ub"),
    ("chính trị - xã hội", "#ctxh"),
    ("CT-XH", "#ctxh"),
    ("CTXH", "#ctxh"),
    ("Liên đoàn Lao động", "#ldld"),
    ("LĐLĐ", "#ldld"),
    ("Liên hiệp Phụ nữ", "#lhpn"),
    ("LHPN", "#lhpn"),
    ("Cựu chiến binh", "#ccb"),
    ("CCB", "#ccb"),
    ("Đoàn Thanh niên Cộng sản Hồ Chí Minh tỉnh", "Tỉnh đoàn"),
    ("Đoàn TNCS Hồ Chí Minh tỉnh", "Tỉnh đoàn"),
    ("Đoàn Thanh niên tỉnh", "Tỉnh đoàn"),
)


def _rewrite_trie() -> dict:
    trie: dict = {}
    for long, short in _REWRITES:
        node = trie
        for k in _keys(long):
            node = node.setdefault(k, {})
        node[""] = tuple(w if w.startswith("#") else _key(w) for w in short.split())
    return trie


_REWRITE = _rewrite_trie()


def _canon(tokens: _Tokens) -> _Tokens:
    """``tokens`` with every abbreviation and long form as its canonical token; a long form
    keeps the characters of all its words, so ``seen`` shows the text as written."""
    keys, brk, n = tokens.keys, tokens.brk, len(tokens.keys)
    maybe = [i for i, k in enumerate(keys) if k in _REWRITE]
    if not maybe:
        return tokens
    out = _Tokens()
    done = 0  # tokens before this one are in ``out``
    for i in maybe:
        if i < done:
            continue
        node, j, best, best_j = _REWRITE[keys[i]], i + 1, None, i
        while node is not None:
            if "" in node:
                best, best_j = node[""], j
            if j >= n or brk[j]:
                break
            node = node.get(keys[j])
            j += 1
        if best is None:
            continue
        _copy(tokens, out, done, i)
        for n_out, k in enumerate(best):
            out.keys.append(k)
            out.starts.append(tokens.starts[i])
            out.ends.append(tokens.ends[best_j - 1])
            out.brk.append(brk[i] and n_out == 0)
            out.caps.append(tokens.caps[i])
            out.spaced.append(tokens.spaced[i] or n_out > 0)
        done = best_j
    _copy(tokens, out, done, n)
    return out


def _copy(tokens: _Tokens, out: _Tokens, a: int, b: int) -> None:
    out.keys += tokens.keys[a:b]
    out.starts += tokens.starts[a:b]
    out.ends += tokens.ends[a:b]
    out.brk += tokens.brk[a:b]
    out.caps += tokens.caps[a:b]
    out.spaced += tokens.spaced[a:b]


def _name_keys(name: str) -> tuple[str, ...]:
    return tuple(_canon(_split(nfc(name))).keys)


_TINH = _key("tỉnh")
_KIND_WORD = {"khoi": _key("khối"), "cum": _key("cụm")}
_OTHER_KIND = {_KIND_WORD["khoi"]: _KIND_WORD["cum"], _KIND_WORD["cum"]: _KIND_WORD["khoi"]}
_GENERIC = frozenset((*_keys("hội đoàn khối cụm ban sở"), "#ub"))
_GENERIC_PHRASES = frozenset(
    _keys(p)
    for p in ("khối thi đua", "cụm thi đua", "khối thi đua tỉnh", "cụm thi đua tỉnh", "công đoàn")
)
# after a unit name written without "tỉnh": a lower level or all levels, so another body
_LOWER = frozenset(_keys("tỉnh huyện xã thị thành tp quận phường thôn bản cơ các cấp"))
# before a unit name: the central body ("Trung ương Hội…", "Tổng Liên đoàn…")
_CENTRAL = frozenset(_keys("ương tw tổng"))
_VIET_NAM = _keys("Việt Nam")
# words that begin the name of a body, not of a place: "… tỉnh Hội Nông dân tỉnh" is two names
_ORG_WORDS = frozenset(_keys("hội ủy liên đoàn sở ban khối cụm tỉnh công báo đài trường chi"))
_MOVEMENT_LEADS = (_keys("phong trào"), _keys("cuộc vận động"), _keys("phong trào thi đua"))
_THI_DUA = _keys("thi đua")


def _generic(keys: tuple[str, ...]) -> bool:
    """A name that names nothing in particular: one generic word (also with "tỉnh"), or a
    phrase every bloc article holds."""
    core = keys[:-1] if keys and keys[-1] == _TINH else keys
    return not core or (len(core) == 1 and core[0] in _GENERIC) or keys in _GENERIC_PHRASES


# --- the catalogue ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Target:
    kind: str  # "bloc" | "unit" | "campaign"
    slug: str
    bloc: str  # the unit's bloc; "" for blocs and campaigns
    sure: Sure
    place: tuple[str, ...] = ()  # the province's name as keys: another province after is not it
    bare: bool = False  # a name without "tỉnh": a lower level after it is another body


_Make = Callable[[Sure, bool], _Target]  # a target of one name: (how sure, without "tỉnh")


@dataclass(frozen=True)
class _Hit:
    start: int  # characters of the text
    end: int
    targets: tuple[_Target, ...]


@dataclass
class Catalogue:
    """The names a site's articles may use, compiled for matching; ``problems`` are warnings
    about the files that could not be read (they are left out, the import goes on)."""

    blocs: dict[str, BlocEntry] = field(default_factory=dict)
    campaigns: dict[str, CampaignEntry] = field(default_factory=dict)
    provinces: dict[str, str] = field(default_factory=dict)  # slug → name
    problems: list[Problem] = field(default_factory=list)
    _trie: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    _places: dict[str, list[tuple[str, ...]]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _memo: dict[str, list[_Hit]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        self.compile()

    @classmethod
    def load(cls, root: Path, config: SiteConfig) -> Catalogue:
        """The blocs and campaigns of the site at ``root``; a file that cannot be read is a
        warning in ``problems``, never an error."""
        problems: list[Problem] = []
        blocs = {b.slug: b for b in _load_blocs(root, config, problems)}
        campaigns = {c.slug: c for c in _load_campaigns(root, problems)}
        return cls(blocs, campaigns, _province_names(config), problems)

    # compiling ------------------------------------------------------------------------------

    def compile(self) -> None:
        """Put every name and its variants into the word trie (call again after a change)."""
        self._trie, self._memo = {}, {}
        self._places = {}
        for name in self.provinces.values():
            keys = _name_keys(name)
            if keys:
                self._places.setdefault(keys[0], []).append(keys)
        self._places.setdefault(_VIET_NAM[0], []).append(_VIET_NAM)
        for bloc in self.blocs.values():
            self._add_bloc(bloc)
        for campaign in self.campaigns.values():
            self._add_campaign(campaign)

    def _add(self, keys: tuple[str, ...], target: _Target) -> None:
        if not keys or _generic(keys):
            return
        node = self._trie
        for k in keys:
            node = node.setdefault(k, {})
        ends: dict = node.setdefault("", {})
        ident = (target.kind, target.slug, target.bloc)
        old = ends.get(ident)
        if old is None or _RANK[target.sure] > _RANK[old.sure]:
            ends[ident] = target

    def _add_named(
        self, name: str, sure: Sure, make: _Make, place: tuple[str, ...], unit: bool
    ) -> None:
        """A unit's or a bloc's name and its forms with and without the province."""
        keys = _name_keys(name)
        if place and keys[-len(place) :] == place:
            keys = keys[: -len(place)]
        if len(keys) > 1 and keys[-1] == _TINH:
            base = keys[:-1]
            for variant in (keys, keys + place, base + place):
                self._add(variant, make(sure, False))
            if len(base) > 1:  # "Hội Nông dân": maybe a district's; said less surely
                self._add(base, make(_WEAKER[sure] if unit else sure, True))
        else:
            self._add(keys, make(sure, False))
            if place:
                self._add(keys + place, make(sure, False))

    def _add_bloc(self, bloc: BlocEntry) -> None:
        place = self._place_of(bloc.province)

        def make(sure: Sure, bare: bool) -> _Target:
            return _Target("bloc", bloc.slug, "", sure, place, bare)

        named = [(bloc.name, "sure"), *((n, "sure") for n in (*bloc.names, *bloc.aliases))]
        if bloc.short_name:
            named.append((bloc.short_name, "likely"))
        for name, sure in named:
            self._add_named(name, sure, make, place, unit=False)
            swapped = _name_keys(name)
            if swapped and swapped[0] in _OTHER_KIND:  # a cụm called khối, or the reverse
                self._add((_OTHER_KIND[swapped[0]], *swapped[1:]), make("check", False))
        if bloc.number is not None:
            own = _KIND_WORD.get(bloc.kind, _KIND_WORD["khoi"])
            for word, sure in ((own, "sure"), (_OTHER_KIND[own], "check")):
                for tail, weaker in (("thi đua số", False), ("thi đua", False), ("số", True)):
                    keys = (word, *_keys(tail), str(bloc.number) + "|")
                    self._add(keys, make(_WEAKER[sure] if weaker else sure, False))
                self._add((word, str(bloc.number) + "|"), make(_WEAKER[sure], False))
        for member in bloc.members:
            self._add_member(bloc, member, place)

    def _add_member(self, bloc: BlocEntry, member: MemberEntry, place: tuple[str, ...]) -> None:
        def make(sure: Sure, bare: bool) -> _Target:
            return _Target("unit", member.slug, bloc.slug, sure, place, bare)

        for name in (member.name, *member.aliases):
            self._add_named(name, "sure", make, place, unit=True)
        if member.short_name:
            self._add_named(member.short_name, "likely", make, place, unit=True)

    def _add_campaign(self, campaign: CampaignEntry) -> None:
        for name in (campaign.name, *campaign.aliases):
            keys = _name_keys(name)
            self._add(keys, _Target("campaign", campaign.slug, "", "sure"))
            for lead in sorted(_MOVEMENT_LEADS, key=len, reverse=True):
                if keys[: len(lead)] == lead and len(keys) - len(lead) >= 3:
                    self._add(keys[len(lead) :], _Target("campaign", campaign.slug, "", "likely"))
                    break

    def _place_of(self, province: str | None) -> tuple[str, ...]:
        name = self.provinces.get(province or "")
        return _name_keys(name) if name else ()

    # scanning -------------------------------------------------------------------------------

    def scan(self, text: str) -> list[_Hit]:
        """Every name the text holds, the longest where names overlap, in text order."""
        found = self._memo.get(text)
        if found is None:
            found = self._scan(nfc(text))
            if len(self._memo) > 32:
                self._memo.clear()
            self._memo[text] = found
        return found

    def _scan(self, text: str) -> list[_Hit]:
        toks = _canon(_split(text))
        keys, brk, n = toks.keys, toks.brk, len(toks.keys)
        spans: dict[tuple[int, int], list[_Target]] = {}
        for i in range(n):
            node, j = self._trie.get(keys[i]), i + 1
            while node is not None:
                ends = node.get("")
                if ends:
                    fits = _strongest(t for t in ends.values() if self._fits(t, toks, i, j))
                    if fits:
                        spans[(i, j)] = fits
                if j >= n or brk[j]:
                    break
                node = node.get(keys[j])
                j += 1
        taken = bytearray(n)
        chosen: list[tuple[int, int]] = []
        for i, j in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
            if not any(taken[i:j]):
                taken[i:j] = b"\x01" * (j - i)
                chosen.append((i, j))
        return [
            _Hit(toks.starts[i], toks.ends[j - 1], tuple(spans[(i, j)])) for i, j in sorted(chosen)
        ]

    def _fits(self, target: _Target, toks: _Tokens, i: int, j: int) -> bool:
        """Whether the name at words i…j is the target's and not another province's or
        level's body of the same name."""
        if target.kind == "campaign":
            return True
        keys, brk, n = toks.keys, toks.brk, len(toks.keys)
        if target.kind == "unit" and i > 0 and not brk[i] and keys[i - 1] in _CENTRAL:
            return False
        if j >= n or brk[j]:
            return True
        if target.bare and keys[j] in _LOWER:
            return False
        for place in self._places.get(keys[j], ()):
            if tuple(keys[j : j + len(place)]) == place:
                return place == target.place
        if keys[j] == _TINH and j + 1 < n and not brk[j + 1]:
            k = j + 1
        elif keys[j - 1] == _TINH:
            k = j
        else:
            return True
        # "… tỉnh Thái Bình": a province by its capital letter, whether bantin knows it or not
        # (after a comma it is the next clause: "Hội Nông dân tỉnh, Trưởng khối năm nay")
        if (
            toks.spaced[k]
            and toks.caps[k]
            and keys[k] not in _ORG_WORDS
            and not keys[k].startswith("#")
        ):
            own = target.place
            return bool(own) and tuple(keys[k : k + len(own)]) == own
        return True


def _strongest(targets: Iterable[_Target]) -> list[_Target]:
    """Of the targets one name fits, per kind only the surest: a khối's own number beats the
    cụm of the same number called khối by mistake; two blocs' members of one name stay."""
    targets = list(targets)
    best: dict[str, int] = {}
    for t in targets:
        best[t.kind] = max(best.get(t.kind, 0), _RANK[t.sure])
    return [t for t in targets if _RANK[t.sure] == best[t.kind]]


# --- loading ------------------------------------------------------------------------------


def _province_names(config: SiteConfig) -> dict[str, str]:
    provinces = (config.vocabularies or {}).get("provinces")
    if not provinces:
        from ..vocab import shipped

        provinces = shipped().get("provinces", {})
    return {
        str(slug): str(entry.get("name"))
        for slug, entry in provinces.items()
        if isinstance(entry, Mapping) and entry.get("name")
    }


def _skipped(rel: str, line: int, col: int, reason: Msg | str) -> Problem:
    return Problem(
        rel,
        line,
        col,
        msg("import.match_file_skipped", reason=reason),
        msg("import.match_hint_file_skipped"),
        "warning",
    )


def _files(folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    try:
        return sorted(p for p in folder.iterdir() if p.suffix.lower() in suffixes and p.is_file())
    except OSError:
        return []


def _read_yaml(path: Path, rel: str, problems: list[Problem], front: bool) -> Any:
    """The YAML of a bloc file (``front=False``) or the front matter of a campaign file; None
    (and a warning) when it cannot be read."""
    offset = 0
    try:
        text = read_text(path, rel)
        if front:
            split = split_front_matter(text, rel)
            text, offset = split.meta, split.meta_offset
        data = parse_yaml(text)
    except ContentFileError as exc:
        p = exc.problem
        problems.append(_skipped(rel, p.line, p.col, p.message))
        return None
    except YamlError as exc:
        problems.append(_skipped(rel, exc.line + offset, exc.col, exc.message))
        return None
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or type(exc).__name__
        problems.append(_skipped(rel, 0, 0, reason))
        return None
    if not isinstance(data, dict):
        problems.append(_skipped(rel, 0, 0, msg("import.match_reason_not_mapping")))
        return None
    if not _text(data.get("name")):
        problems.append(_skipped(rel, 0, 0, msg("import.match_reason_no_name")))
        return None
    return data


def _text(value: Any) -> str | None:
    return nfc(str(value)).strip() or None if isinstance(value, str) else None


def _texts(value: Any) -> tuple[str, ...]:
    """A list of names (a single string is taken as a list of one); other values are left out."""
    items: Iterable[Any] = [value] if isinstance(value, str) else value
    if not isinstance(items, list | tuple):
        return ()
    out = []
    for item in items:
        if isinstance(item, dict):  # former names: {name, from, to}
            item = item.get("name")
        text = _text(item)
        if text:
            out.append(text)
    return tuple(out)


def _year(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _load_blocs(root: Path, config: SiteConfig, problems: list[Problem]) -> list[BlocEntry]:
    blocs = []
    for path in _files(root / "content" / "blocs", (".yaml", ".yml")):
        rel = path.relative_to(root).as_posix()
        data = _read_yaml(path, rel, problems, front=False)
        if data is None:
            continue
        aliases = _texts(data.get("aliases") or ())
        province = data.get("province")
        blocs.append(
            BlocEntry(
                slug=nfc(path.stem),
                name=_text(data["name"]) or "",
                kind="cum" if data.get("kind") == "cum" else "khoi",
                short_name=_text(data.get("short_name")),
                names=_texts(data.get("names") or ()),
                aliases=aliases,
                province=province if isinstance(province, str) else config.province,
                number=_year(data.get("number")),
                members=tuple(_members(data.get("members"), rel, problems)),
                draft=data.get("draft") is True,
            )
        )
    return blocs


def _members(items: Any, rel: str, problems: list[Problem]) -> list[MemberEntry]:
    if not isinstance(items, list):
        return []
    out = []
    for index, item in enumerate(items, 1):
        slug = _text(item.get("slug")) if isinstance(item, dict) else None
        name = _text(item.get("name")) if isinstance(item, dict) else None
        if not (isinstance(item, dict) and slug and name):
            line, col = items.pos[index - 1] if len(getattr(items, "pos", ())) >= index else (0, 0)
            said = msg("import.match_member_skipped", index=index)
            problems.append(Problem(rel, line, col, said, "", "warning"))
            continue
        out.append(
            MemberEntry(
                slug=slug,
                name=name,
                short_name=_text(item.get("short_name")),
                aliases=_texts(item.get("aliases") or ()),
                from_year=_year(item.get("from")),
                to_year=_year(item.get("to")),
            )
        )
    return out


def _load_campaigns(root: Path, problems: list[Problem]) -> list[CampaignEntry]:
    campaigns = []
    for path in _files(root / "content" / "campaigns", (".md",)):
        rel = path.relative_to(root).as_posix()
        data = _read_yaml(path, rel, problems, front=True)
        if data is None:
            continue
        campaigns.append(
            CampaignEntry(
                slug=nfc(path.stem),
                name=_text(data["name"]) or "",
                aliases=_texts(data.get("aliases") or ()),
                draft=data.get("draft") is True,
            )
        )
    return campaigns


# --- matching -----------------------------------------------------------------------------


def _gather(text: str, hits: Iterable[_Hit], keep) -> dict[str, Match]:
    """One :class:`Match` per slug of the targets ``keep`` accepts, in order of first mention."""
    found: dict[str, Match] = {}
    for hit in hits:
        for target in hit.targets:
            if not keep(target):
                continue
            seen = found.get(target.slug)
            if seen is None:
                found[target.slug] = Match(target.slug, text[hit.start : hit.end], 1, target.sure)
            else:
                seen.count += 1
                if _RANK[target.sure] > _RANK[seen.sure]:
                    seen.sure = target.sure
    return found


def match_bloc(cat: Catalogue, text: str) -> Match | None:
    """The bloc the text (title and body) names; None when it names none. With several, the
    most often named, then the longest named; a tie in count is "check"."""
    text = nfc(text)
    hits = cat.scan(text)
    found = _gather(text, hits, lambda t: t.kind == "bloc")
    if not found:
        return None
    longest = {
        slug: max(len(text[h.start : h.end]) for h in hits for t in h.targets if t.slug == slug)
        for slug in found
    }
    ranked = sorted(found.values(), key=lambda m: (-m.count, -longest[m.slug]))
    best = ranked[0]
    if len(ranked) > 1 and ranked[1].count == best.count:
        best.sure = "check"
    return best


# "… gồm 7 cơ quan, đơn vị: A; B; C." — the text's own list of the bloc's members
_MEMBER_LIST = re.compile(
    r"\bgồm\s+(?:\d+|các|những)?\s*(?:cơ quan|đơn vị|thành viên)(?:\s*,\s*(?:cơ quan|đơn vị))?"
    r"(?:\s+thành viên)?\s*:\s*(?P<list>[^.\n]+)",
    re.IGNORECASE,
)


def member_list_spans(text: str) -> list[tuple[int, int]]:
    """Where the text lists a bloc's members ("gồm 7 cơ quan, đơn vị: A; B; C")."""
    return [m.span("list") for m in _MEMBER_LIST.finditer(nfc(text))]


def match_units(cat: Catalogue, bloc: str, text: str, year: int | None) -> list[Match]:
    """The members of ``bloc`` the text names, in order of first mention. A member named in a
    year it was not in the bloc is "check"; one in the text's list of members is "sure"."""
    entry = cat.blocs.get(bloc)
    if entry is None:
        return []
    text = nfc(text)
    hits = cat.scan(text)
    found = _gather(text, hits, lambda t: t.kind == "unit" and t.bloc == bloc)
    spans = member_list_spans(text)
    for hit in hits:
        if any(a <= hit.start < b for a, b in spans):
            for target in hit.targets:
                if target.kind == "unit" and target.bloc == bloc:
                    found[target.slug].sure = "sure"
    if year is not None:
        members = {m.slug: m for m in entry.members}
        for match in found.values():
            if not members[match.slug].member_in(year):
                match.sure = "check"
    return list(found.values())


def match_campaigns(cat: Catalogue, text: str, quoted: list[str]) -> tuple[list[Match], list[str]]:
    """The campaigns the text names, and the ``quoted`` names (quoted movement names found in
    the text) that name no campaign but look like a movement: proposals for new campaigns."""
    text = nfc(text)
    found = _gather(text, cat.scan(text), lambda t: t.kind == "campaign")
    proposals: list[str] = []
    proposed: set[tuple[str, ...]] = set()
    for name in quoted:
        name = nfc(name).strip()
        inside = _gather(name, cat.scan(name), lambda t: t.kind == "campaign")
        for slug, match in inside.items():
            found.setdefault(slug, match)
        keys = _keys(name)
        if inside or keys in proposed or not _looks_like_movement(name, keys, text):
            continue
        proposed.add(keys)
        proposals.append(name)
    return list(found.values()), proposals


_OPENING = "\"“«‘'"
_QUOTED_BEFORE = re.compile(r"[\"“«‘'][^\"“”«»‘’']{1,300}[\"”»’']\s*(?:,|;|và)?\s*$")


def _looks_like_movement(name: str, keys: tuple[str, ...], text: str) -> bool:
    """A quoted name that is a movement's: three syllables or more (never a one-word slogan), and
    "thi đua" in it or "phong trào"/"cuộc vận động" right before it in the text."""
    if len(keys) < 3 or len(keys) > 40:
        return False
    if any(keys[i : i + 2] == _THI_DUA for i in range(len(keys) - 1)):
        return True
    at = text.find(name)
    if at < 0:
        at = text.casefold().find(name.casefold())
    if at < 0:
        return False
    before = text[max(0, at - 600) : at].rstrip().rstrip(_OPENING).rstrip()
    while True:  # "phong trào “A”, “B” và “C”": B and C are movements as A is
        earlier = _QUOTED_BEFORE.search(before)
        if earlier is None:
            break
        before = before[: earlier.start()].rstrip()
    tail = _keys(before[-60:])
    return any(tail[-len(lead) :] == lead for lead in _MOVEMENT_LEADS)
