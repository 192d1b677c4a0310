"""Rendered case pages, searches and feeds are cached for visitors until content changes."""

import pytest
from django.urls import reverse

from cases import caching
from cases.models import Case, Sector
from tests.factories import (
    CaseFactory,
    DocumentFactory,
    OrganizationFactory,
    SectorFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
SEARCH = reverse("cases:list")


@pytest.fixture
def case(db):
    return CaseFactory(
        title="Smart matlevering",
        slug="smart-matlevering",
        buyers=[OrganizationFactory(name="Gamle kommune")],
    )


def test_a_repeated_visit_is_served_from_the_cache_with_one_query(
    client, case, django_assert_num_queries
):
    first = client.get(case.get_absolute_url())
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(1):  # the content version
        again = client.get(case.get_absolute_url())
    assert again["X-Page-Cache"] == "hit"
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]
    # The middleware still adds its headers to a cached page.
    assert "Content-Security-Policy" in again and again["X-Request-ID"] != first["X-Request-ID"]


def test_another_process_finds_the_page_in_the_shared_table(
    client, case, django_assert_num_queries
):
    client.get(case.get_absolute_url())
    caching.clear_local()  # as a second gunicorn worker would start
    with django_assert_num_queries(2):  # the version, the stored page
        response = client.get(case.get_absolute_url())
    assert response["X-Page-Cache"] == "hit"
    assert "Smart matlevering" in response.content.decode()


def test_an_edit_shows_on_the_next_request(client, case):
    client.get(case.get_absolute_url())
    case.title = "Varm mat til hjemmeboende"
    case.save()
    response = client.get(case.get_absolute_url())
    assert response["X-Page-Cache"] == "miss"
    assert "Varm mat til hjemmeboende" in response.content.decode()


def test_changes_to_related_rows_show_on_the_next_request(client, case):
    url = case.get_absolute_url()
    client.get(url)
    case.buyers.first().__class__.objects.filter(name="Gamle kommune").update(name="Nye kommune")
    assert "Nye kommune" in client.get(url).content.decode()
    DocumentFactory(case=case, title="Konkurransegrunnlaget")
    assert "Konkurransegrunnlaget" in client.get(url).content.decode()


def test_unpublishing_removes_the_page_at_once(client, case):
    assert client.get(case.get_absolute_url()).status_code == 200
    Case.objects.filter(pk=case.pk).update(is_published=False)
    assert client.get(case.get_absolute_url()).status_code == 404


def test_search_results_follow_new_cases(client, case):
    assert "1 anskaffelse" in client.get(SEARCH, {"q": "matlevering"}).content.decode()
    assert client.get(SEARCH, {"q": "matlevering"})["X-Page-Cache"] == "hit"
    CaseFactory(title="Matlevering med drone")
    html = client.get(SEARCH, {"q": "matlevering"}).content.decode()
    assert "2 anskaffelser" in html and "</mark> med drone" in html
    # Another query string is another page.
    assert client.get(SEARCH, {"q": "drone"})["X-Page-Cache"] == "miss"


def test_each_language_has_its_own_page(client, case):
    bokmal = client.get("/anskaffelser/smart-matlevering/")
    english = client.get("/en/anskaffelser/smart-matlevering/")
    assert english["X-Page-Cache"] == "miss"
    assert '<html lang="en">' in english.content.decode()
    assert '<html lang="nb">' in bokmal.content.decode()
    assert client.get("/en/anskaffelser/smart-matlevering/")["X-Page-Cache"] == "hit"
    assert client.get("/anskaffelser/smart-matlevering/").content == bokmal.content


def test_logged_in_editors_are_never_served_a_cached_page(client, case):
    client.get(case.get_absolute_url())
    client.force_login(UserFactory(username="redaktor", is_staff=True))
    response = client.get(case.get_absolute_url())
    assert response.status_code == 200 and "X-Page-Cache" not in response
    draft = CaseFactory(title="Utkast", is_published=False, published_at=None)
    assert client.get(draft.get_absolute_url()).status_code == 200  # the preview
    client.logout()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_error_pages_and_exports_are_not_cached(client, case):
    assert client.get(reverse("cases:detail", args=["finnes-ikke"])).status_code == 404
    assert "X-Page-Cache" not in client.get(reverse("cases:detail", args=["finnes-ikke"]))
    assert "X-Page-Cache" not in client.get(reverse("cases:export_csv"))


def test_the_cache_can_be_switched_off(client, case, settings):
    settings.IOA_PAGE_CACHE = False
    client.get(case.get_absolute_url())
    assert "X-Page-Cache" not in client.get(case.get_absolute_url())


def test_expired_pages_are_deleted_as_new_ones_are_stored(client, case):
    from django.db import connection

    client.get(case.get_absolute_url())
    with connection.cursor() as cursor:
        cursor.execute("UPDATE cases_page_cache SET expires = now() - interval '1 second'")
    caching.clear_local()
    client.get(SEARCH)  # stores another page, which deletes the expired one
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), count(*) FILTER (WHERE expires < now()) FROM cases_page_cache"
        )
        assert cursor.fetchone() == (1, 0)
    assert client.get(case.get_absolute_url())["X-Page-Cache"] == "miss"


