"""The benchmark's own audit action (`bench.audit_append`), with its label."""

from practice.audit.actions import Vocabulary


class Action(Vocabulary):
    AUDITED_ACTION = "bench.audited_action", "Benchmark: one audited action"
