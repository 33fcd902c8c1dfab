"""WSGI entry point. Loads the key ring and the audit key first, so a missing key stops
start-up."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

from practice.audit import audit_key  # noqa: E402
from practice.keyring import keyring  # noqa: E402

keyring()
audit_key()
