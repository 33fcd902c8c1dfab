"""The floor: a bare Django view with no middleware, served the same way as the app."""

from bench.settings import *  # noqa: F403

MIDDLEWARE: list[str] = []
ROOT_URLCONF = "bench.urls_floor"
