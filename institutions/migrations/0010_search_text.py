"""The directory's search reads one stored column, the names upper-cased, with one
trigram index on PostgreSQL, in place of three indexes on UPPER(column): no
match costs an upper-casing when PostgreSQL rechecks it."""

import django.db.models.functions.text
from django.db import migrations, models

OLD_COLUMNS = ["name", "short_name", "aliases"]


def index_search_text(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in OLD_COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS institution_{column}_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS institution_search_trgm ON institutions_institution "
        "USING gin (search_text gin_trgm_ops)"
    )


def index_columns(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS institution_search_trgm")
    for column in OLD_COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS institution_{column}_trgm ON institutions_institution "
            f"USING gin (UPPER(({column})::text) gin_trgm_ops)"
        )


class Migration(migrations.Migration):
    dependencies = [("institutions", "0009_reading_key")]

    operations = [
        migrations.AddField(
            model_name="institution",
            name="search_text",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.db.models.functions.text.Upper(
                    django.db.models.functions.text.Concat(
                        "name",
                        models.Value("\n"),
                        "short_name",
                        models.Value("\n"),
                        "aliases",
                        output_field=models.TextField(),
                    )
                ),
                output_field=models.TextField(),
                verbose_name="search text",
            ),
        ),
        migrations.RunPython(index_search_text, index_columns, elidable=False),
    ]
