"""bantin.text: NFC normalisation and Vietnamese dictionary order."""

import random
import unicodedata

import pytest

from bantin.text import nfc, nfc_deep, sort_key
from bantin.yamlio import PosDict, PosList, parse_yaml

ALPHABET = "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z".split()


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def vn_sorted(words):
    shuffled = list(words)
    random.Random(7).shuffle(shuffled)
    return sorted(shuffled, key=sort_key)


# ---------------------------------------------------------------- NFC


def test_nfc_joins_decomposed_letters():
    assert len(nfd("Ủy")) == 3
    assert nfc(nfd("Ủy")) == "Ủy"
    assert len(nfc(nfd("Ủy"))) == 2


def test_nfc_keeps_tone_placement_variants_apart():
    # "Uỷ" and "Ủy" are different spellings even in NFC: bantin never rewrites them.
    assert nfc("Uỷ ban") != nfc("Ủy ban")


def test_nfc_deep_normalises_keys_and_values_in_nested_data():
    data = {nfd("tên"): [nfd("Đoàn"), {"k": nfd("Hòa")}], "n": 3, "d": None}
    assert nfc_deep(data) == {"tên": ["Đoàn", {"k": "Hòa"}], "n": 3, "d": None}


def test_nfc_deep_keeps_pos_dicts_and_their_positions():
    data = parse_yaml(nfd('tên: "Ủy ban"\nđơn_vị:\n  - Hội Nông dân\n  - Tỉnh đoàn\n'))
    out = nfc_deep(data)
    assert isinstance(out, PosDict)
    assert out == {"tên": "Ủy ban", "đơn_vị": ["Hội Nông dân", "Tỉnh đoàn"]}
    assert out.pos == {"tên": (1, 1), "đơn_vị": (2, 1)}
    assert out.start == data.start
    assert isinstance(out["đơn_vị"], PosList)
    assert out["đơn_vị"].pos == [(3, 5), (4, 5)]


# ---------------------------------------------------------------- Vietnamese order


def test_vietnamese_words_sort_in_dictionary_order_not_code_point_order():
    words = ["Zê-rô", "Ủy ban", "Đoàn", "Bình", "Ân", "An", "Ư"]
    assert sorted(words) != vn_sorted(words)  # code points put Ân, Đoàn, Ủy after Z
    assert vn_sorted(words) == ["An", "Ân", "Bình", "Đoàn", "Ủy ban", "Ư", "Zê-rô"]


def test_the_alphabet_sorts_in_its_own_order():
    assert vn_sorted(ALPHABET) == ALPHABET


def test_capital_letters_sort_with_their_small_letters():
    # as in ICU: the small letter first when all else is equal
    assert vn_sorted(["Đ", "d", "đ", "D", "e", "Ê", "E"]) == ["d", "D", "đ", "Đ", "e", "E", "Ê"]


def test_letters_decide_before_tones():
    # "ạ" carries a tone but its letter still comes before "b"; "mà" before "mai".
    assert vn_sorted(["b", "ạ"]) == ["ạ", "b"]
    assert vn_sorted(["mai", "mà"]) == ["mà", "mai"]
    assert vn_sorted(["ân", "ắn", "an"]) == ["an", "ắn", "ân"]


def test_a_word_without_a_tone_comes_before_its_toned_forms():
    words = ["mạ", "mã", "mả", "má", "mà", "ma"]
    assert vn_sorted(words)[0] == "ma"
    assert len({sort_key(w)[0] for w in words}) == 1  # same letters; the tone breaks the tie


def test_tones_tie_break_in_dictionary_order():
    assert vn_sorted(["mạ", "má", "mã", "mả", "mà", "ma"]) == ["ma", "mà", "mả", "mã", "má", "mạ"]


def test_digits_sort_before_letters():
    assert vn_sorted(["Khối 5", "Khối A", "Khối 1"]) == ["Khối 1", "Khối 5", "Khối A"]


def test_nfd_text_sorts_like_its_nfc_form():
    for word in ["Ủy ban", "Đoàn kết", "Hòa Bình", "Nguyễn Thị Ánh"]:
        assert sort_key(nfd(word))[:2] == sort_key(word)[:2]


def test_equal_letters_and_tones_fall_back_to_the_text_so_the_order_is_total():
    assert sort_key("ANH") != sort_key("anh")
    assert vn_sorted(["anh", "Anh", "ANH"]) == ["anh", "Anh", "ANH"]


def test_profiles_sort_by_name_in_vietnamese_order():
    names = ["Vũ Văn Ba", "Đặng Thu Hà", "Âu Cơ", "Lò Văn Khánh", "Ông Ích Khiêm", "Bùi Thị An"]
    assert vn_sorted(names) == [
        "Âu Cơ",
        "Bùi Thị An",
        "Đặng Thu Hà",
        "Lò Văn Khánh",
        "Ông Ích Khiêm",
        "Vũ Văn Ba",
    ]


@pytest.mark.parametrize(
    "text, expected",
    [("Diện tích 500 m²", ["a", "Diện tích 500 m²", "z"]), ("①", ["①", "a", "z"])],
)
def test_sort_key_accepts_superscript_and_circled_digits(text, expected):
    # a circled or superscript digit is a digit, and digits sort before letters (as in ICU)
    assert sorted([text, "z", "a"], key=sort_key) == expected
