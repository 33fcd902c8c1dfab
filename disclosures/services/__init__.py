"""Every write in disclosures, one function per action, in modules by stage.

`drafting` (start, save a step, quote a passage), `decisions` (submit, withdraw, the
supervisor's decisions, close), `disclosing` (record a disclosure, the emergency path),
`reports` (the client's report and the decision record). Each action is one durable
transaction that locks the request, re-reads its state, asks the state machine, writes
the history and the audit event, and sends e-mail only after commit.
"""
