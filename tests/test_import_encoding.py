"""The importer's decoding (bantin/importer/encoding.py): UTF-8, UTF-16, Windows-1258 and the
pre-Unicode TCVN3 and VNI encodings, chosen by character statistics, converted to NFC and
reported; mojibake in strings already decoded is repaired run by run.

The encoded fixtures (tests/fixtures/import/enc/*.txt) were written from their Unicode
originals (*.expected, beside them) by the fixture folder's make_fixtures.py."""

from __future__ import annotations

import unicodedata

import pytest
from conftest import FIXTURES
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bantin.importer.encoding import (
    ROWS,
    VIETNAMESE_LETTERS,
    decode_bytes,
    decode_legacy,
    encode_legacy,
    is_syllable,
    repair_text,
)
from bantin.importer.model import ImportProblem
from bantin.messages import tr

ENC = FIXTURES / "import" / "enc"


def expected(name: str) -> str:
    return (ENC / f"{name}.expected").read_text(encoding="utf-8")


def keys(messages) -> list[tuple[str, dict]]:
    return [(m.key, m.args) for m in messages]


# ----------------------------------------------------------------------- the letter table


def test_the_table_has_the_134_vietnamese_letters_once_each():
    bases = "aăâeêioôơuưy"
    tones = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
    small = {unicodedata.normalize("NFC", b + t) for b in bases for t in tones} - set("aeiouy")
    small.add("đ")
    assert len(small) == 67
    assert {r[0] for r in ROWS} == small
    assert len(ROWS) == 67
    assert len(VIETNAMESE_LETTERS) == len(set(VIETNAMESE_LETTERS)) == 134
    assert len({r[1] for r in ROWS}) == 67  # one TCVN3 byte per letter
    assert len({r[2] for r in ROWS}) == 67  # one VNI spelling per letter


@pytest.mark.parametrize(
    ("letter", "tcvn3", "vni"),
    [
        ("ô", b"\xab", b"o\xe2"),
        ("ơ", b"\xac", b"\xf4"),
        ("ư", b"\xad", b"\xf6"),
        ("đ", b"\xae", b"\xf1"),
        ("Đ", b"\xa7", b"\xd1"),
        ("á", b"\xb8", b"a\xf9"),
        ("à", b"\xb5", b"a\xf8"),
        ("ẳ", b"\xbc", b"a\xfa"),
        ("ố", b"\xe8", b"o\xe1"),
        ("ệ", b"\xd6", b"e\xe4"),
        ("ị", b"\xde", b"\xf2"),
        ("ỵ", b"\xfe", b"\xee"),
        ("Ỵ", b"\xfe", b"\xce"),  # TCVN3 has no byte for it: the small letter's, as .VnTimeH
        ("Ớ", b"\xed", b"\xd4\xd9"),
    ],
)
def test_letters_are_written_as_the_old_programs_wrote_them(letter, tcvn3, vni):
    assert encode_legacy(letter, "tcvn3") == tcvn3
    assert encode_legacy(letter, "vni") == vni


def test_every_letter_reads_back_from_each_encoding():
    for letter in VIETNAMESE_LETTERS:
        assert decode_legacy(encode_legacy(letter, "vni"), "vni") == letter
        assert decode_legacy(encode_legacy(letter, "windows-1258"), "windows-1258") == letter
        tcvn3 = decode_legacy(encode_legacy(letter, "tcvn3"), "tcvn3")
        assert tcvn3 == (letter if letter.islower() or letter in "ĂÂÊÔƠƯĐ" else letter.lower())


def test_a_character_an_encoding_cannot_write_is_refused():
    with pytest.raises(ValueError):
        encode_legacy("Khối thi đua 🎉", "tcvn3")


# ------------------------------------------------------------------------ fixture files

FILES = [
    ("tcvn3-yen-bai-2019-so-ket", "tcvn3", "import.converted_tcvn3", 213),
    ("vni-thanh-hoa-2016-tong-ket", "vni", "import.converted_vni", 174),
    ("cp1258-bac-kan-2023-so-ket", "windows-1258", "import.converted_cp1258", 214),
    ("nfd-lao-cai-2023-tong-ket", "utf-8", "import.converted_nfd", 75),
]


@pytest.mark.parametrize(("name", "encoding", "key", "count"), FILES)
def test_old_encodings_convert_exactly_and_say_so(name, encoding, key, count):
    decoded = decode_bytes((ENC / f"{name}.txt").read_bytes())
    assert decoded.text == expected(name)
    assert decoded.encoding == encoding
    assert keys(decoded.converted) == [(key, {"count": count})]


