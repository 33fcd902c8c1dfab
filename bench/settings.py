"""Settings `make bench` serves the app with: production settings plus one bare page.

`bench/ping/` is the signed-in floor: every middleware, no work in the view.
"""

from config.settings import *  # noqa: F403
from config.settings import INSTALLED_APPS

# The benchmark's app (its `seed_scale` command) is installed here only, never in production.
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]

ROOT_URLCONF = "bench.urls"
