"""Browser journeys against the real app, served by gunicorn in a separate process.

The app runs with production-like settings (no test settings, no pytest-django
databases): a throwaway data directory, fresh keys, its own database (SQLite in the
temporary directory, or a fresh database on the PostgreSQL server named by DATABASE_URL),
then `migrate`, `collectstatic` and `seed_demo`, as `make run` does.
"""

from __future__ import annotations

import base64
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEMO_PASSWORD = "browser-demo-password-2026"
PROJECT_DIR = Path(__file__).resolve().parents[2]
ARTIFACTS_DIR = PROJECT_DIR / "test-artifacts"
BROWSER_DIR = Path(__file__).resolve().parent
STARTUP_TIMEOUT = 30
# username -> base32 TOTP secret, read from what `seed_demo` prints (as a person would).
DEMO_SECRETS: dict[str, str] = {}
_LAST_STEP: dict[str, int] = {}
# username -> the cookies of a session that passed both factors, so each role signs in with
# a fresh code once per run instead of waiting for the next 30-second step every time.
_SIGNED_IN: dict[str, list] = {}


@pytest.hookimpl(tryfirst=True)  # before xdist reads the group markers
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test in this folder as a browser test, run on one xdist worker."""
    for item in items:
        if BROWSER_DIR not in Path(str(item.path)).resolve().parents:
            continue
        if item.get_closest_marker("browser") is None:
            item.add_marker(pytest.mark.browser)
        if item.get_closest_marker("xdist_group") is None:
            item.add_marker(pytest.mark.xdist_group("browser"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """Keep each phase's report on the item, so fixtures can tell whether the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


# --- The app server --------------------------------------------------------------------


@dataclass
class Server:
    base_url: str
    env: dict[str, str] = field(repr=False)  # holds keys: keep it out of failure reports

    def manage(self, *args: str) -> str:
        """Run a manage.py command against this server's database; return its stdout."""
        __tracebackhide__ = True
        return _manage(self.env, *args)


def _manage(env: dict[str, str], *args: str) -> str:
    __tracebackhide__ = True  # the traceback would print `env`, keys and all
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0:
        pytest.fail(
            f"manage.py {' '.join(args)} exited {result.returncode}:\n"
            f"{result.stdout}\n{result.stderr}"
        )
    return result.stdout


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


