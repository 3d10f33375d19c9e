"""Trigram indexes for the directory's substring search, on PostgreSQL.

The search is `icontains` on the official name, short name and aliases, which
PostgreSQL runs as UPPER(column) LIKE UPPER('%…%'): a GIN trigram index on
exactly that expression serves it (for searches of three characters or more;
shorter ones still read the table, which stays cheap). Other databases skip it.
"""

from django.db import migrations

COLUMNS = ["name", "short_name", "aliases"]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS institution_{column}_trgm ON institutions_institution "
            f"USING gin (UPPER(({column})::text) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS institution_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [("institutions", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
