"""Background tasks (Django's tasks API): the same code on the database queue or on RQ.

The compile task is defined beside the job it runs (`subject_access.jobs`), so that the two
modules do not import each other; its name here stays, so a task queued under it still runs.
"""

from __future__ import annotations

from subject_access.jobs import compile_request

__all__ = ["compile_request"]
