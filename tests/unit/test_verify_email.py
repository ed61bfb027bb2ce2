from datetime import timedelta

import pytest

from cvimprover.core.errors import InvalidInput
from cvimprover.core.users.commands import EmailVerification, ResetConfirmation
from cvimprover.core.users.uid import encode_uid

INVALID_KEY = {"key": ["Invalid, used or expired token."]}


@pytest.fixture
def alice(accounts):
    return accounts.sign_up().user.id


def _verify(accounts, key):
    accounts.verify_email.execute(EmailVerification(key))


def test_the_mailed_key_confirms_the_address(accounts, alice):
    _verify(accounts, accounts.mailer.verification_key())

    assert accounts.stored_user(alice).email_verified is True
    [token] = accounts.tokens_of(alice)
    assert token.used_at == accounts.clock.now()


def test_a_key_works_only_once(accounts, alice):
    key = accounts.mailer.verification_key()
    _verify(accounts, key)

    with pytest.raises(InvalidInput) as refused:
        _verify(accounts, key)

    assert refused.value.errors == INVALID_KEY


def test_a_key_works_until_just_before_three_days_have_passed(accounts, alice):
    accounts.clock.advance(timedelta(days=3) - timedelta(seconds=1))

    _verify(accounts, accounts.mailer.verification_key())

    assert accounts.stored_user(alice).email_verified is True


def test_a_key_expires_after_three_days(accounts, alice):
    accounts.clock.advance(days=3)

    with pytest.raises(InvalidInput) as refused:
        _verify(accounts, accounts.mailer.verification_key())

    assert refused.value.errors == INVALID_KEY
    assert accounts.stored_user(alice).email_verified is False


def test_an_unknown_key_is_refused(accounts, alice):
    with pytest.raises(InvalidInput) as refused:
        _verify(accounts, "made-up")

    assert refused.value.errors == INVALID_KEY


def test_a_verification_key_does_not_reset_a_password(accounts, alice):
    key = accounts.mailer.verification_key()

    with pytest.raises(InvalidInput) as refused:
        accounts.confirm_reset.execute(
            ResetConfirmation(encode_uid(alice), key, "a brand new secret", "a brand new secret")
        )

    assert set(refused.value.errors) == {"token"}
    _verify(accounts, key)
