import pytest

from cvimprover.core.errors import Conflict, InvalidInput
from cvimprover.core.users.commands import NewAccount
from tests.unit.bootstrap import PASSWORD


def _create(accounts, username="root", email="root@example.com", password=PASSWORD, **extra):
    return accounts.create_user.execute(NewAccount(username, email, password, password, **extra))


def test_an_operator_creates_a_verified_account_on_the_free_plan(accounts):
    user_id = _create(accounts, first_name=" Ada ", is_staff=True)

    stored = accounts.stored_user(user_id)
    assert stored.email_verified is True
    assert stored.is_staff is True
    assert stored.first_name == "Ada"
    assert accounts.uow.store.state.plans[stored.plan_id].name == "Free"
    assert accounts.log_in_as("root").user.id == user_id


def test_no_mail_is_sent_to_an_account_an_operator_created(accounts):
    _create(accounts)

    assert accounts.mailer.sent == []
    assert accounts.tokens_of(1) == []


def test_an_operator_meets_the_same_rules_as_a_sign_up(accounts):
    accounts.sign_up()

    with pytest.raises(Conflict):
        _create(accounts, "ALICE")
    with pytest.raises(InvalidInput):
        _create(accounts, password="short")
