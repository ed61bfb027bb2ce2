import pytest

from cvimprover.core.errors import (
    AuthenticationFailed,
    Conflict,
    DependencyUnavailable,
    NotFound,
)
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


def _subscribe(accounts, user_id, status="active", gateway="stripe"):
    accounts.change_user(
        user_id,
        stripe_subscription_id="sub_123",
        stripe_subscription_status=status,
        subscription_gateway=gateway,
    )


@pytest.mark.parametrize("status", ["active", "past_due"])
def test_a_paid_subscription_is_canceled_at_the_gateway_first(accounts, alice, status):
    _subscribe(accounts, alice.user.id, status)

    _delete(accounts, alice.user.id)

    assert accounts.gateway.canceled == ["sub_123"]
    assert accounts.stored_user(alice.user.id) is None


def test_a_canceled_subscription_is_left_alone(accounts, alice):
    _subscribe(accounts, alice.user.id, "canceled")

    _delete(accounts, alice.user.id)

    assert accounts.gateway.canceled == []
    assert accounts.stored_user(alice.user.id) is None


def test_while_the_gateway_is_down_nothing_is_deleted(accounts, alice):
    _subscribe(accounts, alice.user.id)
    accounts.gateway.down = True

    with pytest.raises(DependencyUnavailable):
        _delete(accounts, alice.user.id)

    assert accounts.stored_user(alice.user.id) is not None
    assert accounts.authenticate.execute(AccessCheck(alice.tokens.access)).user_id == alice.user.id


def test_a_subscription_at_another_configured_gateway_is_canceled_there(accounts, alice):
    _subscribe(accounts, alice.user.id, gateway="paddle")

    _delete(accounts, alice.user.id)

    assert (accounts.former_gateway.canceled, accounts.gateway.canceled) == (["sub_123"], [])
    assert accounts.stored_user(alice.user.id) is None


def test_a_subscription_at_a_gateway_no_longer_configured_must_be_canceled_there(accounts, alice):
    _subscribe(accounts, alice.user.id, gateway="sandbox")

    with pytest.raises(Conflict, match="cancel it with sandbox"):
        _delete(accounts, alice.user.id)

    assert (accounts.former_gateway.canceled, accounts.gateway.canceled) == ([], [])
    assert accounts.stored_user(alice.user.id) is not None


def test_a_subscription_from_before_gateways_were_recorded_is_canceled_at_the_selling_one(
    accounts, alice
):
    _subscribe(accounts, alice.user.id, gateway=None)

    _delete(accounts, alice.user.id)

    assert accounts.gateway.canceled == ["sub_123"]


def test_a_subscription_started_meanwhile_stops_the_deletion_until_asked_again(accounts, alice):
    _subscribe(accounts, alice.user.id)

    def a_new_checkout_completes(_: str) -> None:
        accounts.gateway.on_cancel = None
        _subscribe(accounts, alice.user.id)
        accounts.change_user(alice.user.id, stripe_subscription_id="sub_456")

    accounts.gateway.on_cancel = a_new_checkout_completes
    with pytest.raises(Conflict, match="delete it again"):
        _delete(accounts, alice.user.id)
    assert accounts.stored_user(alice.user.id) is not None

    _delete(accounts, alice.user.id)

    assert accounts.gateway.canceled == ["sub_123", "sub_456"]
    assert accounts.stored_user(alice.user.id) is None
