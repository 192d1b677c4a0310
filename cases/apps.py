from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Anskaffelser")

    def ready(self):
        # networks never imports cases: the workspace shows the needs board's section
        # through its registry (networks/workspace.py). Imported here, once apps are ready.
        from cases import needs  # noqa: PLC0415
        from networks import workspace  # noqa: PLC0415

        workspace.register(
            workspace.Section(
                name="cases.needs",
                template="needs/coordinator_section.html",
                context=needs.coordinator_section,
            )
        )
