"""Facet counts kept for two filters at once: the sidebar's common broad combinations.

Migration 0026 keeps, per facet value, its count among all published cases and among the
cases with one value of one other facet. With two filters active ("phase: implementation"
and "status: completed") every other facet had to count the cases passing both: at
100,000 cases that is a third of them, 60–130 ms.

`cases_facet_count3` keeps those counts for two filters of the *narrow* facets: the ones a
case has exactly one value of, with a handful of values each (NARROW below). A row says:
among the cases with `of_facet` = `of_value` and `and_facet` = `and_value`, `n` have
`facet` = `value`; `of_facet` sorts before `and_facet`, and the facet 'total' counts the
cases. That is 21 pairs of facets and about 120,000 rows at 100,000 cases (the rows grow
with the combinations of values, not with the cases).

The same statement triggers as for 0026 apply each statement's changes as deltas
(`ioa.skip_facet_counts` pauses them for bulk loads), and `cases_facet_count_rebuild()`
now counts both tables again. The rebuild first groups the cases by their narrow values
(under a thousand combinations at 100,000 cases), so it reads each case's values once,
not once per pair.
"""

import importlib
import itertools

from django.db import migrations

# 0026's helpers: the facet values of a case and the columns that change counts.
kept_pairs = importlib.import_module("cases.migrations.0026_facet_counts")

# Single-valued facets (columns of cases_case) with few values each: their pairs are kept.
# cases.search.facets.TRIPLE_FACETS must name the same ones.
NARROW = (
    "has_benefit_analysis",
    "has_dialogue_conference",
    "has_reuse",
    "innovation_type",
    "phase",
    "procedure",
    "status",
)
PAIRS = list(itertools.combinations(sorted(NARROW), 2))

# The triples of the rows in `changes` (sign, id, facet, value), as deltas. It continues
# the WITH of a statement that defines `changes`.
APPLY_TRIPLES = f"""
        , given AS MATERIALIZED (
            SELECT id, sign,
                {", ".join(f"max(value) FILTER (WHERE facet = '{f}') AS {f}" for f in NARROW)}
            FROM changes GROUP BY id, sign
        ), grouped AS MATERIALIZED (
            SELECT {", ".join(f"g.{f}" for f in NARROW)}, ch.facet, ch.value,
                   sum(ch.sign) AS n
            FROM given g JOIN changes ch ON ch.id = g.id AND ch.sign = g.sign
            GROUP BY {", ".join(f"g.{f}" for f in NARROW)}, ch.facet, ch.value
        )
        INSERT INTO cases_facet_count3 AS t
            (of_facet, of_value, and_facet, and_value, facet, value, n)
        SELECT p.of_facet, p.of_value, p.and_facet, p.and_value, gr.facet, gr.value, sum(gr.n)
        FROM grouped gr CROSS JOIN LATERAL (VALUES
            {", ".join(f"('{a}', gr.{a}, '{b}', gr.{b})" for a, b in PAIRS)}
        ) AS p(of_facet, of_value, and_facet, and_value)
        WHERE p.of_value IS NOT NULL AND p.and_value IS NOT NULL
          AND gr.facet <> p.of_facet AND gr.facet <> p.and_facet
        GROUP BY 1, 2, 3, 4, 5, 6
        HAVING sum(gr.n) <> 0
        ORDER BY 1, 2, 3, 4, 5, 6
        ON CONFLICT (of_facet, of_value, and_facet, and_value, facet, value)
        DO UPDATE SET n = t.n + EXCLUDED.n;
"""  # noqa: S608 - names are constants of this module


def _changes(rows: str, sign: int, only_changed: bool = False) -> str:
    joined = f"{rows} c JOIN changed USING (id)" if only_changed else f"{rows} c"
    return (
        f"SELECT {sign} AS sign, c.id, f.facet, f.value "
        f"FROM {joined} CROSS JOIN LATERAL cases_facet_values(c) f WHERE c.is_published"
    )


FORWARD = f"""
CREATE TABLE cases_facet_count3 (
    of_facet text NOT NULL,
    of_value text NOT NULL,
    and_facet text NOT NULL,
    and_value text NOT NULL,
    facet text NOT NULL,
    value text NOT NULL,
    n bigint NOT NULL,
    PRIMARY KEY (of_facet, of_value, and_facet, and_value, facet, value)
);

CREATE OR REPLACE FUNCTION cases_facet_count_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM cases_facet_count;
    WITH changes AS MATERIALIZED ({_changes("cases_case", 1)})
    {kept_pairs.APPLY_DELTAS}
    DELETE FROM cases_facet_count3;
    WITH changes AS MATERIALIZED ({_changes("cases_case", 1)})
    {APPLY_TRIPLES}
END;
$$;

CREATE FUNCTION cases_facet_count3_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('ioa.skip_facet_counts', true) = 'on' THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
        WITH changes AS MATERIALIZED ({_changes("new_rows", 1)})
        {APPLY_TRIPLES}
    ELSIF TG_OP = 'DELETE' THEN
        WITH changes AS MATERIALIZED ({_changes("old_rows", -1)})
        {APPLY_TRIPLES}
    ELSE
        WITH changed AS MATERIALIZED (
            SELECT o.id FROM old_rows o JOIN new_rows c ON c.id = o.id
            WHERE (o.is_published OR c.is_published)
              AND {kept_pairs.facet_row("o")} IS DISTINCT FROM {kept_pairs.facet_row("c")}
        ), changes AS MATERIALIZED (
            {_changes("old_rows", -1, only_changed=True)}
            UNION ALL
            {_changes("new_rows", 1, only_changed=True)}
        )
        {APPLY_TRIPLES}
    END IF;
    RETURN NULL;
END;
$$;

CREATE FUNCTION cases_facet_count3_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM cases_facet_count3;
    RETURN NULL;
END;
$$;

CREATE TRIGGER cases_facet_count3_insert AFTER INSERT ON cases_case
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION cases_facet_count3_change();
CREATE TRIGGER cases_facet_count3_update AFTER UPDATE ON cases_case
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION cases_facet_count3_change();
CREATE TRIGGER cases_facet_count3_delete AFTER DELETE ON cases_case
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION cases_facet_count3_change();
CREATE TRIGGER cases_facet_count3_truncate AFTER TRUNCATE ON cases_case
    FOR EACH STATEMENT EXECUTE FUNCTION cases_facet_count3_truncate();

SELECT cases_facet_count_rebuild();
"""  # noqa: S608 - names are constants of this module and of 0026

BACKWARD = f"""
DROP TRIGGER IF EXISTS cases_facet_count3_insert ON cases_case;
DROP TRIGGER IF EXISTS cases_facet_count3_update ON cases_case;
DROP TRIGGER IF EXISTS cases_facet_count3_delete ON cases_case;
DROP TRIGGER IF EXISTS cases_facet_count3_truncate ON cases_case;
DROP FUNCTION IF EXISTS cases_facet_count3_change();
DROP FUNCTION IF EXISTS cases_facet_count3_truncate();
CREATE OR REPLACE FUNCTION cases_facet_count_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM cases_facet_count;
    WITH changes AS MATERIALIZED ({_changes("cases_case", 1)})
    {kept_pairs.APPLY_DELTAS}
END;
$$;
DROP TABLE IF EXISTS cases_facet_count3;
"""  # noqa: S608 - names are constants of this module and of 0026


class Migration(migrations.Migration):
    dependencies = [("cases", "0029_case_bodies_kept")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
