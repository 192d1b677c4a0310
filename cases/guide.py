"""Getting started and sharing: the editable guide through the phases of an innovative
procurement, the examples it picks from the knowledge base, and the private part of a case
sent in through the website.

Imported at the bottom of cases/models.py so that Django registers the models.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cases.models import BenefitAnalysis, Case, DialogueConference, Document, Phase

# How many example cases a phase page shows.
EXAMPLES_PER_PHASE = 6


class GuideText(models.Model):
    """What one phase is, what to do in it and what to watch out for. Written by editors."""

    phase = models.CharField(_("fase"), max_length=20, choices=Phase)
    title = models.CharField(_("overskrift"), max_length=200)
    intro = models.TextField(
        _("ingress"), help_text=_("Hva fasen er, i to til fire setninger. Markdown.")
    )
    what_to_do = models.TextField(_("dette gjør dere"), help_text=_("Markdown."))
    pitfalls = models.TextField(_("vanlige fallgruver"), blank=True, help_text=_("Markdown."))
    position = models.PositiveSmallIntegerField(
        _("rekkefølge"), default=0, help_text=_("Lavest først i veiviseren.")
    )
    updated_at = models.DateTimeField(_("endret"), auto_now=True)

    class Meta:
        verbose_name = _("veiledningstekst")
        verbose_name_plural = _("veiledningstekster")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["phase"], name="cases_guidetext_phase_uniq"),
            models.CheckConstraint(
                condition=Q(phase__in=Phase.values), name="cases_guidetext_phase_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("guide_phase", args=[self.phase])


class CaseSubmission(models.Model):
    """Who sent a case in through /anskaffelser/del/. Personal data: only editors see it.

    Kept apart from Case so that nothing that lists or exports cases can show it by mistake.
    """

    case = models.OneToOneField(
        Case,
        verbose_name=_("anskaffelse"),
        on_delete=models.CASCADE,
        related_name="submission",
    )
    name = models.CharField(_("navn"), max_length=200)
    email = models.EmailField(_("e-post"), max_length=254)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    job_title = models.CharField(_("stilling"), max_length=200, blank=True)
    consent_at = models.DateTimeField(_("samtykke til publisering gitt"))
    created_at = models.DateTimeField(_("sendt inn"), auto_now_add=True)

    class Meta:
        verbose_name = _("innsending")
        verbose_name_plural = _("innsendinger")
        ordering = ["-created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.name} – {self.case}"


@dataclass(frozen=True)
class PhaseEvidence:
    """What shows that a case documents a phase well, besides being in that phase."""

    document_kinds: tuple[str, ...] = ()
    dialogue_conferences: bool = False
    benefits: bool = False


K = Document.Kind
PHASE_EVIDENCE: dict[str, PhaseEvidence] = {
    Phase.ANCHORING: PhaseEvidence(),
    Phase.NEEDS: PhaseEvidence(document_kinds=(K.NEED_DESCRIPTION,)),
    Phase.MARKET_DIALOGUE: PhaseEvidence(
        document_kinds=(K.MARKET_ANALYSIS, K.DIALOGUE_INVITATION), dialogue_conferences=True
    ),
    Phase.COMPETITION: PhaseEvidence(document_kinds=(K.TENDER_DOCUMENTS,)),
    Phase.CONTRACT: PhaseEvidence(document_kinds=(K.CONTRACT,)),
    Phase.IMPLEMENTATION: PhaseEvidence(
        document_kinds=(K.BENEFIT_ANALYSIS, K.EVALUATION, K.INFOGRAPHIC), benefits=True
    ),
}


def _documents_of(phase: str) -> Q:
    """Documents that show a phase: of one of its kinds, or marked with the phase."""
    return Q(kind__in=PHASE_EVIDENCE[phase].document_kinds) | Q(phase=phase)


def _documents_phase(phase: str) -> Q:
    """Cases (published or not) that document ``phase``: in it, or with evidence of it."""
    evidence = PHASE_EVIDENCE[phase]
    condition = Q(phase=phase) | Q(
        Exists(Document.objects.filter(_documents_of(phase), case=OuterRef("pk")))
    )
    if evidence.dialogue_conferences:
        condition |= Q(Exists(DialogueConference.objects.filter(case=OuterRef("pk"))))
    if evidence.benefits:
        condition |= Q(Exists(BenefitAnalysis.objects.filter(case=OuterRef("pk"))))
    return condition


def example_cases(phase: str, limit: int = EXAMPLES_PER_PHASE) -> list[Case]:
    """Published cases to learn from in ``phase``, best documented first.

    Each case carries ``example_documents`` (its documents for the phase) and, where the
    phase has them, ``example_conferences`` or ``example_benefits``. Constant query count.
    """
    evidence = PHASE_EVIDENCE[phase]
    prefetches = [
        Prefetch(
            "documents",
            queryset=Document.objects.filter(_documents_of(phase)).order_by("kind", "title"),
            to_attr="example_documents",
        )
    ]
    if evidence.dialogue_conferences:
        prefetches.append(
            Prefetch(
                "dialogue_conferences",
                queryset=DialogueConference.objects.defer("summary"),
                to_attr="example_conferences",
            )
        )
    if evidence.benefits:
        prefetches.append(
            Prefetch("benefits", queryset=BenefitAnalysis.objects.all(), to_attr="example_benefits")
        )
    matching_documents = (
        Document.objects.filter(_documents_of(phase), case=OuterRef("pk"))
        .order_by()
        .values("case")
        .annotate(n=Count("pk"))
        .values("n")
    )
    cases = (
        Case.objects.published()
        .filter(_documents_phase(phase))
        .annotate(document_count=Coalesce(Subquery(matching_documents), 0))
        .for_cards()
        .prefetch_related(*prefetches)
        .order_by("-document_count", "-published_at", "pk")[:limit]
    )
    return list(cases)


def example_counts() -> dict[str, int]:
    """Number of published cases documenting each phase, in one query."""
    counts = Case.objects.published().aggregate(
        **{phase: Count("pk", filter=_documents_phase(phase)) for phase in Phase.values}
    )
    return {phase: counts[phase] or 0 for phase in Phase.values}


def guide_texts() -> dict[str, GuideText]:
    return {text.phase: text for text in GuideText.objects.all()}
