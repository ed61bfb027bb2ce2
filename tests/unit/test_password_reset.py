from datetime import timedelta

import pytest

from cvimprover.core.errors import AuthenticationFailed, InvalidInput
from cvimprover.core.users.commands import (
    AccessCheck,
    EmailVerification,
    ProfileChanges,
    RefreshRequest,
    ResetConfirmation,
    ResetRequest,
)
from cvimprover.core.users.uid import encode_uid
from tests.unit.bootstrap import PASSWORD
from tests.unit.fakes import TOO_COMMON

NEW_PASSWORD = "a brand new secret"
INVALID_TOKEN = {"token": ["Invalid, used or expired token."]}


@pytest.fixture
def alice(accounts):
    return accounts.sign_up()


def _request(accounts, email="alice@example.com"):
    accounts.mailer.sent.clear()
    accounts.request_reset.execute(ResetRequest(email))


def _confirm(accounts, uid, token, password1=NEW_PASSWORD, password2=None):
    accounts.confirm_reset.execute(
        ResetConfirmation(uid, token, password1, password1 if password2 is None else password2)
    )


def test_a_reset_link_is_mailed_to_the_accounts_address(accounts, alice):
    _request(accounts, " ALICE@example.com ")

    [mail] = accounts.mailer.sent
    assert mail.to == "alice@example.com"
    uid, _token = accounts.mailer.reset_link()
    assert uid == encode_uid(alice.user.id)


@pytest.mark.parametrize("situation", ["unknown", "inactive"])
def test_nothing_is_sent_and_nothing_said_for_an_address_without_an_active_account(
    accounts, alice, situation
):
    email = "nobody@example.com" if situation == "unknown" else "alice@example.com"
    if situation == "inactive":
        accounts.change_user(alice.user.id, is_active=False)

    _request(accounts, email)

    assert accounts.mailer.sent == []
    assert not accounts.uow.last.committed


def test_a_mail_outage_does_not_reveal_that_the_address_has_an_account(accounts, alice):
    accounts.mailer.down = True

    _request(accounts)  # answers as it does for an address without an account

    assert accounts.mailer.sent == []


def test_the_link_sets_the_new_password(accounts, alice):
    _request(accounts)

    _confirm(accounts, *accounts.mailer.reset_link())

    assert accounts.log_in_as(password=NEW_PASSWORD).user.id == alice.user.id
    with pytest.raises(AuthenticationFailed):
        accounts.log_in_as(password=PASSWORD)


def test_the_link_works_only_once(accounts, alice):
    _request(accounts)
    uid, token = accounts.mailer.reset_link()
    _confirm(accounts, uid, token)

    with pytest.raises(InvalidInput) as refused:
        _confirm(accounts, uid, token, "yet another secret")

    assert refused.value.errors == INVALID_TOKEN
    assert accounts.log_in_as(password=NEW_PASSWORD).user.id == alice.user.id


def test_the_link_works_until_just_before_an_hour_has_passed(accounts, alice):
    _request(accounts)
    accounts.clock.advance(timedelta(hours=1) - timedelta(seconds=1))

    _confirm(accounts, *accounts.mailer.reset_link())

    assert accounts.log_in_as(password=NEW_PASSWORD).user.id == alice.user.id


def test_the_link_expires_after_an_hour(accounts, alice):
    _request(accounts)
    accounts.clock.advance(hours=1)

    with pytest.raises(InvalidInput) as refused:
        _confirm(accounts, *accounts.mailer.reset_link())

    assert refused.value.errors == INVALID_TOKEN
    assert accounts.log_in_as().user.id == alice.user.id


def test_a_newer_request_retires_the_older_link(accounts, alice):
    _request(accounts)
    old_link = accounts.mailer.reset_link()
    _request(accounts)

    with pytest.raises(InvalidInput):
        _confirm(accounts, *old_link)
    _confirm(accounts, *accounts.mailer.reset_link())


def test_a_token_is_refused_for_another_account_and_still_works_for_its_own(accounts, alice):
    bob = accounts.sign_up("bob", "bob@example.com").user.id
    _request(accounts)
    uid, token = accounts.mailer.reset_link()

    with pytest.raises(InvalidInput) as refused:
        _confirm(accounts, encode_uid(bob), token)

    assert set(refused.value.errors) == {"token"}
    assert accounts.log_in_as("bob").user.id == bob
    _confirm(accounts, uid, token)


@pytest.mark.parametrize("uid", ["", "!!!", encode_uid(12)[:-1] + "*", "bm90LWEtbnVtYmVy"])
def test_a_malformed_uid_is_refused(accounts, alice, uid):
    _request(accounts)
    _, token = accounts.mailer.reset_link()

    with pytest.raises(InvalidInput) as refused:
        _confirm(accounts, uid, token)

    assert set(refused.value.errors) == {"uid"}


def test_a_reset_ends_every_session(accounts, alice):
    other_device = accounts.log_in_as()
    _request(accounts)

    _confirm(accounts, *accounts.mailer.reset_link())

    assert accounts.stored_user(alice.user.id).session_version == 2
    assert all(session.revoked_at for session in accounts.sessions_of(alice.user.id))
    for tokens in (alice.tokens, other_device.tokens):
        with pytest.raises(AuthenticationFailed):
            accounts.authenticate.execute(AccessCheck(tokens.access))
        with pytest.raises(AuthenticationFailed):
            accounts.refresh_tokens.execute(RefreshRequest(tokens.refresh))


def test_following_the_link_proves_the_email_address(accounts, alice):
    _request(accounts)

    _confirm(accounts, *accounts.mailer.reset_link())

    assert accounts.stored_user(alice.user.id).email_verified is True


def test_a_link_sent_before_an_email_change_does_not_prove_the_new_address(accounts, alice):
    _request(accounts)
    link = accounts.mailer.reset_link()
    accounts.update_profile.execute(
        ProfileChanges(alice.user.id, {"email": "someone.else@example.com"})
    )

    with pytest.raises(InvalidInput):
        _confirm(accounts, *link)

    assert accounts.stored_user(alice.user.id).email_verified is False


def test_the_new_password_follows_the_rules_and_a_refused_one_keeps_the_link(accounts, alice):
    _request(accounts)
    uid, token = accounts.mailer.reset_link()

    with pytest.raises(InvalidInput) as mismatch:
        _confirm(accounts, uid, token, NEW_PASSWORD, NEW_PASSWORD + "?")
    with pytest.raises(InvalidInput) as weak:
        _confirm(accounts, uid, token, "password-1234")
    with pytest.raises(InvalidInput) as short:
        _confirm(accounts, uid, token, "short")

    assert set(mismatch.value.errors) == {"new_password2"}
    assert weak.value.errors == {"new_password1": [TOO_COMMON]}
    assert set(short.value.errors) == {"new_password1"}
    _confirm(accounts, uid, token)
    assert accounts.log_in_as(password=NEW_PASSWORD).user.id == alice.user.id


def test_a_reset_token_does_not_verify_an_email(accounts, alice):
    _request(accounts)
    _, token = accounts.mailer.reset_link()

    with pytest.raises(InvalidInput):
        accounts.verify_email.execute(EmailVerification(token))
