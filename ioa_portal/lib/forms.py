"""Form helpers shared by every public form."""

from __future__ import annotations


class DescribedFieldsMixin:
    """Ties help texts and errors to their fields for screen readers.

    Django does this itself for single inputs (ids ``<auto_id>_helptext`` and
    ``<auto_id>_error``, as templates/includes/field.html writes them), but not for radio
    buttons and checkbox lists, which are rendered in a fieldset: there the ids go on every
    input too.
    """

    def _describe_grouped_fields(self) -> None:
        for name, field in self.fields.items():
            bound = self[name]
            if not bound.use_fieldset:
                continue
            ids = []
            if field.help_text:
                ids.append(f"{bound.auto_id}_helptext")
            if self.is_bound and self.errors.get(name):
                ids.append(f"{bound.auto_id}_error")
            field.widget.attrs.pop("aria-describedby", None)
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)

    def full_clean(self):
        super().full_clean()
        self._describe_grouped_fields()
