"""Rules the database enforces itself, beyond what Django's constraint classes express.

- networks_attendance_enrollment_network_fk / networks_attendance_session_network_fk:
  composite foreign keys, so an attendance row's enrollment and session belong to the
  same network (the row's own ``network_id``).
- networks_enrollment_capacity_trg: a constraint trigger that refuses a row that would
  make the accepted enrollments of a network exceed its capacity. It locks the network
  row first, so two transactions cannot both take the last seat.
- networks_network_capacity_trg: refuses lowering a network's capacity below the
  number of accepted enrollments.
"""

from django.db import migrations

FORWARD = """
ALTER TABLE networks_attendance
    ADD CONSTRAINT networks_attendance_enrollment_network_fk
    FOREIGN KEY (enrollment_id, network_id)
    REFERENCES networks_enrollment (id, network_id) ON DELETE CASCADE;

ALTER TABLE networks_attendance
    ADD CONSTRAINT networks_attendance_session_network_fk
    FOREIGN KEY (session_id, network_id)
    REFERENCES networks_session (id, network_id) ON DELETE CASCADE;

CREATE FUNCTION networks_enrollment_capacity_check() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    seats integer;
    taken integer;
BEGIN
    SELECT capacity INTO seats FROM networks_learningnetwork WHERE id = NEW.network_id FOR UPDATE;
    SELECT count(*) INTO taken FROM networks_enrollment
        WHERE network_id = NEW.network_id AND status = 'accepted';
    IF taken > seats THEN
        RAISE EXCEPTION 'learning network % is full: % accepted enrollments, % seats',
            NEW.network_id, taken, seats
            USING ERRCODE = 'check_violation', CONSTRAINT = 'networks_enrollment_capacity_trg';
    END IF;
    RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER networks_enrollment_capacity_trg
    AFTER INSERT OR UPDATE OF status, network_id ON networks_enrollment
    FOR EACH ROW WHEN (NEW.status = 'accepted')
    EXECUTE FUNCTION networks_enrollment_capacity_check();

CREATE FUNCTION networks_network_capacity_check() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    taken integer;
BEGIN
    SELECT count(*) INTO taken FROM networks_enrollment
        WHERE network_id = NEW.id AND status = 'accepted';
    IF taken > NEW.capacity THEN
        RAISE EXCEPTION 'learning network % has % accepted enrollments, more than % seats',
            NEW.id, taken, NEW.capacity
            USING ERRCODE = 'check_violation', CONSTRAINT = 'networks_network_capacity_trg';
    END IF;
    RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER networks_network_capacity_trg
    AFTER UPDATE OF capacity ON networks_learningnetwork
    FOR EACH ROW WHEN (NEW.capacity < OLD.capacity)
    EXECUTE FUNCTION networks_network_capacity_check();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS networks_network_capacity_trg ON networks_learningnetwork;
DROP FUNCTION IF EXISTS networks_network_capacity_check();
DROP TRIGGER IF EXISTS networks_enrollment_capacity_trg ON networks_enrollment;
DROP FUNCTION IF EXISTS networks_enrollment_capacity_check();
ALTER TABLE networks_attendance DROP CONSTRAINT IF EXISTS networks_attendance_session_network_fk;
ALTER TABLE networks_attendance DROP CONSTRAINT IF EXISTS networks_attendance_enrollment_network_fk;
"""


class Migration(migrations.Migration):
    dependencies = [("networks", "0003_participants_enrollments_attendance")]
    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
