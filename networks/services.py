"""Applications, decisions, seats and the waiting list of learning networks.

Every change that can take or free a seat locks the network row first
(``SELECT … FOR UPDATE``), so seat counting is serialised per network across processes.
The database backs this up with the ``networks_enrollment_capacity_trg`` trigger.
Emails go out only after the transaction commits.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone, translation

from networks import emails, tasks
from networks.models import Enrollment, LearningNetwork, Organization, Participant

Status = Enrollment.Status

# Statuses a coordinator decides (each confirmed on its own page first).
DECISIONS = (Status.ACCEPTED, Status.WAITLISTED, Status.DECLINED)
# Decisions plus "Trukket": the participant told the coordinator they leave (no email).
COORDINATOR_ACTIONS = (*DECISIONS, Status.WITHDRAWN)


class CannotUndoError(Exception):
    """The decision is not the coordinator's of today, or its seat has been taken since."""


class AlreadyEnrolledError(Exception):
    """The participant (by email) already has an enrollment in this network."""


@dataclass
class Outcome:
    """What a decision ended up doing: the requested status may have become the waiting list."""

    enrollment: Enrollment
    requested: str
    changed: bool
    promoted: list[Enrollment] = field(default_factory=list)

    @property
    def waitlisted_because_full(self) -> bool:
        return self.requested == Status.ACCEPTED and self.enrollment.status == Status.WAITLISTED


@dataclass
class ParticipantDetails:
    name: str
    email: str
    phone: str
    job_title: str
    organization: Organization


def _is_violation(error: IntegrityError, constraint: str) -> bool:
    diag = getattr(error.__cause__, "diag", None)
    return getattr(diag, "constraint_name", None) == constraint


def find_participant(email: str) -> Participant | None:
    return (
        Participant.objects.alias(email_lower=Lower("email"))
        .filter(email_lower=email.strip().lower())
        .first()
    )


def _participant_for(details: ParticipantDetails) -> Participant:
    """The participant with this email, created if new.

    A returning participant's stored details are not overwritten from a public form
    (anyone can type anyone's email); blank fields are filled in.
    """
    participant = find_participant(details.email)
    if participant is None:
        try:
            with transaction.atomic():
                return Participant.objects.create(
                    name=details.name,
                    email=details.email.strip(),
                    phone=details.phone,
                    job_title=details.job_title,
                    organization=details.organization,
                )
        except IntegrityError as error:
            if not _is_violation(error, "networks_participant_email_uniq"):
                raise
            participant = find_participant(details.email)
    changed = []
    for name in ("phone", "job_title"):
        if not getattr(participant, name) and getattr(details, name):
            setattr(participant, name, getattr(details, name))
            changed.append(name)
    if changed:
        participant.save(update_fields=changed)
    return participant


def _create_enrollment(**fields) -> Enrollment:
    try:
        with transaction.atomic():
            return Enrollment.objects.create(**fields)
    except IntegrityError as error:
        if _is_violation(error, "networks_enrollment_participant_network_uniq"):
            raise AlreadyEnrolledError from error
        raise


def _queue_email(enrollment: Enrollment, base_url: str, kind: str | None = None) -> None:
    """Queue the status email in this transaction: sent once it commits, never if it rolls
    back, and retried by the job queue while SMTP fails."""
    tasks.queue_status_email(enrollment, base_url=base_url, kind=kind)


def apply(
    network: LearningNetwork, details: ParticipantDetails, *, challenge: str, base_url: str
) -> Enrollment:
    """A public application: pending until a coordinator decides. Confirmation by email."""
    now = timezone.now()
    with transaction.atomic():
        participant = _participant_for(details)
        enrollment = _create_enrollment(
            participant=participant,
            network=network,
            status=Status.PENDING,
            challenge=challenge,
            consent_at=now,
            source=Enrollment.Source.SELF,
            # The page's language: every email to the applicant is written in it.
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )
        _queue_email(enrollment, base_url)
    return enrollment


