"""The eForms notice parser and the Doffin client, on the hand-written notices in notices/.

The notices were written for these tests from the eForms SDK's documentation; the buyers
are real public bodies but their organisation numbers are test numbers (900 000 0xx).
The Doffin client runs against recorded responses through an injected transport.
"""

import datetime
import gzip
import json
import re
import urllib.error
from decimal import Decimal
from pathlib import Path

import pytest

from cases.models import Case
from cases.notices import doffin, eforms
from cases.notices.eforms import (
    NoticeError,
    NoticeForm,
    case_procedure,
    find_dialogue_conference,
    norwegian_org_number,
    parse_notice,
    read_limited,
)
from networks.validators import org_number_is_valid

NOTICES = Path(__file__).parent / "notices"


def notice(name: str) -> bytes:
    return (NOTICES / name).read_bytes()


def parsed(name: str, **kwargs) -> eforms.NoticeProposal:
    return parse_notice(notice(name), **kwargs)


def edited(name: str, old: str, new: str) -> bytes:
    """A notice with the first ``old`` (a regular expression) replaced."""
    text, count = re.subn(old, new, notice(name).decode(), count=1, flags=re.DOTALL)
    assert count == 1, old
    return text.encode()


def refused(data: bytes, **kwargs) -> NoticeError:
    with pytest.raises(NoticeError) as error:
        parse_notice(data, **kwargs)
    return error.value


# ---------------------------------------------------------------------------- contract notice


def test_contract_notice_is_read_as_an_eu_competition():
    proposal = parsed("cn_16_two_lots_two_buyers.xml")
    assert proposal.subtype == "16"
    assert proposal.notice_type == "cn-standard"
    assert proposal.form is NoticeForm.COMPETITION
    assert proposal.subtype_label == "Kunngjøring av konkurranse"
    assert not proposal.national
    assert proposal.legal_basis == "32014L0024"
    assert proposal.notice_id == "5f1d0c2e-8a3b-4c6d-9e7f-0a1b2c3d4e5f"
    assert proposal.notice_version == "01"
    assert proposal.procedure_id == "0c9b8a7f-6e5d-4c3b-2a19-08f7e6d5c4b3"


def test_norwegian_title_is_preferred_and_description_keeps_its_paragraphs():
    proposal = parsed("cn_16_two_lots_two_buyers.xml")
    assert proposal.title == "Innovasjonspartnerskap for digitalt tilsyn i hjemmetjenesten"
    first, second = proposal.description.split("\n\n")
    assert first.startswith(
        "Bergen kommune og Vestland fylkeskommune søker partnere som vil utvikle"
    )
    assert "  " not in first
    assert second.startswith("Behovet er beskrevet")
    assert proposal.notes == (
        "Oppdragsgiverne gjennomfører anskaffelsen som en felles anskaffelse.",
    )


def test_both_buyers_with_organisation_numbers_however_written():
    buyers = parsed("cn_16_two_lots_two_buyers.xml").buyers
    assert [b.name for b in buyers] == ["Bergen kommune", "Vestland fylkeskommune"]
    assert [b.identifier for b in buyers] == ["900 000 014", "NO900000022MVA"]
    assert [b.org_number for b in buyers] == ["900000014", "900000022"]
    assert [b.is_lead for b in buyers] == [True, False]
    bergen = buyers[0]
    assert bergen.website == "https://www.bergen.kommune.no"
    assert bergen.address == eforms.Address(
        street="Rådhusgaten 10",
        postal_code="5014",
        city="Bergen",
        nuts_code="NO0A1",
        country_code="NOR",
    )


def test_review_body_and_esender_are_not_buyers():
    names = {b.name for b in parsed("cn_16_two_lots_two_buyers.xml").buyers}
    assert "Klagenemnda for offentlige anskaffelser (KOFA)" not in names
    assert "Eksempel eSender AS" not in names


def test_cpv_codes_per_lot_and_procedure_each_once():
    proposal = parsed("cn_16_two_lots_two_buyers.xml")
    assert proposal.cpv_main == "72000000"
    assert proposal.cpv_additional == ("48000000",)  # the main code is not repeated
    lot1, lot2 = proposal.lots
    assert (lot1.cpv_main, lot1.cpv_additional) == ("48000000", ("33196200", "72000000"))
    assert (lot2.cpv_main, lot2.cpv_additional) == ("80500000", ("79410000",))
    assert proposal.cpv_codes == ("72000000", "48000000", "80500000", "33196200", "79410000")


