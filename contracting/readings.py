"""How agreements read to a client in a subject access answer (practice.readings)."""

from practice.readings import Field, reading

AGREEMENT = reading(
    "Confidentiality agreement: {variant}",
    {
        "variant": "Version for",
        "status": "State",
        "created_by": "Prepared by",
        "created_at": Field("Prepared", "datetime"),
        "competence_assessed": Field("Your understanding was assessed", "yesno"),
        "competence_notes": "Notes on your understanding",
        "link_sent_at": Field("Signing link sent", "datetime"),
        "link_expires_at": Field("Signing link expires", "datetime"),
        "link_opened_at": Field("Signing link opened", "datetime"),
        "link_used_at": Field("Signed online", "datetime"),
        "acknowledged_at": Field("Acknowledged", "datetime"),
        "method": "How it was acknowledged",
        "signed_by": "Signed by",
        "signer_name": "Name of the person who signed",
        "discussed": Field("Talked through with you", "yesno"),
        "read_and_accepted": Field("Read and accepted", "yesno"),
        "consent_to_records": Field("Consent to our keeping notes", "yesno"),
        "privacy_notice_provided": Field("Privacy notice given", "yesno"),
        "supervision_explained": Field("Supervision explained", "yesno"),
        "consent_withdrawn_at": Field("Consent withdrawn", "datetime"),
        "outdated_at": Field("Replaced by a newer version", "datetime"),
    },
    internal=("case_file",),
)

AGREEMENT_DOCUMENT = reading(
    "{kind}",
    {
        "kind": "Document",
        "template_version": Field("Version", "number"),
        "generated_at": Field("Made", "datetime"),
    },
    internal=("agreement", "sha256", "size_bytes"),
)