def register(
    network: LearningNetwork,
    details: ParticipantDetails,
    *,
    challenge: str,
    by,
    base_url: str,
) -> Enrollment:
    """A coordinator registers someone directly: accepted if a seat is free, else waitlisted."""
    now = timezone.now()
    with transaction.atomic():
        network = LearningNetwork.objects.select_for_update().get(pk=network.pk)
        participant = _participant_for(details)
        full = network.enrollments.accepted().count() >= network.capacity
        enrollment = _create_enrollment(
            participant=participant,
            network=network,
            status=Status.WAITLISTED if full else Status.ACCEPTED,
            waitlisted_at=now if full else None,
            challenge=challenge,
            source=Enrollment.Source.COORDINATOR,
            decided_by=by,
            decided_at=now,
        )
        _queue_email(enrollment, base_url)
    return enrollment


def _fill_free_seats(
    network: LearningNetwork, *, base_url: str, skip: Enrollment | None = None
) -> list[Enrollment]:
    """Promote the first on the waiting list into every free seat. Network row must be locked.

    ``skip``: an enrollment just put back on the list by an undo, which must stay there."""
    free = network.capacity - network.enrollments.accepted().count()
    if free <= 0:
        return []
    waiting = network.enrollments.waiting_list()
    if skip is not None:
        waiting = waiting.exclude(pk=skip.pk)
    promoted = list(waiting.select_for_update()[:free])
    now = timezone.now()
    for enrollment in promoted:
        enrollment.status = Status.ACCEPTED
        enrollment.decided_at = now
        enrollment.decided_by = None
        enrollment.save(update_fields=["status", "decided_at", "decided_by"])
        _queue_email(enrollment, base_url, kind=emails.Kind.PROMOTED)
    return promoted


def fill_free_seats(network: LearningNetwork, *, base_url: str) -> list[Enrollment]:
    """After capacity was raised: promote from the waiting list into the new seats."""
    with transaction.atomic():
        network = LearningNetwork.objects.select_for_update().get(pk=network.pk)
        return _fill_free_seats(network, base_url=base_url)


def _change_status(
    enrollment_pk: int,
    requested: str,
    *,
    by,
    base_url: str,
    reason: str = "",
    notify: bool = True,
) -> Outcome:
    now = timezone.now()
    with transaction.atomic():
        network_id = Enrollment.objects.values_list("network_id", flat=True).get(pk=enrollment_pk)
        network = LearningNetwork.objects.select_for_update().get(pk=network_id)
        enrollment = (
            Enrollment.objects.select_for_update(of=("self",))
            .select_related("participant")
            .get(pk=enrollment_pk)
        )
        previous = enrollment.status
        new = requested
        if (
            new == Status.ACCEPTED
            and previous != Status.ACCEPTED
            and network.enrollments.accepted().count() >= network.capacity
        ):
            new = Status.WAITLISTED
        if new == previous:
            return Outcome(enrollment, requested=requested, changed=False)
        enrollment.status = new
        if new == Status.WAITLISTED:
            enrollment.waitlisted_at = now
        if by is not None:
            enrollment.decided_by = by
            enrollment.decided_at = now
            enrollment.previous_status = previous
            enrollment.decision_reason = reason.strip()
        else:
            # The person's own withdrawal: nothing a coordinator could take back.
            enrollment.previous_status = ""
            if new != Status.WITHDRAWN:
                enrollment.decided_by = by
                enrollment.decided_at = now
        enrollment.save(
            update_fields=[
                "status",
                "waitlisted_at",
                "decided_by",
                "decided_at",
                "previous_status",
                "decision_reason",
            ]
        )
        if notify:
            _queue_email(enrollment, base_url)
        promoted = []
        if previous == Status.ACCEPTED:
            promoted = _fill_free_seats(network, base_url=base_url)
    return Outcome(enrollment, requested=requested, changed=True, promoted=promoted)


def decide(enrollment: Enrollment, status: str, *, by, base_url: str, reason: str = "") -> Outcome:
    """Accept, waitlist or decline, and email the person (with the reason, if given).

    Accepting a full network puts the enrollment on the waiting list instead; freeing a seat
    promotes the first on the waiting list."""
    if status not in DECISIONS:
        raise ValueError(f"not a decision: {status!r}")
    return _change_status(enrollment.pk, status, by=by, base_url=base_url, reason=reason)


