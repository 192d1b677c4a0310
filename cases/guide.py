"""Getting started: the examples the guide through the phases of an innovative procurement
picks from the knowledge base (the texts are GuideText, written by editors)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce

from cases.models import BenefitAnalysis, Case, DialogueConference, Document, GuideText, Phase

# How many example cases a phase page shows.
EXAMPLES_PER_PHASE = 6


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
