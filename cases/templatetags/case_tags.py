import html
import re

from django import template
from django.http import QueryDict
from django.template.defaultfilters import truncatewords
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from cases.models import Case, Phase
from ioa_portal.lib.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    """{{ case.need|markdown }}: Markdown rendered and sanitised."""
    return render_markdown(text)


@register.filter
def tel_href(phone: str) -> str:
    """A phone number as written ("+47 22 00 00 00") made into a tel: link target."""
    digits = re.sub(r"[^\d+]", "", phone or "")
    return f"tel:{digits}" if digits else ""


# The default units, and the same units without "per year", are stored in bokmål; show them
# in the reader's language.
UNIT_LABELS = {
    "kr/år": _("kr/år"),
    "kr": _("kr"),
    "timer/år": _("timer/år"),
    "timer": _("timer"),
    "tonn CO2e/år": _("tonn CO2e/år"),
    "tonn CO2e": _("tonn CO2e"),
}


@register.filter
def unit_label(unit: str) -> str:
    """{{ benefit.unit|unit_label }}: a standard unit translated, any other as written."""
    return UNIT_LABELS.get(unit, unit)


# The facet lists are the search page's longest loops (up to 50 options a facet, 10
# facets, 1,000 escaped values): built here with the standard library's html.escape, the
# function Django's escape() calls, rather than in the template language or format_html,
# whose lazy-string checks cost more than the escaping. Same output, same localised numbers.
_CHECKBOX = (
    '<li><input type="checkbox" id="f-{0}-{1}" name="{0}" value="{1}"{2}>\n'
    '      <label for="f-{0}-{1}">{3} <span class="count">({4})</span></label></li>'
)
_CHECKED = mark_safe(" checked")  # noqa: S308 - a constant
_SELECTED = mark_safe(" selected")  # noqa: S308 - a constant


def _number(count: int) -> str:
    """A count as localize() writes it; below a thousand no locale groups digits, so the
    hundreds of small counts on a page skip its lookups."""
    if -1000 < count < 1000:
        return str(count)
    return localize(count)


@register.simple_tag
def facet_checkboxes(pairs) -> SafeString:
    """{% facet_checkboxes group.options %}: one checkbox per (parameter, option) pair."""
    return mark_safe(  # noqa: S308 - every value is escaped
        "\n    ".join(
            _CHECKBOX.format(
                html.escape(param),
                html.escape(str(o.value)),
                _CHECKED if o.selected else "",
                html.escape(str(o.label)),
                html.escape(_number(o.count)),
            )
            for param, o in pairs
        )
    )


_FACET_GROUP = """<fieldset class="facet">
  <legend>{legend}</legend>
  <ul>
    {options}
  </ul>
  {more}
</fieldset>
"""
_FACET_MORE = """
  <details class="facet-more">
    <summary>{summary}</summary>
    <ul>
      {options}
    </ul>
    {unlisted}
  </details>
  """