def test_lots_with_titles_and_values():
    lots = parsed("cn_16_two_lots_two_buyers.xml").lots
    assert [lot.id for lot in lots] == ["LOT-0001", "LOT-0002"]
    assert lots[0].title == "Delkontrakt 1: Sensorer og varsling"
    assert lots[0].estimated_value == eforms.Money(Decimal("12000000"), "NOK")
    assert lots[1].estimated_value.whole_nok == 3_000_000


def test_estimated_value_of_the_procedure_in_whole_kroner():
    proposal = parsed("cn_16_two_lots_two_buyers.xml")
    assert proposal.estimated_value == eforms.Money(Decimal("15000000"), "NOK")
    assert proposal.estimated_value.whole_nok == 15_000_000
    assert proposal.awarded_value is None


def test_value_in_another_currency_has_no_nok_amount():
    assert eforms.Money(Decimal("100"), "EUR").whole_nok is None


def test_innovative_acquisition_codes_in_words_once_across_lots():
    proposal = parsed("cn_16_two_lots_two_buyers.xml")
    assert [a.code for a in proposal.lots[0].innovative_acquisitions] == ["mar-nov", "rd-act"]
    assert [a.code for a in proposal.innovative_acquisitions] == ["mar-nov", "rd-act", "proc-innov"]
    labels = {a.code: a.label for a in proposal.innovative_acquisitions}
    assert labels["rd-act"] == "Omfatter forsknings- og utviklingsaktiviteter"
    assert labels["mar-nov"].startswith("Utfordrer markedet")


def test_dates_and_ted_publication_number():
    proposal = parsed("cn_16_two_lots_two_buyers.xml")
    assert proposal.issue_date == datetime.date(2024, 5, 14)
    assert proposal.publication_date == datetime.date(2024, 5, 17)
    assert proposal.date == datetime.date(2024, 5, 17)
    assert proposal.ted_publication_number == "00291234-2024"


def test_innovation_partnership_maps_to_the_case_procedure():
    proposal = parsed("cn_16_two_lots_two_buyers.xml")
    assert proposal.procedure_code == "innovation"
    assert proposal.procedure_label == "Innovasjonspartnerskap"
    assert proposal.case_procedure == Case.Procedure.INNOVATION_PARTNERSHIP


def test_a_contract_notice_proposes_no_dialogue_conference():
    assert parsed("cn_16_two_lots_two_buyers.xml").dialogue_conference is None


def test_doffin_id_is_kept_when_given_and_must_look_like_one():
    assert parsed("can_29_award.xml", doffin_id="2024-105432").doffin_id == "2024-105432"
    with pytest.raises(ValueError):
        parsed("can_29_award.xml", doffin_id="../../etc/passwd")


# ---------------------------------------------------------------------------- planning


def test_prior_information_notice_for_market_dialogue():
    proposal = parsed("pin_4_market_dialogue.xml")
    assert proposal.subtype == "4"
    assert proposal.form is NoticeForm.PLANNING
    assert proposal.procedure_id == ""  # a planning notice starts no procedure
    assert proposal.title == "Markedsdialog: utslippsfri anleggsplass for nye skolebygg"
    assert [lot.id for lot in proposal.lots] == ["PART-0001"]
    assert proposal.buyers[0].org_number == "900000057"
    assert proposal.case_procedure == Case.Procedure.NEGOTIATION


def test_planning_notice_value_is_the_sum_of_its_parts():
    proposal = parsed("pin_4_market_dialogue.xml")
    assert proposal.estimated_value == eforms.Money(Decimal("80000000"), "NOK")


def test_planning_notice_proposes_its_dialogue_conference():
    conference = parsed("pin_4_market_dialogue.xml").dialogue_conference
    assert conference is not None
    assert conference.held_on == datetime.date(2025, 3, 12)  # not the registration deadline
    assert conference.starts_at == datetime.time(9, 0)
    assert conference.place == "Stavanger konserthus, Sandvigå 1"
    assert not conference.is_online
    assert conference.source_text.startswith("Vi inviterer til dialogkonferanse")


