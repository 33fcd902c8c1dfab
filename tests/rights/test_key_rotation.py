"""A complaint's own data key is re-wrapped by `rotate_keys` with the case files' keys, so
its text stays readable after the old key-encryption key is removed."""

from django.core.management import call_command

from rights.models import Complaint, ComplaintLetter
from tests.records.test_rotation import NEW, OLD
from tests.rights.builders import acknowledged


def test_rotation_rewraps_complaint_keys_and_the_old_key_can_go(settings, admin_user, capsys):
    settings.ENCRYPTION_KEYS = OLD
    complaint = acknowledged(admin_user, name="Ivo Rotated", about="Rotation words")
    settings.ENCRYPTION_KEYS = f"{NEW},{OLD}"
    call_command("rotate_keys")
    assert "re-wrapped" in capsys.readouterr().out

    settings.ENCRYPTION_KEYS = NEW
    fresh = Complaint.objects.get(pk=complaint.pk)
    assert fresh.wrapped_key.startswith("new$")
    assert fresh.get_complainant_name() == "Ivo Rotated"
    assert fresh.get_about() == "Rotation words"
    letter = ComplaintLetter.objects.get(complaint=fresh)
    assert letter.get_pdf()
