"""Alerts, "Få e-post om nye treff": an address follows a search and gets a digest of the
cases published since the last one, daily or weekly.

Double opt-in: only the confirmation is sent until its link is clicked; unconfirmed alerts
are deleted after 7 days. One alert per address and search. No account: every link is
signed (confirm, unsubscribe one, manage all of one's alerts). The digests are jobs
(cases/tasks.py) queued by a daily periodic job.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Alert, Case
from cases.search.params import active_filters
from cases.search.results import search_filterset

CONFIRM_SALT = "cases.alerts.confirm"
UNSUBSCRIBE_SALT = "cases.alerts.unsubscribe"
MANAGE_SALT = "cases.alerts.manage"
CONFIRM_MAX_AGE = datetime.timedelta(days=7)
MANAGE_MAX_AGE = datetime.timedelta(days=400)
MAX_QUERY_LENGTH = 2000
MAX_PARAMETERS = 50
# Parameters that do not change which cases a search finds.
IGNORED_PARAMETERS = {"side", "sorter", "visning"}
DIGEST_LIMIT = 50
PERIOD = {
    Alert.Frequency.DAILY: datetime.timedelta(hours=23),
    Alert.Frequency.WEEKLY: datetime.timedelta(days=7) - datetime.timedelta(hours=1),
}


class BadQuery(ValueError):
    pass


def normalise_query(raw: str) -> str:
    """The query string of a search page, as stored: without paging and sorting, in a fixed
    order, so that one search is one alert. BadQuery when too long or too many parameters."""
    if len(raw) > MAX_QUERY_LENGTH * 2:
        raise BadQuery(_("Søket er for langt til å lage et varsel av."))
    try:
        params = parse_qsl(raw.lstrip("?"), max_num_fields=MAX_PARAMETERS)
    except ValueError as error:
        raise BadQuery(_("Søket har for mange valg til å lage et varsel av.")) from error
    pairs = sorted(
        (key, value.strip())
        for key, value in params
        if key not in IGNORED_PARAMETERS and value.strip()
    )
    query = urlencode(pairs)
    if len(query) > MAX_QUERY_LENGTH:
        raise BadQuery(_("Søket er for langt til å lage et varsel av."))
    return query


def describe(query: str) -> str:
    """The search in words: "Fase: Markedsdialog, Fylke: Vestland, «velferdsteknologi»"."""
    params = QueryDict(query)
    filterset = search_filterset(params)
    filterset.is_valid()
    parts = [item["label"] for item in active_filters(params, filterset)]
    text = (filterset.cleaned.get("q") or "").strip()
    if text:
        parts.append(f"«{text}»")
    return ", ".join(parts) or _("alle nye anskaffelser")


def subscribe(email: str, query: str, frequency: str) -> Alert | None:
    """A new, unconfirmed alert, or None when the address already has one for this search
    (then nothing is sent and nothing changes: the answer must not tell)."""
    email = email.strip()
    try:
        with transaction.atomic():
            return Alert.objects.create(email=email, query=query, frequency=frequency)
    except IntegrityError:
        existing = Alert.objects.filter(email__iexact=email, query=query).first()
        if existing is not None and existing.confirmed_at is None:
            return existing  # the first confirmation was lost: send it again
        return None


# Signed links ---------------------------------------------------------------------------


def confirm_token(alert: Alert) -> str:
    return signing.dumps([alert.pk, alert.email.lower()], salt=CONFIRM_SALT)


def unsubscribe_token(alert: Alert) -> str:
    return signing.dumps([alert.pk, alert.email.lower()], salt=UNSUBSCRIBE_SALT)


def manage_token(email: str) -> str:
    return signing.dumps(email.strip().lower(), salt=MANAGE_SALT)


def _alert_for(token: str, salt: str, max_age=None) -> Alert | None:
    try:
        pk, email = signing.loads(token, salt=salt, max_age=max_age)
        return Alert.objects.filter(pk=int(pk), email__iexact=str(email)).first()
    except (signing.BadSignature, TypeError, ValueError):
        return None


def confirm(token: str) -> Alert | None:
    alert = _alert_for(token, CONFIRM_SALT, CONFIRM_MAX_AGE)
    if alert is not None and alert.confirmed_at is None:
        alert.confirmed_at = alert.last_digest_at = timezone.now()
        alert.save(update_fields=["confirmed_at", "last_digest_at"])
    return alert


def alert_to_unsubscribe(token: str) -> Alert | None:
    return _alert_for(token, UNSUBSCRIBE_SALT)


def email_for_manage(token: str) -> str | None:
    try:
        email = signing.loads(token, salt=MANAGE_SALT, max_age=MANAGE_MAX_AGE)
    except signing.BadSignature:
        return None
    return email if isinstance(email, str) else None


def alerts_of(email: str):
    return Alert.objects.annotate(lower=Lower("email")).filter(lower=email.lower())


# Emails ---------------------------------------------------------------------------------


def send_confirmation(alert_pk: int, *, base_url: str) -> bool:
    alert = Alert.objects.filter(pk=alert_pk, confirmed_at__isnull=True).first()
    if alert is None:
        return False
    context = {
        "search": describe(alert.query),
        "frequency": alert.get_frequency_display(),
        "confirm_url": base_url + reverse("cases:alert_confirm", args=[confirm_token(alert)]),
        "search_url": base_url + alert.get_absolute_url(),
        "site_name": settings.SITE_NAME,
    }
    body = render_to_string("alerts/confirm_email.txt", context)
    EmailMultiAlternatives(
        _("Bekreft varsel om nye anskaffelser"), body, None, [alert.email]
    ).send()
    return True


@dataclass
class Digest:
    alert: Alert
    cases: list[Case]
    total: int


def digest_for(alert: Alert, *, until: datetime.datetime) -> Digest:
    """The published cases that match the alert's search, published since its last digest."""
    since = alert.last_digest_at or alert.confirmed_at or alert.created_at
    filterset = search_filterset(QueryDict(alert.query))
    matching = (
        filterset.qs.filter(published_at__gt=since, published_at__lte=until)
        .order_by("-published_at", "pk")
        .select_related("region")
        .prefetch_related("casebuyer_set__organization")
    )
    cases = list(matching[:DIGEST_LIMIT])
    total = len(cases) if len(cases) < DIGEST_LIMIT else matching.count()
    return Digest(alert, cases, total)