@pytest.mark.parametrize(
    ("text", "held_on", "place", "online"),
    [
        (
            "Dialogmøte holdes på Teams 12.03.2025 kl. 13.00.",
            datetime.date(2025, 3, 12),
            "Teams",
            True,
        ),
        (
            "Leverandørkonferanse 2025-09-01 i Tromsø rådhus.",
            datetime.date(2025, 9, 1),
            "Tromsø rådhus",
            False,
        ),
        (
            "Frist 1. mars 2025. Informasjonsmøte 4. april 2025 i Bodø.",
            datetime.date(2025, 4, 4),
            "Bodø",
            False,
        ),
        ("Vi planlegger et dialogmøte til våren.", None, "", False),
    ],
)
def test_dialogue_conference_read_from_text(text, held_on, place, online):
    conference = find_dialogue_conference([text])
    assert conference.held_on == held_on
    assert conference.place == place
    assert conference.is_online is online


def test_no_dialogue_conference_without_one_being_named():
    assert find_dialogue_conference(["Vi ønsker innspill fra markedet innen 1. mai 2025."]) is None


# ---------------------------------------------------------------------------- award


def test_contract_award_notice():
    proposal = parsed("can_29_award.xml")
    assert proposal.subtype == "29"
    assert proposal.form is NoticeForm.RESULT
    assert proposal.awarded_value == eforms.Money(Decimal("24500000"), "NOK")
    assert proposal.estimated_value is None
    assert proposal.case_procedure == Case.Procedure.COMPETITIVE_DIALOGUE
    assert [a.code for a in proposal.innovative_acquisitions] == ["prod-innov"]
    assert proposal.cpv_codes == ("48814000", "72212000")


def test_award_notice_buyer_is_not_the_winner():
    buyers = parsed("can_29_award.xml").buyers
    assert [(b.name, b.org_number) for b in buyers] == [("Helse Bergen HF", "900000065")]


# ---------------------------------------------------------------------------- national


def test_national_notice_below_the_thresholds():
    proposal = parsed("national_e3_below_threshold.xml")
    assert proposal.subtype == "E3"
    assert proposal.national
    assert proposal.form is NoticeForm.COMPETITION
    assert proposal.notice_version == "02"
    assert proposal.buyers[0].name == "Ringerike kommune"
    assert proposal.estimated_value.whole_nok == 1_200_000
    assert proposal.case_procedure == Case.Procedure.OPEN_NATIONAL
    # A code retired from the EU codelist is still shown in words.
    assert [a.label for a in proposal.innovative_acquisitions] == [
        "Kravene er funksjons- og ytelseskrav, ikke en teknisk beskrivelse"
    ]


def test_doffins_older_national_clone_is_national_by_subtype_and_customisation():
    data = edited("cn_16_two_lots_two_buyers.xml", 'subtype">16<', 'subtype">N16<')
    assert parse_notice(data).national
    data = edited("cn_16_two_lots_two_buyers.xml", ":eforms:eu<", ":eforms:national<")
    proposal = parse_notice(data)
    assert proposal.subtype == "16" and proposal.national


# ---------------------------------------------------------------------------- procedures


@pytest.mark.parametrize(
    ("code", "national", "subtype", "text", "expected"),
    [
        ("open", False, "16", "", Case.Procedure.OPEN_TENDER),
        ("open", True, "E3", "", Case.Procedure.OPEN_NATIONAL),
        ("restricted", False, "16", "", Case.Procedure.RESTRICTED_TENDER),
        ("restricted", True, "E3", "", Case.Procedure.RESTRICTED_NATIONAL),
        ("oth-single", True, "E3", "", Case.Procedure.OPEN_NATIONAL),
        ("oth-mult", True, "E3", "", Case.Procedure.RESTRICTED_NATIONAL),
        ("oth-single", False, "16", "", Case.Procedure.OTHER),
        ("neg-w-call", False, "16", "", Case.Procedure.NEGOTIATION),
        ("comp-dial", False, "16", "", Case.Procedure.COMPETITIVE_DIALOGUE),
        ("innovation", False, "16", "", Case.Procedure.INNOVATION_PARTNERSHIP),
        ("neg-wo-call", False, "25", "", Case.Procedure.OTHER),
        ("", False, "23", "", Case.Procedure.DESIGN_CONTEST),
        ("oth-mult", True, "E3", "Førkommersiell anskaffelse av …", Case.Procedure.PRE_COMMERCIAL),
        (
            "innovation",
            False,
            "16",
            "Etter en førkommersiell anskaffelse",
            "innovasjonspartnerskap",
        ),
        ("", False, "4", "", None),
    ],
)
def test_eforms_procedure_codes_map_to_case_procedures(code, national, subtype, text, expected):
    assert case_procedure(code, national=national, subtype=subtype, text=text) == expected


