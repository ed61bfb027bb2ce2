from datetime import timedelta

import pytest

from cvimprover.core.errors import AuthenticationFailed
from cvimprover.core.users.commands import AccessCheck, NewAccount
from cvimprover.core.users.model import Principal
from tests.unit.bootstrap import PASSWORD


@pytest.fixture
def signed_up(accounts):
    return accounts.sign_up()


def _check(accounts, token):
    return accounts.authenticate.execute(AccessCheck(token))


def test_a_valid_access_token_names_its_user(accounts, signed_up):
    assert _check(accounts, signed_up.tokens.access) == Principal(signed_up.user.id, 1, False)


def test_a_staff_member_is_known_as_staff(accounts):
    user_id = accounts.create_user.execute(
        NewAccount("root", "root@example.com", PASSWORD, PASSWORD, is_staff=True)
    )

    principal = _check(accounts, accounts.log_in_as("root").tokens.access)

    assert principal == Principal(user_id, 1, True)


def test_an_access_token_works_until_just_before_it_expires(accounts, signed_up):
    accounts.clock.advance(timedelta(minutes=15) - timedelta(seconds=1))

    assert _check(accounts, signed_up.tokens.access).user_id == signed_up.user.id


def test_an_expired_access_token_is_refused(accounts, signed_up):
    accounts.clock.advance(minutes=15)

    with pytest.raises(AuthenticationFailed):
        _check(accounts, signed_up.tokens.access)


@pytest.mark.parametrize("token", ["", "junk", "access|x|1|0", "Bearer something"])
def test_junk_is_refused(accounts, signed_up, token):
    with pytest.raises(AuthenticationFailed):
        _check(accounts, token)


def test_a_refresh_token_is_not_an_access_token(accounts, signed_up):
    with pytest.raises(AuthenticationFailed):
        _check(accounts, signed_up.tokens.refresh)


def test_an_inactive_users_token_is_refused(accounts, signed_up):
    accounts.change_user(signed_up.user.id, is_active=False)

    with pytest.raises(AuthenticationFailed):
        _check(accounts, signed_up.tokens.access)


def test_a_token_from_before_all_sessions_ended_is_refused(accounts, signed_up):
    accounts.change_user(signed_up.user.id, session_version=2)

    with pytest.raises(AuthenticationFailed):
        _check(accounts, signed_up.tokens.access)


def test_a_token_of_a_user_that_no_longer_exists_is_refused(accounts, signed_up):
    with accounts.uow() as uow:
        uow.users.delete(uow.users.get(signed_up.user.id))
        uow.commit()

    with pytest.raises(AuthenticationFailed):
        _check(accounts, signed_up.tokens.access)
