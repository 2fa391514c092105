"""The desk's guard: Host header, access token, CSRF token, headers on every answer.

* **Host** (DNS rebinding): a request whose ``Host`` is not the address the desk
  serves on (or ``localhost``/``127.0.0.1``/``[::1]`` with its port), or that has no
  ``Host`` or more than one (whatever the HTTP server in front lets through), is refused (400).
* **Token** (``--token``, required off loopback; 12 or more URL-safe characters): every request carries it, as
  ``?token=`` (the first visit; it is then kept in an HttpOnly cookie), the
  ``bipub_desk_token`` cookie or an ``Authorization: Bearer`` header; else 401.
* **CSRF**: every request that writes (POST, PUT, PATCH, DELETE) carries the
  per-process CSRF token embedded in the page, in the ``X-CSRF-Token`` header;
  else 403.  A cross-site form cannot set that header, and cannot read the page.
* **Other sites** (``Sec-Fetch-Site: cross-site`` or ``same-site``, e.g. a page on another port
  of this machine): only a link to the desk's page ``/`` is followed; every other request is refused
  (403) — a GET too, since some GETs make the desk work (render a PDF, open a model).
* Answers carry a Content-Security-Policy without inline scripts or other
  origins, ``X-Content-Type-Options: nosniff`` and ``Referrer-Policy: no-referrer``.
"""

from __future__ import annotations

import hmac
import re
import secrets

from starlette.responses import PlainTextResponse

from bipub.findings import ConfigError

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
COOKIE = "bipub_desk_token"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "frame-src 'self'; object-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'")


def check_serving(host: str, token: str | None) -> None:
    """ConfigError for an address or a token the desk could not work with: an address that means
    "every interface" (browsers then send a ``Host`` the guard cannot know, and every request would
    be refused), a token that does not survive the URL and cookie it travels in, or a short one."""
    if host in ("0.0.0.0", "::", ""):
        raise ConfigError(f"--host {host or '(empty)'}: give the address the newsroom types in the browser "
                          "(e.g. --host 10.1.2.3); the desk answers only requests addressed to it (DNS rebinding)")
    if token is not None and not re.fullmatch(r"[A-Za-z0-9._~-]{12,}", token):
        raise ConfigError("--token: use 12 or more letters, digits, '-', '_', '.' or '~' (it travels in the URL and "
                          "a cookie), e.g. --token \"$(openssl rand -hex 16)\"")


def allowed_hosts(host: str, port: int) -> set[str]:
    names = {host, "127.0.0.1", "localhost", "[::1]"} if host in ("127.0.0.1", "localhost", "::1") else {host}
    names = {f"[{h}]" if ":" in h and not h.startswith("[") else h for h in names}
    return {f"{h}:{port}" for h in names} | ({*names} if port == 80 else set())


class Guard:
    """ASGI middleware enforcing the rules above."""

    def __init__(self, app, *, hosts: set[str], token: str | None, csrf: str):
        self.app, self.hosts, self.token, self.csrf = app, {h.lower() for h in hosts}, token, csrf

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        refusal = self.refuse(scope, headers)
        if refusal is not None:
            return await refusal(scope, receive, send)
        set_cookie = self.token is not None and not _same(_cookie(headers, COOKIE), self.token)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                extra = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
                         (b"referrer-policy", b"no-referrer"), (b"cache-control", b"no-store")]
                if set_cookie:
                    extra.append((b"set-cookie", f"{COOKIE}={self.token}; HttpOnly; SameSite=Strict; Path=/".encode()))
                message = {**message, "headers": list(message.get("headers", [])) + extra}
            await send(message)

        return await self.app(scope, receive, send_with_headers)

    def refuse(self, scope, headers: dict):
        hosts = [v for k, v in scope["headers"] if k.lower() == b"host"]  # two Host headers: which one counts?
        if len(hosts) != 1 or headers["host"].lower() not in self.hosts:
            return PlainTextResponse("refused: unknown Host header (the desk answers only on its own address)", 400)
        if headers.get("sec-fetch-site") in ("cross-site", "same-site") and not _link_to_desk(scope, headers):
            return PlainTextResponse("refused: request from another site (open the desk from its address)", 403)
        if self.token is not None and not any(_same(t, self.token) for t in _tokens(scope, headers)):
            return PlainTextResponse("refused: this desk needs its access token (?token=…)", 401)
        if scope["method"] in WRITE_METHODS:
            if not _same(headers.get("x-csrf-token", ""), self.csrf):
                return PlainTextResponse("refused: missing or wrong CSRF token; reload the page", 403)
            origin = headers.get("origin")
            if origin and origin.split("://", 1)[-1].lower() not in self.hosts:
                return PlainTextResponse("refused: request from another site", 403)
        return None


def _link_to_desk(scope, headers: dict) -> bool:
    """A link on another page (an intranet portal) that opens the desk itself: the one request
    another site may make.  Anything else it makes (an ``<img>`` of the PDF, a ``fetch`` of a machine
    draft: work the desk does on a GET) is refused; browsers say where a request comes from in
    ``Sec-Fetch-Site``."""
    return scope["method"] == "GET" and scope["path"] == "/" and headers.get("sec-fetch-mode") == "navigate"


def new_token() -> str:
    return secrets.token_urlsafe(24)


def _same(a: str | None, b: str) -> bool:
    return a is not None and hmac.compare_digest(a.encode(), b.encode())


def _cookie(headers: dict, name: str) -> str | None:
    for part in headers.get("cookie", "").split(";"):
        k, _, v = part.strip().partition("=")
        if k == name:
            return v
    return None


def _tokens(scope, headers: dict) -> list[str]:
    from urllib.parse import parse_qs

    found = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token", [])
    auth = headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        found.append(auth[7:].strip())
    c = _cookie(headers, COOKIE)
    return found + ([c] if c else [])