def test_every_proposed_procedure_is_a_case_choice():
    proposed = {
        case_procedure(code, national=national, subtype=subtype, text=text)
        for code in [*eforms.PROCEDURE_LABELS, "unknown"]
        for national in (False, True)
        for subtype in ("16", "23")
        for text in ("", "førkommersiell")
    }
    assert proposed <= set(Case.Procedure.values)


def test_the_way_back_agrees_with_the_cases_own_eforms_codes():
    """Each case procedure's eForms code leads back to it where the code is unambiguous."""
    for choice, code in Case.EFORMS_PROCEDURE_CODES.items():
        if choice in (
            Case.Procedure.OTHER,
            Case.Procedure.DESIGN_CONTEST,
            Case.Procedure.PRE_COMMERCIAL,
        ):
            continue
        national = choice in (Case.Procedure.OPEN_NATIONAL, Case.Procedure.RESTRICTED_NATIONAL)
        assert case_procedure(code, national=national) == choice


# ---------------------------------------------------------------------------- organisation numbers


READABLE = [
    "cn_16_two_lots_two_buyers.xml",
    "pin_4_market_dialogue.xml",
    "can_29_award.xml",
    "national_e3_below_threshold.xml",
]


@pytest.mark.parametrize("name", READABLE)
def test_test_organisation_numbers_in_the_notices_pass_the_mod11_check(name):
    for buyer in parsed(name).buyers:
        assert org_number_is_valid(buyer.org_number), buyer


@pytest.mark.parametrize(
    ("identifier", "expected"),
    [
        ("900000014", "900000014"),
        ("900 000 014", "900000014"),
        ("NO900000014MVA", "900000014"),
        ("Org.nr. 900 000 014", "900000014"),
        ("900000014\u200b", "900000014"),
        ("900000015", ""),  # check digit wrong
        ("SE556289739601", ""),
        ("", ""),
    ],
)
def test_norwegian_organisation_number_from_identifiers(identifier, expected):
    assert norwegian_org_number(identifier) == expected


def test_foreign_buyer_gets_no_norwegian_number():
    data = edited("can_29_award.xml", r'country">NOR<', 'country">SWE<')
    buyer = parse_notice(data).buyers[0]
    assert buyer.address.country_code == "SWE"
    assert buyer.org_number == ""


# ---------------------------------------------------------------------------- broken inputs


def test_malformed_xml_is_refused_with_where_it_broke():
    error = refused(notice("malformed.xml"))
    assert error.code == NoticeError.MALFORMED
    assert "ikke gyldig XML" in str(error)
    assert "linje 6" in str(error)


def test_external_entities_and_doctype_are_refused_unread():
    error = refused(notice("xxe_doctype.xml"))
    assert error.code == NoticeError.FORBIDDEN
    assert "DOCTYPE" in str(error)
    assert "root:" not in str(error)


def test_entity_expansion_bomb_is_refused():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        b"<ContractNotice>&lol2;</ContractNotice>"
    )
    assert refused(bomb).code == NoticeError.FORBIDDEN


def test_xml_that_is_not_an_eforms_notice_is_named():
    error = refused(notice("not_eforms_ted_r209.xml"))
    assert error.code == NoticeError.NOT_EFORMS
    assert "«TED_EXPORT»" in str(error)


def test_ubl_notice_without_the_eforms_extension_is_not_eforms():
    data = (
        b'<ContractNotice xmlns="urn:oasis:names:specification:ubl:schema:xsd:ContractNotice-2"'
        b' xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">'
        b"<cbc:ID>1</cbc:ID></ContractNotice>"
    )
    error = refused(data)
    assert error.code == NoticeError.NOT_EFORMS
    assert "EformsExtension" in str(error)


def test_unsupported_subtype_is_refused_by_name():
    error = refused(notice("unsupported_subtype_38.xml"))
    assert error.code == NoticeError.UNSUPPORTED
    assert "undertype 38 (Kunngjøring av endring i kontrakt)" in str(error)


