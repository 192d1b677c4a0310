import datetime

import pytest
from django.core.cache import cache
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from tests.factories import EnrollmentFactory, SessionFactory


class FailingEmailBackend(BaseEmailBackend):
    """An SMTP server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("SMTP server is down")


@pytest.fixture(autouse=True)
def _empty_cache(db):
    cache.clear()


@pytest.fixture
def sessions_a(network_a):
    """Three sessions that have taken place (attendance is kept after a session)."""
    start = timezone.now() - datetime.timedelta(days=40)
    return [
        SessionFactory(
            network=network_a,
            number=n,
            title=f"Samling {n}",
            starts_at=start + datetime.timedelta(days=10 * n),
        )
        for n in (1, 2, 3)
    ]


@pytest.fixture
def make_enrollments():
    def make(network, n, status="pending", **kwargs):
        return EnrollmentFactory.create_batch(n, network=network, status=status, **kwargs)

    return make
