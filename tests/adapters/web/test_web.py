"""The web server: health, security headers on every answer, a bare 404 without a live token."""

from __future__ import annotations

import pytest

from adapters.web.environment import configured_port
from adapters.web.server import SECURITY_HEADERS
from testkit.web_client import web

__all__ = ["web"]  # fixture


def assert_secured(headers: dict[str, str]) -> None:
    csp = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "default-src 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"


async def test_health_answers_with_the_security_headers(web) -> None:  # type: ignore[no-untyped-def]
    status, headers, body = await web.get("/healthz")
    assert status == 200 and b'"ok"' in body
    assert_secured(headers)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/cal/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics",  # well formed, unknown
        "/cal/short.ics",
        "/cal/..%2F..%2Fetc%2Fpasswd.ics",
        "/t/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "/desabonnement/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "/slack/events",
    ],
)
async def test_no_page_without_a_live_token(web, path: str) -> None:  # type: ignore[no-untyped-def]
    status, headers, body = await web.get(path)
    assert status in (404, 405) and body in (b"404", b"405")  # no detail
    assert_secured(headers)


async def test_a_post_that_is_too_big_is_refused(web) -> None:  # type: ignore[no-untyped-def]
    async with web.session.post(
        web.base + "/desabonnement/" + "A" * 32, data=b"x" * 100_000
    ) as response:
        assert response.status == 413
        assert response.headers["X-Frame-Options"] == SECURITY_HEADERS["X-Frame-Options"]


def test_the_port_is_read_from_the_environment(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("OUTARDE_WEB_PORT", raising=False)
    assert configured_port() is None  # off unless asked for
    monkeypatch.setenv("OUTARDE_WEB_PORT", "8080")
    assert configured_port() == 8080
    monkeypatch.setenv("OUTARDE_WEB_PORT", "huit-mille")
    with pytest.raises(SystemExit):
        configured_port()
    assert "OUTARDE_WEB_PORT=8080" in capsys.readouterr().err