def test_subtype_in_the_wrong_kind_of_document_is_refused():
    error = refused(edited("cn_16_two_lots_two_buyers.xml", 'subtype">16<', 'subtype">29<'))
    assert error.code == NoticeError.NOT_EFORMS
    assert "ContractAwardNotice" in str(error)


def test_oversize_upload_is_refused_before_it_is_read_whole():
    with (
        gzip.open(NOTICES / "oversize.xml.gz", "rb") as stream,
        pytest.raises(NoticeError) as error,
    ):
        read_limited(stream)
    assert error.value.code == NoticeError.TOO_LARGE
    assert "høyst 5 MB" in str(error.value)


def test_oversize_bytes_are_refused_without_parsing():
    with gzip.open(NOTICES / "oversize.xml.gz", "rb") as stream:
        data = stream.read()
    assert len(data) > eforms.MAX_NOTICE_BYTES
    assert refused(data).code == NoticeError.TOO_LARGE


def test_a_small_upload_is_read_whole():
    with (NOTICES / "can_29_award.xml").open("rb") as stream:
        assert read_limited(stream) == notice("can_29_award.xml")


def test_empty_file_is_refused():
    assert refused(b"  \n").code == NoticeError.MALFORMED


def test_notice_without_a_buyer_names_what_is_missing():
    data = notice("can_29_award.xml")
    start = data.index(b"  <cac:ContractingParty>")
    end = data.index(b"</cac:ContractingParty>") + len(b"</cac:ContractingParty>")
    error = refused(data[:start] + data[end:])
    assert error.code == NoticeError.MISSING
    assert "oppdragsgiver" in str(error)


def test_buyer_reference_to_an_undescribed_organisation_is_refused():
    data = edited(
        "national_e3_below_threshold.xml", r"(<cac:ContractingParty>.*?)ORG-0001", r"\1ORG-0009"
    )
    error = refused(data)
    assert error.code == NoticeError.MISSING
    assert "ORG-0009" in str(error)


def test_notice_without_a_title_is_refused():
    data = edited(
        "national_e3_below_threshold.xml", r'<cbc:Name languageID="NOR">Smarte.*?</cbc:Name>', ""
    )
    error = refused(data)
    assert error.code == NoticeError.MISSING
    assert "tittel" in str(error)


# ---------------------------------------------------------------------------- Doffin client


class RecordedTransport:
    """Answers each request with a recorded response and remembers what was asked."""

    def __init__(self, *responses: doffin.HttpResponse):
        self.responses = list(responses)
        self.requests: list[tuple[str, dict]] = []

    def __call__(self, url, headers, timeout):
        self.requests.append((url, dict(headers)))
        return self.responses.pop(0)


def ok(body: bytes) -> doffin.HttpResponse:
    return doffin.HttpResponse(200, {"Content-Type": "application/json"}, body)


def client(*responses) -> tuple[doffin.DoffinClient, RecordedTransport]:
    transport = RecordedTransport(*responses)
    return doffin.DoffinClient("test-key", transport=transport), transport


def search_response() -> doffin.HttpResponse:
    return ok(notice("doffin_search_response.json"))


def test_search_sends_the_key_and_the_conditions():
    api, transport = client(search_response())
    api.search(
        "velferdsteknologi",
        cpv_codes=["33196200-2", "48000000"],
        types=["COMPETITION", "RESULT"],
        issued_from=datetime.date(2024, 1, 1),
        per_page=50,
        page=2,
    )
    url, headers = transport.requests[0]
    assert url == (
        "https://api.doffin.no/public/v2/search?searchString=velferdsteknologi"
        "&cpvCode=33196200&cpvCode=48000000&type=COMPETITION&type=RESULT"
        "&issueDateFrom=2024-01-01&numHitsPerPage=50&page=2"
    )
    assert headers["Ocp-Apim-Subscription-Key"] == "test-key"


def test_search_reads_the_hits_even_with_raw_control_characters():
    page = client(search_response())[0].search("skole")
    assert (page.total, page.accessible, page.page) == (3, 3, 1)
    first = page.hits[0]
    assert first.doffin_id == "2024-105432"
    assert first.url == "https://www.doffin.no/notices/2024-105432"
    assert [(b.name, b.org_number) for b in first.buyers] == [
        ("Bergen kommune", "900000014"),
        ("Vestland fylkeskommune", "900000022"),
    ]
    assert first.estimated_value.whole_nok == 15_000_000
    assert first.issue_date == datetime.date(2024, 5, 14)
    assert first.cpv_codes == ("72000000", "48000000")
    assert "\t" in page.hits[1].description
    assert page.hits[1].estimated_value is None


