import pytest

from cvimprover.core.errors import AuthenticationFailed, NotFound
from cvimprover.core.users.commands import (
    AccessCheck,
    AccountDeletion,
    ProfileQuery,
    RefreshRequest,
)


@pytest.fixture
def alice(accounts):
    return accounts.sign_up()


def _delete(accounts, user_id):
    accounts.delete_account.execute(AccountDeletion(user_id))


def test_deleting_removes_the_user(accounts, alice):
    _delete(accounts, alice.user.id)

    assert accounts.stored_user(alice.user.id) is None
    with pytest.raises(NotFound):
        accounts.get_profile.execute(ProfileQuery(alice.user.id))


def test_deleting_removes_the_users_sessions_and_mailed_tokens(accounts, alice):
    _delete(accounts, alice.user.id)

    assert accounts.sessions_of(alice.user.id) == []
    assert accounts.tokens_of(alice.user.id) == []


def test_the_deleted_users_tokens_stop_working_at_once(accounts, alice):
    _delete(accounts, alice.user.id)

    with pytest.raises(AuthenticationFailed):
        accounts.authenticate.execute(AccessCheck(alice.tokens.access))
    with pytest.raises(AuthenticationFailed):
        accounts.refresh_tokens.execute(RefreshRequest(alice.tokens.refresh))
    with pytest.raises(AuthenticationFailed):
        accounts.log_in_as()


def test_the_username_and_email_are_free_again(accounts, alice):
    _delete(accounts, alice.user.id)

    assert accounts.sign_up().user.id != alice.user.id


def test_deleting_leaves_other_users_alone(accounts, alice):
    bob = accounts.sign_up("bob", "bob@example.com")

    _delete(accounts, alice.user.id)

    assert accounts.authenticate.execute(AccessCheck(bob.tokens.access)).user_id == bob.user.id
    assert len(accounts.sessions_of(bob.user.id)) == 1


def test_deleting_an_unknown_user_is_not_found(accounts):
    with pytest.raises(NotFound):
        _delete(accounts, 999)
