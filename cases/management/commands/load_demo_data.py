"""Load the demo content: public bodies, learning networks with sessions, and cases.

Idempotent and fast when the data is there already (`make run` calls it every time):
then it only checks that the open demo network is still open and that the demo logins
exist. `--refresh` writes every demo record again (updating by slug, never duplicating).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from fpdf import FPDF

from cases.demo import data as demo_data
from cases.demo import running as demo_running
from cases.models import (
    BenefitAnalysis,
    Case,
    CaseBuyer,
    Contact,
    DialogueConference,
    Document,
    Need,
    NeedInterest,
    Reuse,
    Sector,
)
from cases.search import semantic
from networks import evaluation
from networks.models import (
    Attendance,
    Enrollment,
    EvaluationReceipt,
    LearningNetwork,
    Organization,
    Participant,
    Region,
    Session,
    SessionEvaluation,
    SessionMaterial,
    WorkReport,
)

# Invented applicants for the open demo network (name, job title, status, own challenge).
DEMO_APPLICANTS = [
    (
        "Ingrid Demo Haugland",
        "Innkjøpsleder",
        "accepted",
        "Vi vil kjøpe digitalt tilsyn på natt uten å låse oss til én leverandør.",
    ),
    (
        "Ola Demo Vik",
        "Prosjektleder velferdsteknologi",
        "accepted",
        "Hvordan beskriver vi behovet for trygghetsteknologi før vi vet hva markedet kan?",
    ),
    (
        "Sara Demo Lunde",
        "Rådgiver, eiendom",
        "accepted",
        "Vi skal bygge ny skole og vil ha lavere energibruk enn kravene.",
    ),
    (
        "Per Demo Nilsen",
        "Innkjøpsrådgiver",
        "pending",
        "Vi ønsker en dialogkonferanse om elektriske arbeidsmaskiner.",
    ),
    (
        "Aisha Demo Rahman",
        "Seksjonsleder hjemmetjenesten",
        "pending",
        "Matlevering til hjemmeboende eldre: bedre ernæring og mindre svinn.",
    ),
    (
        "Knut Demo Aasen",
        "Avdelingsingeniør vann og avløp",
        "pending",
        "Lekkasjer i vannledningsnettet: kan sensorer finne dem tidligere?",
    ),
    (
        "Marte Demo Eide",
        "Digitaliseringsrådgiver",
        "declined",
        "Felles plattform for digitale læremidler med nabokommunene.",
    ),
]


class Command(BaseCommand):
    help = (
        "Laster demodata (anskaffelser, virksomheter og læringsnettverk). "
        "Trygt å kjøre flere ganger."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--refresh",
            action="store_true",
            help=(
                "Skriv alle demodata på nytt selv om de finnes "
                "(oppdaterer, lager ingen duplikater)."
            ),
        )

    def handle(self, *args, refresh: bool = False, **options):
        today = timezone.localdate()
        if not refresh and self._already_loaded():
            self._keep_open_network_open(today)
            self.stdout.write("Demodata finnes allerede.")
        else:
            with transaction.atomic():
                organizations = self._load_organizations()
                networks = self._load_networks(today)
                case_ids = self._load_cases(organizations, networks)
                self._load_reuse_and_needs(organizations)
            embedded = semantic.refresh_embeddings(case_ids)
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demodata lastet: {len(case_ids)} anskaffelser "
                    f"({embedded} med innholdsvektor), "
                    f"{len(networks)} læringsnettverk, {len(organizations)} virksomheter."
                )
            )
        self._ensure_demo_users()

    # -- checks -----------------------------------------------------------------

    def _already_loaded(self) -> bool:
        slugs = [case["slug"] for case in demo_data.CASES]
        network_slugs = [network["slug"] for network in demo_data.networks(timezone.localdate())]
        return Case.objects.filter(slug__in=slugs).count() == len(
            slugs
        ) and LearningNetwork.objects.filter(slug__in=network_slugs).count() == len(network_slugs)

    def _keep_open_network_open(self, today: datetime.date) -> None:
        """Days after loading, the 'open' demo network would have closed: move its dates."""
        network = LearningNetwork.objects.filter(slug=demo_data.OPEN_NETWORK_SLUG).first()
        if network is None or network.status_on(today) == LearningNetwork.Status.OPEN:
            return
        spec = next(n for n in demo_data.networks(today) if n["slug"] == network.slug)
        with transaction.atomic():
            self._save_network(spec)
        self.stdout.write("Flyttet datoene for det åpne demonettverket slik at det er åpent i dag.")

    # -- organisations ------------------------------------------------------------

    def _load_organizations(self) -> dict[str, Organization]:
        regions = {region.number: region for region in Region.objects.all()}
        result = {}
        for key, (name, org_number, kind, municipality, county) in demo_data.ORGANIZATIONS.items():
            values = {
                "name": name,
                "kind": kind,
                "municipality_number": municipality,
                "region": regions.get(county),
            }
            if org_number:
                organization, _ = Organization.objects.update_or_create(
                    org_number=org_number, defaults=values
                )
            else:
                organization = Organization.objects.filter(name=name).first()
                if organization is None:
                    organization = Organization.objects.create(**values)
                else:
                    for field, value in values.items():
                        setattr(organization, field, value)
                    organization.save()
            result[key] = organization
        return result

    # -- networks -----------------------------------------------------------------

    def _load_networks(self, today: datetime.date) -> dict[str, LearningNetwork]:
        return {spec["slug"]: self._save_network(spec) for spec in demo_data.networks(today)}

    def _save_network(self, spec: dict) -> LearningNetwork:
        (opens, closes), (starts, ends) = spec["registration"], spec["dates"]
        network, _ = LearningNetwork.objects.update_or_create(
            slug=spec["slug"],
            defaults={
                "name": spec["name"],
                "description": spec["description"],
                "host": spec["host"],
                "capacity": spec["capacity"],
                "registration_opens_on": opens,
                "registration_closes_on": closes,
                "starts_on": starts,
                "ends_on": ends,
                "is_published": True,
            },
        )
        network.regions.set(Region.objects.filter(number__in=spec["regions"]))
        network.sessions.all().delete()
        sessions = []
        for number, (title, week, topic, homework) in enumerate(spec["sessions"], start=1):
            day = starts + datetime.timedelta(weeks=week)
            begins = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))
            sessions.append(
                Session(
                    network=network,
                    number=number,
                    title=title,
                    topic=topic,
                    starts_at=begins,
                    ends_at=begins + datetime.timedelta(hours=6),
                    place="" if number in spec.get("online", {}) else spec["place"],
                    online_url=spec.get("online", {}).get(number, ""),
                    agenda=(
                        "- 09.00 Velkommen og erfaringer siden sist\n"
                        f"- 09.30 {title}\n"
                        "- 11.30 Lunsj\n"
                        "- 12.15 Arbeid i grupper med egne utfordringer\n"
                        "- 14.30 Oppsummering og mellomarbeid"
                    ),
                    homework=homework,
                )
            )
        Session.objects.bulk_create(sessions)
        return network

    # -- cases --------------------------------------------------------------------

    def _load_cases(self, organizations, networks) -> list[int]:
        sectors = {sector.name: sector for sector in Sector.objects.all()}
        regions = {region.number: region for region in Region.objects.all()}
        now = timezone.now()
        case_ids = []
        for index, spec in enumerate(demo_data.CASES):
            start, end = spec["years"]
            published = timezone.make_aware(
                datetime.datetime(min(end or start + 1, now.year), (index % 12) + 1, 10, 12, 0)
            )
            case, _ = Case.objects.update_or_create(
                slug=spec["slug"],
                defaults={
                    "title": spec["title"],
                    "summary": spec["summary"],
                    "status": spec["status"],
                    "phase": spec["phase"],
                    "procedure": spec["procedure"],
                    "innovation_type": spec["innovation_type"],
                    "region": regions[spec["county"]],
                    "cpv_codes": spec["cpv"],
                    "doffin_ids": [],
                    "estimated_value": spec["value"],
                    "start_year": start,
                    "end_year": end,
                    "origin_network": networks.get(spec.get("network")),
                    "need": spec["need"],
                    "approach": spec["approach"],
                    "results": spec["results"],
                    "lessons": spec["lessons"],
                    "is_published": True,
                    "published_at": min(published, now),
                    "source": Case.Source.EDITORIAL,
                    "is_demo": True,
                },
            )
            case.sectors.set([sectors[name] for name in spec["sectors"]])
            self._replace_parts(case, spec, organizations)
            case_ids.append(case.pk)
        return case_ids

    def _load_reuse_and_needs(self, organizations) -> None:
        """Approved reuse on several cases, "bygger på" links, and a handful of needs on the
        board with interest from other bodies. Replaced on every load (no duplicates)."""
        cases = {case.slug: case for case in Case.objects.filter(is_demo=True)}
        Reuse.objects.filter(case__in=cases.values()).delete()
        now = timezone.now()
        for slug, key, how, year, sentence in demo_data.REUSES:
            name = f"Demo Gjenbruk {key.title()}"
            Reuse.objects.create(
                case=cases[slug],
                organization=organizations[key],
                how=how,
                year=year,
                sentence=sentence,
                contact_name=name,
                contact_email=demo_data.contact_email(name),
                status=Reuse.Status.APPROVED,
                confirmed_at=now,
                decided_at=now,
            )
        for slug, original in demo_data.BUILDS_ON.items():
            Case.objects.filter(pk=cases[slug].pk).update(builds_on=cases[original])
        sectors = {sector.name: sector for sector in Sector.objects.all()}
        titles = [spec["title"] for spec in demo_data.NEEDS]
        Need.objects.filter(title__in=titles, contact_email__endswith="@example.com").delete()
        for spec in demo_data.NEEDS:
            organization = organizations[spec["organization"]]
            need = Need.objects.create(
                title=spec["title"],
                text=spec["text"],
                phase=spec["phase"],
                market_year=now.year + spec["market_in"],
                sector=sectors.get(spec["sector"]),
                region=organization.region,
                organization=organization,
                open_to_joint=spec["open_to_joint"],
                show_contact=spec["show_contact"],
                contact_name=spec["contact"],
                contact_email=demo_data.contact_email(spec["contact"]),
                status=spec["status"],
                confirmed_at=now,
                reviewed_at=now,
            )
            for key, sentence in spec["interests"]:
                name = f"Demo Interesse {key.title()}"
                NeedInterest.objects.create(
                    need=need,
                    organization=organizations[key],
                    sentence=sentence,
                    contact_name=name,
                    contact_email=demo_data.contact_email(name),
                    is_confirmed=True,
                    confirmed_at=now,
                )

    def _replace_parts(self, case: Case, spec: dict, organizations) -> None:
        for related in (CaseBuyer, DialogueConference, BenefitAnalysis, Contact, Document):
            related.objects.filter(case=case).delete()
        CaseBuyer.objects.bulk_create(
            CaseBuyer(case=case, organization=organizations[key], is_lead=i == 0)
            for i, key in enumerate(spec["buyers"])
        )
        DialogueConference.objects.bulk_create(
            DialogueConference(
                case=case,
                held_on=held_on,
                place=place,
                is_online=place == "Digitalt",
                invited_suppliers=invited,
                attending_suppliers=attending,
                one_to_one_meetings=meetings,
                summary=summary,
            )
            for held_on, place, invited, attending, meetings, summary in spec["conferences"]
        )
        benefits = []
        for kind, description, baseline, estimated, realised, unit, period in spec["benefits"]:
            benefit = BenefitAnalysis(
                case=case,
                kind=kind,
                description=description,
                baseline=baseline,
                estimated=estimated,
                realised=realised,
                unit=unit or BenefitAnalysis.DEFAULT_UNITS.get(kind, ""),
                period=period,
            )
            benefits.append(benefit)
        BenefitAnalysis.objects.bulk_create(benefits)
        Contact.objects.bulk_create(
            Contact(
                case=case,
                name=name,
                role=role,
                organization=organizations[org_key].name,
                email=demo_data.contact_email(name),
                is_fictitious=True,
            )
            for name, role, org_key in spec["contacts"]
        )
        Document.objects.bulk_create(
            Document(case=case, kind=kind, title=title, external_url=url)
            for kind, title, url in spec["documents"]
        )

    # -- logins -------------------------------------------------------------------

    def _ensure_demo_applicants(self, network: LearningNetwork) -> None:
        """A few invented applicants, so the coordinator workspace has something to decide.

        Only with DEBUG on, like the demo logins: invented people never reach production.
        """
        if network.enrollments.exists():
            return
        buyers = list(
            Organization.objects.filter(region__number__in=["11", "42", "46"]).order_by("name")
        )
        now = timezone.now()
        with transaction.atomic():
            for index, (name, job_title, status, challenge) in enumerate(DEMO_APPLICANTS):
                email = f"{name.split()[0].lower()}.demo{index}@example.com"
                participant = Participant.objects.create(
                    name=name,
                    email=email,
                    job_title=job_title,
                    organization=buyers[index % len(buyers)] if buyers else None,
                )
                Enrollment.objects.create(
                    participant=participant,
                    network=network,
                    status=status,
                    challenge=challenge,
                    consent_at=now,
                    waitlisted_at=now if status == Enrollment.Status.WAITLISTED else None,
                )

    def _ensure_demo_users(self) -> None:
        if not settings.DEBUG:
            self.stdout.write("DEBUG er av: ingen demobrukere opprettet.")
            return
        users = get_user_model().objects
        admin = users.filter(username="admin").first()
        if admin is None:
            admin = users.create_superuser("admin", "admin@example.com", "admin")
        # The demo admin is also an editor, so case submissions have someone to notify.
        editors = Group.objects.get(name="Redaktører")
        admin.groups.add(editors)
        # An editor who is only an editor: the admin as editors see it (no participants).
        editor = users.filter(username="redaktor").first()
        if editor is None:
            editor = users.create_user(
                "redaktor", "redaktor@example.com", "redaktor", first_name="Rita", is_staff=True
            )
        editor.groups.add(editors)
        coordinator = users.filter(username="koordinator").first()
        if coordinator is None:
            coordinator = users.create_user(
                "koordinator",
                "koordinator@example.com",
                "koordinator",
                first_name="Kari",
                last_name="Koordinator",
            )
        network = LearningNetwork.objects.filter(slug=demo_data.OPEN_NETWORK_SLUG).first()
        if network is not None:
            network.coordinators.add(coordinator)
            self._ensure_demo_applicants(network)
        self._ensure_running_network(coordinator)
        self.stdout.write(
            "Demoinnlogging: admin / admin (superbruker, /admin/), redaktor / redaktor "
            "(redaktør, /admin/) og koordinator / koordinator (koordinator for det åpne "
            "nettverket og demonettverket som pågår, /koordinator/). "
            "Min side: manage.py demo_participant_link."
        )

    def _ensure_running_network(self, coordinator) -> None:
        """A network under way with invented participants (cases/demo/running.py), so Min
        side and the coordinator's reports and evaluation results have something to show.
        Made once; later runs leave it (and what was done in it) as it is."""
        if LearningNetwork.objects.filter(slug=demo_running.RUNNING_NETWORK_SLUG).exists():
            return
        with transaction.atomic():
            network = self._save_network(demo_running.network(timezone.localdate()))
            network.coordinators.add(coordinator)
            sessions = {s.number: s for s in network.sessions.all()}
            for number, title, link, public in demo_running.MATERIALS:
                material = SessionMaterial(
                    session=sessions[number],
                    title=title,
                    external_url=link,
                    audience=(
                        SessionMaterial.Audience.PUBLIC
                        if public
                        else SessionMaterial.Audience.PARTICIPANTS
                    ),
                )
                if not link:
                    content = _demo_slides(title, network.name)
                    material.file.save(f"{slugify(title)}.pdf", ContentFile(content), save=False)
                    material.content_type, material.size = "application/pdf", len(content)
                material.save()
            innlandet = Region.objects.filter(number="34").first()
            now = timezone.now()
            answers = iter(demo_running.ANSWERS * 2 * len(sessions))
            for (
                name,
                email,
                job_title,
                body,
                challenge,
                consents,
                reports,
            ) in demo_running.PARTICIPANTS:
                participant = Participant.objects.filter(email__iexact=email).first()
                if participant is None:
                    participant = Participant.objects.create(
                        name=name,
                        email=email,
                        job_title=job_title,
                        organization=Organization.objects.filter(name=body).first()
                        or Organization.objects.create(name=body, region=innlandet),
                    )
                enrollment = Enrollment.objects.create(
                    participant=participant,
                    network=network,
                    status=Enrollment.Status.ACCEPTED,
                    challenge=challenge,
                    consent_at=now,
                    case_consent_at=now if consents else None,
                )
                demo_login = email == demo_running.DEMO_PARTICIPANT_EMAIL
                for number, session in sessions.items():
                    Attendance.objects.create(enrollment=enrollment, session=session, present=True)
                    if demo_login and number == len(sessions):
                        continue  # the demo login's open evaluation
                    if not demo_login and number == len(sessions) and name.startswith("Tor "):
                        continue  # four answers to the last session: hers makes five
                    useful, relevance, recommend, most_useful, to_improve = next(answers)
                    SessionEvaluation.objects.create(
                        session=session,
                        useful=useful,
                        relevance=relevance,
                        recommend=recommend,
                        most_useful=most_useful,
                        to_improve=to_improve,
                    )
                    EvaluationReceipt.objects.create(
                        session=session, digest=evaluation.receipt_digest(session.pk, enrollment.pk)
                    )
                for number, text in reports.items():
                    WorkReport.objects.create(
                        enrollment=enrollment, session=sessions[number], text=text
                    )
        self.stdout.write(f"Demonettverk som pågår: /nettverk/{network.slug}/")


def _demo_slides(title: str, network: str) -> bytes:
    """A one-page PDF standing in for a session's slides."""
    pdf = FPDF(format="A4", orientation="landscape")
    pdf.add_page()
    pdf.set_font("helvetica", "B", 28)
    pdf.multi_cell(0, 16, title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", "", 16)
    pdf.multi_cell(
        0, 10, f"{network}\n\nDemomateriell laget av load_demo_data.", align="C", new_x="LMARGIN"
    )
    return bytes(pdf.output())
