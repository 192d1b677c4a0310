"""Certificates of participation (issue 21): a participant whose attendance is at or above
the network's threshold downloads a PDF from Min side, in the page's language.

Made with fpdf2 and its built-in Helvetica (no font files to ship): text outside Latin-1
is written without its accents rather than refused.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.utils import formats, timezone
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


def _latin1(text: str) -> str:
    text = text.replace("–", "-").replace("—", "-").replace("’", "'").replace("«", '"')
    text = text.replace("»", '"').replace("\u00a0", " ")
    try:
        text.encode("latin-1")
        return text
    except UnicodeEncodeError:
        decomposed = unicodedata.normalize("NFKD", text)
        kept = "".join(c for c in decomposed if not unicodedata.combining(c))
        return kept.encode("latin-1", "replace").decode("latin-1")


def render_pdf(enrollment: Enrollment, record: Attendance) -> bytes:
    network, participant = enrollment.network, enrollment.participant
    pdf = FPDF(format="A4")
    pdf.set_title(_latin1(_("Kursbevis")))
    pdf.set_author(_latin1(settings.SITE_NAME))
    pdf.set_creation_date(timezone.now())
    pdf.set_margins(25, 30, 25)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def line(text, size=12, style="", gap=4):
        pdf.set_font("helvetica", style, size)
        pdf.multi_cell(width, size * 0.55, _latin1(str(text)), align="C")
        pdf.ln(gap)

    line(_("Kursbevis"), 28, "B", 10)
    line(_("Dette bekrefter at"), 12)
    line(participant.name, 22, "B", 2)
    line(participant.organization.name, 13, "", 8)
    line(_("har deltatt i læringsnettverket"), 12)
    line(network.name, 16, "B", 2)
    period = "{} - {}".format(
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
