import pytest

from cvimprover.core.errors import AuthenticationFailed
from cvimprover.core.users.commands import LogoutRequest, RefreshRequest


@pytest.fixture
def signed_up(accounts):
    return accounts.sign_up()


def _refresh(accounts, token):
    return accounts.refresh_tokens.execute(RefreshRequest(token))


def test_logging_out_revokes_the_whole_family(accounts, signed_up):
    newest = _refresh(accounts, signed_up.tokens.refresh)
    accounts.clock.advance(minutes=3)

    accounts.log_out.execute(LogoutRequest(newest.refresh))

    sessions = accounts.sessions_of(signed_up.user.id)
    assert len(sessions) == 2
    assert all(session.revoked_at == accounts.clock.now() for session in sessions)
    with pytest.raises(AuthenticationFailed):
        _refresh(accounts, newest.refresh)


def test_an_older_token_of_the_family_also_logs_it_out(accounts, signed_up):
    newest = _refresh(accounts, signed_up.tokens.refresh)

    accounts.log_out.execute(LogoutRequest(signed_up.tokens.refresh))

    with pytest.raises(AuthenticationFailed):
        _refresh(accounts, newest.refresh)


def test_logging_out_leaves_other_logins_alone(accounts, signed_up):
    other_device = accounts.log_in_as()

    accounts.log_out.execute(LogoutRequest(signed_up.tokens.refresh))

    assert _refresh(accounts, other_device.tokens.refresh).refresh


def test_logging_out_twice_is_fine_and_keeps_the_first_revocation_time(accounts, signed_up):
    accounts.log_out.execute(LogoutRequest(signed_up.tokens.refresh))
    first = accounts.clock.now()
    accounts.clock.advance(minutes=1)

    accounts.log_out.execute(LogoutRequest(signed_up.tokens.refresh))

    [session] = accounts.sessions_of(signed_up.user.id)
    assert session.revoked_at == first


@pytest.mark.parametrize("token", [None, ""])
def test_logging_out_without_a_token_succeeds_and_touches_nothing(accounts, signed_up, token):
    opened = len(accounts.uow.units)

    accounts.log_out.execute(LogoutRequest(token))

    assert len(accounts.uow.units) == opened


def test_logging_out_with_junk_succeeds_and_revokes_nothing(accounts, signed_up):
    accounts.log_out.execute(LogoutRequest("junk"))
    accounts.log_out.execute(LogoutRequest(signed_up.tokens.access))

    assert not accounts.sessions_of(signed_up.user.id)[0].is_spent


def test_logging_out_with_an_expired_token_succeeds(accounts, signed_up):
    accounts.clock.advance(days=8)

    accounts.log_out.execute(LogoutRequest(signed_up.tokens.refresh))
