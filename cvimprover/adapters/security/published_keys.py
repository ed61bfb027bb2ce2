"""A provider's published signing keys (a JWKS URL), cached the way the provider says."""

import json
import re
import threading
import time
import urllib.request
from collections.abc import Callable
from typing import Any

from joserfc.errors import JoseError
from joserfc.jwk import RSAKey

from cvimprover.core.errors import DependencyUnavailable

UNAVAILABLE = "Google's signing keys cannot be fetched; try again in a moment."
MAX_AGE = re.compile(r"(?:^|,)\s*max-age\s*=\s*(\d+)", re.IGNORECASE)
DEFAULT_MAX_AGE = 300.0
"""Seconds to keep keys served without a max-age."""
LONGEST_MAX_AGE = 24 * 3600.0
UNKNOWN_KID_COOLDOWN = 60.0
"""Least time between two fetches made because a token named a key we do not have."""
FAILED_FETCH_BACKOFF = 10.0
"""With no keys at all, a failed fetch is not tried again for this long: sign-ins during
an outage fail fast instead of queueing behind one another's timeouts."""


def _download(url: str, timeout: float) -> tuple[bytes, str]:
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
        return response.read(1_000_000), response.headers.get("Cache-Control", "")


class PublishedKeys:
    """RSA public keys by key id, fetched from `url` and kept for the response's
    Cache-Control max-age.

    A key id we do not know may mean the provider rotated its keys early: that fetches
    again, but once per unknown id and at most once a minute, so tokens naming made-up
    key ids cannot make us hammer the provider. If a fetch fails, keys already held keep
    serving; with none at all the caller gets `DependencyUnavailable`.
    """

    def __init__(
        self,
        url: str,
        *,
        timeout: float = 5.0,
        monotonic: Callable[[], float] = time.monotonic,
        download: Callable[[str, float], tuple[bytes, str]] = _download,
    ) -> None:
        self._url = url
        self._timeout = timeout
        self._monotonic = monotonic
        self._download = download
        self._lock = threading.Lock()
        self._keys: dict[str, RSAKey] = {}
        self._fresh_until = float("-inf")
        self._last_unknown_fetch = float("-inf")
        self._tried_kids: set[str] = set()

    def get(self, kid: str) -> RSAKey | None:
        with self._lock:
            now = self._monotonic()
            if not self._keys and now < self._fresh_until:
                raise DependencyUnavailable(UNAVAILABLE)
            if now >= self._fresh_until:
                self._tried_kids.clear()
                self._fetch(now)
            elif kid not in self._keys and self._may_fetch_for(kid, now):
                self._tried_kids.add(kid)
                self._last_unknown_fetch = now
                self._fetch(now)
            return self._keys.get(kid)

    def _may_fetch_for(self, kid: str, now: float) -> bool:
        return kid not in self._tried_kids and now - self._last_unknown_fetch >= (
            UNKNOWN_KID_COOLDOWN
        )

    def _fetch(self, now: float) -> None:
        try:
            body, cache_control = self._download(self._url, self._timeout)
            self._keys = _rsa_keys(json.loads(body))
        except (OSError, ValueError, TypeError, KeyError, JoseError):
            self._fresh_until = now + (DEFAULT_MAX_AGE if self._keys else FAILED_FETCH_BACKOFF)
            if not self._keys:
                raise DependencyUnavailable(UNAVAILABLE) from None
            return  # the keys held keep serving; try again later
        self._fresh_until = now + _max_age(cache_control)


def _rsa_keys(document: dict[str, Any]) -> dict[str, RSAKey]:
    keys: dict[str, RSAKey] = {}
    for entry in document["keys"]:
        if entry.get("kty") == "RSA" and entry.get("kid") and entry.get("use", "sig") == "sig":
            public = {name: entry[name] for name in ("kty", "n", "e", "kid")}
            keys[entry["kid"]] = RSAKey.import_key(public)
    if not keys:
        raise ValueError("no RSA signing keys")
    return keys


def _max_age(cache_control: str) -> float:
    found = MAX_AGE.search(cache_control)
    return min(float(found.group(1)), LONGEST_MAX_AGE) if found else DEFAULT_MAX_AGE