def test_the_report_says_what_was_converted_in_vietnamese():
    decoded = decode_bytes((ENC / "tcvn3-yen-bai-2019-so-ket.txt").read_bytes())
    assert [tr(m, "vi") for m in decoded.converted] == [
        "đã chuyển mã TCVN3 (ABC, phông .Vn) sang Unicode: 213 chữ"
    ]
    decoded = decode_bytes((ENC / "vni-thanh-hoa-2016-tong-ket.txt").read_bytes())
    assert [tr(m, "vi") for m in decoded.converted] == [
        "đã chuyển mã VNI (phông VNI-Windows) sang Unicode: 174 chữ"
    ]


def test_a_tcvn3_heading_in_a_capital_font_comes_back_in_capitals():
    text = decode_bytes((ENC / "tcvn3-yen-bai-2019-so-ket.txt").read_bytes()).text
    assert text.splitlines()[0] == (
        "KHỐI THI ĐUA CÁC TỔ CHỨC CHÍNH TRỊ - XÃ HỘI TỈNH YÊN BÁI SƠ KẾT 6 THÁNG ĐẦU NĂM 2019"
    )
    # a capital TCVN3 has no byte for, at the start of a word, cannot be told from a small one
    assert decode_bytes(encode_legacy("Ủy ban nhân dân tỉnh Yên Bái", "tcvn3")).text == (
        "ủy ban nhân dân tỉnh Yên Bái"
    )


def test_old_tone_placement_stays_as_written():
    text = decode_bytes((ENC / "nfd-lao-cai-2023-tong-ket.txt").read_bytes()).text
    assert "Hoà Bình, Thuỷ và Khoẻ" in text
    assert "Thanh Hoá" in decode_bytes(encode_legacy("tỉnh Thanh Hoá và Hòa Bình", "vni")).text


@pytest.mark.parametrize(
    ("file", "name", "encoding"),
    [
        ("utf16-nam-dinh-2020-phat-dong.txt", "utf16-nam-dinh-2020-phat-dong", "utf-16"),
        ("utf8bom-lao-cai-2017-so-ket.txt", "utf8bom-lao-cai-2017-so-ket", "utf-8"),
        ("french-latin1.txt", "french", "windows-1252"),
        ("french-utf8.txt", "french", "utf-8"),
        ("german-cp1252.txt", "german", "windows-1252"),
        ("german-utf8.txt", "german", "utf-8"),
        ("english-cp1252.txt", "english", "windows-1252"),
    ],
)
def test_unicode_and_western_text_comes_back_unchanged(file, name, encoding):
    decoded = decode_bytes((ENC / file).read_bytes())
    assert decoded.text == expected(name)
    assert decoded.encoding == encoding
    assert decoded.converted == []


@pytest.mark.parametrize("name", [f[0] for f in FILES] + ["utf16-nam-dinh-2020-phat-dong"])
def test_utf8_vietnamese_comes_back_unchanged(name):
    text = expected(name)
    decoded = decode_bytes(text.encode("utf-8"))
    assert (decoded.text, decoded.encoding, decoded.converted) == (text, "utf-8", [])
    assert repair_text(text) == (text, [])


@pytest.mark.parametrize(
    "text", ["Hà Nội", "Lào Cai", "Đà", "ý kiến", "Café Sài Gòn", "Thủy", "ôn", "áo"]
)
def test_short_utf8_vietnamese_is_utf8(text):
    decoded = decode_bytes(text.encode("utf-8"))
    assert (decoded.text, decoded.encoding, decoded.converted) == (text, "utf-8", [])


def test_ascii_is_ascii():
    decoded = decode_bytes(b"Khoi thi dua cac doan the\r\n")
    assert (decoded.text, decoded.encoding, decoded.converted) == (
        "Khoi thi dua cac doan the\r\n",
        "ascii",
        [],
    )
    assert decode_bytes(b"").text == ""


# ------------------------------------------------------------------- the declared charset

TCVN3_PAGE = encode_legacy("Khối thi đua các đoàn thể tỉnh Lào Cai sơ kết 6 tháng", "tcvn3")


