"""Read an eForms notice (UBL 2.3 with the EU's eForms extensions) into a proposal for a case.

Doffin publishes every Norwegian notice in eForms, both those that go to TED (the EU
customisation) and the national ones below the EEA thresholds. The parser reads the three
kinds of notice a case meets:

* planning: prior information notices (subtypes 4, 5, 7, 8), the voluntary pre-market
  consultation (E1) and the national planning notice (E2, and Doffin's older N4);
* competition: contract notices (16, 17, 20, 21), design contests (23, 24), prior
  information notices used as a call for competition (10 to 13), the national contract
  notice (E3, N16);
* result: contract award notices (29, 30, 33, 34), design contest results (36, 37), the
  national award notice (E4, N29).

Other subtypes (defence, concessions, VEAT, modifications, buyer-profile notices …) are
refused with a message that names them.

The XML is parsed with ``defusedxml``: no DTD, no entities, nothing fetched from the
network, and at most ``MAX_NOTICE_BYTES``. Every problem raises ``NoticeError`` with a
message in bokmål that says what was wrong; nothing half-read is ever returned.

The business terms read (SDK field ids): BT-701 notice id, BT-757 version, BT-04 procedure
id, OPP-070 subtype, BT-02 notice type, BT-01 legal basis, BT-05 dispatch date, OPP-012
publication date, OPP-010 TED publication number, BT-21 title, BT-24 description, BT-300
additional information, OPT-300 buyer references into the organisations (OPT-200, BT-500
name, BT-501 identifier, BT-505 website, BT-510/512/513/507/514 address), BT-262/BT-263
CPV codes, BT-105 procedure type, BT-27 estimated value, BT-161 notice value, BT-137 lot
ids and BT-776 procurement of innovation.
"""

from __future__ import annotations

import datetime
import enum
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from networks.validators import normalise_org_number, org_number_is_valid

MAX_NOTICE_BYTES = 5 * 1024 * 1024

# Doffin's own notice number: publication year and six digits (2024-105432).
DOFFIN_ID_RE = re.compile(r"(19|20)\d{2}-\d{6}")

NS = {
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "ext": "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2",
    "efext": "http://data.europa.eu/p27/eforms-ubl-extensions/1",
    "efac": "http://data.europa.eu/p27/eforms-ubl-extension-aggregate-components/1",
    "efbc": "http://data.europa.eu/p27/eforms-ubl-extension-basic-components/1",
}
UBL_DOCUMENT_NS = "urn:oasis:names:specification:ubl:schema:xsd:{}-2"
ROOT_ELEMENTS = ("PriorInformationNotice", "ContractNotice", "ContractAwardNotice")

# The marker DFØ asks senders to append to cbc:CustomizationID for national notices:
# "…#extended#urn:fdc:anskaffelser.no:2023:eforms:national" (and, for the E forms,
# "…:2026:eforms:national-e"); notices for TED end in ":eforms:eu".
NATIONAL_CUSTOMISATION_RE = re.compile(r"urn:fdc:anskaffelser\.no:\d{4}:eforms:national")

# Languages to prefer when a text is given in several (eForms uses ISO 639-3 codes).
PREFERRED_LANGUAGES = ("NOR", "NOB", "NNO", "ENG")

# Paths used more than once.
EFORMS_EXTENSION = "ext:UBLExtensions/ext:UBLExtension/ext:ExtensionContent/efext:EformsExtension"
ORGANIZATIONS = "efac:Organizations/efac:Organization/efac:Company"
CPV_MAIN = "cac:MainCommodityClassification/cbc:ItemClassificationCode"
CPV_ADDITIONAL = "cac:AdditionalCommodityClassification/cbc:ItemClassificationCode"
ESTIMATED_VALUE = "cac:RequestedTenderTotal/cbc:EstimatedOverallContractAmount"
PROCUREMENT_TYPE = "cac:ProcurementAdditionalType/cbc:ProcurementTypeCode"


class NoticeForm(enum.StrEnum):
    """Which phase of a procurement a notice belongs to."""

    PLANNING = "planning"
    COMPETITION = "competition"
    RESULT = "result"

    @property
    def label(self) -> str:
        return {
            NoticeForm.PLANNING: "Veiledende kunngjøring",
            NoticeForm.COMPETITION: "Kunngjøring av konkurranse",
            NoticeForm.RESULT: "Kunngjøring av kontraktsinngåelse",
        }[self]


