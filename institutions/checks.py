"""System checks of the database the institutions live in."""

from django.core import checks
from django.db import connections

from institutions.models import PINYIN_COLLATION


@checks.register(checks.Tags.database)
def pinyin_collation(databases=None, **kwargs):
    """Names sort by pinyin with PostgreSQL's ICU collation; a server built without
    ICU lacks it, and `migrate` (which runs this check first) would fail on the
    index that uses it with a less helpful message."""
    errors = []
    for alias in databases or []:
        connection = connections[alias]
        if connection.vendor != "postgresql":
            continue
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_collation WHERE collname = %s", [PINYIN_COLLATION])
            if cursor.fetchone() is None:
                errors.append(
                    checks.Error(
                        f'PostgreSQL has no collation "{PINYIN_COLLATION}", which sorts '
                        "names by pinyin.",
                        hint="Use a PostgreSQL built with ICU (the Debian and Ubuntu "
                        "packages and the official images are).",
                        obj=alias,
                        id="institutions.E001",
                    )
                )
    return errors
