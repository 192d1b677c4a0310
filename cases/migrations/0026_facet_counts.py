"""Facet counts kept by the database, so that the search page's counts without a text query
need not count 100,000 cases for a combination nobody asked for before.

`cases_facet_count` holds, over published cases:

- one row per facet value: of_facet = of_value = '' ("how many cases have sector 3");
- one row per ordered pair of values of two different facets ("among the cases of county
  11, how many have sector 3"); the facet 'total' counts the cases themselves.

A facet's counts respect every active filter except its own, so with no filter they are the
first kind of row, and with one filter on another facet the second kind, summed over the
filter's values (cases.search.facets). Statement triggers on cases_case apply each
statement's changes as deltas; TRUNCATE empties the table. `cases_facet_count_rebuild()`
counts everything again (after a bulk load that paused the triggers with
`SET LOCAL ioa.skip_facet_counts = 'on'`, as generate_cases does).

The facets are named by the case's columns (the keys of cases.search.facets.FACETS'
`column`, and 'start_year'). The table is not a Django model: it is derived data, never
serialised or flushed by the test framework, and emptied by the TRUNCATE trigger.
"""

from django.db import migrations

# The facet columns of a case row, compared to tell whether an UPDATE changed any count.
FACET_COLUMNS = (
    "is_published",
    "phase",
    "status",
    "procedure",
    "innovation_type",
    "region_id",
    "origin_network_id",
    "start_year",
    "has_dialogue_conference",
    "has_benefit_analysis",
    "has_reuse",
    "sector_ids",
    "buyer_ids",
)


def facet_row(alias: str) -> str:
    return "ROW(" + ", ".join(f"{alias}.{column}" for column in FACET_COLUMNS) + ")"


# The pairs and single values of the rows in `changes` (sign, id, facet, value), as deltas.
APPLY_DELTAS = """
        INSERT INTO cases_facet_count AS t (of_facet, of_value, facet, value, n)
        SELECT of_facet, of_value, facet, value, sum(sign)
        FROM (
            SELECT sign, '' AS of_facet, '' AS of_value, facet, value FROM changes
            UNION ALL
            SELECT a.sign, a.facet, a.value, b.facet, b.value
            FROM changes a JOIN changes b
              ON b.id = a.id AND b.sign = a.sign AND b.facet <> a.facet
            WHERE a.facet <> 'total'
        ) d
        GROUP BY 1, 2, 3, 4
        HAVING sum(sign) <> 0
        ORDER BY 1, 2, 3, 4
        ON CONFLICT (of_facet, of_value, facet, value) DO UPDATE SET n = t.n + EXCLUDED.n;
"""

# Names in the SQL are constants of this module.
FORWARD = f"""
CREATE TABLE cases_facet_count (
    of_facet text NOT NULL,
    of_value text NOT NULL,
    facet text NOT NULL,
    value text NOT NULL,
    n bigint NOT NULL,
    PRIMARY KEY (of_facet, of_value, facet, value)
);

-- Every facet value of one case: ('total', '') first, then one row per value.
CREATE FUNCTION cases_facet_values(c cases_case) RETURNS TABLE (facet text, value text)
LANGUAGE sql STABLE AS $$
    SELECT v.facet, v.value FROM (VALUES
        ('total', ''),
        ('phase', c.phase::text),
        ('status', c.status::text),
        ('procedure', c.procedure::text),
        ('innovation_type', c.innovation_type::text),
        ('region_id', c.region_id::text),
        ('origin_network_id', c.origin_network_id::text),
        ('start_year', c.start_year::text),
        ('has_dialogue_conference', c.has_dialogue_conference::text),
        ('has_benefit_analysis', c.has_benefit_analysis::text),
        ('has_reuse', c.has_reuse::text)
    ) AS v(facet, value)
    WHERE v.value IS NOT NULL
    UNION ALL
    SELECT 'sector_ids', s::text FROM unnest(c.sector_ids) AS s WHERE s IS NOT NULL
    UNION ALL
    SELECT 'buyer_ids', b::text FROM unnest(c.buyer_ids) AS b WHERE b IS NOT NULL
$$;

CREATE FUNCTION cases_facet_count_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM cases_facet_count;
    WITH changes AS MATERIALIZED (
        SELECT 1 AS sign, c.id, f.facet, f.value
        FROM cases_case c CROSS JOIN LATERAL cases_facet_values(c) f
        WHERE c.is_published
    )
    {APPLY_DELTAS}
END;
$$;

CREATE FUNCTION cases_facet_count_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('ioa.skip_facet_counts', true) = 'on' THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
        WITH changes AS MATERIALIZED (
            SELECT 1 AS sign, c.id, f.facet, f.value
            FROM new_rows c CROSS JOIN LATERAL cases_facet_values(c) f
            WHERE c.is_published
        )
        {APPLY_DELTAS}
    ELSIF TG_OP = 'DELETE' THEN
        WITH changes AS MATERIALIZED (
            SELECT -1 AS sign, c.id, f.facet, f.value
            FROM old_rows c CROSS JOIN LATERAL cases_facet_values(c) f
            WHERE c.is_published
        )
        {APPLY_DELTAS}
    ELSE
        WITH changed AS MATERIALIZED (
            SELECT o.id FROM old_rows o JOIN new_rows c ON c.id = o.id
            WHERE (o.is_published OR c.is_published)
              AND {facet_row("o")} IS DISTINCT FROM {facet_row("c")}
        ), changes AS MATERIALIZED (
            SELECT -1 AS sign, c.id, f.facet, f.value
            FROM old_rows c JOIN changed USING (id) CROSS JOIN LATERAL cases_facet_values(c) f
            WHERE c.is_published
            UNION ALL
            SELECT 1, c.id, f.facet, f.value
            FROM new_rows c JOIN changed USING (id) CROSS JOIN LATERAL cases_facet_values(c) f
            WHERE c.is_published
        )
        {APPLY_DELTAS}
    END IF;
    RETURN NULL;
END;
$$;

CREATE FUNCTION cases_facet_count_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM cases_facet_count;
    RETURN NULL;
END;
$$;

CREATE TRIGGER cases_facet_count_insert AFTER INSERT ON cases_case
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION cases_facet_count_change();
CREATE TRIGGER cases_facet_count_update AFTER UPDATE ON cases_case
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION cases_facet_count_change();
CREATE TRIGGER cases_facet_count_delete AFTER DELETE ON cases_case
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION cases_facet_count_change();
CREATE TRIGGER cases_facet_count_truncate AFTER TRUNCATE ON cases_case
    FOR EACH STATEMENT EXECUTE FUNCTION cases_facet_count_truncate();

SELECT cases_facet_count_rebuild();
"""  # noqa: S608

BACKWARD = """
DROP TRIGGER IF EXISTS cases_facet_count_insert ON cases_case;
DROP TRIGGER IF EXISTS cases_facet_count_update ON cases_case;
DROP TRIGGER IF EXISTS cases_facet_count_delete ON cases_case;
DROP TRIGGER IF EXISTS cases_facet_count_truncate ON cases_case;
DROP FUNCTION IF EXISTS cases_facet_count_change();
DROP FUNCTION IF EXISTS cases_facet_count_truncate();
DROP FUNCTION IF EXISTS cases_facet_count_rebuild();
DROP FUNCTION IF EXISTS cases_facet_values(cases_case);
DROP TABLE IF EXISTS cases_facet_count;
"""


class Migration(migrations.Migration):
    dependencies = [("cases", "0025_alert_kind")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
