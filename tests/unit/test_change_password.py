import pytest

from cvimprover.core.errors import AuthenticationFailed, InvalidInput, NotFound
from cvimprover.core.users.commands import AccessCheck, PasswordChange, RefreshRequest
from tests.unit.bootstrap import PASSWORD
from tests.unit.fakes import TOO_SIMILAR

NEW_PASSWORD = "a brand new secret"


@pytest.fixture
def alice(accounts):
    return accounts.sign_up()


def _change(accounts, user_id, old=PASSWORD, new1=NEW_PASSWORD, new2=None):
    return accounts.change_password.execute(
        PasswordChange(user_id, old, new1, new1 if new2 is None else new2)
    )


def test_the_new_password_replaces_the_old_one(accounts, alice):
    _change(accounts, alice.user.id)

    assert accounts.log_in_as(password=NEW_PASSWORD).user.id == alice.user.id
    with pytest.raises(AuthenticationFailed):
        accounts.log_in_as(password=PASSWORD)


def test_the_old_password_must_be_given(accounts, alice):
    before = accounts.stored_user(alice.user.id).password_hash

    with pytest.raises(InvalidInput) as refused:
        _change(accounts, alice.user.id, old="not my password")

    assert refused.value.errors == {"old_password": ["Your old password was entered incorrectly."]}
    assert accounts.stored_user(alice.user.id).password_hash == before
    assert accounts.authenticate.execute(AccessCheck(alice.tokens.access)).user_id == alice.user.id


def test_mismatched_new_passwords_are_refused_on_the_second_field(accounts, alice):
    with pytest.raises(InvalidInput) as refused:
        _change(accounts, alice.user.id, new2=NEW_PASSWORD + "!")

    assert set(refused.value.errors) == {"new_password2"}


def test_a_short_new_password_is_refused_on_the_first_field(accounts, alice):
    with pytest.raises(InvalidInput) as refused:
        _change(accounts, alice.user.id, new1="short")

    assert set(refused.value.errors) == {"new_password1"}


def test_a_new_password_built_from_the_email_is_refused(accounts, alice):
    with pytest.raises(InvalidInput) as refused:
        _change(accounts, alice.user.id, new1="alice-in-2025!")

    assert refused.value.errors == {"new_password1": [TOO_SIMILAR]}


def test_every_other_session_ends(accounts, alice):
    other_device = accounts.log_in_as()

    _change(accounts, alice.user.id)

    for tokens in (alice.tokens, other_device.tokens):
        with pytest.raises(AuthenticationFailed):
            accounts.authenticate.execute(AccessCheck(tokens.access))
        with pytest.raises(AuthenticationFailed):
            accounts.refresh_tokens.execute(RefreshRequest(tokens.refresh))
    old_sessions = accounts.sessions_of(alice.user.id)[:2]
    assert all(session.revoked_at == accounts.clock.now() for session in old_sessions)


def test_the_caller_gets_a_new_working_session(accounts, alice):
    result = _change(accounts, alice.user.id)

    principal = accounts.authenticate.execute(AccessCheck(result.tokens.access))
    assert principal.user_id == alice.user.id
    assert principal.session_version == 2
    assert result.user.id == alice.user.id
    assert accounts.refresh_tokens.execute(RefreshRequest(result.tokens.refresh)).access


def test_changing_the_password_of_an_unknown_user_is_not_found(accounts):
    with pytest.raises(NotFound):
        _change(accounts, 999)
