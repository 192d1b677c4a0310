"""Statistics: figures about published cases and learning networks, drawn as SVG charts.

Each figure is computed with a fixed number of queries (conditional aggregation and one
GROUP BY per dimension), whatever the number of cases. The case figures describe the set
of cases that the search parameters in the URL select, so any search can be looked at as
statistics; every figure links back to the search that produced it.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.http import QueryDict
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from cases import charts
from cases.caching import settled_version
from cases.models import BenefitAnalysis, Case, DialogueConference, Phase
from cases.reuse import spread
from cases.search import search_filterset
from cases.search.facets import SEARCH_PARAMETERS
from cases.search.params import search_only, search_url
from ioa_portal.lib.after_response import after_response
from networks.models import Enrollment, LearningNetwork, Organization, Session

# Benefits that can be added up: kind -> the unit they are summed in. The admin refuses
# another unit for these kinds (BenefitAnalysis.clean); a row imported with one is left out
# rather than mixed in.
SUMMABLE_BENEFITS = {
    BenefitAnalysis.Kind.ECONOMY: BenefitAnalysis.DEFAULT_UNITS[BenefitAnalysis.Kind.ECONOMY],
    BenefitAnalysis.Kind.TIME: BenefitAnalysis.DEFAULT_UNITS[BenefitAnalysis.Kind.TIME],
    BenefitAnalysis.Kind.CLIMATE: BenefitAnalysis.DEFAULT_UNITS[BenefitAnalysis.Kind.CLIMATE],
}
BENEFIT_TITLES = {
    BenefitAnalysis.Kind.ECONOMY: gettext_lazy("Økonomiske gevinster (kroner per år)"),
    BenefitAnalysis.Kind.TIME: gettext_lazy("Sparte timer per år"),
    BenefitAnalysis.Kind.CLIMATE: gettext_lazy("Klimagevinster (tonn CO2e per år)"),
}


def fmt(value: int | float | Decimal | None, decimals: int = 0) -> str:
    """A number the way the current language writes it: 1 234 567 in Norwegian."""
    if value is None:
        return "–"
    if decimals == 0:
        value = round(value)
    return number_format(value, decimal_pos=decimals, force_grouping=True)


def percent(part: int | Decimal, whole: int | Decimal) -> str:
    if not whole:
        return "–"
    return _("%(value)s %%") % {"value": fmt(100 * part / whole)}


def benefit_decimals(value: Decimal | None) -> int:
    """Whole numbers for large sums; one decimal for small ones such as tonnes of CO2e."""
    return 1 if value is not None and abs(value) < 100 and value != int(value) else 0


@dataclass
class Row:
    """One row of a figure's data table; ``url`` is the search behind the row."""

    label: str
    values: list[str]
    url: str = ""


@dataclass
class Figure:
    """A chart with its caption, text summary, data table and link to the search."""

    id: str
    caption: str
    summary: str
    columns: list[str]
    rows: list[Row]
    svg: SafeString | str = ""
    search_url: str = ""
    note: str = ""
    link_text: str = ""
    empty: str = field(default_factory=lambda: _("Ingen tall for dette utvalget ennå."))

    def __post_init__(self):
        if not self.link_text:
            caption = self.caption[:1].lower() + self.caption[1:]
            self.link_text = _("Se anskaffelsene bak figuren «%(caption)s»") % {"caption": caption}


class SearchLinks:
    """Builds links to the case search, keeping the filters that produced the statistics."""

    def __init__(self, query: QueryDict):
        self.params = search_only(query)

    @property
    def active(self) -> bool:
        return bool(self.params)

    def url(self, **overrides: object) -> str:
        return search_url(self.params, **overrides)


def most(rows: list[tuple[str, int]]) -> tuple[list[str], int]:
    """The labels sharing the highest count, and that count."""
    top = max((count for _label, count in rows), default=0)
    return [label for label, count in rows if count == top and top > 0], top


def join_labels(labels: list[str]) -> str:
    """ "2022 og 2023"; names with spaces are quoted, so that «Vann og avløp» stays one name.

    Choice labels are lazy translations; they are made text here, in the active language,
    since ``", ".join`` accepts nothing else."""
    labels = [str(label) for label in labels]
    if any(" " in label for label in labels):
        labels = [f"«{label}»" for label in labels]
    if len(labels) <= 1:
        return "".join(labels)
    return _("%(first)s og %(last)s") % {"first": ", ".join(labels[:-1]), "last": labels[-1]}


