"""Authenticate with a read cache: session state is read once per change of the user."""

import pytest

from cvimprover.core.errors import AuthenticationFailed
from cvimprover.core.users.commands import AccessCheck
from cvimprover.core.users.use_cases.authenticate import Authenticate
from cvimprover.ports.read_cache import ReadCache, Scope


class DictReadCache(ReadCache):
    """A read cache that hears of every change (`changed`), or of none (`connected=False`)."""

    def __init__(self, *, connected: bool = True) -> None:
        self.connected = connected
        self.generations: dict[int, int] = {}
        self.values: dict[tuple[int, str], object] = {}

    def generation(self, user_id: int) -> int | None:
        return self.generations.get(user_id, 0) if self.connected else None

    def get(self, user_id: int, key: str) -> object | None:
        return self.values.get((user_id, key))

    def put(
        self,
        user_id: int,
        key: str,
        value: object,
        *,
        generation: int,
        size: int,
        scope: Scope = "answers",
    ) -> None:
        if self.connected and generation == self.generations.get(user_id, 0):
            self.values[(user_id, key)] = value

    def changed(self, user_id: int) -> None:
        self.generations[user_id] = self.generations.get(user_id, 0) + 1
        self.values = {key: value for key, value in self.values.items() if key[0] != user_id}


def _authenticate(accounts, cache: DictReadCache) -> Authenticate:
    return Authenticate(accounts.uow, accounts.tokens, cache)


def _reads(accounts, check: Authenticate, token: str) -> int:
    """How many units of work one check opened."""
    before = len(accounts.uow.units)
    check.execute(AccessCheck(token))
    return len(accounts.uow.units) - before


def test_a_user_is_read_once_until_they_change(accounts) -> None:
    cache = DictReadCache()
    check = _authenticate(accounts, cache)
    signed_up = accounts.sign_up()
    token = signed_up.tokens.access

    assert _reads(accounts, check, token) == 1
    assert _reads(accounts, check, token) == 0

    cache.changed(signed_up.user.id)
    assert _reads(accounts, check, token) == 1


def test_without_change_notifications_every_check_reads(accounts) -> None:
    check = _authenticate(accounts, DictReadCache(connected=False))
    token = accounts.sign_up().tokens.access

    assert _reads(accounts, check, token) == 1
    assert _reads(accounts, check, token) == 1


def test_an_ended_session_is_refused_once_the_cache_hears_of_it(accounts) -> None:
    cache = DictReadCache()
    check = _authenticate(accounts, cache)
    signed_up = accounts.sign_up()
    check.execute(AccessCheck(signed_up.tokens.access))

    accounts.change_user(signed_up.user.id, session_version=2)  # a password change elsewhere
    cache.changed(signed_up.user.id)

    with pytest.raises(AuthenticationFailed):
        check.execute(AccessCheck(signed_up.tokens.access))
