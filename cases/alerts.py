"""Alerts, "Få e-post om nye treff": an address follows a search and gets a digest of the
cases published since the last one, daily or weekly. A search of the needs board (/behov/)
can be followed the same way: its digest lists the needs published since the last one.

Double opt-in: only the confirmation is sent until its link is opened and its button
pressed (opening alone starts nothing: mail scanners follow links); unconfirmed alerts
are deleted after 7 days. One alert per address and search. No account: every link is
signed (confirm, unsubscribe one, manage all of one's alerts). The digests are jobs
(cases/tasks.py) queued by an hourly periodic job, or at once by `send_alert_digests`.
Every email is written in the language of the page the alert was asked for on, and its
links lead to pages in that language.

A digest of more than GROUP_ABOVE new items is grouped by county (by sector when they
are all in one county), each group with its count, its first few items and a link to the
search limited to the group, newest first.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from cases.models import Alert, Case, Need, Sector
from cases.needs import NeedFilterForm, filtered_needs
from cases.search import board
from cases.search.filters import MODE_NEED, NewCasesFilterSet
from cases.search.params import active_filters, search_url
from cases.search.results import search_filterset
from networks.models import Region

CONFIRM_SALT = "cases.alerts.confirm"
UNSUBSCRIBE_SALT = "cases.alerts.unsubscribe"
MANAGE_SALT = "cases.alerts.manage"
CONFIRM_MAX_AGE = datetime.timedelta(days=7)
MANAGE_MAX_AGE = datetime.timedelta(days=400)
MAX_QUERY_LENGTH = 2000
MAX_PARAMETERS = 50
# Parameters that do not change which cases a search finds.
IGNORED_PARAMETERS = {"side", "sorter", "visning"}
# A digest of more new items than this is grouped; each group lists its first PER_GROUP,
# the biggest groups first, and the whole digest at most LISTED_AT_MOST (the rest of the
# groups show their count and link only).
GROUP_ABOVE = 10
PER_GROUP = 5
LISTED_AT_MOST = 20
# Group names in Norwegian order: æ, ø, å after z.
NORWEGIAN_ORDER = str.maketrans({"æ": "{", "ä": "{", "ø": "|", "ö": "|", "å": "}"})
# A search text in the name of a search (a need may be 2 000 characters).
NAME_TEXT_CHARACTERS = 120
# A line of summary: this many words.
SUMMARY_WORDS = 30
PERIOD = {
    Alert.Frequency.DAILY: datetime.timedelta(hours=23),
    Alert.Frequency.WEEKLY: datetime.timedelta(days=7) - datetime.timedelta(hours=1),
}


class BadQuery(ValueError):
    pass


def normalise_query(raw: str, kind: str = Alert.Kind.CASES) -> str:
    """The query string of a search page, as stored: without paging and sorting, in a fixed
    order, so that one search is one alert. BadQuery when too long or too many parameters.

    A search whose text the page took as a need (it read like one) keeps that mode
    (`modus=behov`), so that the digests find what the page found also when more cases
    (or needs) would make the same words a precise search later."""
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
    if _reads_as_a_need(pairs, kind):
        query = urlencode(sorted([*pairs, ("modus", MODE_NEED)]))
    return query


def _reads_as_a_need(pairs: list[tuple[str, str]], kind: str) -> bool:
    keys = {key for key, _value in pairs}
    if "q" not in keys or "modus" in keys:
        return False
    params = QueryDict(urlencode(pairs))
    if kind == Alert.Kind.NEEDS:
        cleaned = NeedFilterForm(params).cleaned()
        found = board.analyse(cleaned.get("q", ""))
    else:
        found = search_filterset(params).text_search
    return bool(found and found.is_need)


def describe(query: str, kind: str = Alert.Kind.CASES) -> str:
    """The search in words: "Fase: Markedsdialog, Fylke: Vestland, «velferdsteknologi»"."""
    params = QueryDict(query)
    if kind == Alert.Kind.NEEDS:
        return _describe_needs(params)
    filterset = search_filterset(params)
    filterset.is_valid()
    parts = [item["label"] for item in active_filters(params, filterset)]
    text = Truncator((filterset.cleaned.get("q") or "").strip()).chars(NAME_TEXT_CHARACTERS)
    if text and filterset.cleaned.get("modus") == MODE_NEED:
        parts.append(_("som ligner på «%(text)s»") % {"text": text})
    elif text:
        parts.append(_("«%(word)s»") % {"word": text})
    return ", ".join(parts) or _("alle nye anskaffelser")


def _describe_needs(params: QueryDict) -> str:
    """A search of the needs board in words: "Sektor: Helse og omsorg, «pasientreiser»"."""
    cleaned = NeedFilterForm(params).cleaned()
    parts = [
        f"{label}: {', '.join(str(item) for item in cleaned[name])}"
        for name, label in (("sektor", _("Sektor")), ("fylke", _("Fylke")))
        if cleaned.get(name)
    ]
    if cleaned.get("fase"):
        phases = dict(NeedFilterForm.base_fields["fase"].choices)
        parts.append(_("Fase") + ": " + ", ".join(str(phases.get(p, p)) for p in cleaned["fase"]))
    if cleaned.get("felles"):
        parts.append(_("åpne for felles anskaffelse"))
    if cleaned.get("status"):
        parts.append(_("bare åpne behov"))
    text = Truncator((cleaned.get("q") or "").strip()).chars(NAME_TEXT_CHARACTERS)
    if text and cleaned.get("modus") == MODE_NEED:
        parts.append(_("som ligner på «%(text)s»") % {"text": text})
    elif text:
        parts.append(_("«%(word)s»") % {"word": text})
    return ", ".join(parts) or _("alle nye behov")


def subscribe(
    email: str,
    query: str,
    frequency: str,
    kind: str = Alert.Kind.CASES,
    language: str = settings.LANGUAGE_CODE,
) -> Alert | None:
    """A new, unconfirmed alert, or None when the address already has one for this search
    (then nothing is sent and nothing changes: the answer must not tell). `language` is the
    page's: the alert's emails are written in it."""
    email = email.strip()
    try:
        with transaction.atomic():
            return Alert.objects.create(
                email=email, query=query, frequency=frequency, kind=kind, language=language
            )
    except IntegrityError:
        existing = Alert.objects.filter(email__iexact=email, kind=kind, query=query).first()
        if existing is not None and existing.confirmed_at is None:
            # The first confirmation was lost: send it again, in the language asked in now.
            if existing.language != language:
                existing.language = language
                existing.save(update_fields=["language"])
            return existing
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


def alert_to_confirm(token: str) -> Alert | None:
    """The alert of a confirmation link still valid; confirms nothing."""
    return _alert_for(token, CONFIRM_SALT, CONFIRM_MAX_AGE)


def confirm(token: str) -> Alert | None:
    alert = alert_to_confirm(token)
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
    with translation.override(alert.language):
        context = {
            "search": describe(alert.query, alert.kind),
            "needs": alert.kind == Alert.Kind.NEEDS,
            "frequency": alert.get_frequency_display(),
            "confirm_url": base_url + reverse("cases:alert_confirm", args=[confirm_token(alert)]),
            "search_url": base_url + alert.get_absolute_url(),
            "site_name": settings.SITE_NAME,
        }
        body = render_to_string("alerts/confirm_email.txt", context)
        subject = (
            _("Bekreft varsel om nye behov")
            if alert.kind == Alert.Kind.NEEDS
            else _("Bekreft varsel om nye anskaffelser")
        )
    EmailMultiAlternatives(subject, body, None, [alert.email]).send()
    return True


@dataclass
class Entry:
    """One new case or need as a digest shows it."""

    title: str
    meta: str
    summary: str
    url: str


@dataclass
class Group:
    """New items of one county (or sector): how many, the first few, and the search
    limited to the group, newest first."""

    label: str
    count: int
    url: str
    entries: list[Entry] = field(default_factory=list)


@dataclass
class Digest:
    alert: Alert
    entries: list[Entry]
    total: int
    # The search, newest first.
    url: str
    groups: list[Group] = field(default_factory=list)
    # "fylke" or "sektor" when grouped.
    grouped_by: str = ""


def digest_for(alert: Alert, *, until: datetime.datetime, base_url: str = "") -> Digest:
    """What is new for the alert since its last digest: the published cases that match its
    search (the page's search, need mode too), or the published needs that pass the needs
    board's filters; grouped when there are more than GROUP_ABOVE."""
    since = alert.last_digest_at or alert.confirmed_at or alert.created_at
    if alert.kind == Alert.Kind.NEEDS:
        return _need_digest(alert, since, until, base_url)
    return _case_digest(alert, since, until, base_url)


def _case_digest(alert, since, until, base_url) -> Digest:
    params = QueryDict(alert.query)
    # A need is ranked as for new cases: only the closest by meaning (NewCasesFilterSet).
    search = search_filterset(params, kind=NewCasesFilterSet)
    matching = search.qs.filter(published_at__gt=since, published_at__lte=until)
    # Light rows (id, county, sectors) of every new case, newest first, to count and group.
    keys = list(
        matching.order_by("-published_at", "pk").values_list("pk", "region_id", "sector_ids")
    )

    def group_url(param: str, value) -> str:
        changes = {param: value} if value is not None else {}
        return base_url + search_url(params, drop=("side", "sorter"), sorter="nyeste", **changes)

    def load(ids: list[int]) -> dict[int, Entry]:
        rows = Case.objects.filter(pk__in=ids).with_card_names()
        return {case.pk: _case_entry(case, base_url) for case in rows}

    # A case in several sectors is grouped under the first by name.
    sector_names = dict(Sector.objects.values_list("pk", "name")) if len(keys) > GROUP_ABOVE else {}
    return _digest(
        alert,
        [(pk, region) for pk, region, _sectors in keys],
        [
            (pk, min(sectors, key=lambda s: sector_names.get(s, "")) if sectors else None)
            for pk, _region, sectors in keys
        ],
        load=load,
        group_url=group_url,
        url=group_url("fylke", None),
    )


def _case_entry(case: Case, base_url: str) -> Entry:
    meta = ", ".join(case.buyer_names or [])
    if case.start_year:
        meta = f"{meta} · {case.start_year}" if meta else str(case.start_year)
    return Entry(
        title=case.title,
        meta=meta,
        summary=Truncator(case.summary).words(SUMMARY_WORDS),
        url=base_url + case.get_absolute_url(),
    )


def _need_digest(alert, since, until, base_url) -> Digest:
    params = QueryDict(alert.query)
    matching = (
        filtered_needs(NeedFilterForm(params).cleaned(), with_interests=False)
        .filter(reviewed_at__gt=since, reviewed_at__lte=until)
        .exclude(status=Need.Status.CLOSED)
    )
    keys = list(
        matching.order_by("-reviewed_at", "-pk").values_list("pk", "region_id", "sector_id")
    )

    def group_url(param: str, value) -> str:
        query = params.copy()
        query.pop("side", None)
        if value is not None:
            query.setlist(param, [str(value)])
        encoded = query.urlencode()
        return base_url + reverse("needs:list") + (f"?{encoded}" if encoded else "")

    def load(ids: list[int]) -> dict[int, Entry]:
        rows = Need.objects.filter(pk__in=ids).select_related("organization", "region", "sector")
        return {need.pk: _need_entry(need, base_url) for need in rows}

    return _digest(
        alert,
        [(pk, region) for pk, region, _sector in keys],
        [(pk, sector) for pk, _region, sector in keys],
        load=load,
        group_url=group_url,
        url=group_url("fylke", None),
    )


def _need_entry(need: Need, base_url: str) -> Entry:
    place = need.organization.name + (f", {need.region.name}" if need.region else "")
    parts = [place, need.get_phase_display()]
    if need.market_year:
        parts.append(_("ut i markedet %(year)s") % {"year": need.market_year})
    return Entry(
        title=need.title,
        meta=" · ".join(parts),
        summary=Truncator(need.text).words(SUMMARY_WORDS),
        url=base_url + need.get_absolute_url(),
    )


def _digest(
    alert: Alert,
    by_county: list[tuple[int, int | None]],
    by_sector: list[tuple[int, int | None]],
    *,
    load: Callable[[list[int]], dict[int, Entry]],
    group_url: Callable[[str, int | None], str],
    url: str,
) -> Digest:
    """The digest of the new items (ids newest first, each with its county and sector):
    all of them when they are few, else grouped by county, or by sector when they are all
    in one county; a list of one group is not grouped."""
    total = len(by_county)
    if total <= GROUP_ABOVE:
        entries = load([pk for pk, _key in by_county])
        return Digest(alert, [entries[pk] for pk, _key in by_county if pk in entries], total, url)
    grouping = _grouping(by_county, by_sector)
    if grouping is None:
        # One county and one sector: the newest, and a link to the rest.
        shown = [pk for pk, _key in by_county[:GROUP_ABOVE]]
        entries = load(shown)
        return Digest(alert, [entries[pk] for pk in shown if pk in entries], total, url)
    param, model, other, members = grouping
    names = dict(model.objects.filter(pk__in=[k for k in members if k]).values_list("pk", "name"))
    groups = [
        (
            Group(
                label=names.get(key, other) if key else other,
                count=len(ids),
                url=group_url(param, key if key in names else None),
            ),
            ids,
        )
        for key, ids in members.items()
    ]
    # The biggest groups first; the items without a county (or sector) last.
    groups.sort(
        key=lambda pair: (
            pair[0].label == other,
            -pair[0].count,
            pair[0].label.lower().translate(NORWEGIAN_ORDER),
        )
    )
    shown, budget = [], LISTED_AT_MOST
    for _group, ids in groups:
        shown.append(ids[: min(PER_GROUP, budget)])
        budget -= len(shown[-1])
    entries = load([pk for ids in shown for pk in ids])
    for (group, _ids), ids in zip(groups, shown, strict=True):
        group.entries = [entries[pk] for pk in ids if pk in entries]
    return Digest(alert, [], total, url, groups=[g for g, _ids in groups], grouped_by=param)


def _grouping(by_county, by_sector):
    """(parameter, model, label of the rest, {key: ids}) of the first of county and sector
    that splits the items into more than one group; None when neither does."""
    for param, keyed, model, other in (
        ("fylke", by_county, Region, _("Uten fylke")),
        ("sektor", by_sector, Sector, _("Uten sektor")),
    ):
        members: dict[int | None, list[int]] = {}
        for pk, key in keyed:
            members.setdefault(key, []).append(pk)
        if len(members) > 1:
            return param, model, other, members
    return None


def due_alerts(now: datetime.datetime):
    """Confirmed alerts whose period has passed since their last digest."""
    for frequency, period in PERIOD.items():
        yield from Alert.objects.filter(
            frequency=frequency, confirmed_at__isnull=False, last_digest_at__lte=now - period
        ).only("pk")


def send_digest(alert_pk: int, *, base_url: str, until: datetime.datetime) -> bool:
    """One digest email (text and HTML) in the alert's language, or none when nothing is
    new. Returns whether one was sent."""
    alert = Alert.objects.filter(pk=alert_pk, confirmed_at__isnull=False).first()
    if alert is None or (alert.last_digest_at and alert.last_digest_at >= until):
        return False
    with translation.override(alert.language):
        total = _email_digest(alert, base_url=base_url, until=until)
    Alert.objects.filter(pk=alert.pk).update(last_digest_at=until)
    return bool(total)


def _email_digest(alert: Alert, *, base_url: str, until: datetime.datetime) -> int:
    """Sends the digest when something is new; returns how many new items it has."""
    digest = digest_for(alert, until=until, base_url=base_url)
    if digest.total:
        unsubscribe_url = base_url + reverse(
            "cases:alert_unsubscribe", args=[unsubscribe_token(alert)]
        )
        search = describe(alert.query, alert.kind)
        context = {
            "search": search,
            "needs": alert.kind == Alert.Kind.NEEDS,
            "digest": digest,
            "base_url": base_url,
            "search_url": base_url + alert.get_absolute_url(),
            "unsubscribe_url": unsubscribe_url,
            "manage_url": base_url
            + reverse("cases:alert_manage", args=[manage_token(alert.email)]),
            "frequency": alert.get_frequency_display().lower(),
            "site_name": settings.SITE_NAME,
        }
        subject = (
            _("Nye behov: %(search)s")
            if alert.kind == Alert.Kind.NEEDS
            else _("Nye anskaffelser: %(search)s")
        )
        message = EmailMultiAlternatives(
            subject % {"search": Truncator(search).chars(150)},
            render_to_string("alerts/digest_email.txt", context),
            None,
            [alert.email],
            headers={
                "List-Unsubscribe": f"<{unsubscribe_url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        message.attach_alternative(
            render_to_string("alerts/digest_email.html", context), "text/html"
        )
        message.send()
    return digest.total


def delete_unconfirmed(now: datetime.datetime | None = None) -> int:
    limit = (now or timezone.now()) - CONFIRM_MAX_AGE
    deleted, _rows = Alert.objects.filter(confirmed_at__isnull=True, created_at__lt=limit).delete()
    return deleted
