"""The fakes keep the promises of the ports they stand in for."""

from datetime import timedelta

import pytest

from cvimprover.core.errors import AuthenticationFailed, Conflict
from cvimprover.core.users.model import User
from cvimprover.ports.security import AccessClaims, RefreshClaims
from tests.unit.fakes import FakeClock, FakeTokenService, FakeUnitOfWorkFactory, InMemoryStore


def _user(username: str = "alice", email: str = "alice@example.com") -> User:
    return User(username=username, email=email, password_hash="x", date_joined=FakeClock().now())


@pytest.fixture
def uow() -> FakeUnitOfWorkFactory:
    return FakeUnitOfWorkFactory(InMemoryStore())


def test_changes_are_kept_only_when_committed(uow):
    with uow() as unit:
        unit.users.add(_user())
    with uow() as unit:
        assert unit.users.get_by_username("alice") is None
    assert not uow.units[0].committed
    assert uow.units[0].rolled_back


def test_committed_changes_are_seen_by_later_units_of_work(uow):
    with uow() as unit:
        unit.users.add(_user())
        unit.commit()
    with uow() as unit:
        found = unit.users.get_by_email("ALICE@example.COM")
        assert found is not None
        assert found.id == 1


def test_changes_after_a_commit_are_discarded_without_another(uow):
    with uow() as unit:
        unit.users.add(_user())
        unit.commit()
        unit.users.add(_user("bob", "bob@example.com"))
    with uow() as unit:
        assert unit.users.get_by_username("bob") is None


def test_the_user_store_refuses_a_second_user_with_the_same_name_in_another_case(uow):
    with uow() as unit:
        unit.users.add(_user())
        with pytest.raises(Conflict):
            unit.users.add(_user("ALICE", "other@example.com"))


def test_tokens_are_refused_after_their_expiry_and_as_the_other_kind():
    clock = FakeClock()
    tokens = FakeTokenService(clock)
    access = tokens.issue_access(AccessClaims(1, 1), clock.now())
    refresh = tokens.issue_refresh(RefreshClaims(1, 1, "jti", "family"), clock.now())
    assert tokens.decode_access(access.value) == AccessClaims(1, 1)
    assert tokens.decode_refresh(refresh.value) == RefreshClaims(1, 1, "jti", "family")
    with pytest.raises(AuthenticationFailed):
        tokens.decode_refresh(access.value)
    with pytest.raises(AuthenticationFailed):
        tokens.decode_access(refresh.value)
    clock.advance(timedelta(minutes=15))
    with pytest.raises(AuthenticationFailed):
        tokens.decode_access(access.value)