def count_figure(
    figure_id: str,
    caption: str,
    heading: str,
    rows: list[tuple[str, int, str]],
    summary_one: str,
    summary_tie: str,
    search_url: str,
    *,
    columns: bool = False,
    note: str = "",
) -> Figure:
    """A figure of counts: bars, table rows with links, and "Flest … : n" as summary.

    Labels become text in the active language before they are joined, drawn or cached."""
    rows = [(str(label), count, url) for label, count, url in rows]
    labels, top = most([(label, count) for label, count, _url in rows])
    if not labels:
        summary = _("Ingen anskaffelser i dette utvalget.")
    elif len(labels) == 1:
        summary = summary_one % {"label": labels[0], "count": fmt(top)}
    else:
        summary = summary_tie % {"labels": join_labels(labels), "count": fmt(top)}
    bars = [charts.Bar(label, count, fmt(count)) for label, count, _url in rows]
    draw = charts.column_chart if columns else charts.bar_chart
    return Figure(
        id=figure_id,
        caption=caption,
        summary=summary,
        columns=[heading, _("Anskaffelser")],
        rows=[Row(label, [fmt(count)], url) for label, count, url in rows],
        svg=draw(figure_id, caption, bars) if labels else "",
        search_url=search_url,
        note=note,
    )


def case_totals(cases) -> dict:
    """One query: the total, cases with a dialogue conference, per phase and per procedure."""
    has_dialogue = Exists(DialogueConference.objects.filter(case=OuterRef("pk")))
    counts = {
        "total": Count("pk"),
        "with_dialogue": Count("pk", filter=Q(has_dialogue)),
        "without_year": Count("pk", filter=Q(start_year__isnull=True)),
    }
    for phase in Phase:
        counts[f"phase_{phase.value}"] = Count("pk", filter=Q(phase=phase))
    for procedure in Case.Procedure:
        counts[f"procedure_{procedure.value}"] = Count("pk", filter=Q(procedure=procedure))
    return cases.aggregate(**counts)


def year_figure(cases, links: SearchLinks, without_year: int) -> Figure:
    counts = dict(
        cases.filter(start_year__isnull=False)
        .values_list("start_year")
        .annotate(n=Count("pk"))
        .values_list("start_year", "n")
    )
    years = range(min(counts), max(counts) + 1) if counts else []
    rows = [
        (str(year), counts.get(year, 0), links.url(fra_aar=year, til_aar=year)) for year in years
    ]
    note = ""
    if without_year:
        note = _("%(count)s anskaffelser uten oppgitt startår er ikke med i figuren.") % {
            "count": fmt(without_year)
        }
    return count_figure(
        "figur-aar",
        _("Anskaffelser per startår"),
        _("Startår"),
        rows,
        _("Flest anskaffelser startet i %(label)s: %(count)s."),
        _("Flest anskaffelser startet i %(labels)s: %(count)s hvert år."),
        links.url(),
        columns=True,
        note=note,
    )


def sector_figure(cases, links: SearchLinks) -> Figure:
    through = Case.sectors.through.objects.filter(case__in=cases)
    counts = (
        through.values_list("sector_id", "sector__name")
        .annotate(n=Count("case_id"))
        .order_by("-n", "sector__name")
    )
    rows = [(name, n, links.url(sektor=pk)) for pk, name, n in counts]
    return count_figure(
        "figur-sektor",
        _("Anskaffelser per sektor"),
        _("Sektor"),
        rows,
        _("Flest anskaffelser i sektoren %(label)s: %(count)s."),
        _("Flest anskaffelser i sektorene %(labels)s: %(count)s hver."),
        links.url(),
        note=_("En anskaffelse kan høre til flere sektorer."),
    )


def phase_figure(totals: dict, links: SearchLinks) -> Figure:
    rows = [
        (str(phase.label), totals[f"phase_{phase.value}"], links.url(fase=phase.value))
        for phase in Phase
    ]
    return count_figure(
        "figur-fase",
        _("Anskaffelser per fase"),
        _("Fase"),
        rows,
        _("Flest anskaffelser er i fasen %(label)s: %(count)s."),
        _("Flest anskaffelser er i fasene %(labels)s: %(count)s hver."),
        links.url(),
    )