# Supported subtypes (OPP-070): the root element they come in and their form.
PIN, CN, CAN = ROOT_ELEMENTS
SUPPORTED_SUBTYPES: dict[str, tuple[str, NoticeForm]] = {
    **dict.fromkeys(["4", "5", "7", "8", "E1", "E2", "N4"], (PIN, NoticeForm.PLANNING)),
    **dict.fromkeys(["10", "11", "12", "13"], (PIN, NoticeForm.COMPETITION)),
    **dict.fromkeys(
        ["16", "17", "20", "21", "23", "24", "E3", "N16"], (CN, NoticeForm.COMPETITION)
    ),
    **dict.fromkeys(["29", "30", "33", "34", "36", "37", "E4", "N29"], (CAN, NoticeForm.RESULT)),
}
NATIONAL_SUBTYPES = frozenset({"E1", "E2", "E3", "E4", "N4", "N16", "N29"})
DESIGN_CONTEST_SUBTYPES = frozenset({"23", "24", "36", "37"})

# What the subtypes are called, in words, for messages and the editor's view.
SUBTYPE_LABELS = {
    "1": "Melding om veiledende kunngjøring på kjøperprofil",
    "2": "Melding om veiledende kunngjøring på kjøperprofil (forsyning)",
    "3": "Melding om veiledende kunngjøring på kjøperprofil (forsvar og sikkerhet)",
    "4": "Veiledende kunngjøring kun til informasjon",
    "5": "Veiledende kunngjøring kun til informasjon (forsyning)",
    "6": "Veiledende kunngjøring (forsvar og sikkerhet)",
    "7": "Veiledende kunngjøring for å forkorte tilbudsfristen",
    "8": "Veiledende kunngjøring for å forkorte tilbudsfristen (forsyning)",
    "9": "Veiledende kunngjøring for å forkorte tilbudsfristen (forsvar og sikkerhet)",
    "10": "Forhåndskunngjøring som kunngjøring av konkurranse",
    "11": "Forhåndskunngjøring som kunngjøring av konkurranse (forsyning)",
    "12": "Forhåndskunngjøring som kunngjøring av konkurranse (helse- og sosialtjenester)",
    "13": "Forhåndskunngjøring som kunngjøring av konkurranse (forsyning, særlige tjenester)",
    "14": "Forhåndskunngjøring av konsesjon (særlige tjenester)",
    "15": "Kunngjøring av kvalifikasjonsordning",
    "16": "Kunngjøring av konkurranse",
    "17": "Kunngjøring av konkurranse (forsyning)",
    "18": "Kunngjøring av konkurranse (forsvar og sikkerhet)",
    "19": "Kunngjøring av konsesjon",
    "20": "Kunngjøring av konkurranse (helse- og sosialtjenester og andre særlige tjenester)",
    "21": "Kunngjøring av konkurranse (forsyning, særlige tjenester)",
    "22": "Kunngjøring av underleverandørkontrakt (forsvar og sikkerhet)",
    "23": "Kunngjøring av plan- og designkonkurranse",
    "24": "Kunngjøring av plan- og designkonkurranse (forsyning)",
    "25": "Intensjonskunngjøring",
    "26": "Intensjonskunngjøring (forsyning)",
    "27": "Intensjonskunngjøring (forsvar og sikkerhet)",
    "28": "Intensjonskunngjøring (konsesjon)",
    "29": "Kunngjøring av kontraktsinngåelse",
    "30": "Kunngjøring av kontraktsinngåelse (forsyning)",
    "31": "Kunngjøring av kontraktsinngåelse (forsvar og sikkerhet)",
    "32": "Kunngjøring av tildelt konsesjon",
    "33": "Kunngjøring av kontraktsinngåelse (helse- og sosialtjenester)",
    "34": "Kunngjøring av kontraktsinngåelse (forsyning, særlige tjenester)",
    "35": "Kunngjøring av tildelt konsesjon (særlige tjenester)",
    "36": "Resultat av plan- og designkonkurranse",
    "37": "Resultat av plan- og designkonkurranse (forsyning)",
    "38": "Kunngjøring av endring i kontrakt",
    "39": "Kunngjøring av endring i kontrakt (forsyning)",
    "40": "Kunngjøring av endring i konsesjon",
    "CEI": "Oppfordring til å uttrykke interesse",
    "E1": "Kunngjøring av markedsdialog (frivillig)",
    "E2": "Veiledende kunngjøring under EØS-terskelverdi",
    "E3": "Kunngjøring av konkurranse under EØS-terskelverdi",
    "E4": "Kunngjøring av kontraktsinngåelse under EØS-terskelverdi",
    "E5": "Kunngjøring om fullføring av kontrakt",
    "E6": "Kunngjøring av endring i kontrakt under EØS-terskelverdi",
    "N4": "Nasjonal veiledende kunngjøring",
    "N16": "Nasjonal kunngjøring av konkurranse",
    "N29": "Nasjonal kunngjøring av kontraktsinngåelse",
    "T01": "Veiledende kunngjøring om persontransport",
    "T02": "Kunngjøring av kontrakt om persontransport",
    "X01": "Kunngjøring om europeisk økonomisk foretaksgruppe",
    "X02": "Kunngjøring om europeisk selskap",
}

