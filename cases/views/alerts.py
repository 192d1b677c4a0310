"""Alerts for a search, "Få e-post om nye treff": sign up, confirm, unsubscribe, manage.
One form for both kinds: a search of the cases (/anskaffelser/) and of the needs board
(/behov/), told apart by the hidden field `hva`.

The sign-up form sits on the search page, which is cached for every visitor, so it carries
no CSRF token: a forged sign-up only sends a confirmation (double opt-in), and the rate
limit and honeypot of the other public forms apply. The unsubscribe link takes a POST
without a token too (RFC 8058 one-click from the mail program).

The confirmation link only shows the search and a button (mail scanners that follow links
must not start alerts nobody asked for); the button's POST starts the alert. That page is
never cached, so its CSRF token (a cookie, no session needed) is the visitor's own."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.db import transaction
from django.http import QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from cases import alerts, tasks
from cases.models import Alert
from cases.search.params import search_url
from ioa_portal import jobs
from ioa_portal.lib.antispam import HoneypotMixin, rate_limit
from ioa_portal.lib.urls import base_url


class AlertForm(HoneypotMixin, forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("E-postadresse"),
        max_length=254,
        error_messages={
            "required": gettext_lazy("Skriv e-postadressen varslene skal gå til."),
            "invalid": gettext_lazy("Skriv en gyldig e-postadresse, for eksempel navn@kommune.no."),
        },
    )
    frequency = forms.ChoiceField(
        label=gettext_lazy("Hvor ofte"),
        choices=Alert.Frequency.choices,
        initial=Alert.Frequency.WEEKLY,
        widget=forms.RadioSelect,
    )
    sok = forms.CharField(required=False, widget=forms.HiddenInput, max_length=20_000)
    hva = forms.ChoiceField(
        choices=Alert.Kind.choices,
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": gettext_lazy("Vi kjenner ikke igjen søket.")},
    )

    def clean_hva(self) -> str:
        return self.cleaned_data.get("hva") or Alert.Kind.CASES

    def clean(self):
        cleaned = super().clean()
        if "sok" in cleaned and "hva" in cleaned:
            try:
                cleaned["sok"] = alerts.normalise_query(cleaned["sok"], cleaned["hva"])
            except alerts.BadQuery as error:
                self.add_error("sok", str(error))
        return cleaned


class ManageForm(forms.Form):
    action = forms.ChoiceField(choices=[("frequency", ""), ("delete", "")])
    frequency = forms.ChoiceField(choices=Alert.Frequency.choices, required=False)


@csrf_exempt
@require_http_methods(["GET", "POST"])
@rate_limit("case-alerts")
def subscribe(request):
    """The answer is the same whether or not the address already follows this search."""
    if request.method == "POST":
        form = AlertForm(request.POST)
        if form.caught_by_honeypot():
            return render(request, "alerts/check_email.html", status=200)
        if form.is_valid():
            data = form.cleaned_data
            with transaction.atomic():
                alert = alerts.subscribe(
                    data["email"],
                    data["sok"],
                    data["frequency"],
                    data["hva"],
                    language=get_language() or settings.LANGUAGE_CODE,
                )
                if alert is not None:
                    jobs.defer(
                        tasks.send_alert_confirmation,
                        queueing_lock=f"alert-confirmation-{alert.pk}",
                        alert_pk=alert.pk,
                        base_url=base_url(request),
                    )
            searched = Alert(kind=data["hva"], query=data["sok"])
            context = {
                "search": alerts.describe(data["sok"], data["hva"]),
                "back_url": searched.get_absolute_url(),
            }
            return render(request, "alerts/check_email.html", context)
        status = 400
    else:
        initial = {"sok": request.GET.get("sok", "")[:20_000], "hva": request.GET.get("hva", "")}
        form = AlertForm(initial=initial)
        status = 200
    search, feed_url = "", ""
    kind = form["hva"].value()
    if not form.errors.get("sok") and kind in Alert.Kind.values + [""]:
        try:
            query = alerts.normalise_query(form["sok"].value() or "", kind or Alert.Kind.CASES)
            search = alerts.describe(query, kind or Alert.Kind.CASES)
            # "Følg søket": the same search as an Atom feed, for a feed reader (the needs
            # board has one feed of all new needs).
            feed_url = request.build_absolute_uri(
                reverse("needs:feed")
                if kind == Alert.Kind.NEEDS
                else search_url(QueryDict(query), to="cases:feed", drop=("side", "sorter"))
            )
        except alerts.BadQuery:
            search = ""
    context = {"form": form, "search": search, "feed_url": feed_url}
    return render(request, "alerts/subscribe.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """The link from the confirmation email. GET shows the search and a button; pressing
    it (POST) starts the alert. An alert already started shows as started."""
    confirming = request.method == "POST"
    alert = alerts.confirm(token) if confirming else alerts.alert_to_confirm(token)
    if alert is None:
        return render(request, "alerts/bad_link.html", status=400)
    context = {"alert": alert, "search": alerts.describe(alert.query, alert.kind)}
    if alert.confirmed_at is None:
        return render(request, "alerts/confirm.html", context)
    context["manage_url_token"] = alerts.manage_token(alert.email)
    return render(request, "alerts/confirmed.html", context)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET asks (link checkers in mail systems must not unsubscribe anyone); POST ends the
    alert, also the one-click POST of RFC 8058 that comes without a CSRF token."""
    alert = alerts.alert_to_unsubscribe(token)
    if request.method == "POST":
        if alert is not None:
            alert.delete()
        return render(request, "alerts/unsubscribed.html")
    if alert is None:
        return render(request, "alerts/unsubscribed.html", {"already": True})
    return render(
        request,
        "alerts/unsubscribe.html",
        {"alert": alert, "search": alerts.describe(alert.query, alert.kind)},
    )


@require_http_methods(["GET", "POST"])
def manage(request, token):
    email = alerts.email_for_manage(token)
    if email is None:
        return render(request, "alerts/bad_link.html", status=400)
    mine = alerts.alerts_of(email).filter(confirmed_at__isnull=False)
    message = ""
    if request.method == "POST":
        form = ManageForm(request.POST)
        if form.is_valid() and form.cleaned_data["action"] == "delete":
            alerts.alerts_of(email).delete()
            message = _("Alle varslene dine er slettet.")
        elif form.is_valid() and form.cleaned_data["frequency"]:
            mine.update(frequency=form.cleaned_data["frequency"])
            message = _("Endret. Varslene kommer nå så ofte du valgte.")
        else:
            return render(request, "alerts/bad_link.html", status=400)
    listed = [(alert, alerts.describe(alert.query, alert.kind)) for alert in mine.order_by("pk")]
    context = {
        "alerts": listed,
        "message": message,
        "frequencies": Alert.Frequency.choices,
        "current": listed[0][0].frequency if listed else "",
    }
    return render(request, "alerts/manage.html", context)