def procedure_figure(totals: dict, links: SearchLinks) -> Figure:
    rows = [
        (
            str(procedure.label),
            totals[f"procedure_{procedure.value}"],
            links.url(prosedyre=procedure),
        )
        for procedure in Case.Procedure
    ]
    rows = [row for row in rows if row[1]] or rows
    rows.sort(key=lambda row: -row[1])
    return count_figure(
        "figur-prosedyre",
        _("Anskaffelser per prosedyre"),
        _("Prosedyre"),
        rows,
        _("Mest brukte prosedyre: %(label)s, med %(count)s anskaffelser."),
        _("Mest brukte prosedyrer: %(labels)s, med %(count)s anskaffelser hver."),
        links.url(),
    )


def county_figure(cases, links: SearchLinks) -> Figure:
    counts = (
        cases.values_list("region_id", "region__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "region__name")
    )
    rows, unknown = [], 0
    for pk, name, n in counts:
        if pk is None:
            unknown = n
        else:
            rows.append((name, n, links.url(fylke=pk)))
    note = ""
    if unknown:
        note = _("%(count)s anskaffelser uten oppgitt fylke er ikke med i figuren.") % {
            "count": fmt(unknown)
        }
    return count_figure(
        "figur-fylke",
        _("Anskaffelser per fylke"),
        _("Fylke"),
        rows,
        _("Flest anskaffelser i %(label)s: %(count)s."),
        _("Flest anskaffelser i %(labels)s: %(count)s hver."),
        links.url(),
        note=note,
    )


def dialogue_figure(totals: dict, links: SearchLinks) -> Figure:
    total, with_dialogue = totals["total"], totals["with_dialogue"]
    without = total - with_dialogue
    caption = _("Anskaffelser med dialogkonferanse")
    summary = _("%(part)s av %(whole)s anskaffelser (%(percent)s) har hatt dialogkonferanse.") % {
        "part": fmt(with_dialogue),
        "whole": fmt(total),
        "percent": percent(with_dialogue, total),
    }
    rows = [
        (_("Med dialogkonferanse"), with_dialogue, links.url(dialog="ja")),
        (_("Uten dialogkonferanse"), without, links.url(dialog="nei")),
    ]
    bars = [charts.Bar(label, n, f"{fmt(n)} ({percent(n, total)})") for label, n, _u in rows]
    return Figure(
        id="figur-dialog",
        caption=caption,
        summary=summary if total else _("Ingen anskaffelser i dette utvalget."),
        columns=[_("Dialogkonferanse"), _("Anskaffelser"), _("Andel")],
        rows=[Row(label, [fmt(n), percent(n, total)], url) for label, n, url in rows],
        svg=charts.bar_chart("figur-dialog", caption, bars, maximum=total) if total else "",
        search_url=links.url(dialog="ja"),
    )


def _summable():
    condition = Q()
    for kind, unit in SUMMABLE_BENEFITS.items():
        condition |= Q(kind=kind, unit=unit)
    return condition


def benefit_sums(cases, group_by: tuple[str, ...] = ()) -> list[dict]:
    """Estimated and realised benefits summed per kind (and per group_by), in one query."""
    return list(
        BenefitAnalysis.objects.filter(_summable(), case__in=cases)
        .values(*group_by, "kind")
        .annotate(
            estimated_sum=Sum("estimated"),
            realised_sum=Sum("realised"),
            # What was estimated for the benefits that now have a realised figure: the fair
            # comparison, since most analyses report the realised value years later.
            estimated_of_realised=Sum("estimated", filter=Q(realised__isnull=False)),
            estimated_n=Count("pk", filter=Q(estimated__isnull=False)),
            realised_n=Count("pk", filter=Q(realised__isnull=False)),
            cases_n=Count("case_id", distinct=True),
        )
        .order_by(*group_by, "kind")
    )


BENEFIT_SERIES = [
    charts.Series(gettext_lazy("Anslått"), charts.ESTIMATED),
    charts.Series(gettext_lazy("Realisert"), charts.REALISED),
]


def _benefit_summary(kind, row: dict) -> str:
    unit = SUMMABLE_BENEFITS[kind]
    estimated, realised = row.get("estimated_sum"), row.get("realised_sum")
    if estimated is None and realised is None:
        return _("Ingen tall for dette utvalget ennå.")
    text = _("Anslått: %(estimated)s %(unit)s. Realisert så langt: %(realised)s %(unit)s.") % {
        "estimated": fmt(estimated, benefit_decimals(estimated)),
        "realised": fmt(realised, benefit_decimals(realised)),
        "unit": unit,
    }
    compared = row.get("estimated_of_realised")
    if compared and realised is not None:
        text += " " + _("Der gevinsten er målt, er %(percent)s av det anslåtte realisert.") % {
            "percent": percent(realised, compared)
        }
    return text


def benefit_overview(by_kind: dict, links: SearchLinks) -> list[Figure]:
    """Per kind of benefit: estimated beside realised, for all cases in the selection."""
    figures = []
    for kind, unit in SUMMABLE_BENEFITS.items():
        row = by_kind.get(kind, {})
        estimated, realised = row.get("estimated_sum"), row.get("realised_sum")
        figure_id = f"figur-gevinst-{kind}"
        caption = str(BENEFIT_TITLES[kind])
        group = charts.Group(
            _("Alle anskaffelser i utvalget"),
            [estimated, realised],
            [
                f"{fmt(estimated, benefit_decimals(estimated))}",
                f"{fmt(realised, benefit_decimals(realised))}",
            ],
        )
        has_data = estimated is not None or realised is not None
        figures.append(
            Figure(
                id=figure_id,
                caption=caption,
                summary=_benefit_summary(kind, row),
                columns=[_("Tall"), _("Sum (%(unit)s)") % {"unit": unit}, _("Antall analyser")],
                rows=[
                    Row(
                        _("Anslått"),
                        [
                            fmt(estimated, benefit_decimals(estimated)),
                            fmt(row.get("estimated_n", 0)),
                        ],
                    ),
                    Row(
                        _("Realisert"),
                        [fmt(realised, benefit_decimals(realised)), fmt(row.get("realised_n", 0))],
                    ),
                ],
                svg=(
                    charts.grouped_bar_chart(figure_id, caption, BENEFIT_SERIES, [group])
                    if has_data
                    else ""
                ),
                search_url=links.url(gevinst="ja"),
                note=_("Bygger på %(count)s anskaffelser med gevinstanalyse.")
                % {"count": fmt(row.get("cases_n", 0))}
                if has_data
                else "",
            )
        )
    return figures


def benefit_breakdown(
    cases, links: SearchLinks, *, dimension: str, key: str, name: str, parameter: str, title: str
) -> list[Figure]:
    """Estimated beside realised per sector or county: one grouped chart per kind."""
    rows = [row for row in benefit_sums(cases, (key, name)) if row[key] is not None]
    figures = []
    for kind, unit in SUMMABLE_BENEFITS.items():
        kind_rows = sorted(
            (row for row in rows if row["kind"] == kind),
            key=lambda row: (-(row["estimated_sum"] or row["realised_sum"] or 0), row[name]),
        )
        figure_id = f"figur-gevinst-{kind}-{dimension}"
        caption = _("%(kind)s etter %(dimension)s") % {
            "kind": BENEFIT_TITLES[kind],
            "dimension": title,
        }
        groups = [
            charts.Group(
                row[name],
                [row["estimated_sum"], row["realised_sum"]],
                [
                    fmt(row["estimated_sum"], benefit_decimals(row["estimated_sum"])),
                    fmt(row["realised_sum"], benefit_decimals(row["realised_sum"])),
                ],
            )
            for row in kind_rows
        ]
        if kind_rows:
            top = kind_rows[0]
            summary = _("Størst anslått gevinst: %(label)s, %(value)s %(unit)s.") % {
                "label": top[name],
                "value": fmt(top["estimated_sum"], benefit_decimals(top["estimated_sum"])),
                "unit": unit,
            }
        else:
            summary = _("Ingen tall for dette utvalget ennå.")
        figures.append(
            Figure(
                id=figure_id,
                caption=caption,
                summary=summary,
                columns=[
                    title.capitalize(),
                    _("Anslått (%(unit)s)") % {"unit": unit},
                    _("Realisert (%(unit)s)") % {"unit": unit},
                ],
                rows=[
                    Row(
                        row[name],
                        [
                            fmt(row["estimated_sum"], benefit_decimals(row["estimated_sum"])),
                            fmt(row["realised_sum"], benefit_decimals(row["realised_sum"])),
                        ],
                        links.url(**{parameter: row[key], "gevinst": "ja"}),
                    )
                    for row in kind_rows
                ],
                svg=charts.grouped_bar_chart(figure_id, caption, BENEFIT_SERIES, groups)
                if groups
                else "",
                search_url=links.url(gevinst="ja"),
            )
        )
    return figures


KEY_BENEFIT_LABELS = {
    BenefitAnalysis.Kind.ECONOMY: (
        gettext_lazy("Realisert økonomisk gevinst"),
        gettext_lazy("Anslått økonomisk gevinst"),
        gettext_lazy("kroner per år"),
    ),
    BenefitAnalysis.Kind.TIME: (
        gettext_lazy("Realisert tidsgevinst"),
        gettext_lazy("Anslått tidsgevinst"),
        gettext_lazy("timer per år"),
    ),
    BenefitAnalysis.Kind.CLIMATE: (
        gettext_lazy("Realisert klimagevinst"),
        gettext_lazy("Anslått klimagevinst"),
        gettext_lazy("tonn CO2e per år"),
    ),
}


@dataclass
class KeyFigure:
    label: str
    value: str
    unit: str = ""
    url: str = ""


def key_figures(totals: dict, benefits: dict, links: SearchLinks) -> list[KeyFigure]:
    """The few numbers at the top of the page: realised benefits where there are any."""
    figures = [
        KeyFigure(_("Publiserte anskaffelser"), fmt(totals["total"]), url=links.url()),
        KeyFigure(
            _("Med dialogkonferanse"),
            percent(totals["with_dialogue"], totals["total"]),
            url=links.url(dialog="ja"),
        ),
    ]
    for kind, (realised_label, estimated_label, unit) in KEY_BENEFIT_LABELS.items():
        row = benefits.get(kind)
        if not row:
            continue
        realised, estimated = row["realised_sum"], row["estimated_sum"]
        label, value = (
            (realised_label, realised)
            if realised is not None
            else (
                estimated_label,
                estimated,
            )
        )
        if value is not None:
            figures.append(
                KeyFigure(
                    str(label),
                    fmt(value, benefit_decimals(value)),
                    str(unit),
                    links.url(gevinst="ja"),
                )
            )
    return figures


def case_figures(cases, links: SearchLinks) -> dict:
    """Every figure about cases: 7 queries, whatever the number of cases."""
    totals = case_totals(cases)
    benefits = {row["kind"]: row for row in benefit_sums(cases)}
    return {
        "key_figures": key_figures(totals, benefits, links),
        "cases": [
            year_figure(cases, links, totals["without_year"]),
            sector_figure(cases, links),
            phase_figure(totals, links),
            procedure_figure(totals, links),
            county_figure(cases, links),
            dialogue_figure(totals, links),
        ],
        "benefits": benefit_overview(benefits, links),
        "benefits_by_sector": benefit_breakdown(
            cases,
            links,
            dimension="sektor",
            key="case__sectors__id",
            name="case__sectors__name",
            parameter="sektor",
            title=_("sektor"),
        ),
        "reuse": reuse_figures(cases, links),
        "benefits_by_county": benefit_breakdown(
            cases,
            links,
            dimension="fylke",
            key="case__region_id",
            name="case__region__name",
            parameter="fylke",
            title=_("fylke"),
        ),
    }


def reuse_figures(cases, links: SearchLinks) -> dict:
    """How far the selected cases' solutions have spread: approved reports of reuse by the
    reusing body's county and by year (1 query)."""
    found = spread(cases)

    def figure(figure_id, caption, heading, rows, columns=False):
        labels, top = most([(str(label), n) for label, n in rows])
        if not labels:
            summary = _("Ingen meldinger om gjenbruk i dette utvalget.")
        else:
            summary = _("Flest i %(labels)s: %(count)s.") % {
                "labels": join_labels(labels),
                "count": fmt(top),
            }
        bars = [charts.Bar(str(label), n, fmt(n)) for label, n in rows]
        draw = charts.column_chart if columns else charts.bar_chart
        return Figure(
            id=figure_id,
            caption=caption,
            summary=summary,
            columns=[heading, _("Meldinger om gjenbruk")],
            rows=[Row(str(label), [fmt(n)]) for label, n in rows],
            svg=draw(figure_id, caption, bars) if rows else "",
            search_url=links.url(gjenbrukt="ja"),
            link_text=_("Se anskaffelsene som er tatt i bruk av andre"),
        )

    return {
        "reused_cases": fmt(found["reused_cases"]),
        "bodies": fmt(found["bodies"]),
        "other_county": fmt(found["other_county"]),
        "reports": fmt(found["reports"]),
        "search_url": links.url(gjenbrukt="ja"),
        "figures": [
            figure(
                "figur-gjenbruk-fylke",
                _("Gjenbruk per fylke (virksomheten som tok løsningen i bruk)"),
                _("Fylke"),
                found["by_county"],
            ),
            figure(
                "figur-gjenbruk-aar",
                _("Gjenbruk per år"),
                _("År"),
                [(str(year), n) for year, n in found["by_year"]],
                columns=True,
            ),
        ],
    }


# Learning networks ------------------------------------------------------------------------


def participating_bodies_figure(networks) -> Figure:
    """Public bodies with at least one accepted participant, per county: aggregates only."""
    counts = (
        Organization.objects.filter(
            participants__enrollments__status=Enrollment.Status.ACCEPTED,
            participants__enrollments__network__in=networks,
        )
        .values_list("region__name")
        .annotate(n=Count("pk", distinct=True))
        .order_by("-n", "region__name")
    )
    rows = [(name or _("Fylke ikke oppgitt"), n, "") for name, n in counts]
    figure = count_figure(
        "figur-nettverk-fylke",
        _("Offentlige virksomheter som deltar i læringsnettverk, per fylke"),
        _("Fylke"),
        rows,
        _("Flest deltakende virksomheter i %(label)s: %(count)s."),
        _("Flest deltakende virksomheter i %(labels)s: %(count)s hver."),
        reverse("networks:list"),
    )
    figure.columns = [_("Fylke"), _("Virksomheter")]
    figure.link_text = _("Se alle læringsnettverk")
    figure.note = _("Virksomheter med minst én godkjent deltaker. En virksomhet telles én gang.")
    return figure


PARTICIPATION_SERIES = [
    charts.Series(gettext_lazy("Påmeldinger"), charts.ESTIMATED),
    charts.Series(gettext_lazy("Godkjent"), charts.REALISED),
]


def enrollment_figure(networks) -> Figure:
    rows = list(
        networks.annotate(
            applications=Count("enrollments"),
            accepted=Count("enrollments", filter=Q(enrollments__status=Enrollment.Status.ACCEPTED)),
        )
        .order_by("-starts_on", "name")
        .values_list("name", "slug", "capacity", "applications", "accepted")
    )
    caption = _("Påmeldinger og godkjente deltakere per læringsnettverk")
    groups = [
        charts.Group(name, [applications, accepted], [fmt(applications), fmt(accepted)])
        for name, _slug, _capacity, applications, accepted in rows
    ]
    total_applications = sum(row[3] for row in rows)
    total_accepted = sum(row[4] for row in rows)
    return Figure(
        id="figur-nettverk-pamelding",
        caption=caption,
        summary=_(
            "%(applications)s påmeldinger til %(networks)s nettverk; "
            "%(accepted)s deltakere er godkjent."
        )
        % {
            "applications": fmt(total_applications),
            "networks": fmt(len(rows)),
            "accepted": fmt(total_accepted),
        },
        columns=[_("Læringsnettverk"), _("Påmeldinger"), _("Godkjent"), _("Plasser")],
        rows=[
            Row(
                name,
                [fmt(applications), fmt(accepted), fmt(capacity)],
                reverse("networks:detail", args=[slug]),
            )
            for name, slug, capacity, applications, accepted in rows
        ],
        svg=(
            charts.grouped_bar_chart(
                "figur-nettverk-pamelding", caption, PARTICIPATION_SERIES, groups
            )
            if total_applications
            else ""
        ),
        search_url=reverse("networks:list"),
        link_text=_("Se alle læringsnettverk"),
        note=_(
            "Påmeldinger omfatter alle søknader og deltakere registrert av koordinator, "
            "uansett utfall."
        ),
    )


def attendance_figure(networks) -> Figure:
    """Share present per session that has attendance recorded, never who was there."""
    sessions = list(
        Session.objects.filter(network__in=networks)
        .annotate(
            recorded=Count("attendances"),
            present=Count("attendances", filter=Q(attendances__present=True)),
        )
        .filter(recorded__gt=0)
        .order_by("-network__starts_on", "network__name", "number")
        .values_list("network__name", "network__slug", "number", "title", "recorded", "present")
    )
    caption = _("Oppmøte per samling")
    rows = []
    for network, slug, number_, title, recorded, present in sessions:
        label = _("%(network)s, samling %(number)s") % {"network": network, "number": number_}
        rows.append((label, title, slug, number_, recorded, present))
    bars = [
        charts.Bar(label, 100 * present / recorded, percent(present, recorded))
        for label, _title, _slug, _n, recorded, present in rows
    ]
    if rows:
        best = max(rows, key=lambda row: row[5] / row[4])
        summary = _("Høyest oppmøte: %(label)s, med %(percent)s.") % {
            "label": best[0],
            "percent": percent(best[5], best[4]),
        }
        total_recorded = sum(row[4] for row in rows)
        summary += " " + _("Gjennomsnitt for alle samlinger: %(percent)s.") % {
            "percent": percent(sum(row[5] for row in rows), total_recorded)
        }
    else:
        summary = _("Ingen samlinger har registrert oppmøte ennå.")
    return Figure(
        id="figur-nettverk-oppmote",
        caption=caption,
        summary=summary,
        columns=[_("Samling"), _("Til stede"), _("Registrert"), _("Oppmøte")],
        rows=[
            Row(
                f"{label}: {title}",
                [fmt(present), fmt(recorded), percent(present, recorded)],
                reverse("networks:detail", args=[slug]) + f"#samling-{number_}",
            )
            for label, title, slug, number_, recorded, present in rows
        ],
        svg=charts.bar_chart("figur-nettverk-oppmote", caption, bars, maximum=100) if rows else "",
        search_url=reverse("networks:list"),
        link_text=_("Se alle læringsnettverk"),
        note=_("Andelen av deltakerne på oppmøtelisten som var til stede."),
    )


def network_figures(filterset) -> list[Figure]:
    """Figures about published learning networks (limited by the nettverk filter): 3 queries."""
    networks = LearningNetwork.objects.published()
    chosen = filterset.cleaned.get("nettverk") if filterset is not None else None
    if chosen:
        networks = networks.filter(pk__in=chosen)
    return [
        participating_bodies_figure(networks),
        enrollment_figure(networks),
        attendance_figure(networks),
    ]


# The page ---------------------------------------------------------------------------------


def filtered(filterset):
    """The published cases the FilterSet selects, as a plain queryset to aggregate over.

    The search's own FilterSet decides, so a figure counts exactly the cases its link finds.
    Without filters the plain published set is used, which keeps the queries simple."""
    cases = Case.objects.published()
    if any(filterset.cleaned.get(name) not in (None, "", []) for name in SEARCH_PARAMETERS):
        cases = cases.filter(pk__in=filterset.qs.values("pk"))
    return cases


def selected_cases(request) -> tuple:
    """Published cases that the search parameters in the request select, and the search."""
    filterset = search_filterset(request.GET)
    return filtered(filterset), filterset


def cached_case_figures(filterset, links: SearchLinks) -> dict:
    """The case figures, kept in the cache until the content changes.

    Aggregating 100 000 cases takes seconds. The key holds the language, the filters and
    the content version (cases.caching), so any edit shows on the next request."""
    version = settled_version()
    if version is None:  # a writer has not committed: count, but do not keep
        return case_figures(filtered(filterset), links)
    raw = json.dumps([get_language(), sorted(links.params.lists()), version])
    key = "statistics:cases:" + hashlib.sha256(raw.encode()).hexdigest()
    figures = cache.get(key)
    if figures is None:
        figures = case_figures(filtered(filterset), links)
        seconds = getattr(settings, "STATISTICS_CACHE_SECONDS", 300)
        after_response(functools.partial(cache.set, key, figures, seconds))
    return figures