# BT-105 codes (codelist procurement-procedure-type) in words.
PROCEDURE_LABELS = {
    "open": "Åpen",
    "restricted": "Begrenset",
    "neg-w-call": "Konkurranse med forhandling etter forutgående kunngjøring",
    "neg-wo-call": "Forhandling uten forutgående kunngjøring",
    "comp-dial": "Konkurransepreget dialog",
    "innovation": "Innovasjonspartnerskap",
    "oth-single": "Annen prosedyre i ett trinn",
    "oth-mult": "Annen prosedyre i flere trinn",
    "comp-tend": "Anbudsprosedyre (persontransport)",
    "exp-int-rail": "Forespørsel om interesse (jernbane)",
}

# BT-776 codes (codelist innovative-acquisition) in words. The last four were retired
# from the EU codelist but appear in notices published before the change.
INNOVATIVE_ACQUISITION_LABELS = {
    "mar-nov": "Utfordrer markedet til å tilby eller utvikle nyskapende løsninger",
    "proc-innov": "Prosessinnovasjon: nye måter å produsere eller levere tjenesten på",
    "prod-innov": "Produktinnovasjon: nye eller vesentlig forbedrede varer eller tjenester",
    "rd-act": "Omfatter forsknings- og utviklingsaktiviteter",
    "org-nov": "Nyskapende for virksomheten",
    "buy-eff": "Gjør oppdragsgiverens arbeid mer effektivt",
    "fp-requ": "Kravene er funksjons- og ytelseskrav, ikke en teknisk beskrivelse",
    "other": "Annet",
}

# The case's procedure choices (cases.models.Case.Procedure values), named here so that
# this module imports no model; a test checks that they are all real choices.
OPEN_TENDER = "apen-anbud"
RESTRICTED_TENDER = "begrenset-anbud"
OPEN_NATIONAL = "apen-tilbud"
RESTRICTED_NATIONAL = "begrenset-tilbud"
NEGOTIATION = "forhandling"
COMPETITIVE_DIALOGUE = "dialog"
INNOVATION_PARTNERSHIP = "innovasjonspartnerskap"
DESIGN_CONTEST = "plan-og-design"
PRE_COMMERCIAL = "forkommersiell"
OTHER = "annet"

PRE_COMMERCIAL_RE = re.compile(r"førkommersiell|forkommersiell|pre-commercial", re.IGNORECASE)
UNNAMED_PROCEDURES = frozenset({None, "", "oth-single", "oth-mult", "neg-wo-call"})


def case_procedure(
    code: str | None, *, national: bool = False, subtype: str = "", text: str = ""
) -> str | None:
    """The case procedure that an eForms procedure code (BT-105) stands for.

    ``Case.EFORMS_PROCEDURE_CODES`` maps each choice to one code; this is the way back,
    where one code may stand for several choices:

    * a design contest notice (subtypes 23, 24, 36, 37) is a design contest;
    * a notice whose title or description says "førkommersiell" is a pre-commercial
      procurement when its code names no procedure of the directives (none, ``oth-single``,
      ``oth-mult``, ``neg-wo-call``): it falls outside the procurement rules, so no code
      says so;
    * ``open`` and ``restricted`` are "anbudskonkurranse" above the thresholds and
      "tilbudskonkurranse" in a national (below-threshold) notice;
    * ``oth-single`` and ``oth-mult`` are the national open and restricted competitions
      in a national notice, and "annet" otherwise;
    * ``neg-w-call`` is negotiation, ``comp-dial`` competitive dialogue and
      ``innovation`` innovation partnership;
    * ``neg-wo-call`` (no competition) and the transport codes are "annet".

    None when the notice states no procedure.
    """
    if subtype in DESIGN_CONTEST_SUBTYPES:
        return DESIGN_CONTEST
    if code in UNNAMED_PROCEDURES and text and PRE_COMMERCIAL_RE.search(text):
        return PRE_COMMERCIAL
    if not code:
        return None
    if code == "open":
        return OPEN_NATIONAL if national else OPEN_TENDER
    if code == "restricted":
        return RESTRICTED_NATIONAL if national else RESTRICTED_TENDER
    if code == "oth-single":
        return OPEN_NATIONAL if national else OTHER
    if code == "oth-mult":
        return RESTRICTED_NATIONAL if national else OTHER
    return {
        "neg-w-call": NEGOTIATION,
        "comp-dial": COMPETITIVE_DIALOGUE,
        "innovation": INNOVATION_PARTNERSHIP,
    }.get(code, OTHER)


