"""Every string the project adds has a Vietnamese translation, and the compiled catalogues match the sources."""

import gettext
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = [ROOT / "locale" / "vi" / "LC_MESSAGES", ROOT / "locale-allauth" / "vi" / "LC_MESSAGES"]


def _entries(po_text: str):
    """(msgid, msgstr list, flags) of each entry of a .po file, without a third-party parser."""
    blocks = po_text.split("\n\n")
    for block in blocks:
        if "msgid" not in block or block.lstrip().startswith("#~"):
            continue
        flags = " ".join(line for line in block.splitlines() if line.startswith("#,"))
        parts = re.findall(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?) ((?:".*"\n?)+)', block + "\n", re.M)
        fields = {k: "".join(re.findall(r'"(.*)"', v)) for k, v in parts}
        if fields.get("msgid") == "":
            continue
        translations = [v for k, v in fields.items() if k.startswith("msgstr")]
        msgid = fields.get("msgid")
        if "msgctxt" in fields:
            msgid = f"{fields['msgctxt']}\x04{msgid}"
        yield msgid, translations, flags


@pytest.mark.parametrize("folder", CATALOGUES, ids=lambda p: p.parents[1].name)
def test_every_message_is_translated_and_none_is_fuzzy(folder):
    entries = list(_entries((folder / "django.po").read_text(encoding="utf-8")))
    assert len(entries) > 100
    untranslated = [msgid for msgid, strs, _f in entries if not all(strs)]
    fuzzy = [msgid for msgid, _s, flags in entries if "fuzzy" in flags]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("folder", CATALOGUES, ids=lambda p: p.parents[1].name)
def test_compiled_catalogue_holds_every_translation(folder):
    with (folder / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for msgid, strs, _flags in _entries((folder / "django.po").read_text(encoding="utf-8")):
        if "\\" in msgid:
            continue  # escaped text (quotes, new lines) is compared by msgfmt itself
        assert compiled.gettext(msgid) == strs[0], f"{msgid!r} differs in django.mo: run make messages"


def test_no_source_string_is_missing_from_the_catalogue(tmp_path):
    """makemessages on a copy finds nothing that the committed catalogue lacks."""
    result = subprocess.run(["xgettext", "--version"], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        pytest.fail("xgettext is needed to extract messages (Debian package gettext)")
    sources = [
        p for p in ROOT.rglob("*.py") if not any(part in {".venv", "tests", "migrations", "bench"} for part in p.parts)
    ]
    out = tmp_path / "py.pot"
    subprocess.run(
        [
            "xgettext",
            "-L",
            "Python",
            "--from-code=UTF-8",
            "-k_",
            "-kgettext",
            "-kgettext_lazy",
            "-kngettext:1,2",
            "-kpgettext:1c,2",
            "-o",
            str(out),
            *map(str, sources),
        ],
        check=True,
    )
    found = {m for m, _s, _f in _entries(out.read_text(encoding="utf-8"))} if out.exists() else set()
    known = {m for m, _s, _f in _entries((CATALOGUES[0] / "django.po").read_text(encoding="utf-8"))}
    assert len(found) > 100
    assert found - known == set(), "run make messages and translate the new strings"
