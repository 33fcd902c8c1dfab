"""Template versions: an admin publishes a new version; a fresh install gets the defaults.

Publishing never changes a version: it adds the next one, and marks the agreements
acknowledged under earlier versions for that audience out of date.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from contracting import permissions, rendering, selectors
from contracting.audit_actions import Action
from contracting.defaults import DEFAULTS
from contracting.models import DocumentTemplate, Kind, Variant
from practice import audit
from practice.actions import in_steps, part_of_action
from practice.actors import SystemActor, system_actor
from practice.models import User
from practice.permissions import is_system

# The shipped documents are published by the installation itself, never by a person: the
# version shows "shipped default" (no `published_by`) and the audit trail names the system.
SHIPPED = system_actor("defaults")


def _publish(
    *, actor: User | SystemActor, kind: str, variant: str, title: str, body: str
) -> DocumentTemplate:
    problems = rendering.body_problems(body, variant=variant)
    if not title.strip():
        problems.insert(0, "Give the document a title.")
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    with transaction.atomic(durable=True):
        latest = selectors.latest_template(kind, variant)
        if latest and latest.body == body and latest.title == title:
            raise ValidationError("Nothing has changed since the current version.")
        template = DocumentTemplate(
            kind=kind,
            variant=variant,
            version=(latest.version + 1) if latest else 1,
            title=title.strip(),
            body=body,
            published_at=now,
            published_by=None if is_system(actor) else actor,
        )
        try:
            with transaction.atomic():
                template.save()
        except IntegrityError as error:
            raise ValidationError(
                "Someone else published a version at the same moment. Reload and try again."
            ) from error
        outdated = 0
        if latest is not None:
            outdated = selectors.agreements_a_new_version_outdates(variant).update(outdated_at=now)
        template.agreements_outdated = outdated  # for the page that published it
        audit.record(
            action=Action.TEMPLATE_PUBLISHED,
            actor=actor,
            target_ref=str(template.ref),
            details={
                "kind": kind,
                "variant": variant,
                "version": template.version,
                "agreements_outdated": outdated,
            },
        )
    return template


@part_of_action("_publish, which holds the transaction")
def template_publish(
    *,
    actor: User,
    kind: str,
    variant: str,
    title: str,
    body: str,
) -> DocumentTemplate:
    """Publish a new version. Earlier acknowledged agreements for the audience go out of date."""
    if not permissions.can_manage_templates(actor):
        raise PermissionDenied("Only a practice admin can publish documents.")
    if kind not in Kind.values or variant not in Variant.values:
        raise ValidationError("Unknown document or audience.")
    return _publish(actor=actor, kind=kind, variant=variant, title=title, body=body)


@in_steps("each shipped document is published in a transaction of its own")
def templates_ensure_defaults() -> int:
    """Publish the shipped documents for any audience that has none yet (a fresh install)."""
    existing = set(DocumentTemplate.objects.values_list("kind", "variant").distinct())
    published = 0
    for (kind, variant), (title, body) in DEFAULTS.items():
        if (kind, variant) in existing:
            continue
        try:
            _publish(actor=SHIPPED, kind=kind, variant=variant, title=title, body=body)
        except ValidationError:
            continue  # published by a concurrent request in the meantime
        published += 1
    return published
