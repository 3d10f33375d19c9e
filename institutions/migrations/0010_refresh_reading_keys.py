from django.db import migrations

import institutions.models


def refresh_reading_keys(apps, schema_editor):
    """Make every institution's reading key again, as reading_key_of now reads names:
    a thousand rows a query, not the whole table in memory at once."""
    Institution = apps.get_model("institutions", "Institution")
    batch = []
    for institution in Institution.objects.only("name", "reading_key").order_by("pk").iterator(
        chunk_size=1000
    ):
        key = institutions.models.reading_key_of(institution.name)
        if key != institution.reading_key:
            institution.reading_key = key
            batch.append(institution)
        if len(batch) == 1000:
            Institution.objects.bulk_update(batch, ["reading_key"])
            batch = []
    Institution.objects.bulk_update(batch, ["reading_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("institutions", "0009_reading_key"),
    ]

    operations = [
        migrations.RunPython(refresh_reading_keys, migrations.RunPython.noop, elidable=True),
    ]
