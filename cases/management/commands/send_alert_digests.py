from django.core.management.base import BaseCommand
from django.utils import timezone

from cases import tasks
from cases.models import Alert
from ioa_portal import jobs


class Command(BaseCommand):
    help = (
        "Queue the alert digests that are due now, as the hourly job does; with --all, the "
        "digest of every confirmed alert, due or not (what is new since its last digest). "
        "A job worker sends them (make run starts one); an alert with nothing new gets no "
        "email."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            dest="every",
            action="store_true",
            help="every confirmed alert, not only those whose day or week has passed",
        )

    def handle(self, *args, every, **options):
        now = timezone.now()
        if not every:
            queued = tasks.queue_digests(now)
        else:
            queued = 0
            for pk in Alert.objects.filter(confirmed_at__isnull=False).values_list("pk", flat=True):
                queued += jobs.defer(
                    tasks.send_alert_digest,
                    queueing_lock=f"alert-digest-{pk}",
                    alert_pk=pk,
                    until=now.isoformat(),
                )
        self.stdout.write(f"Queued {queued} alert digest(s).")
