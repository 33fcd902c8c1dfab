"""Send client identity to its own database when IDENTITY_DATABASE_URL is set.

Only the `clients` app lives there; nothing crosses the line by foreign key (the case
file is reached through the opaque `record_ref`, the therapist by user id).
"""

from django.conf import settings

IDENTITY_APPS = {"clients"}
IDENTITY_ALIAS = "identity"


def identity_alias() -> str:
    return IDENTITY_ALIAS if IDENTITY_ALIAS in settings.DATABASES else "default"


class IdentityRouter:
    def _alias_for(self, app_label: str) -> str:
        return identity_alias() if app_label in IDENTITY_APPS else "default"

    def db_for_read(self, model, **hints):
        return self._alias_for(model._meta.app_label)

    def db_for_write(self, model, **hints):
        return self._alias_for(model._meta.app_label)

    def allow_relation(self, obj1, obj2, **hints):
        return self._alias_for(obj1._meta.app_label) == self._alias_for(obj2._meta.app_label)

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        if identity_alias() == "default":
            return db == "default"
        if app_label in IDENTITY_APPS:
            return db == IDENTITY_ALIAS
        return db == "default"


def atomic_across_databases(*, durable: bool = False):
    """One transaction on the records database and, when split, one on identity.

    Not two-phase commit: identity commits last, so a failure anywhere before leaves
    neither side changed; the window between the two commits is a single statement.
    `durable`: a top-level action's own transaction, refused inside another
    (`practice.actions`).
    """
    from contextlib import ExitStack

    from django.db import transaction

    stack = ExitStack()
    stack.enter_context(transaction.atomic(using="default", durable=durable))
    if identity_alias() != "default":
        stack.enter_context(transaction.atomic(using=identity_alias(), durable=durable))
    return stack
