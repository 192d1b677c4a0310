"""Twenty requests race for the last seat on real PostgreSQL: exactly one may win."""

import threading

import pytest
from django.db import IntegrityError, connection

from networks import services
from networks.models import Enrollment
from tests.factories import EnrollmentFactory, LearningNetworkFactory, ParticipantFactory

THREADS = 20

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def run_in_threads(work):
    barrier = threading.Barrier(THREADS)
    results = [None] * THREADS

    def target(i):
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as error:  # the result is what the test checks
            results[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_twenty_coordinators_accepting_at_once_fill_the_last_seat_once():
    network = LearningNetworkFactory(capacity=5)
    EnrollmentFactory.create_batch(4, network=network, status="accepted")
    pending = EnrollmentFactory.create_batch(THREADS, network=network)

    results = run_in_threads(
        lambda i: services.decide(pending[i], "accepted", by=None, base_url="http://x")
    )

    assert not [r for r in results if isinstance(r, Exception)]
    winners = [r for r in results if r.enrollment.status == "accepted"]
    assert len(winners) == 1
    assert sum(1 for r in results if r.waitlisted_because_full) == THREADS - 1
    assert network.enrollments.accepted().count() == 5


def test_database_trigger_alone_lets_only_one_insert_take_the_last_seat():
    """Even code that skips the service cannot overfill a network."""
    network = LearningNetworkFactory(capacity=1)
    participants = ParticipantFactory.create_batch(THREADS)

    def insert(i):
        return Enrollment.objects.create(
            participant=participants[i], network=network, status="accepted"
        )

    results = run_in_threads(insert)

    created = [r for r in results if isinstance(r, Enrollment)]
    refused = [r for r in results if isinstance(r, IntegrityError)]
    assert len(created) == 1
    assert len(refused) == THREADS - 1
    assert network.enrollments.accepted().count() == 1
