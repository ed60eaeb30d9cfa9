"""HTTP response headers that every page gets."""

from __future__ import annotations

from flask import Flask, Response
from werkzeug.middleware.proxy_fix import ProxyFix

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "img-src 'self' data:",
    "style-src 'self'",
    "script-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
])


class CaseInsensitiveHost:
    """Host names are case-insensitive (RFC 9110 4.2.3), Werkzeug's ``TRUSTED_HOSTS`` check is not:
    ``LANDA.EXAMPLE.SE`` is lower-cased before Flask compares it, so it is served, not refused with 400."""

    def __init__(self, wsgi_app) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        host = environ.get("HTTP_HOST")
        if host:
            environ["HTTP_HOST"] = host.lower()
        return self.wsgi_app(environ, start_response)


def init_app(app: Flask) -> None:
    hops = app.config.get("LANDA_PROXY_HOPS", 0)
    if hops:
        # Behind a TLS proxy every request comes from the proxy's address: without this, the per-address limits
        # and the sign-in throttle would count every visitor as one (and one guesser would stop everybody).
        # Only the given number of proxies is trusted, so a client cannot choose its address with the header.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)
    app.wsgi_app = CaseInsensitiveHost(app.wsgi_app)

    @app.after_request
    def security_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if app.config["LANDA_ENV"] == "production":
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response