def test_pages_of_another_release_are_not_served(client, case, settings, tmp_path):
    client.get(case.get_absolute_url())
    assert client.get(case.get_absolute_url())["X-Page-Cache"] == "hit"
    # Another checkout: the same files give the same release, one changed template another.
    for folder in caching.RELEASE_FOLDERS:
        (tmp_path / folder).mkdir()
    (tmp_path / "templates" / "base.html").write_text("<html>")
    settings.BASE_DIR = tmp_path
    first = caching.release()
    assert client.get(case.get_absolute_url())["X-Page-Cache"] == "miss"
    assert client.get(case.get_absolute_url())["X-Page-Cache"] == "hit"
    (tmp_path / "templates" / "base.html").write_text("<html lang='nb'>")
    caching._release.cache_clear()
    assert caching.release() != first
    assert client.get(case.get_absolute_url())["X-Page-Cache"] == "miss"


def test_a_visitor_with_a_message_waiting_gets_a_page_of_their_own(client, case, rf):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage

    storage = CookieStorage(rf.get("/"))
    client.cookies[CookieStorage.cookie_name] = storage._encode(
        [Message(constants.SUCCESS, "Takk, søknaden er mottatt")]
    )
    response = client.get(case.get_absolute_url())
    assert "Takk, søknaden er mottatt" in response.content.decode()
    assert "X-Page-Cache" not in response
    del client.cookies[CookieStorage.cookie_name]
    other = client.get(case.get_absolute_url())
    assert other["X-Page-Cache"] == "miss"
    assert "Takk, søknaden er mottatt" not in other.content.decode()


def read_while_uncommitted(client, url: str, write):
    """GET `url` while another connection has run `write` but not committed it; then commit.

    The write moves the content version on before it commits: what is read in between is
    older than the version it is read under."""
    import threading

    from django.db import connection, transaction

    changed, may_commit = threading.Event(), threading.Event()

    def editor():
        with transaction.atomic():
            write()
            changed.set()
            may_commit.wait(10)
        connection.close()

    thread = threading.Thread(target=editor)
    thread.start()
    assert changed.wait(10)
    during = client.get(url)
    may_commit.set()
    thread.join(10)
    return during


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_page_read_while_an_edit_is_not_yet_committed_is_not_kept(client):
    case = CaseFactory(title="Gammel tittel", slug="kapplop")
    url = case.get_absolute_url()
    during = read_while_uncommitted(
        client, url, lambda: Case.objects.filter(pk=case.pk).update(title="Ny tittel")
    )
    assert "Gammel tittel" in during.content.decode()
    assert "X-Page-Cache" not in during  # the old text under the new version: not stored
    after = client.get(url)
    assert "Ny tittel" in after.content.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("page", ["case", "search"])
def test_names_read_while_a_rename_is_not_yet_committed_are_not_kept(client, page):
    # The sectors of a case page and the facet counts of a search have caches of their
    # own, keyed by the content version: the same race as the pages above.
    sector = SectorFactory(name="Gammel sektor")
    case = CaseFactory(title="Kappløp", slug="kapplop", sectors=[sector])
    url = case.get_absolute_url() if page == "case" else SEARCH
    during = read_while_uncommitted(
        client, url, lambda: Sector.objects.filter(pk=sector.pk).update(name="Ny sektor")
    )
    assert "Gammel sektor" in during.content.decode()
    after = client.get(url).content.decode()
    assert "Ny sektor" in after
    assert "Gammel sektor" not in after


def test_each_host_has_its_own_page(client, case, settings):
    settings.ALLOWED_HOSTS = ["ioa-portalen.no", "www.ioa-portalen.no"]
    apex = client.get(case.get_absolute_url(), HTTP_HOST="ioa-portalen.no")
    www = client.get(case.get_absolute_url(), HTTP_HOST="www.ioa-portalen.no")
    assert www["X-Page-Cache"] == "miss"
    assert 'href="http://ioa-portalen.no/anskaffelser/smart-matlevering/"' in apex.content.decode()
    assert "http://www.ioa-portalen.no/anskaffelser/smart-matlevering/" in www.content.decode()


def test_a_page_reads_the_content_version_once(client, case):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for url in (SEARCH + "?fase=behovsavklaring", case.get_absolute_url()):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url)["X-Page-Cache"] == "miss"
        reads = [q for q in captured.captured_queries if "cases_content_version" in q["sql"]]
        assert len(reads) == 1, url


def _stored_pages() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM cases_page_cache")
        return cursor.fetchone()[0]


def test_the_page_is_sent_before_it_is_stored_for_other_workers(client, case):
    """As gunicorn serves it: the whole page has been read from the application before the
    shared table is written, which happens when the server closes the response."""
    from io import BytesIO

    from django.core.handlers.wsgi import WSGIHandler
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": case.get_absolute_url(),
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.input": BytesIO(),
        "wsgi.url_scheme": "http",
        "wsgi.errors": BytesIO(),
    }
    started = []
    # As the test client does: the test's transaction keeps its connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        response = WSGIHandler()(environ, lambda status, headers: started.append(status))
        body = b"".join(response)
        assert started == ["200 OK"]
        assert "Smart matlevering" in body.decode()
        assert _stored_pages() == 0
        response.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    assert _stored_pages() == 1
    caching.clear_local()  # another worker finds it there
    assert client.get(case.get_absolute_url())["X-Page-Cache"] == "hit"
