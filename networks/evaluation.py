"""Evaluation of sessions: anonymous answers, one per participant who attended.

Who answered is kept as a keyed hash of the enrollment in EvaluationReceipt; what they
answered is in SessionEvaluation, with a random key and no time, so the two cannot be
joined. Both are written in one transaction: the unique receipt refuses a second answer.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ioa_portal.lib import charts
from ioa_portal.lib.forms import DescribedFieldsMixin
from networks import participants
from networks.models import (
    Enrollment,
    EvaluationInvitation,
    EvaluationReceipt,
    LearningNetwork,
    Session,
    SessionEvaluation,
)

logger = logging.getLogger(__name__)

SCORES = ("useful", "relevance", "recommend")
# The public network page shows the overall figures from this many answers on.
PUBLIC_MINIMUM = 5
SCALE_CHOICES = [(n, str(n)) for n in SessionEvaluation.SCALE]


class AlreadyAnsweredError(Exception):
    pass


def receipt_digest(session_pk: int, enrollment_pk: int) -> str:
    return salted_hmac(
        "networks.evaluation-receipt", f"{session_pk}:{enrollment_pk}", algorithm="sha256"
    ).hexdigest()


def has_answered(session: Session, enrollment: Enrollment) -> bool:
    return EvaluationReceipt.objects.filter(
        session=session, digest=receipt_digest(session.pk, enrollment.pk)
    ).exists()


def may_answer(session: Session, enrollment: Enrollment) -> bool:
    """Accepted, present at the session, and the session has begun."""
    return (
        enrollment.status == Enrollment.Status.ACCEPTED
        and session.network_id == enrollment.network_id
        and session.starts_at <= timezone.now()
        and enrollment.attendances.filter(session=session, present=True).exists()
    )


class EvaluationForm(DescribedFieldsMixin, forms.ModelForm):
    class Meta:
        model = SessionEvaluation
        fields = ["useful", "relevance", "recommend", "most_useful", "to_improve"]
        widgets = {
            "useful": forms.RadioSelect(choices=SCALE_CHOICES),
            "relevance": forms.RadioSelect(choices=SCALE_CHOICES),
            "recommend": forms.RadioSelect(choices=SCALE_CHOICES),
            "most_useful": forms.Textarea(attrs={"rows": 4, "maxlength": 3000}),
            "to_improve": forms.Textarea(attrs={"rows": 4, "maxlength": 3000}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in SCORES:
            field = self.fields[name]
            self.fields[name] = forms.TypedChoiceField(
                label=field.label,
                choices=SCALE_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                help_text=gettext_lazy("1 er lavest, 5 er høyest."),
            )
        for name in ("most_useful", "to_improve"):
            self.fields[name].max_length = 3000


def submit(session: Session, enrollment: Enrollment, form: EvaluationForm) -> None:
    """Store the answer and the receipt together; AlreadyAnsweredError for a second one."""
    try:
        with transaction.atomic():
            EvaluationReceipt.objects.create(
                session=session, digest=receipt_digest(session.pk, enrollment.pk)
            )
            answer = form.save(commit=False)
            answer.session = session
            answer.save()
    except IntegrityError:
        raise AlreadyAnsweredError from None


# --- Results -------------------------------------------------------------------------


@dataclass
class Result:
    label: str
    count: int
    averages: dict  # score name -> average or None
    distribution: dict  # score name -> [count of 1, …, count of 5]


def score_labels() -> dict[str, str]:
    return {name: str(SessionEvaluation._meta.get_field(name).verbose_name) for name in SCORES}


def _result(label: str, answers) -> Result:
    summary = answers.aggregate(count=Count("pk"), **{name: Avg(name) for name in SCORES})
    distribution = {name: [0] * 5 for name in SCORES}
    for name in SCORES:
        for value, n in answers.values_list(name).annotate(n=Count("pk")).order_by():
            distribution[name][value - 1] = n
    return Result(
        label=label,
        count=summary["count"],
        averages={name: summary[name] for name in SCORES},
        distribution=distribution,
    )


def network_results(network: LearningNetwork) -> tuple[Result, list[tuple[Session, Result]]]:
    """The whole network's figures, and each session's."""
    answers = SessionEvaluation.objects.filter(session__network=network)
    overall = _result(_("Hele nettverket"), answers)
    per_session = [
        (session, _result(str(session), answers.filter(session=session)))
        for session in network.sessions.order_by("number")
    ]
    return overall, per_session


def public_summary(network: LearningNetwork) -> Result | None:
    """The overall figures for the public page, once there are enough answers."""
    result = _result("", SessionEvaluation.objects.filter(session__network=network))
    return result if result.count >= PUBLIC_MINIMUM else None


def display(value) -> str:
    return "–" if value is None else number_format(value, decimal_pos=1)


def figures(chart_id: str, result: Result) -> list[dict]:
    """Charts in the style of /statistikk/: the averages, and each question's spread."""
    labels = score_labels()
    averages = [
        charts.Bar(labels[name], float(result.averages[name] or 0), display(result.averages[name]))
        for name in SCORES
    ]
    items = [
        {
            "id": f"{chart_id}-snitt",
            "caption": _("Gjennomsnitt (1–5), %(n)d svar") % {"n": result.count},
            "summary": charts.describe(averages),
            "svg": charts.bar_chart(f"{chart_id}-snitt", result.label, averages, maximum=5),
            "rows": [{"label": bar.label, "values": [bar.display]} for bar in averages],
            "columns": (_("Spørsmål"), _("Gjennomsnitt")),
        }
    ]
    for name in SCORES:
        bars = [
            charts.Bar(str(score), n, str(n))
            for score, n in zip(SessionEvaluation.SCALE, result.distribution[name], strict=True)
        ]
        items.append(
            {
                "id": f"{chart_id}-{name}",
                "caption": labels[name],
                "summary": charts.describe(bars),
                "svg": charts.column_chart(f"{chart_id}-{name}", labels[name], bars),
                "rows": [{"label": bar.label, "values": [bar.display]} for bar in bars],
                "columns": (_("Svar"), _("Antall")),
            }
        )
    if not result.count:
        for item in items:
            item["svg"] = None
            item["summary"] = ""
            item["empty"] = _("Ingen svar ennå.")
        return items[:1]
    return items


