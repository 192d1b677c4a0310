from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from cases import notice_import
from cases.models import Case
from cases.notices import NoticeError, parse_notice
from cases.notices.eforms import DOFFIN_ID_RE, MAX_NOTICE_BYTES, read_limited


class Command(BaseCommand):
    help = (
        "Read an eForms notice (XML) and show what it proposes for a case, beside the case's "
        "current values with --case. Nothing is saved without --accept: then the named "
        "fields (or all) are written to the case, or to a new unpublished case."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the notice as eForms XML")
        parser.add_argument("--doffin-id", default="", help="the notice's Doffin id (2024-105432)")
        parser.add_argument("--case", help="slug of the case to compare with and update")
        parser.add_argument(
            "--accept",
            help="fields to write, comma-separated, or 'all': " + ", ".join(notice_import.FIELDS),
        )

    def handle(self, *args, file, doffin_id, case, accept, **options):
        if doffin_id and not DOFFIN_ID_RE.fullmatch(doffin_id):
            raise CommandError(f"Not a Doffin id: {doffin_id!r} (write 2024-105432)")
        target = None
        if case:
            target = Case.objects.filter(slug=case).first()
            if target is None:
                raise CommandError(f"No case with the slug {case!r}.")
        try:
            with open(file, "rb") as f:
                proposal = parse_notice(read_limited(f, MAX_NOTICE_BYTES), doffin_id=doffin_id)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror or error}") from error
        except NoticeError as error:
            raise CommandError(f"{file}: {error}") from error
        payload = notice_import.proposal_payload(proposal)
        notice = payload.get("notice", {})
        self.stdout.write(f"{proposal.subtype_label} {notice.get('date', '')}".strip())
        for row in notice_import.rows(target, payload):
            self.stdout.write(f"\n{row.label} [{row.name}]" + (" (same)" if row.same else ""))
            if target is not None:
                self.stdout.write("  now:    " + (row.current or "–").replace("\n", "\n          "))
            prefix = "  notice: " if target is not None else "  "
            self.stdout.write(prefix + row.proposed.replace("\n", "\n" + " " * len(prefix)))
        if not accept:
            self.stdout.write("\nNothing saved (give --accept to write fields).")
            return
        accepted = (
            set(payload) & set(notice_import.FIELDS)
            if accept == "all"
            else {name.strip() for name in accept.split(",")}
        )
        unknown = accepted - set(notice_import.FIELDS)
        if unknown:
            raise CommandError(f"Unknown fields: {', '.join(sorted(unknown))}")
        try:
            saved = notice_import.apply(target, payload, accepted)
        except ValidationError as error:
            raise CommandError("Nothing saved: " + " ".join(error.messages)) from error
        verb = "Updated" if target is not None else "Created unpublished case"
        self.stdout.write(self.style.SUCCESS(f"\n{verb} {saved.slug!r}."))