class NoticeError(ValueError):
    """A notice that cannot be read. The message is for people (bokmål) and says what was wrong.

    The messages are not yet marked for translation: that comes with the admin view that
    shows them, together with the nn and en catalogues.
    """

    MALFORMED = "malformed"
    FORBIDDEN = "forbidden"
    TOO_LARGE = "too_large"
    NOT_EFORMS = "not_eforms"
    UNSUPPORTED = "unsupported"
    MISSING = "missing"

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.code = code


# ---------------------------------------------------------------------------- the proposal


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str

    @property
    def whole_nok(self) -> int | None:
        """The amount in whole kroner when it is in NOK (the case's estimated value)."""
        if self.currency != "NOK":
            return None
        return int(self.amount.to_integral_value())


@dataclass(frozen=True)
class Address:
    street: str = ""
    postal_code: str = ""
    city: str = ""
    nuts_code: str = ""
    country_code: str = ""


@dataclass(frozen=True)
class Buyer:
    """A buyer (contracting authority) as the notice describes it."""

    name: str
    identifier: str  # BT-501 as written: "974 760 673", "NO974760673MVA", a foreign id …
    org_number: str  # the Norwegian organisation number, or "" when it is not one
    address: Address
    website: str = ""
    is_lead: bool = False  # the first buyer named in the notice


@dataclass(frozen=True)
class InnovativeAcquisition:
    code: str
    label: str


@dataclass(frozen=True)
class Lot:
    """A lot (or, in a planning notice, a part)."""

    id: str
    title: str
    description: str = ""
    cpv_main: str = ""
    cpv_additional: tuple[str, ...] = ()
    estimated_value: Money | None = None
    innovative_acquisitions: tuple[InnovativeAcquisition, ...] = ()
    notes: tuple[str, ...] = ()  # BT-300


@dataclass(frozen=True)
class DialogueConferenceProposal:
    """A dialogue conference that a planning notice announces in its text."""

    held_on: datetime.date | None
    starts_at: datetime.time | None
    place: str
    is_online: bool
    source_text: str  # the paragraph it was read from, for the editor to check


@dataclass(frozen=True)
class NoticeProposal:
    """What a notice says about a case. Plain data: nothing here is saved anywhere."""

    notice_id: str  # BT-701, a UUID
    notice_version: str
    procedure_id: str  # BT-04, shared by the notices of one procedure
    subtype: str  # OPP-070: "16", "E3", "N29" …
    notice_type: str  # BT-02: "pin-only", "cn-standard", "can-standard" …
    form: NoticeForm
    national: bool  # below the EEA thresholds (Norwegian national customisation)
    legal_basis: str  # BT-01: "32014L0024", "other" …
    language: str
    title: str
    description: str
    buyers: tuple[Buyer, ...]
    cpv_main: str
    cpv_additional: tuple[str, ...]
    procedure_code: str  # BT-105, "" when not stated
    estimated_value: Money | None
    awarded_value: Money | None
    issue_date: datetime.date | None  # BT-05, when the notice was sent
    publication_date: datetime.date | None  # OPP-012, when TED published it
    lots: tuple[Lot, ...]
    innovative_acquisitions: tuple[InnovativeAcquisition, ...]
    dialogue_conference: DialogueConferenceProposal | None = None
    doffin_id: str = ""
    ted_publication_number: str = ""
    notes: tuple[str, ...] = field(default=())  # BT-300, procedure level

    @property
    def subtype_label(self) -> str:
        return SUBTYPE_LABELS.get(self.subtype, self.subtype)

    @property
    def procedure_label(self) -> str:
        return PROCEDURE_LABELS.get(self.procedure_code, self.procedure_code)

    @property
    def case_procedure(self) -> str | None:
        """The proposed ``Case.Procedure`` value (see ``case_procedure``)."""
        return case_procedure(
            self.procedure_code,
            national=self.national,
            subtype=self.subtype,
            text=f"{self.title}\n{self.description}",
        )

    @property
    def cpv_codes(self) -> tuple[str, ...]:
        """Every CPV code of the notice, main codes first, each once."""
        return _unique(
            [self.cpv_main, *(lot.cpv_main for lot in self.lots)],
            self.cpv_additional,
            *(lot.cpv_additional for lot in self.lots),
        )

    @property
    def date(self) -> datetime.date | None:
        """The date to show: publication when known, else the dispatch date."""
        return self.publication_date or self.issue_date

    @property
    def lead_buyer(self) -> Buyer:
        return self.buyers[0]


# ---------------------------------------------------------------------------- parsing


