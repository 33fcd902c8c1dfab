"""Reads for contracting pages. Callers have already checked who may see the case file."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone
from django.utils.safestring import mark_safe

from clients.models import Client
from contracting import rendering
from contracting.models import Agreement, AgreementDocument, DocumentTemplate
from practice import documents
from practice.models import PracticeProfile
from records.models import CaseFile, Session


def latest_template(kind: str, variant: str) -> DocumentTemplate | None:
    return DocumentTemplate.objects.filter(kind=kind, variant=variant).order_by("-version").first()


def agreements_a_new_version_outdates(variant: str) -> QuerySet[Agreement]:
    """The acknowledged agreements that publishing a new version for `variant` marks out
    of date: what the admin is told before publishing, and what publishing then marks."""
    return Agreement.objects.filter(
        status=Agreement.Status.ACKNOWLEDGED, variant=variant, outdated_at__isnull=True
    )


def agreement_outdated_now(agreement: Agreement) -> bool:
    """A newer version of one of its documents was published after these were made."""
    for document in agreement.documents.all():
        latest = latest_template(document.kind, agreement.variant)
        if latest and latest.version > document.template_version:
            return True
    return False


def document_pdf(document: AgreementDocument) -> bytes:
    """The stored PDF, checked against its hash: a copy that does not match is never served."""
    try:
        return documents.from_stored(document.get_pdf(), sha256=document.sha256)
    except documents.DocumentAltered:
        raise ValidationError("The stored document does not match its recorded hash.") from None


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


def current_templates() -> dict[tuple[str, str], DocumentTemplate]:
    """The newest published version for each (document, audience)."""
    current: dict[tuple[str, str], DocumentTemplate] = {}
    for template in DocumentTemplate.objects.select_related("published_by").order_by(
        "kind", "variant", "-version"
    ):
        current.setdefault((template.kind, template.variant), template)
    return current


def template_history(kind: str, variant: str) -> list[DocumentTemplate]:
    return list(
        DocumentTemplate.objects.filter(kind=kind, variant=variant)
        .select_related("published_by")
        .order_by("-version")
    )


def agreements_of(case_file: CaseFile) -> list[Agreement]:
    documents = Prefetch("documents", queryset=AgreementDocument.objects.order_by("kind"))
    agreements = list(
        case_file.agreements.select_related("created_by")
        .prefetch_related(documents)
        .order_by("-created_at", "-pk")
    )
    for agreement in agreements:
        agreement.case_file = case_file  # share the unwrapped data key
    return agreements


def agreement_in(case_file: CaseFile, ref) -> Agreement:
    agreement = case_file.agreements.get(ref=ref)
    agreement.case_file = case_file
    return agreement


def document_in(agreement: Agreement, kind: str) -> AgreementDocument:
    document = agreement.documents.get(kind=kind)
    document.agreement = agreement
    return document


# -- the contracting state, for the caseload and the client's page ----------------------


@dataclass(frozen=True)
class State:
    key: str  # not_started, prepared, sent, expired, acknowledged, out_of_date
    label: str
    css_class: str
    late: bool  # a session was held with no acknowledged agreement (therapy not ended)
    ended: bool = False  # therapy has ended: nothing more to contract for

    @property
    def cell(self) -> tuple[str, str]:
        if self.late:
            return f"{self.label}: overdue, a session was held without it", "badge-danger"
        if self.ended:
            return f"{self.label} (therapy ended)", "badge"
        return self.label, self.css_class


_LABELS = {
    "not_started": ("Not started", "badge"),
    "prepared": ("Prepared, not yet given", "badge"),
    "sent": ("Sent, awaiting the client", "badge-warn"),
    "expired": ("Link expired", "badge-warn"),
    "acknowledged": ("Acknowledged", "badge-ok"),
    "out_of_date": ("Out of date: revisit", "badge-warn"),
}


def _state(
    *,
    status,
    outdated_at,
    expires_at,
    has_acknowledged: bool,
    has_attended: bool,
    now,
    ended: bool = False,
) -> State:
    """An ended client (past retention or not) is never overdue: a tired therapist learns
    to ignore red that asks for nothing they can do."""
    if status is None:
        key = "not_started"
    elif status == Agreement.Status.ACKNOWLEDGED:
        key = "out_of_date" if outdated_at else "acknowledged"
    elif status == Agreement.Status.SENT:
        key = "expired" if expires_at and expires_at <= now else "sent"
    else:
        key = "prepared"
    label, css_class = _LABELS[key]
    late = has_attended and not has_acknowledged and not ended
    return State(key, label, css_class, late=late, ended=ended)


def contracting_states(record_refs: Iterable[str]) -> dict[str, State]:
    """The state of every listed case file, in one query: each file joined to its
    agreements (a handful a file), newest first, and whether it has had an attended
    session. Five correlated subqueries read the same, but building them cost a caseload
    more than this whole query (issue 26)."""
    now = timezone.now()
    rows = (
        CaseFile.objects.filter(record_ref__in=list(record_refs))
        .annotate(
            attended=Exists(
                Session.objects.filter(
                    case_file=OuterRef("pk"), attendance=Session.Attendance.ATTENDED
                )
            )
        )
        .order_by("pk", "-agreements__created_at", "-agreements__pk")
        .values_list(
            "record_ref",
            "closed_on",
            "attended",
            "agreements__status",
            "agreements__outdated_at",
            "agreements__link_expires_at",
        )
    )
    files: dict[str, tuple] = {}
    agreements: dict[str, list[tuple]] = {}
    for record_ref, closed_on, attended, status, outdated_at, expires_at in rows:
        files[record_ref] = (closed_on, attended)
        if status is not None and status != Agreement.Status.REPLACED:
            agreements.setdefault(record_ref, []).append((status, outdated_at, expires_at))
    states = {}
    for record_ref, (closed_on, attended) in files.items():
        own = agreements.get(record_ref, [])
        status, outdated_at, expires_at = own[0] if own else (None, None, None)
        states[record_ref] = _state(
            status=status,
            outdated_at=outdated_at,
            expires_at=expires_at,
            has_acknowledged=any(row[0] == Agreement.Status.ACKNOWLEDGED for row in own),
            has_attended=attended,
            now=now,
            ended=closed_on is not None,
        )
    return states


def caseload_cells(record_refs: list[str]) -> dict[str, tuple[str, str]]:
    """The caseload column registered with `clients.hooks`."""
    return {ref: state.cell for ref, state in contracting_states(record_refs).items()}


def state_of(case_file: CaseFile) -> State:
    return contracting_states([case_file.record_ref])[case_file.record_ref]


def document_attachment(document: AgreementDocument) -> list[tuple[str, bytes]]:
    """The PDF as given, for a subject access export (the data map's attachment hook)."""
    return [(f"{document.kind}-version-{document.template_version}.pdf", document_pdf(document))]
