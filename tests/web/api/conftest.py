"""Fixtures for the REST API tests: a personal token per user, and a client that uses it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from oversyn.web.api.tokens import token_create


class Api:
    """Calls ``/api/v1/…`` as one user with a Bearer token (no session, no CSRF)."""

    def __init__(self, secret: str | None, lang: str = "sv") -> None:
        self.client = Client()
        self.secret = secret
        self.lang = lang

    def headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        out = {"Accept-Language": self.lang}
        if self.secret:
            out["Authorization"] = f"Bearer {self.secret}"
        return {**out, **(extra or {})}

    def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        headers: dict[str, str] | None = None,
        content_type: str = "application/json",
        **params: Any,
    ):
        url = "/api/v1" + path
        data = body if isinstance(body, str | bytes) or body is None else json.dumps(body)
        kwargs: dict[str, Any] = {"headers": self.headers(headers)}
        if method == "GET":
            return self.client.get(url, params, **kwargs)
        return getattr(self.client, method.lower())(
            url, data if data is not None else "", content_type=content_type, **kwargs
        )

    def get(self, path: str, **kw: Any):
        return self.call("GET", path, **kw)

    def post(self, path: str, body: Any = None, **kw: Any):
        return self.call("POST", path, body, **kw)

    def put(self, path: str, body: Any = None, **kw: Any):
        return self.call("PUT", path, body, **kw)

    def delete(self, path: str, **kw: Any):
        return self.call("DELETE", path, None, **kw)


@pytest.fixture
def tokens(users):
    """A write-scope secret for every user (``users`` of tests/web/conftest.py)."""
    return {name: token_create(user=u, name="test", scope="write")[1] for name, u in users.items()}


@pytest.fixture
def api(tokens):
    """``api(name)`` → an :class:`Api` calling as that user (``None``: no credentials)."""

    def make(name: str | None, lang: str = "sv") -> Api:
        return Api(tokens[name] if name else None, lang)

    return make


@pytest.fixture
def api_for():
    """``api_for(user, scope="write")`` → an :class:`Api` with a new token of ``user``'s."""

    def make(user: Any, scope: str = "write", lang: str = "sv") -> Api:
        return Api(token_create(user=user, name="test", scope=scope)[1], lang)

    return make
