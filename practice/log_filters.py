"""Log filters: a refused request is one line in the log, not a traceback.

Django logs a 403 (and a refused host or other suspicious request) with the exception's
traceback, so every mistyped or forbidden URL fills the log with a stack trace that says
nothing the line before it did not. The line stays; the traceback goes. Real errors
(500s) keep theirs.
"""

import logging

from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404

REFUSALS = (PermissionDenied, Http404, SuspiciousOperation, BadRequest)


class RefusalWithoutTraceback(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], REFUSALS):
            record.exc_info = None
            record.exc_text = None
        return True
