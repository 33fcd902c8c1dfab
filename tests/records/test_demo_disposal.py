"""On the demo practice, `dispose_due` lists the former client and leaves only a tombstone."""

from __future__ import annotations

import re
from io import StringIO

from django.core.management import call_command

from clients.demo import FORMER_CLIENT
from clients.models import Client
from practice.demo import seed_demo_practice
from practice.routers import identity_alias
from records.models import Tombstone
from tests.test_data_at_rest import _dump


def _holds(text: str, marker: str) -> bool:
    """`marker` as words of its own: a short name like "Fern" turns up by chance inside
    base64 ciphertext or a token now and then, and that is not the name left behind."""
    token = r"[A-Za-z0-9+/=_-]"
    return re.search(rf"(?<!{token}){re.escape(marker)}(?!{token})", text) is not None


def _both_databases() -> str:
    return "\n".join(
        text for alias in {"default", identity_alias()} for text in _dump(alias).values()
    )


def test_dispose_due_on_the_demo_practice(db):
    seed_demo_practice(password="a-long-demo-password-1")
    given, family, note_text = FORMER_CLIENT
    former = Client.objects.get(given_name=given, family_name=family)
    note_words = ["door is open", "Looked back over the year"]

    dry = StringIO()
    call_command("dispose_due", "--dry-run", stdout=dry)
    assert f"DUE   {former.record_ref}: last contact" in dry.getvalue()
    assert "Dry run: 1 due" in dry.getvalue()
    assert _holds(_both_databases(), family)  # still there after a dry run

    done = StringIO()
    call_command("dispose_due", "--confirm", "--by", "admin", stdout=done)

    assert f"DISPOSED {former.record_ref}" in done.getvalue()
    everything = _both_databases()
    for marker in [given, family, "fern@example.invalid", "01632 960999", *note_words]:
        assert not _holds(everything, marker), marker
    assert Tombstone.objects.get().record_ref == former.record_ref
    assert Client.objects.filter(given_name="Ada").exists()  # the others are untouched
