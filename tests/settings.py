"""Settings for the test suite: the real settings plus the few overrides tests need."""

import os

from evalsite.settings import *  # noqa: F403
from evalsite.settings import BASE_DIR, DATABASES, STORAGES

# Hashing passwords properly is slow and tests create many users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The manifest storage needs `collectstatic` first; tests render templates without it.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Serve static files from the app and project directories, as runserver does,
# instead of warning that STATIC_ROOT (made by collectstatic) is missing.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# The test database is a file, as the site's is, not SQLite's shared in-memory
# database: there a transaction that finds another's lock fails at once instead of
# waiting its turn, so requests at the same time (a double click) cannot be tested.
# One file per test run (named by its process), so that two runs in one checkout
# do not delete each other's.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": BASE_DIR / f"test-db-{os.getpid()}.sqlite3"}
