"""Removing every synthetic case, and the synthetic buyers and networks made for them
(manage.py remove_synthetic_cases, and generate_cases before it loads anew).

Set-based SQL for the cases and everything that hangs off them (100,000 cases go in
seconds, where the ORM would first load every row); the ORM for the few hundred
organisations and networks, so that its PROTECT and CASCADE rules still apply there.
"""

from __future__ import annotations

from django.apps import apps
from django.core.cache import cache
from django.db import connection, models, transaction
from django.db.models import ProtectedError, RestrictedError

from cases.demo.synthetic import SYNTHETIC_NETWORK_SLUG_PREFIX, SYNTHETIC_WEBSITE
from cases.models import Case
from cases.search.index import rebuild_word_list
from networks.models import LearningNetwork, Organization


def _references_to(model) -> list[tuple[str, str, object]]:
    """(table, column, on_delete) of every foreign key to model, in any app or m2m table."""
    found = []
    for other in apps.get_models(include_auto_created=True):
        for f in other._meta.local_fields:
            if isinstance(f, models.ForeignKey) and f.related_model is model:
                found.append((other._meta.db_table, f.column, f.remote_field.on_delete))
    return found


def _delete_organizations() -> tuple[int, int]:
    """Delete synthetic organisations; keep any that something real has come to refer to."""
    organizations = Organization.objects.filter(website__startswith=SYNTHETIC_WEBSITE)
    try:
        with transaction.atomic():
            deleted = organizations.delete()[1].get(Organization._meta.label, 0)
        return deleted, 0
    except (ProtectedError, RestrictedError):
        pass
    deleted = kept = 0
    for organization in organizations:
        try:
            with transaction.atomic():
                organization.delete()
            deleted += 1
        except (ProtectedError, RestrictedError):
            kept += 1
    return deleted, kept


def remove_synthetic_data() -> dict[str, int]:
    """Delete synthetic cases (with their rows elsewhere), organisations and networks."""
    quote = connection.ops.quote_name
    case_table = Case._meta.db_table
    synthetic_ids = f"SELECT id FROM {case_table} WHERE is_synthetic"  # noqa: S608
    removed = {"cases": 0, "organizations": 0, "networks": 0, "kept_organizations": 0}
    with transaction.atomic(), connection.cursor() as cursor:
        # The cases go too: keeping their facet columns in step (migration 0009) is waste.
        cursor.execute("SET LOCAL ioa.skip_facet_sync = 'on'")
        for table, column, on_delete in _references_to(Case):
            if on_delete is models.SET_NULL:
                cursor.execute(
                    f"UPDATE {quote(table)} SET {quote(column)} = NULL "  # noqa: S608
                    f"WHERE {quote(column)} IN ({synthetic_ids})"
                )
            else:  # CASCADE, and rows that would PROTECT a synthetic case are synthetic too
                cursor.execute(
                    f"DELETE FROM {quote(table)} WHERE {quote(column)} IN ({synthetic_ids})"  # noqa: S608
                )
        # The kept facet counts (migration 0026) are counted again once, not per case.
        cursor.execute("SET LOCAL ioa.skip_facet_counts = 'on'")
        cursor.execute(f"DELETE FROM {case_table} WHERE is_synthetic")  # noqa: S608
        removed["cases"] = cursor.rowcount
        cursor.execute("SET LOCAL ioa.skip_facet_counts = 'off'")
        cursor.execute("SELECT cases_facet_count_rebuild()")

        removed["organizations"], removed["kept_organizations"] = _delete_organizations()
        removed["networks"] = (
            LearningNetwork.objects.filter(slug__startswith=SYNTHETIC_NETWORK_SLUG_PREFIX)
            .delete()[1]
            .get(LearningNetwork._meta.label, 0)
        )
        # The vocabulary counts how many cases hold each word; search decides from those
        # counts whether to look inside compounds, so they must be true again.
        rebuild_word_list()
    cache.clear()  # cached counts and facets still include the removed cases
    return removed
