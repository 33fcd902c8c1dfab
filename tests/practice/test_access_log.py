"""The access log `make run` writes carries no link token and no search term."""

from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from gunicorn.config import Config

from practice.access_log import RedactingLogger, redact_url

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "c7x2ka-0123456789abcdef0123456789abcdef"
SIGNING = "Zq3v9wXyZq3v9wXyZq3v9wXyZq3v9wXy"


@pytest.mark.parametrize(
    ("url", "secret"),
    [
        (f"/accounts/password-reset/MQ/{TOKEN}/", TOKEN),
        (f"/sign/{SIGNING}/", SIGNING),
        (f"/sign/{SIGNING}/contract.pdf", SIGNING),
        ("/caseload/?q=Testclient", "Testclient"),
        (f"https://practice.example.org/sign/{SIGNING}/?x=1", SIGNING),
    ],
)
def test_redact_url_drops_tokens_and_queries(url, secret):
    assert secret not in redact_url(url)


def test_uuid_references_stay_readable():
    ref = "/clients/2f1c2b7e-9a55-4c1d-9b8e-1d2a3b4c5d6e/"
    assert redact_url(ref) == ref


def test_the_logger_make_run_uses_writes_no_secret(capsys):
    makefile = (ROOT / "Makefile").read_text()
    assert "--logger-class practice.access_log.RedactingLogger" in makefile
    config = Config()
    config.set("accesslog", "-")
    logger = RedactingLogger(config)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/sign/{SIGNING}/?q=Testclient",
        "PATH_INFO": f"/sign/{SIGNING}/",
        "QUERY_STRING": "q=Testclient",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": f"http://127.0.0.1:8000/accounts/password-reset/MQ/{TOKEN}/",
        "HTTP_USER_AGENT": "test",
    }
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    logger.access(response, request, environ, timedelta(milliseconds=5))
    line = capsys.readouterr().out
    assert "GET /sign/[redacted]/?[redacted] HTTP/1.1" in line
    for secret in (SIGNING, TOKEN, "Testclient"):
        assert secret not in line