@pytest.mark.parametrize("declared", [None, "iso-8859-1", "windows-1252", "windows-1258", "utf-8"])
def test_a_declared_charset_the_statistics_disagree_with_is_not_trusted(declared):
    decoded = decode_bytes(TCVN3_PAGE, declared)
    assert decoded.encoding == "tcvn3"
    assert decoded.text == "Khối thi đua các đoàn thể tỉnh Lào Cai sơ kết 6 tháng"


def test_a_declared_charset_the_statistics_agree_with_decides():
    cp1258 = encode_legacy("Hội nghị sơ kết", "windows-1258")
    assert decode_bytes(cp1258, "Windows-1258").encoding == "windows-1258"
    assert decode_bytes(cp1258, "utf-8").encoding == "windows-1258"  # not UTF-8 at all
    russian = "Собрание блока".encode("koi8-r")
    decoded = decode_bytes(russian, "koi8-r")
    assert (decoded.text, decoded.encoding) == ("Собрание блока", "koi8-r")
    assert decode_bytes(russian).encoding == "windows-1252"  # nothing said: the default


# ------------------------------------------------------------------------------ not text


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01",
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00",
        bytes(range(1, 32)) * 4,
        b"\xff\xfe\x00\xd8",  # UTF-16 with half a character
    ],
)
def test_bytes_that_are_not_text_are_a_problem_that_says_so(data):
    with pytest.raises(ImportProblem) as caught:
        decode_bytes(data)
    assert caught.value.message.key == "import.not_text"
    assert tr(caught.value.message, "vi").startswith("không phải tệp văn bản")
    assert caught.value.hint.key == "import.not_text_hint"


# ---------------------------------------------------------------------------- repair_text


@pytest.mark.parametrize(
    ("pasted", "repaired", "key"),
    [
        ("Khèi thi ®ua", "Khối thi đua", "import.converted_tcvn3"),
        ("Kh«i thi ®ua", "Khôi thi đua", "import.converted_tcvn3"),
        ("Khoái thi ñua", "Khối thi đua", "import.converted_vni"),
        ("Vieät Nam", "Việt Nam", "import.converted_vni"),
        ("Héi nghÞ s¬ kÕt", "Hội nghị sơ kết", "import.converted_tcvn3"),
        ("Hoäi nghò sô keát", "Hội nghị sơ kết", "import.converted_vni"),
    ],
)
def test_pasted_mojibake_is_repaired(pasted, repaired, key):
    text, converted = repair_text(pasted)
    assert text == repaired
    assert [m.key for m in converted] == [key]


def test_only_the_lines_and_runs_that_are_mojibake_convert():
    text = (
        "Khối thi đua các đoàn thể\n"
        "Héi nghÞ s¬ kÕt 6 th¸ng\n"
        "Café Sài Gòn, Straße für Mädchen\n"
        "Tin: Khối thi đua – Cuïm thi ñua soá 7 – Hoà Bình"
    )
    repaired, converted = repair_text(text)
    assert repaired == (
        "Khối thi đua các đoàn thể\n"
        "Hội nghị sơ kết 6 tháng\n"
        "Café Sài Gòn, Straße für Mädchen\n"
        "Tin: Khối thi đua – Cụm thi đua số 7 – Hoà Bình"
    )
    assert keys(converted) == [
        ("import.converted_tcvn3", {"count": 5}),
        ("import.converted_vni", {"count": 3}),
    ]


def test_nfd_becomes_nfc_and_says_how_many_letters():
    text, converted = repair_text(unicodedata.normalize("NFD", "Thuỷ, Hoà Bình, Đắk Lắk"))
    assert text == "Thuỷ, Hoà Bình, Đắk Lắk"
    assert keys(converted) == [("import.converted_nfd", {"count": 5})]


@pytest.mark.parametrize(
    "text",
    [
        "Où est la fenêtre ? Déjà vu, naïve Noël, crème brûlée, ça coûte peu.",
        "Straße, Mädchen, größer, Öffentlichkeit, für, über, Äpfel.",
        "© 2024 Bản tin – “Khối thi đua” · 5 km² · 30 °C ± 2",
        "Tỉnh Thanh Hoá và Hòa Bình; văn hoá, hoà bình, thuý.",
        "São Paulo, Ñandú, Curaçao, Zürich, Ålesund, Øresund, Þingvellir",
    ],
)
def test_other_languages_and_symbols_are_left_alone(text):
    assert repair_text(text) == (text, [])
    assert decode_bytes(text.encode("utf-8")).text == text


