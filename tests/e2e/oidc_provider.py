"""A throw-away OpenID Connect provider on loopback, for browser tests of Streamlit's st.login.

It does what Keycloak or Entra ID do for Pramern, in the smallest form: discovery
(/.well-known/openid-configuration), a sign-in page (/authorize: a form asking for the e-mail, no
password), the authorization code sent back to the app's redirect_uri, the token endpoint (client
secret checked, an RS256 ID token carrying the nonce the app sent) and its public key (/jwks).
Every request is recorded, so a test can tell which steps happened. Nothing leaves the machine.
"""

from __future__ import annotations

import base64
import html
import json
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from joserfc import jwt
from joserfc.jwk import RSAKey

from analytics.devservers import LOOPBACK

EMAIL_FIELD = "Work e-mail"
SUBMIT = "Sign in at the provider"


@dataclass
class Provider:
    """The provider's address, its one client (Pramern) and what it has seen."""

    url: str
    client_id: str
    client_secret: str
    key: RSAKey
    codes: dict[str, dict[str, Any]] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)
    issued: list[str] = field(default_factory=list)  # the e-mails ID tokens were issued for

    @property
    def metadata_url(self) -> str:
        return f"{self.url}/.well-known/openid-configuration"

    def secrets_toml(self, redirect_uri: str, cookie_secret: str) -> str:
        """The [auth] section of .streamlit/secrets.toml for an app served at redirect_uri's origin."""
        return "\n".join(["[auth]", f'redirect_uri = "{redirect_uri}"', f'cookie_secret = "{cookie_secret}"',
                          f'client_id = "{self.client_id}"', f'client_secret = "{self.client_secret}"',
                          f'server_metadata_url = "{self.metadata_url}"', ""])


def _handler(provider: Provider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
            provider.requests.append(f"{self.command} {self.path.split('?')[0]}")

        def _json(self, body: dict[str, Any], status: int = 200) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _html(self, body: str) -> None:
            data = f"<!doctype html><html><head><meta charset='utf-8'><title>Provider</title></head>" \
                   f"<body>{body}</body></html>".encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            parts = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            if parts.path == "/.well-known/openid-configuration":
                self._json({"issuer": provider.url, "authorization_endpoint": f"{provider.url}/authorize",
                            "token_endpoint": f"{provider.url}/token", "jwks_uri": f"{provider.url}/jwks",
                            "response_types_supported": ["code"], "subject_types_supported": ["public"],
                            "id_token_signing_alg_values_supported": ["RS256"],
                            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
                            "scopes_supported": ["openid", "email", "profile"]})
            elif parts.path == "/jwks":
                self._json({"keys": [provider.key.as_dict(private=False)]})
            elif parts.path == "/authorize":
                if query.get("client_id") != provider.client_id or query.get("response_type") != "code":
                    self._json({"error": "invalid_request"}, 400)
                    return
                hidden = "".join(f"<input type='hidden' name='{k}' value='{html.escape(query.get(k, ''), quote=True)}'>"
                                 for k in ("redirect_uri", "state", "nonce"))
                self._html(f"<h1>Department sign-in</h1><form method='get' action='/approve'>{hidden}"
                           f"<label>{EMAIL_FIELD} <input name='email' type='email'></label>"
                           f"<button type='submit'>{SUBMIT}</button></form>")
            elif parts.path == "/approve":
                code = secrets.token_urlsafe(16)
                provider.codes[code] = {"email": query.get("email", ""), "nonce": query.get("nonce"),
                                        "redirect_uri": query.get("redirect_uri", "")}
                self.send_response(302)
                self.send_header("Location", f"{query.get('redirect_uri', '')}?"
                                             + urlencode({"code": code, "state": query.get("state", "")}))
                self.end_headers()
            else:
                self._json({"error": "not_found"}, 404)

        def do_POST(self) -> None:  # noqa: N802
            if urlsplit(self.path).path != "/token":
                self._json({"error": "not_found"}, 404)
                return
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(int(self.headers.get("Content-Length") or 0))
                                                 .decode()).items()}
            client_id, client_secret = form.get("client_id"), form.get("client_secret")
            basic = self.headers.get("Authorization", "")
            if basic.startswith("Basic "):
                client_id, _, client_secret = base64.b64decode(basic[6:]).decode().partition(":")
            granted = provider.codes.pop(form.get("code", ""), None)
            if (client_id, client_secret) != (provider.client_id, provider.client_secret):
                self._json({"error": "invalid_client"}, 401)
                return
            if granted is None or granted["redirect_uri"] != form.get("redirect_uri"):
                self._json({"error": "invalid_grant"}, 400)
                return
            now = int(time.time())
            claims = {"iss": provider.url, "sub": granted["email"], "aud": provider.client_id, "iat": now,
                      "exp": now + 600, "email": granted["email"], "email_verified": True,
                      "name": granted["email"].split("@")[0]}
            if granted["nonce"]:
                claims["nonce"] = granted["nonce"]
            token = jwt.encode({"alg": "RS256", "kid": provider.key.kid}, claims, provider.key)
            provider.issued.append(granted["email"])
            self._json({"access_token": secrets.token_urlsafe(24), "token_type": "Bearer", "expires_in": 600,
                        "id_token": token, "scope": "openid email profile"})

    return Handler


@contextmanager
def oidc_provider() -> Iterator[Provider]:
    """The provider on a free loopback port, served on a thread until the block ends."""
    key = RSAKey.generate_key(2048, parameters={"kid": "pramern-test", "use": "sig", "alg": "RS256"})
    server = ThreadingHTTPServer((LOOPBACK, 0), BaseHTTPRequestHandler)
    provider = Provider(f"http://{LOOPBACK}:{server.server_address[1]}", "pramern",
                        secrets.token_urlsafe(24), key)
    server.RequestHandlerClass = _handler(provider)
    thread = threading.Thread(target=server.serve_forever, name="oidc-provider", daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
