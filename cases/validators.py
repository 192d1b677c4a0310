import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CPV_RE = re.compile(r"^\d{8}(-\d)?$")
DOFFIN_RE = re.compile(r"^(19|20)\d{2}-\d{6}$")


def validate_cpv_code(value: str) -> None:
    if not CPV_RE.match(value or ""):
        raise ValidationError(
            _(
                "%(value)s er ikke en CPV-kode. "
                "Skriv åtte sifre, eventuelt med kontrollsiffer: 33000000-2."
            ),
            code="cpv_format",
            params={"value": value},
        )


def validate_doffin_id(value: str) -> None:
    if not DOFFIN_RE.match(value or ""):
        raise ValidationError(
            _("%(value)s er ikke en Doffin-ID. Skriv år, bindestrek og seks sifre: 2024-105432."),
            code="doffin_format",
            params={"value": value},
        )
