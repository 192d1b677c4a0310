"""factory_boy factories: one per model. Valid Norwegian identifiers by default."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from cases.models import (
    BenefitAnalysis,
    Case,
    CaseBuyer,
    Contact,
    DialogueConference,
    Document,
    Sector,
)
from networks.models import LearningNetwork, Organization, Region, Session
from networks.validators import ORG_NUMBER_WEIGHTS


def valid_org_number(n: int) -> str:
    """The n-th valid organisation number starting at 9xxxxxxx (mod-11 check digit)."""
    base = 90000000 + n
    while True:
        digits = f"{base:08d}"
        remainder = sum(int(d) * w for d, w in zip(digits, ORG_NUMBER_WEIGHTS, strict=True)) % 11
        if remainder != 1:
            return digits + str(0 if remainder == 0 else 11 - remainder)
        base += 1


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"bruker{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.no")
    password = factory.django.Password("passord-for-test")


def region(number="03"):
    return Region.objects.get(number=number)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Testkommune {n}")
    org_number = factory.Sequence(lambda n: valid_org_number(n * 13))
    kind = Organization.Kind.MUNICIPALITY
    region = factory.LazyFunction(lambda: Region.objects.get(number="46"))


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Sektor {n}")
    slug = factory.Sequence(lambda n: f"sektor-{n}")


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Anskaffelse nummer {n}")
    summary = "En kommune beskrev behovet og inviterte markedet til dialog."
    need = "Behovet er beskrevet."
    is_published = True
    published_at = factory.LazyFunction(timezone.now)
    start_year = 2022

    @factory.post_generation
    def buyers(self, create, extracted, **kwargs):
        if create and extracted:
            for i, org in enumerate(extracted):
                CaseBuyer.objects.create(case=self, organization=org, is_lead=i == 0)

    @factory.post_generation
    def sectors(self, create, extracted, **kwargs):
        if create and extracted:
            self.sectors.set(extracted)


class DialogueConferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DialogueConference

    case = factory.SubFactory(CaseFactory)
    held_on = datetime.date(2023, 3, 14)
    place = "Rådhuset"
    invited_suppliers = 40
    attending_suppliers = 18
    one_to_one_meetings = 6


class BenefitAnalysisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BenefitAnalysis

    case = factory.SubFactory(CaseFactory)
    kind = BenefitAnalysis.Kind.ECONOMY
    description = "Sparte driftskostnader"
    estimated = 500000
    realised = 420000


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    case = factory.SubFactory(CaseFactory)
    name = factory.Sequence(lambda n: f"Kontakt {n}")
    role = "Innkjøpsrådgiver"
    email = factory.Sequence(lambda n: f"kontakt{n}@example.no")
    phone = "+47 22 00 00 00"


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    case = factory.SubFactory(CaseFactory)
    kind = Document.Kind.NEED_DESCRIPTION
    title = factory.Sequence(lambda n: f"Dokument {n}")
    external_url = "https://example.no/dokument.pdf"


class LearningNetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LearningNetwork

    name = factory.Sequence(lambda n: f"Læringsnettverk {n}")
    slug = factory.Sequence(lambda n: f"nettverk-{n}")
    description = "Et nettverk for innovative anskaffelser."
    host = "KS"
    registration_opens_on = factory.LazyFunction(
        lambda: timezone.localdate() - datetime.timedelta(days=10)
    )
    registration_closes_on = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=20)
    )
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=200))
    capacity = 20
    is_published = True


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    network = factory.SubFactory(LearningNetworkFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Samling {n + 1}")
    topic = "Hva er innovative anskaffelser?"
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=40))
    ends_at = factory.LazyAttribute(lambda s: s.starts_at + datetime.timedelta(hours=6))
    place = "Bergen"


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "networks.Participant"

    name = factory.Sequence(lambda n: f"Deltaker {n}")
    email = factory.Sequence(lambda n: f"deltaker{n}@kommune.example.no")
    phone = "+47 900 00 000"
    job_title = "Innkjøpsrådgiver"
    organization = factory.SubFactory(OrganizationFactory)


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "networks.Enrollment"

    participant = factory.SubFactory(ParticipantFactory)
    network = factory.SubFactory(LearningNetworkFactory)
    status = "pending"
    challenge = "Vi vil kjøpe velferdsteknologi sammen med nabokommunene."
    consent_at = factory.LazyFunction(timezone.now)


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "networks.Attendance"

    enrollment = factory.SubFactory(EnrollmentFactory)
    session = factory.SubFactory(
        SessionFactory, network=factory.SelfAttribute("..enrollment.network")
    )
    network = factory.SelfAttribute("enrollment.network")
    present = True
