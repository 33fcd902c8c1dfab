"""Shared builders: staff in each role, signed-in clients."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date

import pytest
from django.db import reset_queries
from django.test import Client

from practice import services
from practice.actors import system_actor
from practice.audit.actions import Vocabulary
from practice.models import User
from practice.roles import Role

PASSWORD = "a-long-test-password-1"


class AuditTestAction(Vocabulary):
    """Actions the audit trail's own tests record, declared as every app declares its own
    (`record()` refuses an undeclared action)."""

    EVENT = "test.event", "Test: an event"
    FIRST = "test.first", "Test: the first event"
    LATER = "test.later", "Test: a later event"
    AFTER = "test.after", "Test: an event after"
    GENESIS = "test.genesis", "Test: the first event ever"
    QUEUED = "test.queued", "Test: a queued event"
    HOLDER = "test.holder", "Test: the chain holder's event"
    WAITER = "test.waiter", "Test: a waiting writer's event"
    CAPTURED = "test.captured", "Test: an entry captured for replay"
    WITHHELD = "test.withheld", "Test: an entry withheld"
    CONCURRENT = "test.concurrent", "Test: one of many at once"


TESTS = system_actor("tests")  # who sets up the staff a test needs


def make_staff(username: str, *roles: str, **extra) -> User:
    return services.staff_create(
        actor=TESTS, username=username, password=PASSWORD, roles=list(roles), **extra
    )


@pytest.fixture
def therapist(db) -> User:
    return make_staff("therapist", Role.THERAPIST, first_name="Alex")


@pytest.fixture
def therapist2(db) -> User:
    return make_staff("therapist2", Role.THERAPIST, first_name="Sam")


@pytest.fixture
def supervisor(db) -> User:
    return make_staff("supervisor", Role.SUPERVISOR, first_name="Jordan")


@pytest.fixture
def admin_user(db) -> User:
    return make_staff("admin", Role.ADMIN, first_name="Morgan")


@pytest.fixture
def supervision(therapist, supervisor):
    return services.supervision_start(actor=TESTS, therapist=therapist, supervisor=supervisor)


def pass_second_factor(client: Client, user: User) -> None:
    """Mark the client's session as having passed the second factor just now."""
    import time

    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from practice import session_access
    from practice.middleware import IDLE_STAMP_SESSION_KEY
    from practice.two_factor import VERIFIED_AT_SESSION_KEY

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[VERIFIED_AT_SESSION_KEY] = time.time()
    session_access.keep(session, user, device.persistent_id)  # as passing the factor does
    session[IDLE_STAMP_SESSION_KEY] = int(time.time())  # as signing in through the form does
    session.save()


def signed_in(user: User | None, *, second_factor: bool = True) -> Client:
    """A test client signed in as `user`, past the second factor unless told otherwise."""
    client = Client()
    if user is not None:
        client.force_login(user)
        if second_factor:
            pass_second_factor(client, user)
    return client


@pytest.fixture
def admin_client_(admin_user) -> Client:
    return signed_in(admin_user)


def _make_roles_again(connection) -> None:
    """The flush also emptied what the migrations made; the role groups are put back, so
    the tests after a transactional one find the database as a migrated one is."""
    import importlib
    from types import SimpleNamespace

    from django.apps import apps

    migration = importlib.import_module("practice.migrations.0002_roles_triggers_profile")
    migration.create_roles(apps, SimpleNamespace(connection=connection))
    executor = importlib.import_module("practice.migrations.0015_executor_role")
    executor.create_executor_group(apps, SimpleNamespace(connection=connection))


@pytest.fixture(autouse=True, scope="session")
def _flush_past_the_audit_triggers():
    """Transactional tests end with `flush`, which empties every table (by TRUNCATE on
    PostgreSQL). The audit triggers rightly refuse that; the test harness alone lifts them
    for the flush and puts them back, as a migration would."""
    from django.core.management.commands import flush
    from django.db import connections

    from practice.migrations import _audit_triggers

    original = flush.Command.handle

    def handle(self, **options):
        connection = connections[options.get("database") or "default"]
        with connection.cursor() as cursor:
            # Only the database that holds the trail (not a separate identity database).
            if "practice_auditevent" not in connection.introspection.table_names(cursor):
                return original(self, **options)
            _audit_triggers.drop(cursor, connection.vendor)
            _audit_triggers.drop_queue(cursor, connection.vendor)
        try:
            return original(self, **options)
        finally:
            with connection.cursor() as cursor:
                _audit_triggers.create(cursor, connection.vendor)
                _audit_triggers.create_queue(cursor, connection.vendor)
            _make_roles_again(connection)

    flush.Command.handle = handle
    yield
    flush.Command.handle = original


def pytest_configure(config):
    from tests import identity_selection

    if identity_selection.RECORD:
        identity_selection.install_recorder()
        config.pluginmanager.register(identity_selection, "identity_selection")


def pytest_collection_modifyitems(config, items):
    """Identity may live in a second database: let every database test use all of them.
    In the identity CI job, only the tests that touch identity run (identity_selection)."""
    from tests import identity_selection

    if identity_selection.SELECT:
        identity_selection.selected(items, config)
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if item.get_closest_marker("django_db") is None and (
            "db" in fixtures or "transactional_db" in fixtures
        ):
            item.add_marker(pytest.mark.django_db(databases="__all__"))


# -- clients and records ----------------------------------------------------------------


def make_client(therapist: User, *, consent: bool = True, **values):
    """A client of `therapist` with an open case file (records consent given by default)."""
    from django.utils import timezone

    from clients import services as client_services
    from records import selectors as record_selectors
    from records import services as record_services

    values = {
        "given_name": "Marta",
        "family_name": "Testclient",
        # An adult by default (a file whose client's age is unknown is held from disposal);
        # pass date_of_birth=None for a client whose age is not known.
        "date_of_birth": date(1985, 6, 1),
        "email": "marta@example.invalid",
        "preferred_contact": "email",
        "status": "active",
        **values,
    }
    client = client_services.client_create(actor=therapist, values=values)
    if consent:
        record_services.records_consent_record(
            actor=therapist,
            case_file=record_selectors.case_file_by_ref(client.record_ref),
            given_on=timezone.localdate(),
        )
    return client


def case_file_of(client):
    from records import selectors as record_selectors

    return record_selectors.case_file_by_ref(client.record_ref)


@pytest.fixture
def client_of_therapist(therapist):
    return make_client(therapist)


def _from_a_fresh_log(assert_queries):
    """Django keeps at most 9,000 queries per connection: once a test has made that many
    (seeding a large practice), a count taken after them sees only part of a page's
    queries. Every budget starts from an empty log so it counts all of them."""

    @contextmanager
    def counted(*args, **kwargs):
        reset_queries()
        with assert_queries(*args, **kwargs) as captured:
            yield captured

    return counted


@pytest.fixture
def django_assert_max_num_queries(django_assert_max_num_queries):
    return _from_a_fresh_log(django_assert_max_num_queries)


@pytest.fixture
def django_assert_num_queries(django_assert_num_queries):
    return _from_a_fresh_log(django_assert_num_queries)
