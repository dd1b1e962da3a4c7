"""Vietnamese order is ICU's: bantin.text.sort_key against a checked list of real names sorted
by ICU (always), and against ICU itself on random text (where PyICU is installed)."""

from __future__ import annotations

import itertools
import json
import random
import subprocess
import unicodedata
from pathlib import Path

from tools import icu_python

from bantin.text import sort_key

LIST = Path(__file__).parent / "data" / "vi_collation.txt"


def checked_list() -> list[str]:
    lines = LIST.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


def test_real_names_and_places_sort_in_icus_vietnamese_order():
    names = checked_list()
    assert len(names) >= 200
    for seed in range(5):
        shuffled = list(names)
        random.Random(seed).shuffle(shuffled)
        assert sorted(shuffled, key=sort_key) == names


def test_spaces_and_punctuation_sort_before_letters():
    names = checked_list()
    pairs = [("Ma Lâm", "Mai Châu"), ("Hà Tĩnh", "Hàn Mặc Tử"), ("Lù Văn Que", "Lục Nam")]
    for first, then in pairs:
        assert names.index(first) < names.index(then)
        assert sort_key(first) < sort_key(then)
    assert sorted(["Mai", "Ma-a", "Ma a", "Ma.a"], key=sort_key) == ["Ma a", "Ma-a", "Ma.a", "Mai"]


def test_small_letters_come_before_capitals_when_all_else_is_equal():
    assert sorted(["HÀ NỘI", "Hà Nội", "Hà nội", "hà nội"], key=sort_key) == [
        "hà nội",
        "Hà nội",
        "Hà Nội",
        "HÀ NỘI",
    ]


# Letters with every tone, both cases; the Latin letters Vietnamese does not use; digits,
# spaces and the punctuation names and document numbers hold; and the look-alike Ð.
_BASES = "aăâeêioôơuưy"
_TONES = "\u0300\u0309\u0303\u0301\u0323"
_TONED = [unicodedata.normalize("NFC", b + t) for b in _BASES for t in _TONES]
_CHARS = list(_BASES + "bcdđghklmnpqrstvxfjwzðÐ") + _TONED
_CHARS += [c.upper() for c in _CHARS if c.upper() != c]
_CHARS += list("0123456789 -/.,()\"'–\t\n\r\u00a0\u2028\u3000\u200b²ﬁＡ")


def _random_words(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    few = rng.sample(_CHARS, 12)  # words from a few characters share prefixes and tie often
    words = []
    for _ in range(count):
        chars = few if rng.random() < 0.5 else _CHARS
        words.append("".join(rng.choice(chars) for _ in range(rng.randint(1, 8))))
    return words


_ICU_KEYS = """
import json, sys
import icu
collator = icu.Collator.createInstance(icu.Locale("vi"))
words = json.load(sys.stdin)
json.dump([collator.getSortKey(w).hex() for w in words], sys.stdout)
"""


def test_random_text_sorts_as_icu_sorts_it():
    python = icu_python()
    words = [w for seed in range(4) for w in _random_words(seed, 1500)]
    words += checked_list()
    done = subprocess.run(
        [python, "-c", _ICU_KEYS], input=json.dumps(words), capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    icu_key = dict(zip(words, json.loads(done.stdout), strict=True))
    ours = sorted(words, key=sort_key)
    wrong = [(a, b) for a, b in itertools.pairwise(ours) if icu_key[a] > icu_key[b]]
    assert wrong == [], f"{len(wrong)} pairs out of ICU's order, e.g. {wrong[:5]}"
