"""Links in mails and documents come from APP_BASE_URL, never from the request's Host."""

from __future__ import annotations

from backoffice.links import public_url


def test_links_use_the_configured_base_url_whatever_the_host_header(app):
    app.config["APP_BASE_URL"] = "https://backoffice.example.com/app"
    try:
        with app.test_request_context("/", headers={"Host": "evil.example"}):
            url = public_url("tickets.detail", number="HD-2026-00042")
        with app.app_context():  # a scheduler job: no request at all
            same = public_url("tickets.detail", number="HD-2026-00042")
    finally:
        app.config["APP_BASE_URL"] = "http://127.0.0.1:5000"
    assert url == same == "https://backoffice.example.com/app/tickets/HD-2026-00042"
