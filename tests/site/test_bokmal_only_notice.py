"""On /nn/ and /en/, texts that exist only in bokmål (a case's texts, the guide's texts) say
so once at the top of the content and carry lang="nb", so that screen readers read them in
Norwegian; the accessibility statement says what really is translated (issue 16)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from cases.models import GuideText, Phase
from tests.factories import BenefitAnalysisFactory, CaseFactory, DialogueConferenceFactory

pytestmark = pytest.mark.django_db

NOTICE = "Innholdet finnes bare på bokmål"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class Page(HTMLParser):
    """Each piece of text in <main> with the language it is marked with (the nearest lang
    attribute), and the texts of the bokmål-only notices in their order."""

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, str | None, bool]] = []  # tag, lang, inside a notice
        self.texts: list[tuple[str, str | None, str]] = []  # text, lang, tag
        self.notices: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        attrs = dict(attrs)
        lang = attrs.get("lang") or (self.stack[-1][1] if self.stack else None)
        notice = "bokmal-only" in (attrs.get("class") or "").split()
        if notice:
            self.notices.append("")
        in_notice = notice or (self.stack[-1][2] if self.stack else False)
        self.stack.append((tag, lang, in_notice))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        text = data.strip()
        if not text or not self.stack:
            return
        tag, lang, in_notice = self.stack[-1]
        if in_notice:
            self.notices[-1] += text
        self.texts.append((text, lang, tag))

    def lang_of(self, text: str, tag: str | None = None) -> str | None:
        """The language marked on the first piece of text (in a ``tag``) with ``text``."""
        return next(
            lang for piece, lang, in_tag in self.texts if text in piece and tag in (None, in_tag)
        )

    def position_of(self, text: str) -> int:
        return next(i for i, (piece, _lang, _tag) in enumerate(self.texts) if text in piece)


def parse(response) -> Page:
    assert response.status_code == 200
    html = response.content.decode()
    page = Page()
    page.feed(html[html.index("<main") : html.index("</main>")])
    return page


def url(name: str, language: str, *args) -> str:
    with translation.override(language):
        return reverse(name, args=args)


def notice_in(language: str) -> str:
    with translation.override(language):
        return gettext(NOTICE)


@pytest.fixture
def case(db):
    case = CaseFactory(
        title="Trygghetsalarm som varsler selv",
        summary="Kommunen ville at hjemmeboende skulle få hjelp raskt etter et fall.",
        need="Mange eldre klarer ikke å trykke på alarmen når de har falt.",
        approach="Vi inviterte leverandørene til dialog før konkurransen.",
        results="Sensorene varslet hjemmetjenesten i tide.",
        lessons="Involver de ansatte tidlig.",
    )
    DialogueConferenceFactory(case=case, summary="Tolv leverandører viste løsningene sine.")
    BenefitAnalysisFactory(case=case, description="Færre innleggelser etter fall")
    return case


@pytest.mark.parametrize("language", ["nn", "en"])
def test_case_page_says_once_that_its_texts_are_in_bokmal(client, case, language):
    page = parse(client.get(url("cases:detail", language, case.slug)))

    assert page.notices == [notice_in(language)]
    # At the top: right after the title, before any of the case's other texts.
    assert page.position_of(page.notices[0]) < page.position_of(case.summary)
    # The notice is interface text, in the page's language.
    assert page.lang_of(page.notices[0]) != "nb"


@pytest.mark.parametrize("language", ["nn", "en"])
def test_case_texts_are_marked_as_bokmal_for_screen_readers(client, case, language):
    page = parse(client.get(url("cases:detail", language, case.slug)))

    assert page.lang_of(case.title, "h1") == "nb"
    for text in (
        case.summary,
        case.need,
        case.approach,
        case.results,
        case.lessons,
        "Tolv leverandører viste løsningene sine.",
        "Færre innleggelser etter fall",
    ):
        assert page.lang_of(text) == "nb", text
    # The translated headings around them are not.
    with translation.override(language):
        assert page.lang_of(gettext("Behovet")) is None


def test_case_page_in_bokmal_has_no_notice(client, case):
    page = parse(client.get(case.get_absolute_url()))

    assert page.notices == []
    assert NOTICE not in "".join(piece for piece, _lang, _tag in page.texts)


@pytest.mark.parametrize("language", ["nn", "en"])
def test_guide_overview_says_once_that_the_phase_texts_are_in_bokmal(client, language):
    page = parse(client.get(url("guide", language)))
    first = GuideText.objects.order_by("position", "pk").first()

    assert page.notices == [notice_in(language)]
    assert page.position_of(page.notices[0]) < page.position_of(first.title)
    assert page.lang_of(first.title, "p") == "nb"


@pytest.mark.parametrize("language", ["nn", "en"])
def test_guide_phase_says_once_that_its_text_is_in_bokmal(client, case, language):
    GuideText.objects.filter(phase=Phase.NEEDS).update(
        title="Finn ut hva som er problemet",
        intro="Behovet skal beskrives før løsningen.",
        what_to_do="Snakk med dem som har problemet.",
        pitfalls="Å beskrive løsningen i stedet for behovet.",
    )
    case.phase = Phase.NEEDS
    case.save()

    page = parse(client.get(url("guide_phase", language, Phase.NEEDS)))

    assert page.notices == [notice_in(language)]
    assert page.lang_of("Finn ut hva som er problemet", "h1") == "nb"
    assert page.position_of(page.notices[0]) < page.position_of("Behovet skal beskrives")
    for text in (
        "Behovet skal beskrives før løsningen.",
        "Snakk med dem som har problemet.",
        "Å beskrive løsningen i stedet for behovet.",
        case.title,
        case.summary,
    ):
        assert page.lang_of(text) == "nb", text


def test_guide_in_bokmal_has_no_notice(client):
    assert parse(client.get(reverse("guide"))).notices == []
    assert parse(client.get(reverse("guide_phase", args=[Phase.NEEDS]))).notices == []


def test_guide_phase_without_a_text_makes_no_claim_about_it(client):
    GuideText.objects.filter(phase=Phase.NEEDS).delete()

    page = parse(client.get(url("guide_phase", "en", Phase.NEEDS)))

    assert page.notices == []


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_accessibility_statement_says_what_is_translated(client, language):
    response = client.get(url("accessibility", language))
    html = response.content.decode()

    with translation.override(language):
        old_claim = gettext("Innholdet finnes på bokmål, nynorsk og engelsk.")
        interface = gettext(
            "Grensesnittet (menyer, knapper, skjemaer, meldinger og hjelpetekster) finnes på "
            "bokmål, nynorsk og engelsk."
        )
    assert response.status_code == 200
    assert old_claim not in html
    assert interface in html
    if language == "nb":
        assert "Beskrivelsene av anskaffelsene og tekstene i veiviseren" in html
        assert "finnes bare på bokmål" in html
        assert "Beskrivelsene av læringsnettverkene finnes bare på bokmål" in html
