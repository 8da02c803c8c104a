"""Vietnamese text rules: sort order, NFC storage and matching regardless of tone placement or diacritics."""

import random
import unicodedata

from lms import vietnamese

GOLDEN = [
    "Đỗ Văn An",
    "Nguyễn Văn An",
    "Lê Thị Ánh",
    "Võ Thị Ăn",
    "Phạm Thị Ân",
    "Nguyễn Thị Bảo",
    "Bùi Văn Dũng",
    "Hoàng Duy",
    "Trần Văn Đức",
    "Phan Văn On",
    "Huỳnh Thị Ôn",
    "Lê Văn Ơn",
    "Trương Thị Út",
    "Ngô Văn Ư",
]


def test_golden_list_sorts_in_vietnamese_name_order():
    for seed in range(20):
        shuffled = GOLDEN[:]
        random.Random(seed).shuffle(shuffled)
        assert sorted(shuffled, key=vietnamese.name_sort_key) == GOLDEN


def test_python_default_sort_gets_the_golden_list_wrong():
    # The reason the project has its own key: plain code-point order is not Vietnamese order.
    assert sorted(GOLDEN) != GOLDEN


def test_tones_break_ties_in_order_none_huyen_hoi_nga_sac_nang():
    words = ["Ma", "Mà", "Mả", "Mã", "Má", "Mạ"]
    shuffled = list(reversed(words))
    assert sorted(shuffled, key=vietnamese.sort_key) == words


def test_sort_key_uses_digits_only_so_any_database_collation_keeps_the_order():
    key = vietnamese.name_sort_key("Nguyễn Thị Ánh")
    assert key.isdigit()


def test_decomposed_and_composed_names_get_the_same_key():
    composed = "Nguyễn Thị Hòa"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    assert vietnamese.nfc(decomposed) == composed
    assert vietnamese.name_sort_key(decomposed) == vietnamese.name_sort_key(composed)


def test_old_and_new_tone_placement_match():
    assert vietnamese.match_form("Hoà") == vietnamese.match_form("Hòa")
    assert vietnamese.match_form("Thuý") == vietnamese.match_form("Thúy")
    assert vietnamese.match_form("Hoà") != vietnamese.match_form("Hoa")
    assert vietnamese.name_sort_key("Lê Thị Hoà") == vietnamese.name_sort_key("Lê Thị Hòa")


def test_strip_diacritics_turns_d_with_stroke_into_d():
    assert vietnamese.strip_diacritics("Đảng bộ Đại Lộc") == "dang bo dai loc"
    assert vietnamese.strip_diacritics("Hòa giải ở cơ sở") == "hoa giai o co so"


def test_split_name_family_middle_given():
    assert vietnamese.split_name("  Huỳnh   Thị Ngọc Ân ") == ("Huỳnh", "Thị Ngọc", "Ân")
    assert vietnamese.split_name("Duy") == ("", "", "Duy")
