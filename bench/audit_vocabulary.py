"""The benchmark's own audit action (`bench.audit_append`), with its label.

Declared when the benchmark runs, not discovered at start-up (the module is not named
`audit_actions`), so the practice's audit page never lists a benchmark action.
"""

from practice.audit.actions import Vocabulary


class Action(Vocabulary):
    AUDITED_ACTION = "bench.audited_action", "Benchmark: one audited action"
