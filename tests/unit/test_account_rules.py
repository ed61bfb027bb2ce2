import pytest

from cvimprover.core.errors import Conflict, InvalidInput
from cvimprover.core.users.model import User
from cvimprover.core.users.rules import AccountRules
from tests.unit.fakes import (
    DISPOSABLE,
    TOO_COMMON,
    FakeClock,
    FakeEmailPolicy,
    FakePasswordPolicy,
    FakeUnitOfWorkFactory,
    InMemoryStore,
)

RULES = AccountRules(FakeEmailPolicy(), FakePasswordPolicy())


@pytest.fixture
def uow():
    factory = FakeUnitOfWorkFactory(InMemoryStore())
    with factory() as unit:
        unit.users.add(
            User(
                username="alice",
                email="alice@example.com",
                password_hash="x",
                date_joined=FakeClock().now(),
            )
        )
        unit.commit()
    with factory() as unit:
        yield unit


@pytest.mark.parametrize("username", ["bob", "b.o-b+x_1@home", "x" * 150, "  bob  "])
def test_usernames_of_letters_digits_and_a_few_signs_are_accepted(uow, username):
    assert RULES.username(uow, username) == username.strip()


@pytest.mark.parametrize("username", ["", "   ", "x" * 151, "bob smith", "bob/smith", "bob!"])
def test_other_usernames_are_invalid(uow, username):
    with pytest.raises(InvalidInput) as refused:
        RULES.username(uow, username)

    assert set(refused.value.errors) == {"username"}


def test_a_taken_username_is_free_for_its_own_user(uow):
    with pytest.raises(Conflict):
        RULES.username(uow, "Alice")

    assert RULES.username(uow, "Alice", current_id=1) == "Alice"


def test_an_email_is_normalised_by_the_policy(uow):
    assert RULES.email(uow, " Bob@EXAMPLE.org ") == "Bob@example.org"


def test_a_taken_email_is_free_for_its_own_user(uow):
    with pytest.raises(Conflict) as refused:
        RULES.email(uow, "ALICE@example.com")

    assert set(refused.value.errors) == {"email"}
    assert RULES.email(uow, "ALICE@example.com", current_id=1) == "ALICE@example.com"


def test_the_email_policys_reason_becomes_the_error(uow):
    with pytest.raises(InvalidInput) as refused:
        RULES.email(uow, "bob@mailinator.com")

    assert (refused.value.detail, refused.value.errors) == (DISPOSABLE, {"email": [DISPOSABLE]})


def test_a_mismatch_is_reported_before_any_weakness(uow):
    with pytest.raises(InvalidInput) as refused:
        RULES.new_password("short", "other", user_inputs=[])

    assert set(refused.value.errors) == {"password2"}


def test_a_short_password_is_not_judged_by_the_policy(uow):
    with pytest.raises(InvalidInput) as refused:
        RULES.new_password("passwd", "passwd", user_inputs=[])

    assert refused.value.errors == {
        "password1": ["This password is too short. It must contain at least 8 characters."]
    }


def test_the_policy_judges_passwords_of_a_fitting_length(uow):
    with pytest.raises(InvalidInput) as refused:
        RULES.new_password("password", "password", user_inputs=[])

    assert refused.value.errors == {"password1": [TOO_COMMON]}


def test_errors_go_to_the_fields_the_caller_names(uow):
    fields = ("new_password1", "new_password2")
    with pytest.raises(InvalidInput) as mismatch:
        RULES.new_password("a", "b", user_inputs=[], fields=fields)
    with pytest.raises(InvalidInput) as short:
        RULES.new_password("a", "a", user_inputs=[], fields=fields)

    assert set(mismatch.value.errors) == {"new_password2"}
    assert set(short.value.errors) == {"new_password1"}


def test_a_good_password_is_returned_unchanged(uow):
    assert RULES.new_password(" good secret 42 ", " good secret 42 ", user_inputs=[]) == (
        " good secret 42 "
    )