def read_limited(stream: IO[bytes], max_bytes: int = MAX_NOTICE_BYTES) -> bytes:
    """Read an uploaded file, refusing it as soon as it is larger than a notice may be."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise _too_large(max_bytes)
    return data


def parse_notice(
    data: bytes, *, doffin_id: str = "", max_bytes: int = MAX_NOTICE_BYTES
) -> NoticeProposal:
    """Parse the bytes of an eForms notice. Raises NoticeError; returns a whole proposal.

    ``doffin_id`` is the Doffin number the notice was fetched by; the XML itself does not
    carry it.
    """
    if doffin_id and not DOFFIN_ID_RE.fullmatch(doffin_id):
        raise ValueError(f"not a Doffin notice id: {doffin_id!r}")
    if len(data) > max_bytes:
        raise _too_large(max_bytes)
    if not data.strip():
        raise NoticeError("Filen er tom.", NoticeError.MALFORMED)
    root = _parse_xml(data)
    return _Notice(root).proposal(doffin_id=doffin_id)


def _too_large(max_bytes: int) -> NoticeError:
    size = f"{max_bytes / (1024 * 1024):g}"
    message = f"Filen er for stor til å være en kunngjøring. Den kan være høyst {size} MB."
    return NoticeError(message, NoticeError.TOO_LARGE)


def _parse_xml(data: bytes) -> Element:
    try:
        return fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise NoticeError(
            (
                "Filen inneholder en dokumenttypedefinisjon (DOCTYPE) eller entiteter. "
                "eForms-kunngjøringer har ingen av delene, og slike filer leses ikke av "
                "sikkerhetshensyn."
            ),
            NoticeError.FORBIDDEN,
        ) from error
    except ParseError as error:
        line, column = getattr(error, "position", (0, 0))
        raise NoticeError(
            f"Filen er ikke gyldig XML (feil på linje {line}, tegn {column + 1}).",
            NoticeError.MALFORMED,
        ) from error


def _local(tag: str) -> tuple[str, str]:
    namespace, _sep, name = tag.rpartition("}")
    return namespace.lstrip("{"), name


def _clean(text: str | None) -> str:
    """Text without the indentation of the XML: lines stripped, spaces collapsed."""
    if not text:
        return ""
    lines = (re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.splitlines())
    paragraphs, current = [], []
    for line in lines:
        if line:
            current.append(line)
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)


def _date(text: str | None) -> datetime.date | None:
    """An xsd:date with or without zone ("2024-03-05+01:00", "2024-03-05Z")."""
    match = re.match(r"\s*(\d{4}-\d{2}-\d{2})", text or "")
    if not match:
        return None
    try:
        return datetime.date.fromisoformat(match.group(1))
    except ValueError:
        return None


def _money(element: Element | None) -> Money | None:
    if element is None or not (element.text or "").strip():
        return None
    try:
        amount = Decimal(element.text.strip())
    except InvalidOperation:
        return None
    return Money(amount, (element.get("currencyID") or "").upper())


def _unique(*groups: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for group in groups:
        for code in group:
            if code:
                seen.setdefault(code, None)
    return tuple(seen)


def _sum(values: list[Money | None]) -> Money | None:
    """The sum of the lots' values, when every lot has one in the same currency."""
    if not values or any(v is None for v in values):
        return None
    currencies = {v.currency for v in values}
    if len(currencies) != 1:
        return None
    return Money(sum((v.amount for v in values), Decimal(0)), currencies.pop())


def _innovative(codes: Iterable[str]) -> tuple[InnovativeAcquisition, ...]:
    return tuple(
        InnovativeAcquisition(code, INNOVATIVE_ACQUISITION_LABELS.get(code, code))
        for code in _unique(codes)
    )


