"""Certificates of participation (issue 21): a participant whose attendance is at or above
the network's threshold downloads a PDF from Min side, in the page's language.

Made with fpdf2 in Source Sans Pro, a Unicode TrueType font that comes inside the
``font-source-sans-pro`` package (nothing is downloaded at run time). It has every letter of
Norwegian and the Sami languages written in Norway (á č đ ŋ š ŧ ž), Latin Extended-A,
Vietnamese, Greek and Cyrillic, and the letters are embedded as text (copy and search work).
A letter the font lacks (Skolt Sami ǥ, say) is written without its accent, never dropped.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from importlib.resources import files

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from fpdf import FPDF

from networks.models import Enrollment, Session


@dataclass
class Attendance:
    attended: list[Session]
    held: int

    @property
    def percent(self) -> int:
        return round(100 * len(self.attended) / self.held) if self.held else 0


def attendance(enrollment: Enrollment) -> Attendance:
    """The sessions held so far and those the participant was present at."""
    held = list(
        enrollment.network.sessions.filter(starts_at__lte=timezone.now()).order_by("number")
    )
    present = set(enrollment.attendances.filter(present=True).values_list("session_id", flat=True))
    return Attendance([s for s in held if s.pk in present], len(held))


def is_eligible(enrollment: Enrollment, record: Attendance | None = None) -> bool:
    record = record or attendance(enrollment)
    return (
        enrollment.status == Enrollment.Status.ACCEPTED
        and not enrollment.participant.is_anonymised
        and record.held > 0
        and record.percent >= enrollment.network.certificate_threshold
    )


FONT = "SourceSansPro"
FONT_FILES = {"": "SourceSansPro-Regular.ttf", "B": "SourceSansPro-Bold.ttf"}


def _font_path(name: str) -> str:
    return str(files("font_source_sans_pro") / "files" / name)


def _printable(text: str, cmap: dict[int, object]) -> str:
    """``text`` with any letter the font lacks replaced by its base letter (or "?")."""
    if all(ord(c) in cmap or c in "\n\r" for c in text):
        return text
    out = []
    for char in text:
        if ord(char) in cmap or char in "\n\r":
            out.append(char)
            continue
        base = "".join(
            c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
        )
        out.append(base if base and all(ord(c) in cmap for c in base) else "?")
    return "".join(out)


def render_pdf(enrollment: Enrollment, record: Attendance) -> bytes:
    network, participant = enrollment.network, enrollment.participant
    pdf = FPDF(format="A4")
    for style, name in FONT_FILES.items():
        pdf.add_font(FONT, style, _font_path(name))
    pdf.set_title(_("Kursbevis"))
    pdf.set_author(settings.SITE_NAME)
    pdf.set_lang(get_language() or settings.LANGUAGE_CODE)
    pdf.set_creation_date(timezone.now())
    pdf.set_margins(25, 30, 25)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def line(text, size=12, style="", gap=4):
        pdf.set_font(FONT, style, size)
        pdf.multi_cell(width, size * 0.55, _printable(str(text), pdf.current_font.cmap), align="C")
        pdf.ln(gap)

    line(_("Kursbevis"), 28, "B", 10)
    line(_("Dette bekrefter at"), 12)
    line(participant.name, 22, "B", 2)
    line(participant.organization.name, 13, "", 8)
    line(_("har deltatt i læringsnettverket"), 12)
    line(network.name, 16, "B", 2)
    period = "{} – {}".format(
        formats.date_format(network.starts_on, "DATE_FORMAT"),
        formats.date_format(network.ends_on, "DATE_FORMAT"),
    )
    line(period, 11, "", 2)
    if network.host:
        line(_("Arrangør: %(host)s") % {"host": network.host}, 11, "", 2)
    line(
        _("Til stede på %(attended)d av %(held)d samlinger:")
        % {"attended": len(record.attended), "held": record.held},
        12,
        "B",
        3,
    )
    for session in record.attended:
        day = formats.date_format(timezone.localtime(session.starts_at), "DATE_FORMAT")
        line(f"{session.number}. {session.title} ({day})", 11, "", 1)
    pdf.ln(10)
    line(
        _("Utstedt %(date)s av %(site)s")
        % {
            "date": formats.date_format(timezone.localdate(), "DATE_FORMAT"),
            "site": settings.SITE_NAME,
        },
        9,
    )
    return bytes(pdf.output())
