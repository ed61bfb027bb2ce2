import pytest

from cvimprover.core.errors import Conflict, InvalidInput
from cvimprover.core.users.commands import (
    AccessCheck,
    EmailVerification,
    NewAccount,
    VerificationResend,
)
from tests.unit.bootstrap import PASSWORD
from tests.unit.fakes import DISPOSABLE, TOO_COMMON, TOO_SIMILAR


def _new(username="bob", email="bob@example.com", password1=PASSWORD, password2=None):
    return NewAccount(username, email, password1, password1 if password2 is None else password2)


def _password(length):
    return ("x7Kq" * 40)[:length]


def test_signing_up_logs_the_new_user_in(accounts):
    result = accounts.sign_up()

    principal = accounts.authenticate.execute(AccessCheck(result.tokens.access))
    assert principal.user_id == result.user.id
    assert result.user.username == "alice"
    assert result.user.email == "alice@example.com"
    assert accounts.sessions_of(result.user.id)[0].expires_at == result.tokens.refresh_expiration


def test_a_new_user_is_on_the_free_plan(accounts):
    result = accounts.sign_up()

    assert result.user.plan is not None
    assert result.user.plan.name == "Free"
    assert accounts.stored_user(result.user.id).plan_id == result.user.plan.id


def test_a_new_users_email_is_not_yet_verified(accounts):
    result = accounts.sign_up()

    assert result.user.email_verified is False
    assert accounts.stored_user(result.user.id).email_verified is False


def test_the_email_domain_is_normalised_and_the_username_trimmed(accounts):
    result = accounts.register_user.execute(_new("  bob  ", " Bob@Example.COM "))

    assert result.user.username == "bob"
    assert result.user.email == "Bob@example.com"


def test_the_password_is_stored_only_as_its_hash(accounts):
    result = accounts.sign_up()

    stored = accounts.stored_user(result.user.id)
    assert stored.password_hash == accounts.hasher.hash(PASSWORD)
    assert stored.password_hash != PASSWORD
    assert stored.date_joined == accounts.clock.now()


def test_one_verification_mail_goes_out_after_the_commit(accounts):
    committed_when_sent = []
    accounts.mailer.on_send = lambda mail: committed_when_sent.append(
        any(user.email == mail.to for user in accounts.uow.store.state.users.values())
    )

    accounts.sign_up()

    assert committed_when_sent == [True]
    [mail] = accounts.mailer.sent
    assert mail.to == "alice@example.com"
    assert "https://app.test/verify-email/" in mail.text


def test_the_mailed_link_verifies_the_address(accounts):
    result = accounts.sign_up()

    accounts.verify_email.execute(EmailVerification(accounts.mailer.verification_key()))

    assert accounts.stored_user(result.user.id).email_verified is True


def test_a_mail_outage_does_not_undo_the_sign_up(accounts):
    accounts.mailer.down = True

    result = accounts.sign_up()

    assert accounts.stored_user(result.user.id) is not None
    assert accounts.authenticate.execute(AccessCheck(result.tokens.access)).user_id == 1
    assert accounts.mailer.sent == []
    accounts.mailer.down = False
    accounts.resend_verification.execute(VerificationResend("alice@example.com"))
    assert [mail.to for mail in accounts.mailer.sent] == ["alice@example.com"]


def test_a_taken_username_is_a_conflict_whatever_its_case(accounts):
    accounts.sign_up()

    with pytest.raises(Conflict) as refused:
        accounts.register_user.execute(_new("ALICE", "other@example.com"))

    assert set(refused.value.errors) == {"username"}


def test_a_taken_email_is_a_conflict_whatever_its_case(accounts):
    accounts.sign_up()

    with pytest.raises(Conflict) as refused:
        accounts.register_user.execute(_new("bob", "ALICE@EXAMPLE.COM"))

    assert set(refused.value.errors) == {"email"}


def test_mismatched_passwords_are_refused_on_the_second_field(accounts):
    with pytest.raises(InvalidInput) as refused:
        accounts.register_user.execute(_new(password2=PASSWORD + "!"))

    assert refused.value.errors == {"password2": ["The two password fields didn't match."]}


@pytest.mark.parametrize(("length", "problem"), [(7, "too short"), (129, "too long")])
def test_a_password_outside_8_to_128_characters_is_refused(accounts, length, problem):
    with pytest.raises(InvalidInput) as refused:
        accounts.register_user.execute(_new(password1=_password(length)))

    [message] = refused.value.errors["password1"]
    assert problem in message
    assert set(refused.value.errors) == {"password1"}


@pytest.mark.parametrize("length", [8, 128])
def test_passwords_of_8_and_128_characters_are_accepted(accounts, length):
    result = accounts.register_user.execute(_new(password1=_password(length)))

    assert result.user.username == "bob"


def test_the_password_policys_problems_are_reported_on_the_first_field(accounts):
    with pytest.raises(InvalidInput) as refused:
        accounts.register_user.execute(_new(password1="my password 123"))

    assert refused.value.errors == {"password1": [TOO_COMMON]}


def test_a_password_built_from_the_username_is_refused(accounts):
    with pytest.raises(InvalidInput) as refused:
        accounts.register_user.execute(_new("bobby", "robert@example.com", "bobby-2024-xyz"))

    assert refused.value.errors == {"password1": [TOO_SIMILAR]}


def test_a_username_with_spaces_is_invalid(accounts):
    with pytest.raises(InvalidInput) as refused:
        accounts.register_user.execute(_new("bob smith"))

    assert set(refused.value.errors) == {"username"}


def test_a_refused_email_domain_gives_the_policys_reason(accounts):
    with pytest.raises(InvalidInput) as refused:
        accounts.register_user.execute(_new(email="bob@mailinator.com"))

    assert refused.value.detail == DISPOSABLE
    assert refused.value.errors == {"email": [DISPOSABLE]}


def test_a_malformed_email_is_refused_with_a_generic_reason(accounts):
    with pytest.raises(InvalidInput) as refused:
        accounts.register_user.execute(_new(email="bob-at-example"))

    assert refused.value.errors == {"email": ["Enter a valid e-mail address."]}


def test_a_refused_sign_up_keeps_nothing_and_sends_nothing(accounts):
    accounts.sign_up()
    accounts.mailer.sent.clear()

    with pytest.raises(Conflict):
        accounts.register_user.execute(_new("bob", "alice@example.com"))

    assert [user.username for user in accounts.uow.store.state.users.values()] == ["alice"]
    assert not accounts.uow.last.committed
    assert accounts.mailer.sent == []


def test_every_broken_rule_is_named_at_once(accounts):
    with pytest.raises(InvalidInput) as refused:
        accounts.register_user.execute(_new("bob smith", "bob-at-example", "my password 123"))

    assert set(refused.value.errors) == {"username", "email", "password1"}
    assert refused.value.detail == "Some fields are not valid."


def test_a_taken_username_is_named_beside_a_broken_rule_in_one_422(accounts):
    accounts.sign_up()

    with pytest.raises(InvalidInput) as refused:
        accounts.register_user.execute(_new("alice", "other@example.com", "my password 123"))

    assert refused.value.errors["username"] == ["A user with that username already exists."]
    assert refused.value.errors["password1"] == [TOO_COMMON]
