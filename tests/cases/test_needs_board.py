"""The needs board /behov/ (issue 19): post a need, confirm by email, editors publish it;
matching earlier cases; "Vi har samme behov"; the owner's signed link; retention."""

import datetime
import re
from io import StringIO

import pytest
from django.core import mail, signing
from django.core.management import call_command
from django.utils import timezone

from cases.models import Case, CaseSubmission, Need, NeedInterest
from networks.models import Region
from tests.factories import CaseFactory, OrganizationFactory, SectorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def body():
    return OrganizationFactory(name="Gjesdal kommune", region=Region.objects.get(number="11"))


@pytest.fixture
def sector():
    return SectorFactory(name="Helse og omsorg", slug="helse-og-omsorg")


def need_data(body, sector_obj=None, **changes):
    data = {
        "title": "Digitalt nattilsyn i hjemmetjenesten",
        "text": "Nattevaktene i hjemmetjenesten bruker mye tid på å kjøre mellom brukere.\n\n"
        "Vi ønsker digitalt nattilsyn med sensorer.",
        "phase": "behovsavklaring",
        "market_year": str(timezone.localdate().year + 1),
        "sector": str(sector_obj.pk) if sector_obj else "",
        "region": str(Region.objects.get(number="11").pk),
        "open_to_joint": "on",
        "organization": str(body.pk) if body else "",
        "new_organization_name": "",
        "new_organization_number": "",
        "new_organization_kind": "kommune",
        "new_organization_region": "",
        "contact_name": "Eva Eier",
        "contact_email": "eva@gjesdal.example",
        "contact_phone": "",
        "website": "",
    }
    data.update(changes)
    return data


def make_need(body, status=Need.Status.PUBLISHED, **fields):
    reviewed = timezone.now() if status not in ("unconfirmed", "pending") else None
    defaults = {
        "title": "Felles plattform for digitale læremidler",
        "text": "Vi trenger en plattform for digitale læremidler i grunnskolen.",
        "phase": "markedsdialog",
        "region": body.region,
        "organization": body,
        "contact_name": "Eva Eier",
        "contact_email": "eva@gjesdal.example",
        "status": status,
        "reviewed_at": reviewed,
    }
    defaults.update(fields)
    return Need.objects.create(**defaults)


def link_in(message, pattern) -> str:
    return re.search(rf"https?://\S+{pattern}\S+/", message.body).group(0)


def post(client, url, data):
    return client.post(url, data)


def test_post_confirm_review_and_publish(client, body, sector, editor):
    form = client.get("/behov/nytt/")
    assert form.status_code == 200 and "csrfmiddlewaretoken" in form.content.decode()

    response = post(client, "/behov/nytt/", need_data(body, sector))

    assert response.status_code == 302 and response["Location"] == "/behov/sendt/"
    need = Need.objects.get()
    assert need.status == Need.Status.UNCONFIRMED and need.open_to_joint
    assert [m.to for m in mail.outbox] == [["eva@gjesdal.example"]]
    assert "Digitalt nattilsyn" not in client.get("/behov/").content.decode()
    assert client.get(need.get_absolute_url()).status_code == 404

    manage = client.get(link_in(mail.outbox[0], "/behov/forvalt/"))

    assert manage.status_code == 200
    assert "E-postadressen er bekreftet" in manage.content.decode()
    assert manage["X-Robots-Tag"] == "noindex, nofollow"
    need.refresh_from_db()
    assert need.status == Need.Status.PENDING
    assert mail.outbox[-1].to == [editor.email]
    assert client.get(need.get_absolute_url()).status_code == 404

    client.force_login(editor)
    assert "Digitalt nattilsyn" in client.get("/admin/cases/need/").content.decode()
    client.post("/admin/cases/need/", {"action": "publish", "_selected_action": [need.pk]})
    client.logout()

    need.refresh_from_db()
    assert need.status == Need.Status.PUBLISHED and need.reviewed_at
    listed = client.get("/behov/").content.decode()
    assert "Digitalt nattilsyn" in listed
    page = client.get(need.get_absolute_url()).content.decode()
    assert "Gjesdal kommune" in page and "Åpen for felles anskaffelse" in page
    assert "eva@gjesdal.example" not in page and "Eva Eier" not in page


