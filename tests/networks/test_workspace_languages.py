"""The coordinator workspace in nynorsk and English: no heading, label, button or link is left
in bokmål unless the catalogue says the word is the same in that language."""

import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.urls import reverse

from tests.factories import EnrollmentFactory, SessionFactory

pytestmark = pytest.mark.django_db

LOCALE = Path(__file__).resolve().parents[2] / "locale"
TEXT_TAGS = {
    "title",
    "h1",
    "h2",
    "h3",
    "caption",
    "legend",
    "th",
    "button",
    "summary",
    "label",
    "a",
}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")


class UiTexts(HTMLParser):
    """The text of each heading, table heading, label, button and link, in document order.

    Row headings (``<th scope="row">``) hold a participant's details, not interface text.
    """

    def __init__(self):
        super().__init__()
        self.open: list[list] = []
        self.texts: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag in TEXT_TAGS and not (tag == "th" and dict(attrs).get("scope") == "row"):
            self.open.append([tag, ""])

    def handle_endtag(self, tag):
        if self.open and self.open[-1][0] == tag:
            name, text = self.open.pop()
            self.texts.append((name, text))

    def handle_data(self, data):
        for item in self.open:
            item[1] += data


def ui_texts(html: str) -> list[tuple[str, str]]:
    parser = UiTexts()
    parser.feed(html)
    return parser.texts


def normalise(text: str, data: list[str]) -> str:
    """The interface words of a text: without data, numbers, placeholders or punctuation."""
    for value in data:
        text = text.replace(value, " ")
    text = PLACEHOLDER.sub(" ", text)
    text = re.sub(r"[\d()–,.:·/]+", " ", text)
    return " ".join(text.split())


def same_in(lang: str) -> set[str]:
    """Words of the messages whose translation the catalogue leaves as in bokmål.

    Words rather than whole messages: a button may join two messages ("Send" + "til Kari").
    """
    po = polib.pofile(str(LOCALE / lang / "LC_MESSAGES" / "django.po"))
    same = set()
    for entry in po.translated_entries():
        if entry.msgid_plural:
            pairs = zip(
                (entry.msgid, entry.msgid_plural), entry.msgstr_plural.values(), strict=False
            )
        else:
            pairs = [(entry.msgid, entry.msgstr)]
        for msgid, msgstr in pairs:
            if msgid == msgstr:
                same.update(normalise(msgid, []).split())
    return same


@pytest.fixture
def workspace(client, network_a, coordinator_a):
    session = SessionFactory(network=network_a, number=1, title="Oppstart i Bergen")
    enrollment = EnrollmentFactory(
        network=network_a, status="accepted", participant__name="Kari Nordmann"
    )
    EnrollmentFactory(network=network_a, status="pending", email_status="failed")
    client.force_login(coordinator_a)
    data = [
        network_a.name,
        session.title,
        enrollment.participant.name,
        "IOA-portalen",
        *[e.participant.name for e in network_a.enrollments.select_related("participant")],
    ]
    paths = [
        reverse("coordinator:overview"),
        reverse("coordinator:enrollments", args=[network_a.slug]),
        reverse("coordinator:register", args=[network_a.slug]),
        reverse("coordinator:attendance", args=[network_a.slug, 1]),
    ]
    return {"paths": paths, "data": data}


@pytest.mark.parametrize("lang", ["nn", "en"])
def test_workspace_headings_and_controls_are_translated(client, workspace, lang):
    allowed = same_in(lang)
    left_in_bokmal = []
    for path in workspace["paths"]:
        bokmal = ui_texts(client.get(path).content.decode())
        translated = ui_texts(client.get(f"/{lang}{path}").content.decode())
        assert [tag for tag, _ in bokmal] == [tag for tag, _ in translated], path
        for (tag, nb_text), (_, text) in zip(bokmal, translated, strict=True):
            words = normalise(text, workspace["data"])
            unchanged = words == normalise(nb_text, workspace["data"])
            if words and unchanged and not set(words.split()) <= allowed:
                left_in_bokmal.append(f"{path} <{tag}> {text!r}")
    assert left_in_bokmal == []


@pytest.mark.parametrize(("lang", "word"), [("en", "Coordinator"), ("nn", "Koordinator")])
def test_workspace_is_named_in_the_language_of_the_address(client, workspace, lang, word):
    html = client.get(f"/{lang}{reverse('coordinator:overview')}").content.decode()
    texts = dict(ui_texts(html))
    assert texts["title"].startswith(f"{word} – ")
    assert f'<span aria-current="page">{word}</span>' in html