class _Notice:
    """One parsed document, with the lookups the proposal needs."""

    def __init__(self, root: Element):
        namespace, name = _local(root.tag)
        if name not in ROOT_ELEMENTS or namespace != UBL_DOCUMENT_NS.format(name):
            raise NoticeError(
                (
                    f"Filen er XML, men ikke en eForms-kunngjøring: rotelementet er «{name}». "
                    "En kunngjøring begynner med PriorInformationNotice, ContractNotice eller "
                    "ContractAwardNotice."
                ),
                NoticeError.NOT_EFORMS,
            )
        self.root = root
        self.root_name = name
        self.extension = root.find(EFORMS_EXTENSION, NS)
        if self.extension is None:
            raise NoticeError(
                (
                    "Filen er en UBL-kunngjøring uten eForms-utvidelsen (efext:EformsExtension), "
                    "så den er ikke en eForms-kunngjøring."
                ),
                NoticeError.NOT_EFORMS,
            )
        self.language = self.text(root, "cbc:NoticeLanguageCode").upper()
        self.organizations = {
            self.text(company, "cac:PartyIdentification/cbc:ID"): company
            for company in self.extension.iterfind(ORGANIZATIONS, NS)
        }

    # -- small readers

    def text(self, element: Element, path: str) -> str:
        found = element.find(path, NS)
        return (found.text or "").strip() if found is not None else ""

    def texts(self, element: Element, path: str) -> list[str]:
        found = ((e.text or "").strip() for e in element.iterfind(path, NS))
        return [text for text in found if text]

    def localised(self, element: Element, path: str) -> str:
        """A text given in one or more languages, in the one a Norwegian reader wants."""
        found = {(e.get("languageID") or "").upper(): e.text for e in element.iterfind(path, NS)}
        for language in (*PREFERRED_LANGUAGES, self.language):
            if found.get(language):
                return _clean(found[language])
        return next((_clean(t) for t in found.values() if t), "")

    def localised_all(self, element: Element, path: str) -> list[str]:
        """Repeated texts (notes), each in the preferred language."""
        by_language: dict[str, list[str]] = {}
        for e in element.iterfind(path, NS):
            language = (e.get("languageID") or "").upper()
            by_language.setdefault(language, []).append(_clean(e.text))
        for language in (*PREFERRED_LANGUAGES, self.language):
            if by_language.get(language):
                return [t for t in by_language[language] if t]
        return next(([t for t in v if t] for v in by_language.values()), [])

    def additional_cpv(self, project: Element) -> tuple[str, ...]:
        """BT-263: the additional CPV codes, each once and without the main code."""
        main = self.text(project, CPV_MAIN)
        return tuple(c for c in _unique(self.texts(project, CPV_ADDITIONAL)) if c != main)

    def missing(self, part: str) -> NoticeError:
        message = f"Kunngjøringen mangler {part}."
        return NoticeError(message, NoticeError.MISSING)

    # -- parts

    def subtype(self) -> str:
        subtype = self.text(self.extension, "efac:NoticeSubType/cbc:SubTypeCode").upper()
        if not subtype:
            raise self.missing("undertype (OPP-070, efac:NoticeSubType)")
        if subtype not in SUPPORTED_SUBTYPES:
            label = f" ({SUBTYPE_LABELS[subtype]})" if subtype in SUBTYPE_LABELS else ""
            raise NoticeError(
                f"Kunngjøringstypen støttes ikke: undertype {subtype}{label}. Portalen leser "
                "veiledende kunngjøringer, kunngjøringer av konkurranse og kunngjøringer av "
                "kontraktsinngåelse.",
                NoticeError.UNSUPPORTED,
            )
        expected_root, _form = SUPPORTED_SUBTYPES[subtype]
        if expected_root != self.root_name:
            raise NoticeError(
                (
                    f"Kunngjøringen er ikke konsistent: undertype {subtype} skal være en "
                    f"{expected_root}, men filen er en {self.root_name}."
                ),
                NoticeError.NOT_EFORMS,
            )
        return subtype

    def buyers(self) -> tuple[Buyer, ...]:
        references = [
            self.text(party, "cac:Party/cac:PartyIdentification/cbc:ID")
            for party in self.root.iterfind("cac:ContractingParty", NS)
        ]
        references = [r for r in references if r]
        if not references:
            raise self.missing("oppdragsgiver (cac:ContractingParty)")
        buyers = []
        for index, reference in enumerate(dict.fromkeys(references)):
            company = self.organizations.get(reference)
            if company is None:
                raise NoticeError(
                    (
                        f"Kunngjøringen viser til oppdragsgiveren {reference}, men den er ikke "
                        "beskrevet blant organisasjonene i kunngjøringen."
                    ),
                    NoticeError.MISSING,
                )
            buyers.append(self.buyer(company, is_lead=index == 0))
        return tuple(buyers)

    def buyer(self, company: Element, *, is_lead: bool) -> Buyer:
        name = self.localised(company, "cac:PartyName/cbc:Name")
        if not name:
            reference = self.text(company, "cac:PartyIdentification/cbc:ID")
            raise self.missing(f"navnet på oppdragsgiveren {reference}")
        identifier = self.text(company, "cac:PartyLegalEntity/cbc:CompanyID")
        country = self.text(company, "cac:PostalAddress/cac:Country/cbc:IdentificationCode")
        return Buyer(
            name=name,
            identifier=identifier,
            org_number=norwegian_org_number(identifier) if country in ("", "NOR") else "",
            address=Address(
                street=", ".join(
                    self.texts(company, "cac:PostalAddress/cbc:StreetName")
                    + self.texts(company, "cac:PostalAddress/cbc:AdditionalStreetName")
                    + self.texts(company, "cac:PostalAddress/cac:AddressLine/cbc:Line")
                ),
                postal_code=self.text(company, "cac:PostalAddress/cbc:PostalZone"),
                city=self.text(company, "cac:PostalAddress/cbc:CityName"),
                nuts_code=self.text(company, "cac:PostalAddress/cbc:CountrySubentityCode"),
                country_code=country,
            ),
            website=self.text(company, "cbc:WebsiteURI"),
            is_lead=is_lead,
        )

    def lots(self) -> tuple[Lot, ...]:
        lots = []
        for element in self.root.iterfind("cac:ProcurementProjectLot", NS):
            lot_id = element.find("cbc:ID", NS)
            if lot_id is None or lot_id.get("schemeName") not in ("Lot", "Part"):
                continue  # groups of lots repeat what their lots say
            project = element.find("cac:ProcurementProject", NS)
            if project is None:
                project = Element("empty")
            innovation_codes = (
                (code.text or "").strip()
                for code in project.iterfind(PROCUREMENT_TYPE, NS)
                if code.get("listName") == "innovative-acquisition"
            )
            lots.append(
                Lot(
                    id=(lot_id.text or "").strip(),
                    title=self.localised(project, "cbc:Name"),
                    description=self.localised(project, "cbc:Description"),
                    cpv_main=self.text(project, CPV_MAIN),
                    cpv_additional=self.additional_cpv(project),
                    estimated_value=_money(project.find(ESTIMATED_VALUE, NS)),
                    innovative_acquisitions=_innovative(innovation_codes),
                    notes=tuple(self.localised_all(project, "cbc:Note")),
                )
            )
        return tuple(lots)

    def proposal(self, *, doffin_id: str) -> NoticeProposal:
        root = self.root
        subtype = self.subtype()
        _root_name, form = SUPPORTED_SUBTYPES[subtype]
        notice_id = self.text(root, "cbc:ID")
        if not notice_id:
            raise self.missing("kunngjøringens ID (BT-701, cbc:ID)")
        project = root.find("cac:ProcurementProject", NS)
        if project is None:
            raise self.missing("beskrivelsen av anskaffelsen (cac:ProcurementProject)")
        title = self.localised(project, "cbc:Name")
        if not title:
            raise self.missing("tittel (BT-21, cac:ProcurementProject/cbc:Name)")
        buyers = self.buyers()
        lots = self.lots()
        customisation = self.text(root, "cbc:CustomizationID")
        national = subtype in NATIONAL_SUBTYPES or bool(
            NATIONAL_CUSTOMISATION_RE.search(customisation)
        )
        description = self.localised(project, "cbc:Description")
        notes = tuple(self.localised_all(project, "cbc:Note"))
        result = self.extension.find("efac:NoticeResult", NS)
        publication = self.extension.find("efac:Publication", NS)
        if publication is None:
            publication = Element("empty")
        dialogue = None
        if form is NoticeForm.PLANNING:
            texts = [description, *notes]
            for lot in lots:
                texts += [lot.description, *lot.notes]
            dialogue = find_dialogue_conference(texts)

        return NoticeProposal(
            notice_id=notice_id,
            notice_version=self.text(root, "cbc:VersionID"),
            procedure_id=self.text(root, "cbc:ContractFolderID"),
            subtype=subtype,
            notice_type=self.text(root, "cbc:NoticeTypeCode"),
            form=form,
            national=national,
            legal_basis=self.text(root, "cbc:RegulatoryDomain"),
            language=self.language,
            title=title,
            description=description,
            buyers=buyers,
            cpv_main=self.text(project, CPV_MAIN) or (lots[0].cpv_main if lots else ""),
            cpv_additional=self.additional_cpv(project),
            procedure_code=self.text(root, "cac:TenderingProcess/cbc:ProcedureCode"),
            estimated_value=(
                _money(project.find(ESTIMATED_VALUE, NS))
                or _sum([lot.estimated_value for lot in lots])
            ),
            awarded_value=(
                _money(result.find("cbc:TotalAmount", NS)) if result is not None else None
            ),
            issue_date=_date(self.text(root, "cbc:IssueDate")),
            publication_date=_date(self.text(publication, "efbc:PublicationDate")),
            lots=lots,
            innovative_acquisitions=_innovative(
                a.code for lot in lots for a in lot.innovative_acquisitions
            ),
            dialogue_conference=dialogue,
            doffin_id=doffin_id,
            ted_publication_number=self.text(publication, "efbc:NoticePublicationID"),
            notes=notes,
        )


