"""WSGI entry point. Loads the key ring first, so a missing key stops start-up."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "practice.settings")

application = get_wsgi_application()

from practice.keyring import keyring  # noqa: E402

keyring()
