import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.utils import translation

from cases import caching
from cases.search.text import _paired_stems
from tests.factories import LearningNetworkFactory, UserFactory


@pytest.fixture(scope="session", autouse=True)
def _stems_of_word_pairs(django_db_setup, django_db_blocker):
    """The stems of the nynorsk/bokmål word pairs, asked once per process as in a worker,
    so that no test's query count depends on whether it searched first."""
    with django_db_blocker.unblock():
        _paired_stems()


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Jobs run at once in the test, as their last try (tests/site/test_jobs.py queues them).
    settings.IOA_JOBS_EAGER = True
    # Embedding a case takes a tenth of a second; tests of the need search embed their own.
    settings.IOA_EMBED_CASES = False
    # A request to /en/ leaves English active in this thread; each test starts in bokmål.
    translation.activate(settings.LANGUAGE_CODE)
    # The per-process caches start empty, so no test sees another's data.
    caching.clear_local()
    yield
    translation.deactivate()


@pytest.fixture
def editor(db):
    user = UserFactory(username="redaktor", is_staff=True)
    user.groups.add(Group.objects.get(name="Redaktører"))
    return user


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def network_a(db):
    return LearningNetworkFactory(name="Nettverk A", slug="nettverk-a")


@pytest.fixture
def network_b(db):
    return LearningNetworkFactory(name="Nettverk B", slug="nettverk-b")


@pytest.fixture
def coordinator_a(network_a):
    user = UserFactory(username="koordinator-a")
    network_a.coordinators.add(user)
    return user


@pytest.fixture
def coordinator_b(network_b):
    user = UserFactory(username="koordinator-b")
    network_b.coordinators.add(user)
    return user


@pytest.fixture
def queued(settings):
    """Jobs are queued, not run at once (IOA_JOBS_EAGER off); the queue starts and ends
    empty."""
    settings.IOA_JOBS_EAGER = False
    empty_job_queue()
    yield
    empty_job_queue()


def empty_job_queue():
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE procrastinate_jobs, procrastinate_events, procrastinate_periodic_defers, "
            "procrastinate_workers CASCADE"
        )