def norwegian_org_number(identifier: str) -> str:
    """The organisation number in an identifier as buyers write it, or "".

    Accepts "974760673", "974 760 673", "NO974760673MVA", "Org.nr. 974 760 673"; the
    number must pass the mod-11 check.
    """
    cleaned = re.sub(r"[\u200b-\u200d\ufeff]", "", identifier or "")
    cleaned = re.sub(r"^\s*org\.?\s*(nr|nummer)\.?:?\s*", "", cleaned, flags=re.IGNORECASE)
    number = normalise_org_number(cleaned)
    return number if org_number_is_valid(number) else ""


# ---------------------------------------------------------------------------- dialogue


CONFERENCE_RE = re.compile(
    r"dialogkonferanse|dialogmøte|dialogdag|leverandørkonferanse|leverandørmøte|"
    r"leverandørdag|informasjonsmøte|markedsdialogmøte|industry day|supplier day",
    re.IGNORECASE,
)
MONTHS = {
    "januar": 1, "februar": 2, "mars": 3, "april": 4, "mai": 5, "juni": 6, "juli": 7,
    "august": 8, "september": 9, "oktober": 10, "november": 11, "desember": 12,
}  # fmt: skip
MONTH_NAMES = "|".join(MONTHS)
DATE_RES = (
    re.compile(
        rf"\b(?P<day>\d{{1,2}})\.\s*(?P<month>{MONTH_NAMES})\s+(?P<year>\d{{4}})", re.IGNORECASE
    ),
    re.compile(r"\b(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})\b"),
    re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b"),
)
TIME_RE = re.compile(r"\bkl(?:okka)?\.?\s*(?P<hour>\d{1,2})(?:[.:](?P<minute>\d{2}))?")
ONLINE_RE = re.compile(
    r"\bdigitalt\b|\bdigital (?:konferanse|møte)|\bteams\b|\bzoom\b|nettmøte|webinar|"
    r"strømmes|\bonline\b",
    re.IGNORECASE,
)
# "i Bergen rådhus, Rådhusgaten 10." / "på Teams" — a capitalised name after "i" or "på",
# up to punctuation, a time, or a date.
PLACE_RE = re.compile(
    r"\b(?:i|på)\s+(?P<place>[A-ZÆØÅ][^.;:()\n]*?)"
    r"(?=\s*[.;:()\n]|\s*,\s*\d|\s+(?:kl|den|fra)\b|\s+\d{1,2}\.\s*(?:[a-zæøå]|\d)|$)"
)