def withdraw_for(enrollment: Enrollment, *, by, base_url: str, reason: str = "") -> Outcome:
    """A coordinator records that the participant left (phoned, wrote): "Trukket".

    No email to the person (they asked for it themselves); the freed seat goes to the first
    on the waiting list, who is emailed, as with the self-service withdrawal."""
    if enrollment.status in (Status.DECLINED, Status.WITHDRAWN):
        return Outcome(enrollment, requested=Status.WITHDRAWN, changed=False)
    return _change_status(
        enrollment.pk, Status.WITHDRAWN, by=by, base_url=base_url, reason=reason, notify=False
    )


def undo(enrollment: Enrollment, *, by, base_url: str, notify: bool) -> Outcome:
    """Take back today's decision: the enrollment returns to the status it had before.

    Emails the person only when ``notify``. Returning to "accepted" needs a free seat (the
    seat may have gone to the waiting list since); leaving "accepted" frees one, which the
    first on the waiting list gets, as always."""
    now = timezone.now()
    with transaction.atomic():
        network = LearningNetwork.objects.select_for_update().get(pk=enrollment.network_id)
        enrollment = (
            Enrollment.objects.select_for_update(of=("self",))
            .select_related("participant")
            .get(pk=enrollment.pk)
        )
        if not enrollment.can_undo_on(timezone.localdate()):
            raise CannotUndoError
        previous = enrollment.status
        restored = enrollment.previous_status
        if (
            restored == Status.ACCEPTED
            and network.enrollments.accepted().count() >= network.capacity
        ):
            raise CannotUndoError
        enrollment.status = restored
        if restored == Status.WAITLISTED and enrollment.waitlisted_at is None:
            enrollment.waitlisted_at = now
        enrollment.previous_status = ""
        enrollment.decision_reason = ""
        if restored == Status.PENDING:
            enrollment.decided_by = None
            enrollment.decided_at = None
        else:
            enrollment.decided_by = by
        enrollment.save(
            update_fields=[
                "status",
                "waitlisted_at",
                "previous_status",
                "decision_reason",
                "decided_by",
                "decided_at",
            ]
        )
        if notify:
            _queue_email(enrollment, base_url)
        promoted = []
        if previous == Status.ACCEPTED:
            promoted = _fill_free_seats(network, base_url=base_url, skip=enrollment)
    return Outcome(enrollment, requested=restored, changed=True, promoted=promoted)


@dataclass
class Preview:
    """What a decision would do now, for the confirmation page."""

    result: str
    emails_person: bool
    position: int | None = None
    promotes: Enrollment | None = None


def preview(enrollment: Enrollment, requested: str) -> Preview:
    """Tell in advance what ``decide``/``withdraw_for`` would do (without locking anything)."""
    network = enrollment.network
    accepted = network.enrollments.accepted().count()
    result = requested
    if (
        requested == Status.ACCEPTED
        and enrollment.status != Status.ACCEPTED
        and accepted >= network.capacity
    ):
        result = Status.WAITLISTED
    position = None
    if result == Status.WAITLISTED:
        position = enrollment.waiting_position() or (
            network.enrollments.waiting_list().exclude(pk=enrollment.pk).count() + 1
        )
    promotes = None
    if enrollment.status == Status.ACCEPTED and result != Status.ACCEPTED:
        promotes = network.enrollments.waiting_list().select_related("participant").first()
    return Preview(
        result=result,
        emails_person=requested != Status.WITHDRAWN and result != enrollment.status,
        position=position,
        promotes=promotes,
    )


def withdraw(enrollment: Enrollment, *, base_url: str) -> Outcome:
    """The participant leaves. Declined or already withdrawn enrollments stay as they are."""
    if enrollment.status in (Status.DECLINED, Status.WITHDRAWN):
        return Outcome(enrollment, requested=Status.WITHDRAWN, changed=False)
    return _change_status(enrollment.pk, Status.WITHDRAWN, by=None, base_url=base_url)