def test_editors_do_not_see_unconfirmed_needs(client, body, editor):
    make_need(body, status=Need.Status.UNCONFIRMED, title="Ubekreftet behov")
    client.force_login(editor)
    assert "Ubekreftet behov" not in client.get("/admin/cases/need/").content.decode()


def test_contact_is_shown_only_when_allowed(client, body):
    hidden = make_need(body)
    shown = make_need(body, show_contact=True, contact_phone="+47 912 34 567")

    assert "eva@gjesdal.example" not in client.get(hidden.get_absolute_url()).content.decode()
    page = client.get(shown.get_absolute_url()).content.decode()
    assert "eva@gjesdal.example" in page and "Eva Eier" in page


def test_need_page_shows_matching_earlier_cases(client, body):
    earlier = CaseFactory(
        title="Digitalt nattilsyn i hjemmetjenesten",
        summary="Kommunen tok i bruk sensorer og kamera for nattilsyn.",
        need="Nattevaktene kjørte mye mellom brukerne i hjemmetjenesten.",
    )
    other = CaseFactory(title="Elektriske ferjer", summary="Ferjesamband med batteri.")
    need = make_need(
        body,
        title="Nattilsyn med sensorer",
        text="Vi vil bruke sensorer i stedet for at nattevakter kjører til brukerne "
        "i hjemmetjenesten om natten.",
    )

    page = client.get(need.get_absolute_url()).content.decode()

    assert "Tidligere anskaffelser som ligner" in page
    assert earlier.get_absolute_url() in page  # its title is highlighted, word by word
    assert other.get_absolute_url() not in page


def interest_data(org, **changes):
    data = {
        "organization": str(org.pk) if org else "",
        "new_organization_name": "",
        "new_organization_number": "",
        "new_organization_kind": "kommune",
        "new_organization_region": "",
        "sentence": "Vi har det samme problemet om natten.",
        "contact_name": "Ola Nabo",
        "contact_email": "ola@sandnes.example",
        "share": "on",
        "website": "",
    }
    data.update(changes)
    return data


def test_same_need_reaches_the_owner_only_after_confirmation(client, body):
    need = make_need(body)
    other = OrganizationFactory(name="Sandnes kommune")
    url = f"/behov/{need.pk}/samme-behov/"
    assert client.get(url).status_code == 200

    response = post(client, url, interest_data(other))

    assert response.status_code == 302
    interest = NeedInterest.objects.get()
    assert not interest.is_confirmed
    assert [m.to for m in mail.outbox] == [["ola@sandnes.example"]]  # not the owner yet
    assert "Sandnes kommune" not in client.get(need.get_absolute_url()).content.decode()

    confirmed = client.get(link_in(mail.outbox[0], "/behov/samme-behov/bekreft/"))

    assert confirmed.status_code == 200
    owner_mail = mail.outbox[-1]
    assert owner_mail.to == ["eva@gjesdal.example"]
    assert "ola@sandnes.example" in owner_mail.body and "Ola Nabo" in owner_mail.body
    assert "Sandnes kommune" in owner_mail.subject
    page = client.get(need.get_absolute_url()).content.decode()
    assert "Sandnes kommune" in page
    assert "ola@sandnes.example" not in page and "Ola Nabo" not in page
    manage = client.get(f"/behov/forvalt/{need.manage_token()}/").content.decode()
    assert "ola@sandnes.example" in manage and "Vi har det samme problemet" in manage
    # A second opening of the link emails the owner no more.
    client.get(link_in(mail.outbox[0], "/behov/samme-behov/bekreft/"))
    assert len(mail.outbox) == 2


def test_interest_needs_consent_to_share(client, body):
    need = make_need(body)
    response = client.post(
        f"/behov/{need.pk}/samme-behov/", interest_data(OrganizationFactory(), share="")
    )
    assert response.status_code == 400
    assert "Kryss av her" in response.content.decode()
    assert not NeedInterest.objects.exists()


@pytest.mark.parametrize("status", ["pending", "closed", "procurement", "unconfirmed"])
def test_interest_only_in_open_needs(client, body, status):
    need = make_need(body, status=status)
    assert client.get(f"/behov/{need.pk}/samme-behov/").status_code == 404


