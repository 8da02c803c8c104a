"""Vietnamese text rules: NFC storage, alphabet-order sort keys, diacritic-free and tone-placement-free matching.

ICU has a Vietnamese collation, but PyICU needs the system ICU library and a compiler, which a fresh
machine may lack; the Vietnamese rules are short and fixed, so they are written here and tested
against the golden list in DOMAIN.md.

Sort keys are strings of digits only, so that the database orders them the same way under any
collation (PostgreSQL's locale collations ignore punctuation, which would break other encodings).
"""

import re
import unicodedata

# Letters in Vietnamese alphabet order; f, j, w and z appear in names of foreign origin.
ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
DIGITS = "0123456789"
_CODES = {ch: f"{i:02d}" for i, ch in enumerate(DIGITS + ALPHABET, start=1)}
WORD_END = "00"

# Combining marks that change the letter (ă â ê ô ơ ư) versus those that carry the tone.
_SHAPE_MARKS = {"\u0306": "breve", "\u0302": "circumflex", "\u031b": "horn"}
# Tone order: none < huyền < hỏi < ngã < sắc < nặng.
_TONE_MARKS = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}
_SHAPED = {
    ("a", "breve"): "ă",
    ("a", "circumflex"): "â",
    ("e", "circumflex"): "ê",
    ("o", "circumflex"): "ô",
    ("o", "horn"): "ơ",
    ("u", "horn"): "ư",
}
_WORD_RE = re.compile(r"\w+", re.UNICODE)


def nfc(text: str) -> str:
    """Text as stored: Unicode NFC with runs of white space collapsed."""
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def _syllable(word: str) -> tuple[str, str]:
    """Split a word into its letters (with shape marks, without tone) and its tone digit."""
    letters: list[str] = []
    tone = "0"
    for ch in unicodedata.normalize("NFD", word.lower()):
        if ch in _TONE_MARKS:
            tone = _TONE_MARKS[ch]
        elif ch in _SHAPE_MARKS:
            if letters:
                letters[-1] = _SHAPED.get((letters[-1], _SHAPE_MARKS[ch]), letters[-1])
        elif unicodedata.combining(ch):
            continue
        else:
            letters.append(ch)
    return "".join(letters), tone


def _words(text: str) -> list[str]:
    return _WORD_RE.findall(nfc(text))


def _primary_and_tones(words: list[str]) -> str:
    primary: list[str] = []
    tones: list[str] = []
    for word in words:
        letters, tone = _syllable(word)
        primary.extend(_CODES[ch] for ch in letters if ch in _CODES)
        primary.append(WORD_END)
        tones.append(tone)
    # Letters decide first; tones only break ties between words spelt alike.
    return "".join(primary) + WORD_END + "".join(tones)


def sort_key(text: str) -> str:
    """Key that orders any text (unit names, titles) in Vietnamese alphabet order."""
    return _primary_and_tones(_words(text))


def split_name(full_name: str) -> tuple[str, str, str]:
    """(family, middle, given) of a Vietnamese full name written family-first."""
    words = nfc(full_name).split(" ")
    if len(words) == 1:
        return "", "", words[0]
    return words[0], " ".join(words[1:-1]), words[-1]


def name_sort_key(full_name: str) -> str:
    """Key that orders people by given name, then family name, then middle names."""
    family, middle, given = split_name(full_name)
    return "".join(_primary_and_tones(_words(part)) for part in (given, family, middle))


def strip_diacritics(text: str) -> str:
    """Lower-case text without any mark, đ as d: what people type when they skip diacritics."""
    decomposed = unicodedata.normalize("NFD", nfc(text).lower().replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def match_form(text: str) -> str:
    """Lower-case text in which the tone is written once per word, after it.

    "Hoà" (old tone placement) and "Hòa" (new) both become "hoa1", so they match each other.
    """
    out = []
    for word in _words(text):
        letters, tone = _syllable(word)
        out.append(letters + (tone if tone != "0" else ""))
    return " ".join(out)


def has_diacritics(text: str) -> bool:
    return strip_diacritics(text) != nfc(text).lower()
