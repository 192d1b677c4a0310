"""Nynorsk and English are complete: no untranslated or fuzzy message, compiled catalogues
match their sources, and every string the code marks for translation is in the catalogues."""

import os
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ["nn", "en"]


def catalogue(lang: str) -> polib.POFile:
    return polib.pofile(str(ROOT / "locale" / lang / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalogue_has_no_untranslated_or_fuzzy_messages(lang):
    po = catalogue(lang)
    assert len(po) > 100
    untranslated = [e.msgid for e in po.untranslated_entries() if not e.obsolete]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert untranslated == [], f"{len(untranslated)} untranslated, e.g. {untranslated[:5]}"
    assert fuzzy == [], f"{len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_compiled_catalogue_matches_its_source(lang):
    po = catalogue(lang)
    mo = polib.mofile(str(ROOT / "locale" / lang / "LC_MESSAGES" / "django.mo"))
    compiled = {
        (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items()))) for e in mo
    }
    for entry in po.translated_entries():
        key = (entry.msgctxt, entry.msgid)
        assert key in compiled, f"{entry.msgid!r} is missing from django.mo: run 'make messages'"


@pytest.mark.skipif(not shutil.which("xgettext"), reason="xgettext (gettext) is not installed")
def test_every_marked_string_is_in_the_catalogues(tmp_path):
    # Extract in a scratch copy of the project: makemessages writes into the locale/ folder
    # of the directory it runs in, whatever LOCALE_PATHS says.
    project = tmp_path / "project"
    shutil.copytree(
        ROOT,
        project,
        ignore=shutil.ignore_patterns(
            ".*", "__pycache__", "*.egg-info", "staticfiles", "tests", "bench", "docs"
        ),
    )
    subprocess.run(
        [
            str(ROOT / ".venv" / "bin" / "python"),
            "manage.py",
            "makemessages",
            "-l",
            "nn",
            "-l",
            "en",
            "--no-location",
            "--no-obsolete",
        ],
        cwd=project,
        check=True,
        capture_output=True,
        # makemessages reads no data; a URL that is never connected to keeps the settings
        # from starting an embedded database server in the copy.
        env={
            **{k: v for k, v in os.environ.items() if k != "IOA_LOCALE_DIR"},
            "DATABASE_URL": "postgresql://unused@127.0.0.1:9/unused",
        },
    )
    scratch = project / "locale"
    for lang in LANGUAGES:
        fresh = polib.pofile(str(scratch / lang / "LC_MESSAGES" / "django.po"))
        missing = [e.msgid for e in fresh.untranslated_entries() if not e.obsolete]
        assert missing == [], f"{lang}: {len(missing)} strings without translation: {missing[:5]}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "lang", "nav"),
    [("", "nb", "Anskaffelser"), ("/nn", "nn", "Anskaffingar"), ("/en", "en", "Procurements")],
)
def test_pages_speak_the_language_of_their_address(client, prefix, lang, nav):
    html = client.get(prefix + "/").content.decode()
    assert f'<html lang="{lang}">' in html
    assert f">{nav}</a>" in html


@pytest.mark.django_db
def test_language_switcher_keeps_the_current_page(client):
    html = client.get(reverse("about")).content.decode()
    assert 'href="/nn/om/"' in html and 'href="/en/om/"' in html
    html = client.get("/en/om/").content.decode()
    assert 'href="/om/"' in html
