from datetime import timedelta

import pytest

from cvimprover.core.errors import AuthenticationFailed
from cvimprover.core.users.commands import (
    AccessCheck,
    LogoutRequest,
    PasswordChange,
    RefreshRequest,
)
from cvimprover.ports.security import RefreshClaims
from tests.unit.bootstrap import PASSWORD


@pytest.fixture
def signed_up(accounts):
    return accounts.sign_up()


def _refresh(accounts, token):
    return accounts.refresh_tokens.execute(RefreshRequest(token))


def test_a_refresh_token_buys_a_new_working_pair(accounts, signed_up):
    accounts.clock.advance(minutes=20)

    pair = _refresh(accounts, signed_up.tokens.refresh)

    assert pair.refresh != signed_up.tokens.refresh
    assert accounts.authenticate.execute(AccessCheck(pair.access)).user_id == signed_up.user.id
    assert pair.access_expiration == accounts.clock.now() + timedelta(minutes=15)
    assert pair.refresh_expiration == accounts.clock.now() + timedelta(days=7)


def test_rotation_spends_the_old_token_and_continues_its_family(accounts, signed_up):
    accounts.clock.advance(minutes=20)

    _refresh(accounts, signed_up.tokens.refresh)

    old, new = accounts.sessions_of(signed_up.user.id)
    assert old.used_at == accounts.clock.now()
    assert new.family_id == old.family_id
    assert not new.is_spent
    assert old.revoked_at is None


def test_a_rotated_token_can_itself_be_rotated(accounts, signed_up):
    second = _refresh(accounts, signed_up.tokens.refresh)
    third = _refresh(accounts, second.refresh)

    assert accounts.authenticate.execute(AccessCheck(third.access)).user_id == signed_up.user.id
    assert len({session.family_id for session in accounts.sessions_of(signed_up.user.id)}) == 1


def test_a_replayed_refresh_token_revokes_the_family(accounts, signed_up):
    newest = _refresh(accounts, signed_up.tokens.refresh)
    accounts.clock.advance(minutes=1)

    with pytest.raises(AuthenticationFailed):
        _refresh(accounts, signed_up.tokens.refresh)

    assert all(
        session.revoked_at == accounts.clock.now()
        for session in accounts.sessions_of(signed_up.user.id)
    )
    with pytest.raises(AuthenticationFailed):
        _refresh(accounts, newest.refresh)


def test_a_replay_leaves_the_users_other_logins_alone(accounts, signed_up):
    other_device = accounts.log_in_as()
    _refresh(accounts, signed_up.tokens.refresh)

    with pytest.raises(AuthenticationFailed):
        _refresh(accounts, signed_up.tokens.refresh)

    assert _refresh(accounts, other_device.tokens.refresh).refresh


def test_a_revoked_refresh_token_is_refused(accounts, signed_up):
    accounts.log_out.execute(LogoutRequest(signed_up.tokens.refresh))

    with pytest.raises(AuthenticationFailed):
        _refresh(accounts, signed_up.tokens.refresh)


def test_a_well_signed_token_unknown_to_the_store_is_refused(accounts, signed_up):
    claims = RefreshClaims(signed_up.user.id, 1, "never-issued", "some-family")
    forged = accounts.tokens.issue_refresh(claims, accounts.clock.now())

    with pytest.raises(AuthenticationFailed):
        _refresh(accounts, forged.value)


def test_a_refresh_token_works_until_just_before_it_expires(accounts, signed_up):
    accounts.clock.advance(timedelta(days=7) - timedelta(seconds=1))

    assert _refresh(accounts, signed_up.tokens.refresh).access


def test_an_expired_refresh_token_is_refused(accounts, signed_up):
    accounts.clock.advance(days=7)

    with pytest.raises(AuthenticationFailed):
        _refresh(accounts, signed_up.tokens.refresh)


@pytest.mark.parametrize("token", ["", "junk", "refresh|1|1|a|b|not-a-time"])
def test_junk_is_refused(accounts, signed_up, token):
    with pytest.raises(AuthenticationFailed):
        _refresh(accounts, token)


def test_an_access_token_is_not_a_refresh_token(accounts, signed_up):
    with pytest.raises(AuthenticationFailed):
        _refresh(accounts, signed_up.tokens.access)


def test_refresh_tokens_from_before_a_password_change_are_refused(accounts, signed_up):
    other_device = accounts.log_in_as()
    accounts.change_password.execute(
        PasswordChange(signed_up.user.id, PASSWORD, "a brand new secret", "a brand new secret")
    )

    for token in (signed_up.tokens.refresh, other_device.tokens.refresh):
        with pytest.raises(AuthenticationFailed):
            _refresh(accounts, token)


def test_a_token_of_an_older_session_version_is_refused_even_if_never_revoked(accounts, signed_up):
    user = accounts.stored_user(signed_up.user.id)
    accounts.change_user(signed_up.user.id, session_version=user.session_version + 1)

    with pytest.raises(AuthenticationFailed):
        _refresh(accounts, signed_up.tokens.refresh)

    [session] = accounts.sessions_of(signed_up.user.id)
    assert not session.is_spent


def test_an_inactive_users_refresh_token_is_refused(accounts, signed_up):
    accounts.change_user(signed_up.user.id, is_active=False)

    with pytest.raises(AuthenticationFailed):
        _refresh(accounts, signed_up.tokens.refresh)
