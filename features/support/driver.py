"""One way for the steps to talk to the API, whether it runs in-process or on a server.

`InProcessApi` drives the Falcon app through `falcon.testing`; `HttpApi` drives a running
server over HTTP. Neither keeps cookies between requests: a step sends exactly what it names.
"""

import json as jsonlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import httpx
from falcon import testing


@dataclass(frozen=True)
class Answer:
    """What the API said: the status, the headers (case-insensitive), the JSON body (None
    when the body is not JSON) and the raw bytes of the body."""

    status: int
    headers: Mapping[str, str]
    json: Any
    content: bytes = b""


class Api(Protocol):
    """Sends one request to the API and returns its answer; `body` is sent as it is, with
    the Content-Type the headers give (see `multipart`)."""

    def request(
        self,
        method: str,
        path: str,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
        cookies: Mapping[str, str] | None = None,
        body: bytes | None = None,
    ) -> Answer: ...


def multipart(
    fields: Mapping[str, str], files: Mapping[str, tuple[str, bytes, str]]
) -> tuple[bytes, str]:
    """A multipart/form-data body, and the Content-Type that names its boundary."""
    request = httpx.Request("POST", "http://form.invalid/", data=fields, files=files)
    return request.read(), request.headers["Content-Type"]


def _parsed(content_type: str | None, content: bytes) -> Any:
    if not content or "json" not in (content_type or ""):
        return None
    return jsonlib.loads(content)


class InProcessApi(Api):
    def __init__(self, client: testing.TestClient) -> None:
        self._client = client

    def request(
        self,
        method: str,
        path: str,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
        cookies: Mapping[str, str] | None = None,
        body: bytes | None = None,
    ) -> Answer:
        result = self._client.simulate_request(
            method,
            path,
            json=json,
            body=body,
            headers=dict(headers or {}),
            cookies=dict(cookies or {}),
        )
        content = result.content
        return Answer(
            result.status_code,
            result.headers,
            _parsed(result.headers.get("content-type"), content),
            content,
        )


class HttpApi(Api):
    def __init__(self, base_url: str, timeout: float = 30.0) -> None:
        self._client = httpx.Client(base_url=base_url.rstrip("/"), timeout=timeout)

    def request(
        self,
        method: str,
        path: str,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
        cookies: Mapping[str, str] | None = None,
        body: bytes | None = None,
    ) -> Answer:
        sent = dict(headers or {})
        if cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
        self._client.cookies.clear()  # what one step was given must not leak into the next
        response = self._client.request(method, path, json=json, content=body, headers=sent)
        content = response.content
        return Answer(
            response.status_code,
            response.headers,
            _parsed(response.headers.get("content-type"), content),
            content,
        )

    def close(self) -> None:
        self._client.close()
