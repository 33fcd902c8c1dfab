"""System checks that stop start-up when the app cannot run safely."""

from django.conf import settings
from django.core.checks import Error, register

from practice import audit, keyring


@register()
def check_encryption_keys(app_configs, **kwargs):
    try:
        keyring.parse_keys(settings.ENCRYPTION_KEYS)
    except keyring.KeyConfigurationError as error:
        return [Error(str(error), hint=keyring.GENERATE_HINT, id="practice.E001")]
    return []


@register()
def check_audit_key(app_configs, **kwargs):
    try:
        audit.audit_key()
    except audit.AuditKeyError as error:
        return [Error(str(error), id="practice.E003")]
    return []


@register()
def check_secret_key(app_configs, **kwargs):
    if not settings.SECRET_KEY:
        return [
            Error(
                "SECRET_KEY is not set. 'make run' writes one into .env; in production set "
                "it in the environment.",
                id="practice.E002",
            )
        ]
    return []


@register()
def check_client_facing_rule(app_configs, **kwargs):
    """Every data-map model that could carry a disclosure request's data answers the one
    rule of `practice.client_facing`; start-up stops on one that does not."""
    from practice import client_facing, datamap

    return [
        Error(problem, id="practice.E010")
        for problem in client_facing.coverage_problems(datamap.registered())
    ]
