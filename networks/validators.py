"""Validators for Norwegian identifiers."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ORG_NUMBER_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


def org_number_is_valid(value: str) -> bool:
    """Brønnøysund's mod-11 rule for nine-digit organisation numbers."""
    if not re.fullmatch(r"\d{9}", value or ""):
        return False
    total = sum(int(d) * w for d, w in zip(value[:8], ORG_NUMBER_WEIGHTS, strict=True))
    remainder = total % 11
    if remainder == 1:
        return False
    check = 0 if remainder == 0 else 11 - remainder
    return check == int(value[8])


def normalise_org_number(value: str) -> str:
    """Accept the ways people write numbers ("974 760 673", "NO974760673MVA")."""
    value = (value or "").upper().strip()
    value = re.sub(r"^NO|MVA$", "", value)
    return re.sub(r"[\s.\-]", "", value)


def validate_org_number(value: str) -> None:
    if not re.fullmatch(r"\d{9}", value or ""):
        raise ValidationError(_("Organisasjonsnummeret må ha ni sifre."), code="org_number_length")
    if not org_number_is_valid(value):
        raise ValidationError(
            _("%(value)s er ikke et gyldig organisasjonsnummer (kontrollsifferet stemmer ikke)."),
            code="org_number_checksum",
            params={"value": value},
        )


def validate_municipality_number(value: str) -> None:
    if not re.fullmatch(r"\d{4}", value or ""):
        raise ValidationError(_("Kommunenummeret må ha fire sifre."), code="municipality_number")


PHONE_RE = re.compile(r"^\+?[\d\s().-]+$")


def validate_phone(value: str) -> None:
    """A phone number as people write it: digits, spaces, +, -, (), 8 to 15 digits."""
    digits = re.sub(r"\D", "", value or "")
    if not PHONE_RE.match(value or "") or not 8 <= len(digits) <= 15:
        raise ValidationError(
            _("Skriv telefonnummeret med 8 til 15 sifre, for eksempel 22 00 00 00."),
            code="phone",
        )