@pytest.mark.parametrize(
    ("buyer", "found"),
    [
        ("900 000 057", ["2025-100017"]),
        ("900000081", ["2025-100342"]),
        ("vestland", ["2024-105432"]),
        ("Oslo kommune", []),
    ],
)
def test_search_by_buyer_number_or_name(buyer, found):
    page = client(search_response())[0].search(buyer=buyer)
    assert [hit.doffin_id for hit in page.hits] == found


def test_search_refuses_unknown_types_and_bad_cpv_codes_before_asking():
    api, transport = client()
    with pytest.raises(ValueError):
        api.search(types=["TENDER"])
    with pytest.raises(ValueError):
        api.search(cpv_codes=["48"])
    assert transport.requests == []


def test_download_and_read_a_notice():
    api, transport = client(
        doffin.HttpResponse(
            200, {"Content-Type": "application/octet-stream"}, notice("can_29_award.xml")
        )
    )
    proposal = api.fetch_notice(" 2024-105432 ")
    assert transport.requests[0][0] == "https://api.doffin.no/public/v2/download/2024-105432"
    assert proposal.doffin_id == "2024-105432"
    assert proposal.title == "Digital pasientflyt i akuttmottaket"


def test_a_broken_download_is_a_notice_error():
    api, _transport = client(ok(notice("malformed.xml")))
    with pytest.raises(NoticeError):
        api.fetch_notice("2024-105432")


def test_unknown_notice_number():
    api, _transport = client(doffin.HttpResponse(404, {}, b'{"message": "not found"}'))
    with pytest.raises(doffin.DoffinNotFound) as error:
        api.download("2024-999999")
    assert str(error.value) == "Doffin har ingen kunngjøring med nummeret 2024-999999."


def test_something_that_is_not_a_doffin_number_is_never_sent():
    api, transport = client()
    with pytest.raises(doffin.DoffinError) as error:
        api.download("2024-1/../../x")
    assert "ikke et Doffin-nummer" in str(error.value)
    assert transport.requests == []


def test_rejected_key():
    api, _transport = client(doffin.HttpResponse(401, {}, b""))
    with pytest.raises(doffin.DoffinError) as error:
        api.search("skole")
    assert error.value.status == 401
    assert "API-nøkkelen" in str(error.value)


def test_too_many_requests_says_when_to_try_again():
    api, _transport = client(doffin.HttpResponse(429, {"retry-after": "10"}, b""))
    with pytest.raises(doffin.DoffinError) as error:
        api.search("skole")
    assert (error.value.status, error.value.retry_after) == (429, 10)


def test_unreadable_search_answer():
    api, _transport = client(ok(b"<html>Service Unavailable</html>"))
    with pytest.raises(doffin.DoffinError) as error:
        api.search("skole")
    assert "ikke kunne leses" in str(error.value)


def test_single_hit_object_as_in_the_published_schema():
    body = json.dumps({"numHitsTotal": 1, "numHitsAccessible": 1, "hits": {"id": "2024-100001"}})
    page = client(ok(body.encode()))[0].search("x")
    assert [hit.doffin_id for hit in page.hits] == ["2024-100001"]


def test_client_needs_a_key_and_https():
    with pytest.raises(ValueError):
        doffin.DoffinClient("")
    with pytest.raises(ValueError):
        doffin.DoffinClient("key", base_url="http://api.doffin.no/public/v2")


def test_network_failure_is_a_doffin_error(monkeypatch):
    def unreachable(request, timeout):
        raise urllib.error.URLError("Name or service not known")

    monkeypatch.setattr(doffin.urllib.request, "urlopen", unreachable)
    api = doffin.DoffinClient("key")
    with pytest.raises(doffin.DoffinError) as error:
        api.search("skole")
    assert "Fikk ikke kontakt med Doffin" in str(error.value)


def test_the_case_knows_every_bt776_code_the_parser_reads():
    from cases.models import Case
    from cases.notices.eforms import INNOVATIVE_ACQUISITION_LABELS

    assert dict(Case.InnovativeAcquisition.choices) == INNOVATIVE_ACQUISITION_LABELS
