"""The audit actions of contracts and privacy notices, with their plain-English labels."""

from practice.audit.actions import Vocabulary


class Action(Vocabulary):
    TEMPLATE_PUBLISHED = "contracting.template_published", "Document template published"
    GENERATED = "contracting.generated", "Contract and privacy notice prepared"
    SENT = "contracting.sent", "Signing link sent"
    OPENED = "contracting.opened", "Signing link opened by the client"
    ACKNOWLEDGED = "contracting.acknowledged", "Contract acknowledged"
    WITHDRAWN = "contracting.withdrawn", "Consent withdrawn"
    DOCUMENT_READ = "contracting.document_read", "Contract or notice opened"
