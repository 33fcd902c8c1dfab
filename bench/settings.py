"""Settings `make bench` serves the app with: production settings plus one bare page.

`bench/ping/` is the signed-in floor: every middleware, no work in the view.
"""

from practice.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