def test_spelling_check():
    for word in ["nghiêng", "khuya", "quốc", "gìn", "giữ", "Trưởng", "hoà", "hòa", "thuở"]:
        assert is_syllable(word), word
    for word in ["cafộ", "Vieọt", "ñua", "Mädchen", "cỏc", "ăn̉", "ă", "tat"]:
        assert not is_syllable(word), word


# ---------------------------------------------------------------------------- properties

PUNCTUATION = " ,.;:!?()-\n“”"
SMALL = st.text(
    alphabet=st.sampled_from(
        sorted(set("abcdeghiklmnopqrstuvxy" + PUNCTUATION) | {r[0] for r in ROWS})
    ),
    max_size=80,
)
ANY_CASE = st.text(
    alphabet=st.sampled_from(
        sorted(set("abcdeghiklmnopqrstuvxyABCDEGHIKLMNOPQRSTUVXY0123456789" + PUNCTUATION))
        + list(VIETNAMESE_LETTERS)
    ),
    max_size=80,
)


@given(SMALL)
def test_tcvn3_round_trips_small_letters(text):
    assert decode_legacy(encode_legacy(text, "tcvn3"), "tcvn3") == text


@given(ANY_CASE)
def test_vni_round_trips(text):
    assert decode_legacy(encode_legacy(text, "vni"), "vni") == text


@given(ANY_CASE)
def test_windows_1258_round_trips(text):
    assert decode_legacy(encode_legacy(text, "windows-1258"), "windows-1258") == text


# Syllables of everyday bulletin Vietnamese, with and without marks, to make realistic text.
WORDS = (
    "khối thi đua các đoàn thể chính trị xã hội tỉnh huyện hội nghị sơ kết tổng năm tháng "
    "ngày đồng chí trưởng phó ban mặt trận tổ quốc nông dân phụ nữ cựu chiến binh liên hiệp "
    "lao động đơn vị thành viên phong trào giao ước ký phát biểu dương khen thưởng cờ bằng "
    "công tác nhiệm vụ triển khai thực hiện kết quả đạt được những trong với của và là có đã "
    "cho người dân hướng về cơ sở xây dựng nông thôn mới văn minh đổi sáng tạo hiệu"
).split()


@st.composite
def realistic(draw, capitals: bool) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=8, max_size=60))
    if capitals:
        flags = draw(st.lists(st.booleans(), min_size=len(words), max_size=len(words)))
        words = [w.capitalize() if f else w for w, f in zip(words, flags, strict=True)]
    seps = draw(st.lists(st.sampled_from([" ", " ", " ", ", ", ". ", "\n"]), min_size=len(words)))
    text = "".join(w + s for w, s in zip(words, seps, strict=False)).strip()
    assume(sum(c.isalpha() for c in text) >= 40)
    return text


@settings(max_examples=60, deadline=None)
@given(realistic(capitals=False))
def test_detection_picks_tcvn3(text):
    decoded = decode_bytes(encode_legacy(text, "tcvn3"))
    assert (decoded.encoding, decoded.text) == ("tcvn3", text)


@settings(max_examples=60, deadline=None)
@given(realistic(capitals=True))
def test_detection_picks_vni(text):
    decoded = decode_bytes(encode_legacy(text, "vni"))
    assert (decoded.encoding, decoded.text) == ("vni", text)


@settings(max_examples=60, deadline=None)
@given(realistic(capitals=True))
def test_detection_picks_windows_1258(text):
    decoded = decode_bytes(encode_legacy(text, "windows-1258"))
    assert (decoded.encoding, decoded.text) == ("windows-1258", text)


@settings(max_examples=60, deadline=None)
@given(realistic(capitals=True))
def test_utf8_vietnamese_is_never_converted(text):
    decoded = decode_bytes(text.encode("utf-8"))
    assert (decoded.encoding, decoded.text, decoded.converted) == ("utf-8", text, [])
    assert repair_text(text) == (text, [])


def test_a_short_text_without_a_zero_byte_is_not_utf16():
    """bantin.text.utf16_encoding once took 4–7 bytes of UTF-8 ("Đà") for UTF-16."""
    from bantin.text import decode_text, utf16_encoding

    for text in ("Đà", "Hội", "abcd", "Tin tức"):
        assert utf16_encoding(text.encode()) is None
        assert decode_text(text.encode()) == text
    assert utf16_encoding("Đà".encode("utf-16-le")) == "utf-16-le"
