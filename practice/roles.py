"""Staff roles. Each role is a Django group carrying its permissions; a person may hold several."""

from django.db import models


class Role(models.TextChoices):
    THERAPIST = "therapist", "Therapist"
    SUPERVISOR = "supervisor", "Supervisor"
    ADMIN = "admin", "Admin (practice manager / data-protection lead)"
    EXECUTOR = "executor", "Executor (professional will)"


# Group name -> permission codenames (all on the practice.User model's content type).
ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    Role.THERAPIST: ("keep_caseload",),
    Role.SUPERVISOR: ("review_disclosures",),
    Role.ADMIN: ("manage_staff", "manage_practice", "view_audit_trail"),
    # An executor reaches a therapist's clients only through an activated professional will
    # (the `wills` app), never through a permission of its own.
    Role.EXECUTOR: (),
}

# Where each role lands after signing in, in order of preference.
DASHBOARDS: tuple[tuple[str, str], ...] = (
    (Role.THERAPIST, "therapist_dashboard"),
    (Role.SUPERVISOR, "supervisor_dashboard"),
    (Role.ADMIN, "admin_dashboard"),
    (Role.EXECUTOR, "will_executor"),
)
