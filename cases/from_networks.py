"""From challenge to case (issue 21): at the end of a learning network a coordinator proposes
a participant's challenge, with the participant's consent from Min side, as a case.

The proposal is an unpublished case like one sent in through /anskaffelser/del/ (with a
CaseSubmission holding the participant as the contact editors may ask), marked as coming
from a learning network. Editors publish it in the admin. This lives in cases/ because
cases may read networks, never the other way round.
"""

from __future__ import annotations

import logging

from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.models import Case, CaseBuyer, CaseSubmission, Phase
from cases.submission import editor_addresses
from networks.models import Enrollment

logger = logging.getLogger(__name__)

TITLE_LENGTH = 120
SUMMARY_LENGTH = 600

# Why a challenge cannot be proposed (shown to the coordinator).
PROBLEMS = {
    "not_accepted": _("Bare deltakere med plass i nettverket kan foreslås."),
    "no_challenge": _("Deltakeren har ikke skrevet inn en utfordring."),
    "no_consent": _("Deltakeren har ikke samtykket på Min side."),
    "anonymised": _("Deltakeren er anonymisert."),
    "not_ended": _("Utfordringer kan foreslås når den siste samlingen har begynt."),
    "already": _("Utfordringen er allerede foreslått som anskaffelse."),
}


class ProposalError(Exception):
    """The enrollment cannot be proposed now; ``reason`` is a key of PROBLEMS."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason

    @property
    def message(self) -> str:
        return str(PROBLEMS[self.reason])


def problem(enrollment: Enrollment, *, now=None) -> str | None:
    """Why this enrollment's challenge cannot be proposed now (None: it can)."""
    if enrollment.status != Enrollment.Status.ACCEPTED:
        return "not_accepted"
    if enrollment.participant.is_anonymised:
        return "anonymised"
    if not enrollment.challenge.strip():
        return "no_challenge"
    if enrollment.case_consent_at is None:
        return "no_consent"
    if enrollment.case_proposed_at is not None:
        return "already"
    if not enrollment.network.has_reached_end(now):
        return "not_ended"
    return None


def _title(challenge: str) -> str:
    """The challenge's first line, as a title: no full stop at the end."""
    first = challenge.strip().splitlines()[0].strip()
    if first.endswith(".") and not first.endswith(".."):
        first = first[:-1].rstrip()
    return Truncator(first).chars(TITLE_LENGTH) or "Utfordring fra læringsnettverk"


def approach_from_reports(enrollment: Enrollment) -> str:
    """The participant's work reports, session by session, as the case's approach."""
    parts = []
    reports = enrollment.work_reports.select_related("session").order_by("session__number")
    for report in reports:
        text = report.text.strip()
        if text:
            parts.append(f"### Samling {report.session.number}: {report.session.title}\n\n{text}")
    return "\n\n".join(parts)


def propose_case(enrollment: Enrollment) -> Case:
    """Create the unpublished case proposal; ProposalError if it cannot be made (also when
    a second request races the first: the enrollment is locked)."""
    with transaction.atomic():
        locked = (
            Enrollment.objects.select_for_update(of=("self",))
            .select_related("network", "participant__organization__region")
            .get(pk=enrollment.pk)
        )
        reason = problem(locked)
        if reason:
            raise ProposalError(reason)
        network, participant = locked.network, locked.participant
        organization = participant.organization
        region = organization.region
        if region is None:
            regions = list(network.regions.all()[:2])
            region = regions[0] if len(regions) == 1 else None
        challenge = locked.challenge.strip()
        case = Case.objects.create(
            title=_title(challenge),
            summary=Truncator(" ".join(challenge.split())).chars(SUMMARY_LENGTH),
            need=challenge,
            approach=approach_from_reports(locked),
            phase=Phase.NEEDS,
            status=Case.Status.PLANNED,
            region=region,
            origin_network=network,
            source=Case.Source.NETWORK,
            is_published=False,
        )
        CaseBuyer.objects.create(case=case, organization=organization, is_lead=True)
        CaseSubmission.objects.create(
            case=case,
            name=participant.name,
            email=participant.email,
            phone=participant.phone[:30],
            job_title=participant.job_title,
            consent_at=locked.case_consent_at,
        )
        locked.case_proposed_at = timezone.now()
        locked.save(update_fields=["case_proposed_at"])
    return case


def notify_editors(case_pk: int, *, base_url: str) -> bool:
    """Tell the editors a network's proposal waits for them, as for a case sent in through
    /anskaffelser/del/ (a job: cases/tasks.py). An SMTP error is raised: the job is retried,
    and the proposal is safe meanwhile (admin filter "Fra læringsnettverk, ikke publisert")."""
    recipients = editor_addresses()
    if not recipients:
        logger.warning("No editor to notify of the network proposal %s", case_pk)
        return False
    case = (
        Case.objects.select_related("region", "origin_network", "submission")
        .filter(pk=case_pk)
        .first()
    )
    if case is None:
        return False
    context = {
        "case": case,
        "network": case.origin_network,
        "reference": case.submission.reference,
        "buyer": case.casebuyer_set.select_related("organization").first(),
        "admin_url": base_url + reverse("admin:cases_case_change", args=[case.pk]),
        "review_url": base_url + reverse("admin:cases_case_changelist") + "?kilde=nettverk",
    }
    subject = gettext("Forslag fra læringsnettverk: %(title)s") % {"title": case.title}
    body = render_to_string("cases/network_proposal_email.txt", context)
    send_mail(subject[:200], body, None, recipients)
    return True
