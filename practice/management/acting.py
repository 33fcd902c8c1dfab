"""A management command that acts: the source of everything it does is the server.

A web request's source is the client address (`practice.sources.SourceMiddleware`); a
command run on the server names itself, so the audit trail tells the two apart.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from practice import sources

SERVER = "server"


class ActingCommand(BaseCommand):
    def execute(self, *args, **options):
        with sources.acting_from(SERVER):
            return super().execute(*args, **options)