def due_alerts(now: datetime.datetime):
    """Confirmed alerts whose period has passed since their last digest."""
    for frequency, period in PERIOD.items():
        yield from Alert.objects.filter(
            frequency=frequency, confirmed_at__isnull=False, last_digest_at__lte=now - period
        ).only("pk")


def send_digest(alert_pk: int, *, base_url: str, until: datetime.datetime) -> bool:
    """One digest email, or none when nothing is new. Returns whether one was sent."""
    alert = Alert.objects.filter(pk=alert_pk, confirmed_at__isnull=False).first()
    if alert is None or (alert.last_digest_at and alert.last_digest_at >= until):
        return False
    digest = digest_for(alert, until=until)
    if digest.cases:
        unsubscribe_url = base_url + reverse(
            "cases:alert_unsubscribe", args=[unsubscribe_token(alert)]
        )
        context = {
            "search": describe(alert.query),
            "digest": digest,
            "base_url": base_url,
            "search_url": base_url + alert.get_absolute_url(),
            "unsubscribe_url": unsubscribe_url,
            "manage_url": base_url
            + reverse("cases:alert_manage", args=[manage_token(alert.email)]),
            "frequency": alert.get_frequency_display(),
            "site_name": settings.SITE_NAME,
        }
        message = EmailMultiAlternatives(
            _("Nye anskaffelser: %(search)s") % {"search": context["search"][:150]},
            render_to_string("alerts/digest_email.txt", context),
            None,
            [alert.email],
            headers={
                "List-Unsubscribe": f"<{unsubscribe_url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        message.send()
    Alert.objects.filter(pk=alert.pk).update(last_digest_at=until)
    return bool(digest.cases)


def delete_unconfirmed(now: datetime.datetime | None = None) -> int:
    limit = (now or timezone.now()) - CONFIRM_MAX_AGE
    deleted, _rows = Alert.objects.filter(confirmed_at__isnull=True, created_at__lt=limit).delete()
    return deleted