def find_dialogue_conference(texts: Iterable[str]) -> DialogueConferenceProposal | None:
    """A dialogue conference announced in the texts of a planning notice, if any.

    eForms has no field for it, so the paragraph that names one ("dialogkonferanse",
    "leverandørmøte", "informasjonsmøte" …) is read for a date (12. mars 2025, 12.03.2025,
    2025-03-12: the first after the word, else the nearest before it), a time (kl. 09.00),
    a place ("i Bergen rådhus", "på Teams") and whether it is online. It is a proposal for
    the editor, who is shown the paragraph it came from.
    """
    for paragraph in _paragraphs(texts):
        keyword = CONFERENCE_RE.search(paragraph)
        if not keyword:
            continue
        held_on, date_end = _find_date(paragraph, keyword.start())
        after = paragraph[date_end:] if held_on else paragraph[keyword.end() :]
        starts_at = None
        time_match = TIME_RE.search(after)
        if time_match:
            hour, minute = int(time_match["hour"]), int(time_match["minute"] or 0)
            if hour < 24 and minute < 60:
                starts_at = datetime.time(hour, minute)
        place_match = PLACE_RE.search(after) or PLACE_RE.search(paragraph, keyword.end())
        place = place_match["place"].strip() if place_match else ""
        return DialogueConferenceProposal(
            held_on=held_on,
            starts_at=starts_at,
            place=place[:200],
            is_online=bool(ONLINE_RE.search(paragraph)),
            source_text=paragraph[:1000],
        )
    return None


def _paragraphs(texts: Iterable[str]) -> Iterator[str]:
    for text in texts:
        for paragraph in re.split(r"\n\s*\n", text or ""):
            if paragraph.strip():
                yield paragraph.strip()


def _find_date(text: str, anchor: int) -> tuple[datetime.date | None, int]:
    """The first date at or after ``anchor``, else the last one before it, and its end."""
    found = []
    for pattern in DATE_RES:
        for match in pattern.finditer(text):
            month = match["month"]
            number = int(month) if month.isdigit() else MONTHS[month.lower()]
            try:
                value = datetime.date(int(match["year"]), number, int(match["day"]))
            except ValueError:
                continue
            found.append((match.start(), match.end(), value))
    if not found:
        return None, 0
    found.sort()
    after = [f for f in found if f[0] >= anchor]
    _start, end, value = after[0] if after else found[-1]
    return value, end
