"""On PostgreSQL, refuse changes to submitted self-assessments in the database itself.

The models already refuse them; these triggers also stop raw SQL, other clients and
any ORM path the models do not see. Account erasure passes by setting the
transaction-local `academy.erasing` to 'on' (see services.assessments.assessment_erase),
which lets DELETE through and nothing else. Nothing is installed on other databases.
"""

from django.db import migrations

INSTALL = r"""
CREATE OR REPLACE FUNCTION academy_erasing() RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT coalesce(current_setting('academy.erasing', true), '') = 'on'
$$;

CREATE OR REPLACE FUNCTION academy_selfassessment_frozen() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.submitted_at IS NOT NULL
            AND NOT (TG_OP = 'DELETE' AND academy_erasing()) THEN
        RAISE EXCEPTION USING
            MESSAGE = 'Submitted self-assessment ' || OLD.id
                || ' is frozen: it cannot be changed or deleted.',
            ERRCODE = 'raise_exception';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION academy_rating_frozen() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND academy_erasing() THEN
        RETURN OLD;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') AND EXISTS (
        SELECT 1 FROM academy_selfassessment
        WHERE id = OLD.assessment_id AND submitted_at IS NOT NULL
    ) THEN
        RAISE EXCEPTION USING
            MESSAGE = 'Ratings of submitted self-assessment ' || OLD.assessment_id
                || ' are frozen: they cannot be changed or deleted.',
            ERRCODE = 'raise_exception';
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND EXISTS (
        SELECT 1 FROM academy_selfassessment
        WHERE id = NEW.assessment_id AND submitted_at IS NOT NULL
    ) THEN
        RAISE EXCEPTION USING
            MESSAGE = 'Submitted self-assessment ' || NEW.assessment_id
                || ' is frozen: it takes no more ratings.',
            ERRCODE = 'raise_exception';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER academy_selfassessment_frozen
    BEFORE UPDATE OR DELETE ON academy_selfassessment
    FOR EACH ROW EXECUTE FUNCTION academy_selfassessment_frozen();

CREATE TRIGGER academy_rating_frozen
    BEFORE INSERT OR UPDATE OR DELETE ON academy_rating
    FOR EACH ROW EXECUTE FUNCTION academy_rating_frozen();
"""

UNINSTALL = r"""
DROP TRIGGER IF EXISTS academy_rating_frozen ON academy_rating;
DROP TRIGGER IF EXISTS academy_selfassessment_frozen ON academy_selfassessment;
DROP FUNCTION IF EXISTS academy_rating_frozen();
DROP FUNCTION IF EXISTS academy_selfassessment_frozen();
DROP FUNCTION IF EXISTS academy_erasing();
"""


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INSTALL, params=None)


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(UNINSTALL, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("academy", "0006_window_protects_submitted"),
    ]

    operations = [migrations.RunPython(install, uninstall, elidable=False)]