# --- Invitations ---------------------------------------------------------------------


def invitees(session: Session):
    """Accepted participants present at the session who have not answered yet."""
    present = (
        session.network.enrollments.accepted()
        .filter(attendances__session=session, attendances__present=True)
        .exclude(participant__email="")
        .select_related("participant")
        .order_by("pk")
    )
    answered = set(
        EvaluationReceipt.objects.filter(session=session).values_list("digest", flat=True)
    )
    return [e for e in present if receipt_digest(session.pk, e.pk) not in answered]


def invite(session: Session) -> list[int]:
    """Record an invitation for each invitee (ids returned); networks/tasks.py queues the
    emails in the same transaction."""
    ids = []
    for enrollment in invitees(session):
        invitation, _created = EvaluationInvitation.objects.get_or_create(
            session=session, enrollment=enrollment
        )
        ids.append(invitation.pk)
    return ids


def send_invitation(invitation_pk: int, *, base_url: str, final: bool = True) -> bool:
    """One invitation with its own login link (a job: networks/tasks.py); returns whether
    it went. An SMTP error is raised (the job is retried); the undelivered link is deleted,
    and on the ``final`` try the invitation is marked failed."""
    invitation = (
        EvaluationInvitation.objects.select_related("session__network", "enrollment__participant")
        .filter(pk=invitation_pk)
        .first()
    )
    if invitation is None:
        return False
    session, participant = invitation.session, invitation.enrollment.participant
    rows = EvaluationInvitation.objects.filter(pk=invitation.pk)
    if not participant.email or participant.is_anonymised:
        rows.update(email_status=Enrollment.EmailStatus.FAILED, email_status_at=timezone.now())
        return False
    # In the language the person applied in, with links to pages in it.
    with translation.override(invitation.enrollment.language):
        target = reverse(
            "networks:participant_evaluation", args=[session.network.slug, session.number]
        )
        link = participants.issue_link(
            participant, max_age=participants.INVITATION_LINK_MAX_AGE, next_path=target
        )
        body = render_to_string(
            "networks/email/evaluation_invitation.txt",
            {
                "participant": participant,
                "session": session,
                "network": session.network,
                "url": link.url(base_url),
                "days": participants.INVITATION_LINK_MAX_AGE.days,
                "site_name": settings.SITE_NAME,
            },
        )
        subject = _("Hva syntes du om %(session)s?") % {"session": session.title}
    try:
        send_mail(subject, body, None, [participant.email], fail_silently=False)
    except Exception:
        logger.warning("Could not send evaluation invitation %s", invitation.pk)
        link.token.delete()  # never delivered: nobody holds its nonce
        if final:
            rows.update(email_status=Enrollment.EmailStatus.FAILED, email_status_at=timezone.now())
        raise
    rows.update(email_status=Enrollment.EmailStatus.SENT, email_status_at=timezone.now())
    return True
