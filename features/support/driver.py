"""One way for the steps to talk to the API, whether it runs in-process or on a server.

`InProcessApi` drives the Falcon app through `falcon.testing`; `HttpApi` drives a running
server over HTTP. Neither keeps cookies between requests: a step sends exactly what it names.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import httpx
from falcon import testing


@dataclass(frozen=True)
class Answer:
    """What the API said: the status, the headers (case-insensitive) and the JSON body."""

    status: int
    headers: Mapping[str, str]
    json: Any


class Api(Protocol):
    """Sends one request to the API and returns its answer."""

    def request(
        self,
        method: str,
        path: str,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
        cookies: Mapping[str, str] | None = None,
    ) -> Answer: ...


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
    ) -> Answer:
        result = self._client.simulate_request(
            method, path, json=json, headers=dict(headers or {}), cookies=dict(cookies or {})
        )
        return Answer(result.status_code, result.headers, result.json)


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
    ) -> Answer:
        sent = dict(headers or {})
        if cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
        self._client.cookies.clear()  # what one step was given must not leak into the next
        response = self._client.request(method, path, json=json, headers=sent)
        body = response.json() if response.content else None
        return Answer(response.status_code, response.headers, body)

    def close(self) -> None:
        self._client.close()
