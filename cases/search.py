"""Search helpers for cases.

refresh_search_names() keeps Case.search_names (buyer, sector and county names) in step
with the related tables, so that the generated search vector finds "Bærum" in Bærum's cases.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

from cases.models import Case, CaseBuyer, Sector
from networks.models import Organization, Region

BATCH_SIZE = 1000


def _refresh_sql() -> str:
    case = Case._meta.db_table
    case_buyer = CaseBuyer._meta.db_table
    case_sectors = Case.sectors.through._meta.db_table
    organization = Organization._meta.db_table
    sector = Sector._meta.db_table
    region = Region._meta.db_table
    return f"""
        UPDATE {case} AS c
        SET search_names = names.value
        FROM (
            SELECT
                c2.id,
                concat_ws(
                    ' ',
                    (SELECT string_agg(o.name, ' ' ORDER BY o.name)
                     FROM {case_buyer} cb JOIN {organization} o ON o.id = cb.organization_id
                     WHERE cb.case_id = c2.id),
                    (SELECT string_agg(s.name, ' ' ORDER BY s.name)
                     FROM {case_sectors} cs JOIN {sector} s ON s.id = cs.sector_id
                     WHERE cs.case_id = c2.id),
                    r.name
                ) AS value
            FROM {case} c2
            LEFT JOIN {region} r ON r.id = c2.region_id
            WHERE c2.id = ANY(%s)
        ) AS names
        WHERE c.id = names.id AND c.search_names IS DISTINCT FROM names.value
    """  # noqa: S608 - table names come from model metadata, values are parameters


def refresh_search_names(case_ids: Iterable[int] | None = None) -> int:
    """Rebuild search_names for the given cases (all cases when None). Returns rows changed.

    One UPDATE … FROM statement per batch of ids; rows whose names did not change are
    left alone so that their generated search vector is not recomputed.
    """
    if case_ids is None:
        case_ids = list(Case.objects.order_by("pk").values_list("pk", flat=True))
    sql = _refresh_sql()
    changed = 0
    batch: list[int] = []
    with connection.cursor() as cursor:
        for case_id in case_ids:
            batch.append(int(case_id))
            if len(batch) >= BATCH_SIZE:
                cursor.execute(sql, [batch])
                changed += cursor.rowcount
                batch = []
        if batch:
            cursor.execute(sql, [batch])
            changed += cursor.rowcount
    return changed
