"""HTTP security headers applied to every response, and a guard against NUL bytes in input."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response, abort, request

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def _has_nul_byte() -> bool:
    """NUL is never meaningful in text input, and PostgreSQL refuses it (a 500 otherwise)."""
    if "\x00" in request.path:
        return True
    fields = list(request.args.items(multi=True))
    if request.method in ("POST", "PUT", "PATCH"):
        fields += request.form.items(multi=True)
    return any("\x00" in key or "\x00" in value for key, value in fields)


def init_security_headers(app: Flask) -> None:
    @app.before_request
    def refuse_nul_bytes() -> None:
        if _has_nul_byte():
            abort(400)

    @app.after_request
    def add_security_headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if app.config.get("SESSION_COOKIE_SECURE"):
            response.headers.setdefault(
                "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
            )
        return response


def safe_next_url(target: str | None) -> str | None:
    """Accept only a path on this site: no scheme, no host, no `//evil` or `\\evil`.

    Browsers drop tabs and line breaks inside URLs (`/\t/evil` becomes `//evil`), so a
    target with any control character or backslash is refused outright.
    """
    if not target:
        return None
    target = target.strip()
    if any(ord(char) < 32 or char in "\\\x7f" for char in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target
