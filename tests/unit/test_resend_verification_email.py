import pytest

from cvimprover.core.errors import InvalidInput
from cvimprover.core.users.commands import EmailVerification, VerificationResend


@pytest.fixture
def alice(accounts):
    return accounts.sign_up().user.id


def _resend(accounts, email="alice@example.com"):
    accounts.resend_verification.execute(VerificationResend(email))


def test_a_fresh_link_is_mailed_and_works(accounts, alice):
    first_key = accounts.mailer.verification_key()

    _resend(accounts, "  ALICE@example.com ")

    assert [mail.to for mail in accounts.mailer.sent] == ["alice@example.com"] * 2
    fresh_key = accounts.mailer.verification_key()
    assert fresh_key != first_key
    accounts.verify_email.execute(EmailVerification(fresh_key))
    assert accounts.stored_user(alice).email_verified is True


def test_a_resend_makes_older_links_stop_working(accounts, alice):
    first_key = accounts.mailer.verification_key()

    _resend(accounts)

    with pytest.raises(InvalidInput):
        accounts.verify_email.execute(EmailVerification(first_key))


@pytest.mark.parametrize("situation", ["unknown", "verified", "inactive"])
def test_nothing_is_sent_and_nothing_said_when_there_is_nothing_to_verify(
    accounts, alice, situation
):
    email = "alice@example.com"
    if situation == "unknown":
        email = "nobody@example.com"
    elif situation == "verified":
        accounts.change_user(alice, email_verified=True)
    else:
        accounts.change_user(alice, is_active=False)
    accounts.mailer.sent.clear()

    _resend(accounts, email)

    assert accounts.mailer.sent == []
    assert not accounts.uow.last.committed


def test_a_mail_outage_does_not_reveal_that_the_address_has_an_account(accounts, alice):
    accounts.mailer.down = True

    _resend(accounts)  # answers as it does for an address without an account

    assert [mail.subject for mail in accounts.mailer.sent] == [
        "Confirm your e-mail address for cvimprover"
    ]
