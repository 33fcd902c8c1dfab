"""Every write in contracting: publish a document version, prepare, send, acknowledge, withdraw.

Each action runs in one transaction with its audit event. PDFs are rendered before the
transaction opens, so a rendering failure leaves nothing behind; the signing link's
token is never stored, only its SHA-256.
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from clients.models import Client
from contracting import permissions, rendering
from contracting.defaults import DEFAULTS
from contracting.models import (
    Agreement,
    AgreementDocument,
    DocumentTemplate,
    Kind,
    Signer,
    Variant,
)
from practice import audit
from practice.models import PracticeProfile, Supervision, User
from records import selectors as record_selectors
from records import services as record_services
from records.models import CaseFile


class Action:
    TEMPLATE_PUBLISHED = "contracting.template_published"
    GENERATED = "contracting.generated"
    SENT = "contracting.sent"
    OPENED = "contracting.opened"
    ACKNOWLEDGED = "contracting.acknowledged"
    WITHDRAWN = "contracting.withdrawn"
    DOCUMENT_READ = "contracting.document_read"


_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,100}$")

# Which agreement states each action may start from (state x action -> allowed).
_ALLOWED_FROM: dict[str, set[str]] = {
    "send": {Agreement.Status.PREPARED, Agreement.Status.SENT},
    "acknowledge": {Agreement.Status.PREPARED, Agreement.Status.SENT},
    "withdraw": {Agreement.Status.ACKNOWLEDGED},
}
_REFUSALS = {
    "send": "This agreement was already acknowledged or replaced; there is nothing to send.",
    "acknowledge": "This agreement was already acknowledged or replaced by a newer one.",
    "withdraw": "Only an acknowledged agreement has a consent to withdraw.",
}


def _check_transition(agreement: Agreement, action: str) -> None:
    if agreement.status not in _ALLOWED_FROM[action]:
        raise ValidationError(_REFUSALS[action])


def _require_own(actor: User, case_file: CaseFile) -> None:
    if not permissions.can_contract_with(actor, case_file):
        raise PermissionDenied("Only the client's own therapist can contract with them.")


def _audit_acknowledged(
    agreement: Agreement,
    *,
    signed_by: str,
    consent_to_records: bool,
    request: HttpRequest | None,
    actor: User | None = None,
    actor_label: str = "",
) -> None:
    audit.record(
        action=Action.ACKNOWLEDGED,
        actor=actor,
        actor_label=actor_label,
        target_ref=agreement.case_file.record_ref,
        request=request,
        details={
            "agreement": str(agreement.ref),
            "method": agreement.method,
            "signed_by": signed_by,
            "consent_to_records": consent_to_records,
        },
    )


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


# -- templates ---------------------------------------------------------------------------


def _latest(kind: str, variant: str) -> DocumentTemplate | None:
    return DocumentTemplate.objects.filter(kind=kind, variant=variant).order_by("-version").first()


def _publish(
    *, actor: User | None, kind: str, variant: str, title: str, body: str, request
) -> DocumentTemplate:
    problems = rendering.body_problems(body, variant=variant)
    if not title.strip():
        problems.insert(0, "Give the document a title.")
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    with transaction.atomic():
        latest = _latest(kind, variant)
        if latest and latest.body == body and latest.title == title:
            raise ValidationError("Nothing has changed since the current version.")
        template = DocumentTemplate(
            kind=kind,
            variant=variant,
            version=(latest.version + 1) if latest else 1,
            title=title.strip(),
            body=body,
            published_at=now,
            published_by=actor,
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
            outdated = Agreement.objects.filter(
                status=Agreement.Status.ACKNOWLEDGED, variant=variant, outdated_at__isnull=True
            ).update(outdated_at=now)
        audit.record(
            action=Action.TEMPLATE_PUBLISHED,
            actor=actor,
            actor_label="" if actor else "system",
            target_ref=str(template.ref),
            request=request,
            details={
                "kind": kind,
                "variant": variant,
                "version": template.version,
                "agreements_outdated": outdated,
            },
        )
    return template


def template_publish(
    *,
    actor: User,
    kind: str,
    variant: str,
    title: str,
    body: str,
    request: HttpRequest | None = None,
) -> DocumentTemplate:
    """Publish a new version. Earlier acknowledged agreements for the audience go out of date."""
    if not permissions.can_manage_templates(actor):
        raise PermissionDenied("Only a practice admin can publish documents.")
    if kind not in Kind.values or variant not in Variant.values:
        raise ValidationError("Unknown document or audience.")
    return _publish(
        actor=actor, kind=kind, variant=variant, title=title, body=body, request=request
    )


def templates_ensure_defaults() -> int:
    """Publish the shipped documents for any audience that has none yet (a fresh install)."""
    existing = set(DocumentTemplate.objects.values_list("kind", "variant").distinct())
    published = 0
    for (kind, variant), (title, body) in DEFAULTS.items():
        if (kind, variant) in existing:
            continue
        try:
            _publish(actor=None, kind=kind, variant=variant, title=title, body=body, request=None)
        except ValidationError:
            continue  # published by a concurrent request in the meantime
        published += 1
    return published


# -- preparing the documents -------------------------------------------------------------


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
        statement = rendering.competence_statement(
            therapist_name=therapist.display_name, on=competence_statement_on or on
        )
    facts = rendering.facts_for(
        practice=PracticeProfile.load(),
        client_name=client.display_name,
        client_first_name=client.preferred_name or client.given_name,
        therapist_name=therapist.display_name,
        has_practice_supervisor=Supervision.objects.current().filter(therapist=therapist).exists(),
        on=on,
        competence_statement=statement,
    )
    templates, documents = {}, {}
    for kind in Kind.values:
        template = _latest(kind, variant)
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
    request: HttpRequest | None = None,
) -> Agreement:
    """Make the two PDFs the client is given and keep them, hashed, with their versions.

    Refused while the practice profile lacks a detail the documents print, and for a young
    person until the therapist records that they can consent for themselves."""
    case_file = record_selectors.case_file_by_ref(client.record_ref)
    _require_own(actor, case_file)
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
    with transaction.atomic():
        case_file = CaseFile.objects.select_for_update().get(pk=case_file.pk)
        replaced = case_file.agreements.filter(
            status__in=[Agreement.Status.PREPARED, Agreement.Status.SENT]
        ).update(status=Agreement.Status.REPLACED)
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
                sha256=hashlib.sha256(pdf).hexdigest(),
                size_bytes=len(pdf),
                generated_at=now,
            )
            document.set_pdf(base64.b64encode(pdf).decode("ascii"))
            document.set_html(str(prepared.documents[kind].body))
            document.save()
            details[f"{kind}_version"] = document.template_version
            details[f"{kind}_sha256"] = document.sha256
        audit.record(
            action=Action.GENERATED,
            actor=actor,
            target_ref=case_file.record_ref,
            request=request,
            details=details,
        )
    return agreement


def document_attachment(document: AgreementDocument) -> list[tuple[str, bytes]]:
    """The PDF as given, for a subject access export (the data map's attachment hook)."""
    return [(f"{document.kind}-version-{document.template_version}.pdf", document_pdf(document))]


def document_pdf(document: AgreementDocument) -> bytes:
    """The stored PDF, checked against its hash: a copy that does not match is never served."""
    pdf = base64.b64decode(document.get_pdf())
    if hashlib.sha256(pdf).hexdigest() != document.sha256:
        raise ValidationError("The stored document does not match its recorded hash.")
    return pdf


def document_read(
    *, actor: User, document: AgreementDocument, request: HttpRequest | None = None
) -> bytes:
    """The therapist downloads a stored PDF; the read is recorded first."""
    case_file = document.agreement.case_file
    _require_own(actor, case_file)
    with transaction.atomic():
        audit.record(
            action=Action.DOCUMENT_READ,
            actor=actor,
            target_ref=case_file.record_ref,
            request=request,
            details={"agreement": str(document.agreement.ref), "document": document.kind},
        )
    return document_pdf(document)


# -- sending the signing link ------------------------------------------------------------

LINK_MESSAGE = """Hello,

Please use the link below to read two documents and confirm that you have received them.

{url}

The link works once and stops working on {expires}. If you were not expecting this
message, you can ignore it.
"""


def _link_url(token: str, request: HttpRequest | None) -> str:
    path = reverse("contracting_sign", kwargs={"token": token})
    return request.build_absolute_uri(path) if request is not None else path


def agreement_send(
    *,
    actor: User,
    agreement: Agreement,
    email: str = "",
    request: HttpRequest | None = None,
) -> str:
    """Make a new single-use signing link (any earlier one stops working) and return its URL.

    The link is e-mailed to `email`, when given, after the transaction commits; the message
    is neutral and carries nothing but the link."""
    _require_own(actor, agreement.case_file)
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    expires = now + timedelta(hours=settings.CONTRACT_LINK_HOURS)
    with transaction.atomic():
        agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
        _check_transition(agreement, "send")
        agreement.link_token_hash = token_hash(token)
        agreement.link_sent_at = now
        agreement.link_expires_at = expires
        agreement.link_opened_at = None
        agreement.status = Agreement.Status.SENT
        agreement.save()
        audit.record(
            action=Action.SENT,
            actor=actor,
            target_ref=agreement.case_file.record_ref,
            request=request,
            details={
                "agreement": str(agreement.ref),
                "emailed": bool(email),
                "hours": settings.CONTRACT_LINK_HOURS,
            },
        )
        url = _link_url(token, request)
        if email:
            message = LINK_MESSAGE.format(
                url=url, expires=timezone.localtime(expires).strftime("%d %B %Y at %H:%M")
            )
            transaction.on_commit(
                lambda: send_mail(
                    "A link to read and confirm two documents",
                    message,
                    None,
                    [email],
                    fail_silently=False,
                )
            )
    return url


# -- the link, from the client's side ----------------------------------------------------


class LinkRefused(Exception):
    """The link cannot be used. `status` is the HTTP status; the message is for the page."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


def _agreement_for_token(token: str, *, lock: bool) -> Agreement:
    if not _TOKEN.match(token or ""):
        raise LinkRefused("This link is not valid. Check that it was copied in full.", 404)
    queryset = Agreement.objects.select_related("case_file")
    if lock:
        queryset = queryset.select_for_update()
    agreement = queryset.filter(link_token_hash=token_hash(token)).first()
    if agreement is None:
        raise LinkRefused("This link is not valid. Check that it was copied in full.", 404)
    if agreement.link_used_at is not None or agreement.status != Agreement.Status.SENT:
        raise LinkRefused(
            "This link has already been used or is no longer needed. Nothing has changed. "
            "If you think this is a mistake, ask your therapist.",
            410,
        )
    if agreement.link_expires_at is None or agreement.link_expires_at <= timezone.now():
        raise LinkRefused(
            "This link has expired. Nothing has changed. Ask your therapist for a new one.",
            410,
        )
    return agreement


def link_open(*, token: str, request: HttpRequest | None = None) -> Agreement:
    """Someone opened a valid link: record it (the first time and every time)."""
    with transaction.atomic():
        agreement = _agreement_for_token(token, lock=True)
        first = agreement.link_opened_at is None
        if first:
            agreement.link_opened_at = timezone.now()
            agreement.save(update_fields=["link_opened_at"])
        audit.record(
            action=Action.OPENED,
            actor_label="client",
            target_ref=agreement.case_file.record_ref,
            request=request,
            details={"agreement": str(agreement.ref), "first": first},
        )
    return agreement


def link_agreement(token: str) -> Agreement:
    """The agreement behind a usable link (no audit: for re-showing the form)."""
    return _agreement_for_token(token, lock=False)


def link_documents(agreement: Agreement) -> list[rendering.Document]:
    """The two documents exactly as generated, for the signing page."""
    client = Client.objects.get(record_ref=agreement.case_file.record_ref)
    practice_name = PracticeProfile.load().name
    documents = []
    for stored in agreement.documents.select_related("template").order_by("kind"):
        stored.agreement = agreement
        documents.append(
            rendering.Document(
                kind=stored.kind,
                variant=agreement.variant,
                title=stored.template.title,
                version=stored.template_version,
                dated=timezone.localtime(stored.generated_at).date(),
                practice_name=practice_name,
                client_name=client.display_name,
                body=mark_safe(stored.get_html()),  # noqa: S308 - escaped when generated
            )
        )
    return documents


def link_document(*, token: str, kind: str) -> AgreementDocument:
    """One of the link's two documents, for reading (the link stays usable)."""
    agreement = _agreement_for_token(token, lock=False)
    document = agreement.documents.filter(kind=kind).first()
    if document is None:
        raise LinkRefused("There is no such document.", 404)
    document.agreement = agreement
    return document


def _outdated_now(agreement: Agreement) -> bool:
    for document in agreement.documents.all():
        latest = _latest(document.kind, agreement.variant)
        if latest and latest.version > document.template_version:
            return True
    return False


def _acknowledge(
    agreement: Agreement,
    *,
    at: datetime,
    method: str,
    signed_by: str,
    discussed: bool,
    consent_to_records: bool,
    privacy_notice_provided: bool,
    supervision_explained: bool,
) -> None:
    if signed_by not in Signer.values:
        raise ValidationError({"signed_by": "Say who acknowledged the agreement."})
    if agreement.variant == "adult" and signed_by != Signer.CLIENT:
        raise ValidationError({"signed_by": "An adult client acknowledges for themselves."})
    missing = [
        label
        for ok, label in (
            (discussed, "that the agreement was discussed"),
            (privacy_notice_provided, "that the privacy notice was provided"),
            (supervision_explained, "that supervision was explained"),
        )
        if not ok
    ]
    if missing:
        raise ValidationError(
            "An agreement is acknowledged only once each of these is confirmed: "
            + "; ".join(missing)
            + "."
        )
    agreement.status = Agreement.Status.ACKNOWLEDGED
    agreement.acknowledged_at = at
    agreement.method = method
    agreement.signed_by = signed_by
    agreement.discussed = discussed
    agreement.consent_to_records = consent_to_records
    agreement.privacy_notice_provided = privacy_notice_provided
    agreement.supervision_explained = supervision_explained
    if _outdated_now(agreement):
        agreement.outdated_at = at


def agreement_accept_by_link(
    *,
    token: str,
    signed_by: str,
    signer_name: str,
    read_and_understood: bool,
    privacy_notice_provided: bool,
    supervision_explained: bool,
    consent_to_records: bool,
    request: HttpRequest | None = None,
) -> Agreement:
    """The client (or a parent) accepts through the link; it is spent in the same commit."""
    signer_name = signer_name.strip()
    if not signer_name or len(signer_name) > 200:
        raise ValidationError({"signer_name": "Type your full name (up to 200 characters)."})
    with transaction.atomic():
        agreement = _agreement_for_token(token, lock=True)
        now = timezone.now()
        _acknowledge(
            agreement,
            at=now,
            method=Agreement.Method.LINK,
            signed_by=signed_by,
            discussed=read_and_understood,
            consent_to_records=consent_to_records,
            privacy_notice_provided=privacy_notice_provided,
            supervision_explained=supervision_explained,
        )
        agreement.link_used_at = now
        agreement.set_signer_name(signer_name)
        agreement.save()
        if consent_to_records:
            record_services.records_consent_from_agreement(
                case_file=agreement.case_file,
                source="contract_link",
                agreement_ref=str(agreement.ref),
                request=request,
            )
        _audit_acknowledged(
            agreement,
            actor_label="client",
            signed_by=signed_by,
            consent_to_records=consent_to_records,
            request=request,
        )
    return agreement


def agreement_acknowledge_paper(
    *,
    actor: User,
    agreement: Agreement,
    acknowledged_on: date,
    signed_by: str,
    discussed: bool,
    privacy_notice_provided: bool,
    supervision_explained: bool,
    consent_to_records: bool,
    request: HttpRequest | None = None,
) -> Agreement:
    """The therapist records an agreement signed on paper in the session."""
    _require_own(actor, agreement.case_file)
    today = timezone.localdate()
    if acknowledged_on > today:
        raise ValidationError({"acknowledged_on": "The date cannot be in the future."})
    if acknowledged_on < timezone.localtime(agreement.created_at).date():
        raise ValidationError(
            {"acknowledged_on": "The date is before these documents were prepared."}
        )
    at = (
        timezone.now()
        if acknowledged_on == today
        else datetime.combine(acknowledged_on, time(12), tzinfo=timezone.get_current_timezone())
    )
    with transaction.atomic():
        agreement = (
            Agreement.objects.select_for_update().select_related("case_file").get(pk=agreement.pk)
        )
        _check_transition(agreement, "acknowledge")
        _acknowledge(
            agreement,
            at=at,
            method=Agreement.Method.PAPER,
            signed_by=signed_by,
            discussed=discussed,
            consent_to_records=consent_to_records,
            privacy_notice_provided=privacy_notice_provided,
            supervision_explained=supervision_explained,
        )
        agreement.save()
        if consent_to_records:
            record_services.records_consent_record(
                actor=actor,
                case_file=agreement.case_file,
                given_on=acknowledged_on,
                source="contract_paper",
                request=request,
            )
        _audit_acknowledged(
            agreement,
            actor=actor,
            signed_by=signed_by,
            consent_to_records=consent_to_records,
            request=request,
        )
    return agreement


def agreement_consent_withdraw(
    *, actor: User, agreement: Agreement, request: HttpRequest | None = None
) -> Agreement:
    """The client withdrew consent to keeping records: dated here, and no new notes."""
    _require_own(actor, agreement.case_file)
    with transaction.atomic():
        agreement = (
            Agreement.objects.select_for_update().select_related("case_file").get(pk=agreement.pk)
        )
        _check_transition(agreement, "withdraw")
        if agreement.consent_withdrawn_at is not None:
            raise ValidationError("Withdrawal of consent is already recorded.")
        agreement.consent_withdrawn_at = timezone.now()
        agreement.save(update_fields=["consent_withdrawn_at"])
        record_services.records_consent_withdraw(
            actor=actor, case_file=agreement.case_file, request=request
        )
        audit.record(
            action=Action.WITHDRAWN,
            actor=actor,
            target_ref=agreement.case_file.record_ref,
            request=request,
            details={"agreement": str(agreement.ref)},
        )
    return agreement