def test_owner_edits_marks_closes_and_reopens(client, body, sector):
    need = make_need(body)
    url = f"/behov/forvalt/{need.manage_token()}/"

    edited = client.post(url, {**need_data(body, sector, title="Nytt navn"), "action": "edit"})
    assert edited.status_code == 200 and "Endringene er lagret" in edited.content.decode()
    need.refresh_from_db()
    assert need.title == "Nytt navn" and need.sector == sector

    bad = client.post(url, {**need_data(body, title="x" * 201), "action": "edit"})
    assert bad.status_code == 400 and "høyst 200 tegn" in bad.content.decode()

    client.post(url, {"action": "procurement"})
    need.refresh_from_db()
    assert need.status == Need.Status.PROCUREMENT
    client.post(url, {"action": "close"})
    need.refresh_from_db()
    assert need.status == Need.Status.CLOSED and need.closed_at
    assert "Avsluttet" in client.get(need.get_absolute_url()).content.decode()
    client.post(url, {"action": "reopen"})
    need.refresh_from_db()
    assert need.status == Need.Status.PUBLISHED and need.closed_at is None
    assert client.post(url, {"action": "tull"}).status_code == 400


def test_owner_turns_the_need_into_a_case_proposal(client, body, sector, editor):
    need = make_need(body, sector=sector)
    url = f"/behov/forvalt/{need.manage_token()}/"

    response = client.post(url, {"action": "propose"})

    assert "sendt til redaksjonen" in response.content.decode()
    case = Case.objects.get(source=Case.Source.SUBMITTED)
    assert not case.is_published
    assert case.title == need.title and case.need == need.text
    assert list(case.sectors.all()) == [sector]
    assert case.casebuyer_set.get().organization == body
    assert CaseSubmission.objects.get(case=case).email == "eva@gjesdal.example"
    assert any(editor.email in m.to for m in mail.outbox)
    need.refresh_from_db()
    assert need.proposed_case == case and need.status == Need.Status.PROCUREMENT
    client.post(url, {"action": "propose"})
    assert Case.objects.count() == 1


def test_proposal_summary_is_the_first_paragraph_of_a_text_typed_in_a_browser(
    client, body, sector, editor
):
    """Browsers send a textarea's line breaks as CRLF: the need is stored with "\\n", and
    the proposal's summary is its first paragraph, also for a need stored with CRLF."""
    text = "Nattevaktene kjører mye mellom brukere.\r\n\r\nVi ønsker digitalt nattilsyn."
    client.post("/behov/nytt/", need_data(body, sector, text=text))
    posted = Need.objects.get()
    assert posted.text == "Nattevaktene kjører mye mellom brukere.\n\nVi ønsker digitalt nattilsyn."
    old = make_need(body, title="Lagret med CRLF", text=text)

    for need in (posted, old):
        client.post(f"/behov/forvalt/{need.manage_token()}/", {"action": "propose"})
        need.refresh_from_db()
        assert need.proposed_case.summary == "Nattevaktene kjører mye mellom brukere."
        assert "Vi ønsker digitalt nattilsyn." in need.proposed_case.need


def test_owner_deletes_the_need_and_every_interest(client, body):
    need = make_need(body)
    NeedInterest.objects.create(
        need=need, organization=OrganizationFactory(), contact_email="a@b.no", is_confirmed=True
    )
    token = need.manage_token()

    assert client.get(f"/behov/forvalt/{token}/slett/").status_code == 200
    response = client.post(f"/behov/forvalt/{token}/slett/")

    assert response.status_code == 302 and response["Location"] == "/behov/slettet/"
    assert not Need.objects.exists() and not NeedInterest.objects.exists()
    gone = client.get(f"/behov/forvalt/{token}/")
    assert gone.status_code == 404 and "Lenken virker ikke" in gone.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/behov/forvalt/{bad}/",
        "/behov/forvalt/{bad}/slett/",
        "/behov/samme-behov/bekreft/{bad}/",
        "/behov/forvalt/{wrong_salt}/",
        "/behov/forvalt/{not_int}/",
    ],
)
def test_tampered_links_are_a_clear_404(client, body, url):
    need = make_need(body)
    values = {
        "bad": need.manage_token()[:-3] + "xyz",
        "wrong_salt": signing.dumps(need.pk, salt="noe annet"),
        "not_int": signing.dumps("1", salt=Need.MANAGE_SALT),
    }
    response = client.get(url.format(**values))
    assert response.status_code == 404
    assert "Lenken virker ikke" in response.content.decode()
    assert client.post(url.format(**values), {"action": "close"}).status_code == 404
    need.refresh_from_db()
    assert need.status == Need.Status.PUBLISHED