class _FreshDatabases:
    """Throwaway databases for one server: PostgreSQL ones are dropped at the end."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.created: list[tuple[str, str]] = []  # (URL to connect to, database name)

    @staticmethod
    def _connect(url: str):
        """Autocommit connection to the database in `url`, or to `postgres` if it is missing."""
        import psycopg

        try:
            return psycopg.connect(url, autocommit=True)
        except psycopg.OperationalError:
            return psycopg.connect(_with_database(url, "postgres"), autocommit=True)

    def like(self, url: str, sqlite_name: str) -> str:
        """A new, empty database on the same server as `url` (SQLite: a file in tmp)."""
        if not url.startswith("postgres"):
            return f"sqlite:///{self.tmp / sqlite_name}"
        from psycopg import sql

        name = f"browser_{secrets.token_hex(6)}"
        with self._connect(url) as connection:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        self.created.append((url, name))
        return _with_database(url, name)

    def drop_all(self) -> None:
        from psycopg import sql

        for url, name in reversed(self.created):
            with self._connect(url) as connection:
                connection.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )
        self.created.clear()


def _server_env(tmp: Path, databases: _FreshDatabases) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        SECRET_KEY=secrets.token_urlsafe(50),
        ENCRYPTION_KEYS="kbrowser:" + base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        AUDIT_KEY=secrets.token_urlsafe(48),
        HTTPS="off",
        DEBUG="off",
        DATA_DIR=str(tmp),
        STATIC_ROOT=str(tmp / "static"),
        DEMO_PASSWORD=DEMO_PASSWORD,
        ALLOWED_HOSTS="127.0.0.1,localhost",
    )
    database_url = os.environ.get("DATABASE_URL", "")
    if database_url.startswith("postgres"):
        env["DATABASE_URL"] = databases.like(database_url, "practice.sqlite3")
    else:
        # Explicit, so a DATABASE_URL in a developer's .env cannot redirect the tests.
        env["DATABASE_URL"] = f"sqlite:///{tmp / 'practice.sqlite3'}"
    identity_url = os.environ.get("IDENTITY_DATABASE_URL", "")
    if identity_url:
        env["IDENTITY_DATABASE_URL"] = databases.like(identity_url, "identity.sqlite3")
    else:
        env["IDENTITY_DATABASE_URL"] = ""  # explicit: one database
    return env


def _wait_until_up(process: subprocess.Popen, url: str, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    last_error: object = None
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
                last_error = f"HTTP {response.status}"
        except (urllib.error.URLError, OSError) as error:
            last_error = error
        time.sleep(0.2)
    _stop(process)
    pytest.fail(
        f"The app server did not answer 200 at {url} within {STARTUP_TIMEOUT}s "
        f"(exit code {process.returncode}, last error: {last_error}).\n"
        f"Server stderr:\n{log.read_text(errors='replace')}"
    )


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    tmp = Path(tempfile.mkdtemp(prefix="practice-browser-"))
    databases = _FreshDatabases(tmp)
    process = None
    try:
        env = _server_env(tmp, databases)
        _manage(env, "migrate_all")
        _manage(env, "collectstatic", "--no-input", "-v0")
        DEMO_SECRETS.update(_parse_demo_secrets(_manage(env, "seed_demo")))

        port = _free_port()
        base_url = f"http://127.0.0.1:{port}"
        log = tmp / "gunicorn-stderr.log"
        with log.open("w") as stderr:  # a file, not a pipe nobody drains
            process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "config.wsgi"]
                + ["--bind", f"127.0.0.1:{port}", "--workers", "2"],
                cwd=PROJECT_DIR,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
            )
        _wait_until_up(process, f"{base_url}/accounts/login/", log)
        yield Server(base_url=base_url, env=env)
    finally:
        if process is not None:
            _stop(process)
        databases.drop_all()
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="session")
def base_url(server: Server) -> str:
    return server.base_url


@pytest.fixture(scope="session")
def manage(server: Server):
    return server.manage


@pytest.fixture(scope="module")
def worker(server: Server):
    """The background worker beside the web server, as `make run` starts it."""
    process = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--interval", "0.5", "--no-startup-delay"],
        cwd=PROJECT_DIR,
        env=server.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    yield process
    process.terminate()
    process.wait(timeout=10)


# --- The browser -----------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Browser tests need Chromium at {CHROMIUM}: install it with "
            "`apt-get install -y chromium` (Playwright's own browser download is not used).",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    # Playwright's sync API keeps an event loop running in this thread for the rest of the
    # session, and Django then refuses database access from it as if it were async code.
    # The tests that share this worker afterwards (xdist) are plain synchronous tests.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()
    finally:
        playwright.stop()
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def artifact_path(name: str) -> Path:
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in name)
    return ARTIFACTS_DIR / f"{safe}.png"


@pytest.fixture
def page(browser, request: pytest.FixtureRequest):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        yield page
        report = getattr(request.node, "report_call", None)
        if report is not None and report.failed:
            page.screenshot(path=str(artifact_path(request.node.name)), full_page=True)
    finally:
        context.close()


# --- Helpers ---------------------------------------------------------------------------


def _parse_demo_secrets(seed_output: str) -> dict[str, str]:
    found = {}
    for line in seed_output.splitlines():
        if "authenticator key (TOTP):" in line:
            username = line.split()[0]
            found[username] = line.rsplit(":", 1)[1].strip()
    return found


def totp_code(secret: str, step: int) -> str:
    """RFC 6238 TOTP (SHA-1, 30 s, 6 digits), as an authenticator app computes it."""
    import hashlib
    import hmac
    import struct

    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


def next_totp_code(username: str) -> str:
    """A code the server will accept: never one already used (replays are refused), so
    a quick second sign-in takes the next 30-second step, waiting if it must."""
    now_step = int(time.time()) // 30
    step = max(now_step, _LAST_STEP.get(username, -1) + 1)
    while step > int(time.time()) // 30 + 1:  # the server accepts one step ahead at most
        time.sleep(1)
    _LAST_STEP[username] = step
    return totp_code(DEMO_SECRETS[username], step)


def _signed_in_at(page) -> bool:
    return "/accounts/login/" not in page.url and "/account/two-factor/" not in page.url


def sign_in(
    page,
    base_url: str,
    username: str,
    password: str,
    *,
    second_factor: bool = True,
    through_the_forms: bool = False,
):
    """Sign in with the password and, unless told not to, the code from the demo secret.

    With the demo password and both factors, a role that signed in earlier in the run takes
    up its session again (checked by loading the home page: a session that was signed out or
    ended meanwhile signs in afresh). A test of the sign-in itself passes
    `through_the_forms=True` (or another password, or stops at the password step)."""
    reusable = second_factor and password == DEMO_PASSWORD and not through_the_forms
    if reusable and username in _SIGNED_IN:
        page.context.add_cookies(_SIGNED_IN[username])
        page.goto(f"{base_url}/")
        page.wait_for_load_state()
        if _signed_in_at(page):
            return
        page.context.clear_cookies()
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    if second_factor and "/account/two-factor/" in page.url:
        page.get_by_label("Code").fill(next_totp_code(username))
        page.get_by_role("button", name="Continue").click()
        page.wait_for_load_state()
    if reusable and _signed_in_at(page):
        _SIGNED_IN[username] = page.context.cookies()
