"""Settings for the test suite: the real settings, with throwaway keys when none are set."""

import base64
import os
import secrets
from pathlib import Path

os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault(
    "ENCRYPTION_KEYS", "test1:" + base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
)
os.environ.setdefault("AUDIT_KEY", secrets.token_urlsafe(48))
os.environ.setdefault("HTTPS", "off")

from .settings import *  # noqa: E402,F403
from .settings import INSTALLED_APPS, STORAGES  # noqa: E402

# The benchmark's app is installed for its tests (seed_scale), as bench/settings.py does.
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]

# Tests render templates without running collectstatic first.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Files the tests store (sealed subject-access archives) go to a folder of their own.
STORAGES["default"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {
        "location": str(Path(STORAGES["default"]["OPTIONS"]["location"]).parent / "test-files")
    },
}
# Argon2 is deliberately slow; the suite logs in thousands of times.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # noqa: S303

# File-backed SQLite test databases (not shared-cache memory), so threads in the
# concurrency tests queue on the write lock exactly as production requests do.
from .settings import DATA_DIR, DATABASES  # noqa: E402

for _alias, _database in DATABASES.items():
    if _database["ENGINE"] == "django.db.backends.sqlite3":
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        # One file per test process, so two runs side by side never share a database.
        _database["TEST"] = {"NAME": str(DATA_DIR / f"test-{_alias}-{os.getpid()}.sqlite3")}

WHITENOISE_USE_FINDERS = True
STATIC_ROOT = DATA_DIR / "test-static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
