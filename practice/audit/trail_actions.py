"""The audit trail's own actions: what the chain records about itself (re-keying,
checkpoints, refused queue entries). Declared inside the package, so the trail's modules
never import the practice app's vocabulary (`practice.audit_actions`), which imports the
package: no circle between them.
"""

from practice.audit.actions import Vocabulary


class TrailAction(Vocabulary):
    CHAIN_KEYED = "audit.chain_keyed", "Audit chain re-linked under the audit key"
    CHECKPOINT_MADE = "audit.checkpoint_made", "Audit checkpoint made"
    ENTRY_REJECTED = (
        "audit.entry_rejected",
        "Queued audit entry rejected (signature does not match)",
    )
    ENTRY_REPLAYED = (
        "audit.entry_replayed",
        "Queued audit entry refused as a replay (already on the chain)",
    )