def test_expired_links_are_a_clear_410(client, body, monkeypatch):
    need = make_need(body)
    interest = NeedInterest.objects.create(need=need, organization=OrganizationFactory())
    monkeypatch.setattr("cases.needs.MANAGE_MAX_AGE", -1)
    monkeypatch.setattr("cases.needs.CONFIRM_MAX_AGE", -1)

    for url in (
        f"/behov/forvalt/{need.manage_token()}/",
        f"/behov/samme-behov/bekreft/{interest.confirm_token()}/",
    ):
        response = client.get(url)
        assert response.status_code == 410
        assert "Lenken er utløpt" in response.content.decode()


def test_new_link_gives_the_same_answer_whether_the_address_is_registered(client, body):
    make_need(body)
    known = post(
        client,
        "/behov/ny-lenke/",
        {"email": "eva@gjesdal.example"},
    )
    unknown = post(
        client,
        "/behov/ny-lenke/",
        {"email": "ukjent@example.no"},
    )

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert [m.to for m in mail.outbox] == [["eva@gjesdal.example"]]
    assert "/behov/forvalt/" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"title": "x" * 201}, "title", "høyst 200 tegn"),
        ({"text": "x" * 5001}, "text", "høyst 5000 tegn"),
        ({"title": "Null\x00"}, "title", "Null"),
        ({"text": "a\x00b"}, "text", "Null"),
        ({"market_year": "20x6"}, "market_year", "fire sifre"),
        ({"market_year": "99999999999999999999"}, "market_year", "Skriv et årstall mellom"),
        ({"market_year": "1800"}, "market_year", "Skriv et årstall mellom"),
        ({"region": ""}, "region", "Velg fylke"),
        ({"region": "99999"}, "region", ""),
        ({"phase": "ukjent"}, "phase", ""),
        ({"sector": "abc"}, "sector", ""),
        ({"contact_email": "ikke"}, "contact_email", "navn@virksomhet.no"),
        ({"contact_phone": "ring meg"}, "contact_phone", ""),
    ],
)
def test_bad_input_is_a_clear_error(client, body, changes, field, words):
    response = client.post("/behov/nytt/", need_data(body, **changes))

    assert response.status_code == 400
    assert not Need.objects.exists()
    page = response.content.decode()
    assert f'id="id_{field}_error"' in page and words in page


def test_html_in_a_need_is_shown_as_text(client, body):
    need = make_need(body, title="<b>Fet</b>", text='<script>alert("x")</script>')
    for url in (need.get_absolute_url(), "/behov/", "/behov/feed/"):
        text = client.get(url).content.decode()
        assert "<script>alert" not in text and "<b>Fet</b>" not in text


def test_honeypot_and_rate_limit(client, body, settings):
    caught = post(
        client,
        "/behov/nytt/",
        need_data(body, website="http://spam"),
    )
    assert caught.status_code == 400 and not Need.objects.exists() and mail.outbox == []

    for _i in range(settings.IOA_APPLICATION_RATE_LIMIT - 1):
        assert client.post("/behov/nytt/", {"title": ""}).status_code == 400
    limited = client.post("/behov/nytt/", need_data(body))
    assert limited.status_code == 429 and not Need.objects.exists()
    assert client.get("/behov/nytt/").status_code == 200


def test_email_failure_keeps_the_need(client, body, settings):
    settings.EMAIL_BACKEND = "tests.cases.test_submission.FailingBackend"
    response = post(client, "/behov/nytt/", need_data(body))
    assert response.status_code == 302 and Need.objects.exists()


