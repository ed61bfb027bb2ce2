from datetime import date, timedelta

import pytest

from cvimprover.core.errors import Conflict, InvalidInput, NotFound
from cvimprover.core.users.commands import EmailVerification, ProfileChanges
from tests.unit.fakes import DISPOSABLE


@pytest.fixture
def alice(accounts):
    user_id = accounts.sign_up().user.id
    accounts.verify_email.execute(EmailVerification(accounts.mailer.verification_key()))
    accounts.mailer.sent.clear()
    return user_id


def _update(accounts, user_id, replace=False, **changes):
    return accounts.update_profile.execute(ProfileChanges(user_id, changes, replace=replace))


def _today(accounts):
    return accounts.clock.now().date()


def test_names_are_changed_trimmed_and_the_rest_kept(accounts, alice):
    view = _update(accounts, alice, first_name="  Alice ", last_name="Liddell")

    assert (view.first_name, view.last_name) == ("Alice", "Liddell")
    assert (view.username, view.email, view.email_verified) == ("alice", "alice@example.com", True)
    stored = accounts.stored_user(alice)
    assert (stored.first_name, stored.last_name) == ("Alice", "Liddell")


def test_a_name_can_be_cleared(accounts, alice):
    _update(accounts, alice, first_name="Alice")

    assert _update(accounts, alice, first_name=None).first_name == ""


def test_plan_and_subscription_fields_are_read_only(accounts, alice):
    with pytest.raises(InvalidInput) as refused:
        _update(accounts, alice, first_name="Eve", plan=2, email_verified=True, is_staff=True)

    assert refused.value.errors == {
        name: ["This field is read-only."] for name in ("email_verified", "is_staff", "plan")
    }
    assert accounts.stored_user(alice).first_name == ""


@pytest.mark.parametrize("field", ["username", "email"])
def test_the_username_and_email_cannot_be_null(accounts, alice, field):
    with pytest.raises(InvalidInput) as refused:
        _update(accounts, alice, **{field: None})

    assert refused.value.errors == {field: ["This field may not be null."]}


def test_a_new_username_must_be_free_whatever_its_case(accounts, alice):
    accounts.sign_up("bob", "bob@example.com")

    with pytest.raises(Conflict) as refused:
        _update(accounts, alice, username="BOB")

    assert set(refused.value.errors) == {"username"}
    assert accounts.stored_user(alice).username == "alice"


def test_a_new_username_follows_the_rules(accounts, alice):
    with pytest.raises(InvalidInput) as refused:
        _update(accounts, alice, username="alice liddell")

    assert set(refused.value.errors) == {"username"}


def test_a_user_may_change_the_case_of_their_own_username(accounts, alice):
    assert _update(accounts, alice, username="Alice").username == "Alice"


def test_a_new_email_is_unverified_until_the_mailed_link_is_followed(accounts, alice):
    view = _update(accounts, alice, email="alice@Wonderland.example")

    assert (view.email, view.email_verified) == ("alice@wonderland.example", False)
    [mail] = accounts.mailer.sent
    assert mail.to == "alice@wonderland.example"
    accounts.verify_email.execute(EmailVerification(accounts.mailer.verification_key()))
    assert accounts.stored_user(alice).email_verified is True


def test_the_same_email_in_another_case_changes_nothing(accounts, alice):
    view = _update(accounts, alice, email="ALICE@example.com")

    assert (view.email, view.email_verified) == ("alice@example.com", True)
    assert accounts.mailer.sent == []


def test_a_new_email_must_be_free_whatever_its_case(accounts, alice):
    accounts.sign_up("bob", "bob@example.com")
    accounts.mailer.sent.clear()

    with pytest.raises(Conflict) as refused:
        _update(accounts, alice, email="BOB@example.com")

    assert set(refused.value.errors) == {"email"}
    assert accounts.mailer.sent == []


def test_a_new_email_follows_the_email_policy(accounts, alice):
    with pytest.raises(InvalidInput) as refused:
        _update(accounts, alice, email="alice@mailinator.com")

    assert refused.value.errors == {"email": [DISPOSABLE]}


def test_a_date_of_birth_in_the_past_is_kept(accounts, alice):
    born = _today(accounts) - timedelta(days=1)

    assert _update(accounts, alice, date_of_birth=born).date_of_birth == born
    assert _update(accounts, alice, date_of_birth=None).date_of_birth is None


@pytest.mark.parametrize("days_ahead", [0, 1, 365])
def test_a_date_of_birth_today_or_later_is_refused(accounts, alice, days_ahead):
    with pytest.raises(InvalidInput) as refused:
        _update(accounts, alice, date_of_birth=_today(accounts) + timedelta(days=days_ahead))

    assert set(refused.value.errors) == {"date_of_birth"}


def test_a_date_of_birth_must_be_a_date(accounts, alice):
    with pytest.raises(InvalidInput) as refused:
        _update(accounts, alice, date_of_birth="1990-01-01")

    assert set(refused.value.errors) == {"date_of_birth"}


def test_a_refused_change_leaves_the_whole_profile_as_it_was(accounts, alice):
    with pytest.raises(InvalidInput):
        _update(accounts, alice, first_name="Alice", username="al", date_of_birth=date(3000, 1, 1))

    stored = accounts.stored_user(alice)
    assert (stored.first_name, stored.username, stored.date_of_birth) == ("", "alice", None)


def test_replacing_the_profile_requires_username_and_email(accounts, alice):
    with pytest.raises(InvalidInput) as refused:
        _update(accounts, alice, replace=True, first_name="Alice")

    assert refused.value.errors == {
        "email": ["This field is required."],
        "username": ["This field is required."],
    }


def test_replacing_the_profile_with_username_and_email_works(accounts, alice):
    view = _update(
        accounts, alice, replace=True, username="alice", email="alice@example.com", last_name="L"
    )

    assert (view.username, view.last_name, view.email_verified) == ("alice", "L", True)


def test_updating_an_unknown_user_is_not_found(accounts):
    with pytest.raises(NotFound):
        _update(accounts, 999, first_name="Nobody")
