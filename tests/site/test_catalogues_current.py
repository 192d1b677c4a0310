"""The compiled catalogues (django.mo) carry today's translations: every message the
source catalogue (django.po) translates is what Django's gettext returns in that language.

test_translations.py checks that the keys exist; this checks the texts, so a .po edited
without `make messages` (an old django.mo with yesterday's wording) fails here.
"""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

LANGUAGES = ["nn", "en"]
PLURAL_SAMPLES = (1, 2, 5)


def catalogue(language: str) -> polib.POFile:
    folder = Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES"
    return polib.pofile(str(folder / "django.po"))


def translated(po: polib.POFile) -> list[polib.POEntry]:
    return [
        entry
        for entry in po
        if not entry.obsolete
        and "fuzzy" not in entry.flags
        and (entry.msgstr or any(entry.msgstr_plural.values()))
    ]


def plural_index(po: polib.POFile, n: int) -> int:
    """Which msgstr[i] the catalogue's Plural-Forms picks for n."""
    assert po.metadata["Plural-Forms"].replace(" ", "") == "nplurals=2;plural=(n!=1);"
    return 0 if n == 1 else 1


def current(po: polib.POFile, entry: polib.POEntry) -> list[str]:
    """Where Django's answer differs from the .po, a line saying so."""
    wrong = []
    if entry.msgid_plural:
        for n in PLURAL_SAMPLES:
            if entry.msgctxt:
                got = translation.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n)
            else:
                got = translation.ngettext(entry.msgid, entry.msgid_plural, n)
            want = entry.msgstr_plural[plural_index(po, n)]
            if got != want:
                wrong.append(f"{entry.msgid!r} (n={n}): {got!r}, not {want!r}")
    else:
        if entry.msgctxt:
            got = translation.pgettext(entry.msgctxt, entry.msgid)
        else:
            got = translation.gettext(entry.msgid)
        if got != entry.msgstr:
            wrong.append(f"{entry.msgid!r}: {got!r}, not {entry.msgstr!r}")
    return wrong


@pytest.mark.parametrize("language", LANGUAGES)
def test_gettext_returns_the_translation_the_source_catalogue_holds(language):
    po = catalogue(language)
    entries = translated(po)
    assert len(entries) > 100
    wrong = []
    with translation.override(language):
        for entry in entries:
            wrong += current(po, entry)
    assert not wrong, f"{len(wrong)} stale in {language}/django.mo (run 'make messages'):\n" + (
        "\n".join(wrong[:20])
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_is_not_older_than_its_source(language):
    folder = Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES"
    mo, po = polib.mofile(str(folder / "django.mo")), catalogue(language)
    compiled = {(e.msgctxt, e.msgid): e for e in mo}
    differing = [
        entry.msgid
        for entry in translated(po)
        if (entry.msgctxt, entry.msgid) not in compiled
        or compiled[(entry.msgctxt, entry.msgid)].msgstr != entry.msgstr
        or (
            entry.msgid_plural
            and compiled[(entry.msgctxt, entry.msgid)].msgstr_plural
            != {int(k): v for k, v in entry.msgstr_plural.items()}
        )
    ]
    assert differing == [], differing[:20]
