"""Case.search_names (buyer, sector and county names, searchable through the generated
search vector) kept by the database, like the facet columns of migration 0009.

- A BEFORE INSERT OR UPDATE trigger on the case computes the names from its buyers, sectors
  and county. The statement triggers of 0009 update a case whenever its sectors or buyers
  change, so this trigger sees every change of those too.
- Renaming a public body, a sector or a county updates the names of the cases that carry it.
- `SET LOCAL ioa.skip_facet_sync = 'on'` keeps the value given, for the bulk loader that
  writes the names itself (generate_cases) before the related rows exist.
"""

from django.db import migrations

CREATE_SQL = """
CREATE FUNCTION cases_search_names_of(case_id bigint, region_id bigint) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT concat_ws(
        ' ',
        (SELECT string_agg(o.name, ' ' ORDER BY o.name COLLATE "C")
         FROM cases_casebuyer cb JOIN networks_organization o ON o.id = cb.organization_id
         WHERE cb.case_id = cases_search_names_of.case_id),
        (SELECT string_agg(s.name, ' ' ORDER BY s.name COLLATE "C")
         FROM cases_case_sectors cs JOIN cases_sector s ON s.id = cs.sector_id
         WHERE cs.case_id = cases_search_names_of.case_id),
        (SELECT r.name FROM networks_region r WHERE r.id = cases_search_names_of.region_id)
    )
$$;

CREATE FUNCTION cases_case_search_names() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('ioa.skip_facet_sync', true) = 'on' THEN
        RETURN NEW;
    END IF;
    NEW.search_names := cases_search_names_of(NEW.id, NEW.region_id);
    RETURN NEW;
END
$$;
CREATE TRIGGER cases_case_search_names BEFORE INSERT OR UPDATE ON cases_case
    FOR EACH ROW EXECUTE FUNCTION cases_case_search_names();

CREATE FUNCTION cases_names_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids bigint[];
BEGIN
    SELECT array_agg(n.id) INTO ids
    FROM renamed n JOIN renamed_before b ON b.id = n.id
    WHERE n.name IS DISTINCT FROM b.name;
    IF ids IS NULL THEN
        RETURN NULL;
    END IF;
    UPDATE cases_case c SET search_names = cases_search_names_of(c.id, c.region_id)
    WHERE CASE TG_ARGV[0]
        WHEN 'organization' THEN c.buyer_ids && ids
        WHEN 'sector' THEN c.sector_ids && ids
        ELSE c.region_id = ANY(ids)
    END;
    RETURN NULL;
END
$$;
CREATE TRIGGER networks_organization_case_names AFTER UPDATE ON networks_organization
    REFERENCING OLD TABLE AS renamed_before NEW TABLE AS renamed
    FOR EACH STATEMENT EXECUTE FUNCTION cases_names_renamed('organization');
CREATE TRIGGER cases_sector_case_names AFTER UPDATE ON cases_sector
    REFERENCING OLD TABLE AS renamed_before NEW TABLE AS renamed
    FOR EACH STATEMENT EXECUTE FUNCTION cases_names_renamed('sector');
CREATE TRIGGER networks_region_case_names AFTER UPDATE ON networks_region
    REFERENCING OLD TABLE AS renamed_before NEW TABLE AS renamed
    FOR EACH STATEMENT EXECUTE FUNCTION cases_names_renamed('region');

-- The cases there are now.
UPDATE cases_case c SET search_names = cases_search_names_of(c.id, c.region_id)
WHERE c.search_names IS DISTINCT FROM cases_search_names_of(c.id, c.region_id);
"""

DROP_SQL = """
DROP TRIGGER IF EXISTS networks_region_case_names ON networks_region;
DROP TRIGGER IF EXISTS cases_sector_case_names ON cases_sector;
DROP TRIGGER IF EXISTS networks_organization_case_names ON networks_organization;
DROP FUNCTION IF EXISTS cases_names_renamed();
DROP TRIGGER IF EXISTS cases_case_search_names ON cases_case;
DROP FUNCTION IF EXISTS cases_case_search_names();
DROP FUNCTION IF EXISTS cases_search_names_of(bigint, bigint);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0013_editors_manage_former_slugs"),
        ("networks", "0005_coordinators_group"),
    ]

    operations = [migrations.RunSQL(CREATE_SQL, DROP_SQL)]
