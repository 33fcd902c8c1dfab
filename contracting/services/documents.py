"""Document preparation and storage: render both documents for a client, keep the PDFs.

PDFs are rendered before the transaction opens, so a rendering failure leaves nothing
behind. The exact PDFs given are kept encrypted with the case file's key, with their hash.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from clients.models import Client
from contracting import rendering, selectors
from contracting.audit_actions import Action
from contracting.models import Agreement, AgreementDocument, DocumentTemplate, Kind, Variant
from contracting.services.base import require_own
from contracting.services.versions import templates_ensure_defaults
from contracting.transitions import sources_of
from practice import audit, documents
from practice.actions import reads
from practice.models import PracticeProfile, User
from practice.permissions import supervisors_of
from records import selectors as record_selectors
from records.models import CaseFile


@dataclass
class Prepared:
    """The two documents for one client, rendered but not yet saved."""

    documents: dict[str, rendering.Document]
    templates: dict[str, DocumentTemplate]

    @property
    def missing(self) -> list[str]:
        labels: list[str] = []
        for document in self.documents.values():
            labels += [label for label in document.missing if label not in labels]
        return labels


@reads("both documents rendered for a preview (a fresh install first publishes the shipped ones)")
def documents_prepare(
    *,
    therapist: User,
    client: Client,
    variant: str,
    on: date | None = None,
    competence_statement_on: date | None = None,
) -> Prepared:
    """Render both current documents for this client (for a preview or to generate)."""
    if variant not in Variant.values:
        raise ValidationError({"variant": "Choose who the documents are for."})
    templates_ensure_defaults()
    on = on or timezone.localdate()
    statement = ""
    if variant == Variant.YOUNG_PERSON:
        statement = rendering.competence_statement(on=competence_statement_on or on)
    facts = rendering.facts_for(
        practice=PracticeProfile.load(),
        client_name=client.display_name,
        client_first_name=client.preferred_name or client.given_name,
        therapist_name=therapist.display_name,
        has_practice_supervisor=supervisors_of(therapist.pk).exists(),
        on=on,
        competence_statement=statement,
    )
    templates, documents = {}, {}
    for kind in Kind.values:
        template = selectors.latest_template(kind, variant)
        templates[kind] = template
        documents[kind] = rendering.document_for(
            kind=kind,
            variant=variant,
            title=template.title,
            body=template.body,
            version=template.version,
            facts=facts,
            dated=on,
        )
    return Prepared(documents, templates)


def agreement_generate(
    *,
    actor: User,
    client: Client,
    variant: str,
    competence_assessed: bool = False,
    competence_notes: str = "",
) -> Agreement:
    """Make the two PDFs the client is given and keep them, hashed, with their versions.

    Refused while the practice profile lacks a detail the documents print, and for a young
    person until the therapist records that they can consent for themselves."""
    case_file = record_selectors.case_file_by_ref(client.record_ref)
    require_own(actor, case_file)
    if variant == Variant.YOUNG_PERSON and not competence_assessed:
        raise ValidationError(
            {
                "competence_assessed": (
                    "Record your assessment that the young person understands and can "
                    "consent for themselves, or prepare the documents for a person with "
                    "parental responsibility instead."
                )
            }
        )
    if variant in (Variant.YOUNG_PERSON, Variant.PARENTAL) and not client.child_age_known:
        raise ValidationError(
            {
                "variant": (
                    "Give the client's date of birth on their details page first (or, if it "
                    "is not known, their age): a child's records are kept until a set "
                    "birthday, which needs it."
                )
            }
        )
    if len(competence_notes) > 2000:
        raise ValidationError({"competence_notes": "Keep the assessment under 2,000 characters."})
    prepared = documents_prepare(therapist=actor, client=client, variant=variant)
    if prepared.missing:
        raise ValidationError(
            "The documents cannot be given to a client yet: the practice profile has no "
            + ", ".join(prepared.missing)
            + ". Ask the practice admin to complete the practice profile."
        )
    pdfs = {kind: rendering.pdf_for(document) for kind, document in prepared.documents.items()}
    now = timezone.now()
    with transaction.atomic(durable=True):
        case_file = CaseFile.objects.select_for_update().get(pk=case_file.pk)
        # Documents not yet acknowledged give way to the new ones (the table's `replace`).
        replaced = case_file.agreements.filter(status__in=sources_of("replace")).update(
            status=Agreement.Status.REPLACED
        )
        agreement = Agreement(
            case_file=case_file,
            variant=variant,
            created_by=actor,
            created_at=now,
            competence_assessed=variant == Variant.YOUNG_PERSON and competence_assessed,
        )
        if agreement.competence_assessed and competence_notes.strip():
            agreement.set_competence_notes(competence_notes.strip())
        agreement.save()
        details = {"agreement": str(agreement.ref), "variant": variant, "replaced": replaced}
        for kind, pdf in pdfs.items():
            document = AgreementDocument(
                agreement=agreement,
                kind=kind,
                template=prepared.templates[kind],
                template_version=prepared.templates[kind].version,
                sha256=documents.fingerprint(pdf),
                size_bytes=len(pdf),
                generated_at=now,
            )
            document.set_pdf(documents.stored_form(pdf))
            document.set_html(str(prepared.documents[kind].body))
            document.save()
            details[f"{kind}_version"] = document.template_version
            details[f"{kind}_sha256"] = document.sha256
        audit.record(
            action=Action.GENERATED,
            actor=actor,
            target_ref=case_file.record_ref,
            details=details,
        )
    return agreement


def document_read(*, actor: User, document: AgreementDocument) -> bytes:
    """The therapist downloads a stored PDF; the read is recorded first."""
    case_file = document.agreement.case_file
    require_own(actor, case_file)
    with transaction.atomic(durable=True):
        audit.record(
            action=Action.DOCUMENT_READ,
            actor=actor,
            target_ref=case_file.record_ref,
            details={"agreement": str(document.agreement.ref), "document": document.kind},
        )
    return selectors.document_pdf(document)