def test_list_filters_facets_and_search(client, body, sector):
    west = OrganizationFactory(name="Bergen kommune", region=Region.objects.get(number="46"))
    make_need(
        body,
        title="Nattilsyn",
        text="Sensorer om natten.",
        sector=sector,
        open_to_joint=True,
        phase="behovsavklaring",
    )
    make_need(west, title="Læremidler", phase="markedsdialog")
    make_need(
        west,
        title="Gammelt behov",
        text="Brøyting av veier.",
        status=Need.Status.CLOSED,
        closed_at=timezone.now(),
    )
    make_need(body, title="Ventende", status=Need.Status.PENDING)

    def titles(query):
        page = client.get("/behov/" + query).content.decode()
        return {t for t in ("Nattilsyn", "Læremidler", "Gammelt behov", "Ventende") if t in page}

    assert titles("") == {"Nattilsyn", "Læremidler", "Gammelt behov"}
    assert titles(f"?sektor={sector.pk}") == {"Nattilsyn"}
    assert titles(f"?fylke={west.region.pk}") == {"Læremidler", "Gammelt behov"}
    assert titles("?fase=markedsdialog") == {"Læremidler", "Gammelt behov"}
    assert titles("?felles=ja") == {"Nattilsyn"}
    assert titles("?status=apne") == {"Nattilsyn", "Læremidler"}
    assert titles("?q=læremidler") == {"Læremidler"}
    # Counts of a facet ignore its own choice, so the other county stays offered.
    page = client.get(f"/behov/?fylke={west.region.pk}").content.decode()
    assert "Rogaland" in page
    # Bad values are left out, never an error.
    for query in (
        "?fylke=abc",
        "?fase=x",
        "?sektor=99999",
        "?q=%00",
        "?side=999",
        "?q=" + "x" * 500,
    ):
        assert client.get("/behov/" + query).status_code == 200


def test_feed_lists_open_needs_only(client, body):
    make_need(body, title="Åpent behov")
    make_need(body, title="Ventende behov", status=Need.Status.PENDING)

    feed = client.get("/behov/feed/")

    assert feed.status_code == 200 and feed["Content-Type"].startswith("application/atom+xml")
    text = feed.content.decode()
    assert "Åpent behov" in text and "Ventende behov" not in text
    assert "eva@gjesdal.example" not in text


def test_closed_needs_contacts_are_erased_after_24_months(body):
    old = make_need(
        body,
        status=Need.Status.CLOSED,
        closed_at=timezone.now() - datetime.timedelta(days=25 * 31),
        contact_phone="+47 912 34 567",
        show_contact=True,
    )
    interest = NeedInterest.objects.create(
        need=old, organization=OrganizationFactory(), contact_name="Ola", contact_email="o@x.no"
    )
    recent = make_need(
        body, status=Need.Status.CLOSED, closed_at=timezone.now() - datetime.timedelta(days=30)
    )
    open_need = make_need(body)

    call_command("erase_expired_needs", stdout=StringIO())

    old.refresh_from_db()
    interest.refresh_from_db()
    recent.refresh_from_db()
    open_need.refresh_from_db()
    assert (old.contact_name, old.contact_email, old.contact_phone) == ("", "", "")
    assert old.contact_erased_at and not old.show_contact
    assert (interest.contact_name, interest.contact_email) == ("", "")
    assert recent.contact_email == open_need.contact_email == "eva@gjesdal.example"
    assert Need.objects.listed().filter(pk=old.pk).exists()  # still listed as closed


@pytest.mark.parametrize("n", [1, 6])
def test_list_queries_do_not_grow(client, body, django_assert_max_num_queries, n):
    for i in range(n):
        need = make_need(body, title=f"Behov {i}", sector=SectorFactory())
        NeedInterest.objects.create(need=need, organization=body, is_confirmed=True)
    with django_assert_max_num_queries(12):
        assert client.get("/behov/").status_code == 200


def test_demo_data_has_reuse_and_needs_with_interest(client, settings):
    from cases.models import Reuse

    settings.DEBUG = True
    call_command("load_demo_data", stdout=None)

    reused = Case.objects.filter(is_demo=True, reuse_count__gt=0)
    assert reused.count() >= 5
    assert Case.objects.get(slug="plattform-digitale-laeremidler").reuse_count == 3
    assert Case.objects.filter(builds_on__isnull=False).count() == 2
    listed = Need.objects.listed()
    assert listed.count() >= 5
    assert NeedInterest.objects.filter(is_confirmed=True).count() >= 5
    counts = (Reuse.objects.count(), Need.objects.count(), NeedInterest.objects.count())
    call_command("load_demo_data", "--refresh", stdout=None)
    assert (Reuse.objects.count(), Need.objects.count(), NeedInterest.objects.count()) == counts

    page = client.get("/anskaffelser/plattform-digitale-laeremidler/").content.decode()
    assert "Tatt i bruk av 3 virksomheter" in page
    board = client.get("/behov/").content.decode()
    assert "Forebygging av fall hos hjemmeboende eldre" in board
    need = Need.objects.get(title="Forebygging av fall hos hjemmeboende eldre")
    assert "Tønsberg kommune" in client.get(need.get_absolute_url()).content.decode()