@register.simple_tag
def facet_groups(groups) -> SafeString:
    """{% facet_groups facets %}: each facet as a fieldset of checkboxes, a long one with
    more values folded (cases.views.browse._facet_groups)."""
    parts = []
    for group in groups:
        more = ""
        if group["more"]:
            count = len(group["more"])
            unlisted = ""
            if group["unlisted"]:
                unlisted = '<p class="help">{}</p>'.format(
                    html.escape(
                        ngettext(
                            "… og %(counter)s til med færre treff. Skriv navnet i søkefeltet "
                            "for å finne den.",
                            "… og %(counter)s til med færre treff. Skriv navnet i søkefeltet "
                            "for å finne dem.",
                            group["unlisted"],
                        )
                        % {"counter": _number(group["unlisted"])}
                    )
                )
            more = _FACET_MORE.format(
                summary=html.escape(
                    ngettext("Vis %(counter)s til", "Vis %(counter)s til", count)
                    % {"counter": _number(count)}
                ),
                options=facet_checkboxes(group["more"]),
                unlisted=unlisted,
            )
        parts.append(
            _FACET_GROUP.format(
                legend=html.escape(str(group["legend"])),
                options=facet_checkboxes(group["options"]),
                more=more,
            )
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped


@register.simple_tag
def year_options(years, end: str) -> SafeString:
    """{% year_options years "from" %}: the <option>s of the start-year selects."""
    return format_html_join(
        "",
        '<option value="{0}"{1}>{0} ({2})</option>',
        ((y["value"], _SELECTED if y[end] else "", _number(y["count"])) for y in years),
    )


# A case as a card: search results, the front page's newest cases and similar cases. Built
# like the facet lists, with str.format and html.escape (what format_html does, without its
# lazy-string checks): twenty cards were most of a result page's rendering time.
_CARD = """<article class="case-card">
  <h3><a href="{url}">{title}</a></h3>
  <p class="meta">
    {meta}
  </p>
  {text}
  {reason}
  <p class="badges">
    <span class="badge badge-status-{status}">{status_label}</span>
    <span class="badge">{phase_label}</span>
    {sectors}
    {demo}
  </p>
</article>"""


def _html(value) -> str:
    """conditional_escape(): safe strings as they are, anything else escaped."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _label(choices, value: str) -> str:
    # Model.get_FOO_display() rebuilds a dict of every (lazy) label on each call.
    try:
        return choices(value).label
    except ValueError:
        return value


def _region_name(case) -> str | None:
    """A search result card (cases.search.results.Card) has the county's name; a Case its
    region (select_related)."""
    if hasattr(case, "region_name"):
        return case.region_name
    return case.region.name if case.region_id else None


def _years(case) -> str:
    if case.end_year and case.end_year != case.start_year:
        return f"{case.start_year}–{case.end_year}"
    return str(case.start_year)


@register.simple_tag
def case_card(case) -> SafeString:
    """{% case_card case %}: one case, or a search result's Card, as a card (with its
    highlights when it has them).

    A case page keeps its similar cases' cards in its body: what a card shows is in the
    body's fingerprint (cases migration 0029), which must list any field added here."""
    meta = []
    if getattr(case, "buyer_names", None):
        meta.append(", ".join(case.buyer_names))
    if region := _region_name(case):
        meta.append(region)
    if case.start_year:
        meta.append(_years(case))
    snippet = getattr(case, "snippet_html", None)
    if snippet:
        text = f'<p class="snippet">{_html(snippet)}</p>'
    else:
        text = f"<p>{_html(truncatewords(case.summary, 40))}</p>"
    sectors = "".join(
        f'<span class="badge badge-sector">{_html(name)}</span>'
        for name in getattr(case, "sector_names", None) or ()
    )
    demo = f'<span class="badge badge-demo">{_html(gettext("Demo"))}</span>' if case.is_demo else ""
    return mark_safe(  # noqa: S308 - every value is escaped
        _CARD.format(
            url=_html(case.get_absolute_url()),
            title=_html(getattr(case, "title_html", None) or case.title),
            meta="".join(f"<span>{_html(item)}</span>" for item in meta),
            text=text,
            reason=_need_reason(case),
            status=_html(case.status),
            status_label=_html(_label(Case.Status, case.status)),
            phase_label=_html(_label(Phase, case.phase)),
            sectors=sectors,
            demo=demo,
        )
    )


def _need_reason(case) -> SafeString | str:
    """Why a need search lists the case: the need's words it holds, or its meaning."""
    words = getattr(case, "need_reasons", None)
    if words is None:
        return ""
    if words:
        return format_html(
            '<p class="reason"><strong>{}</strong> {}</p>', gettext("Treff på:"), ", ".join(words)
        )
    return format_html('<p class="reason">{}</p>', gettext("Ligner i innhold"))


@register.simple_tag(takes_context=True)
def search_query(context, **changes) -> str:
    """{% search_query side=2 %}: like {% querystring %}, but parameters left empty by a
    form without JavaScript (fra_aar=&til_aar=) are not written into the link."""
    query = QueryDict(mutable=True)
    for name, values in context.request.GET.lists():
        kept = [value for value in values if value.strip()]
        if kept and name not in changes:
            query.setlist(name, kept)
    for name, value in changes.items():
        if value is not None:
            query[name] = str(value)
    return f"?{query.urlencode()}"
