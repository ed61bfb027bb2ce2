import pytest

from cvimprover.core.errors import AuthenticationFailed, PermissionDenied, TooManyAttempts
from cvimprover.core.users.commands import AccessCheck, Credentials, EmailVerification
from cvimprover.core.users.use_cases.log_in import BAD_CREDENTIALS
from tests.unit.bootstrap import PASSWORD, bootstrap

ACCOUNT_KEY, IP_KEY = "login:account:alice", "login:ip:203.0.113.7"


@pytest.fixture
def alice(accounts):
    return accounts.sign_up().user.id


def _fail(accounts, login="alice", times=1, ip="203.0.113.7"):
    for _ in range(times):
        with pytest.raises(AuthenticationFailed):
            accounts.log_in.execute(Credentials(login, "wrong password", ip))


@pytest.mark.parametrize(
    "login", ["alice", "ALICE", " alice ", "alice@example.com", "Alice@EXAMPLE.com"]
)
def test_a_user_logs_in_by_username_or_email_in_any_case(accounts, alice, login):
    result = accounts.log_in_as(login)

    assert result.user.id == alice
    assert accounts.authenticate.execute(AccessCheck(result.tokens.access)).user_id == alice


def test_a_login_records_its_time_and_starts_a_new_session_family(accounts, alice):
    accounts.clock.advance(hours=1)

    accounts.log_in_as()

    assert accounts.stored_user(alice).last_login == accounts.clock.now()
    signup_session, login_session = accounts.sessions_of(alice)
    assert login_session.family_id != signup_session.family_id
    assert login_session.issued_at == accounts.clock.now()


def test_a_wrong_password_and_an_unknown_user_get_the_same_answer(accounts, alice):
    with pytest.raises(AuthenticationFailed) as wrong_password:
        accounts.log_in_as("alice", "not my password")
    with pytest.raises(AuthenticationFailed) as unknown_user:
        accounts.log_in_as("nobody@example.com", PASSWORD)

    assert wrong_password.value.detail == unknown_user.value.detail == BAD_CREDENTIALS
    assert wrong_password.value.errors == unknown_user.value.errors == {}


def test_an_unknown_user_still_costs_one_password_check(accounts):
    with pytest.raises(AuthenticationFailed):
        accounts.log_in_as("nobody", PASSWORD)

    assert accounts.hasher.dummy_verify_calls == 1
    assert accounts.hasher.verify_calls == 0


def test_a_wrong_password_costs_one_password_check(accounts, alice):
    with pytest.raises(AuthenticationFailed):
        accounts.log_in_as("alice", "not my password")

    assert accounts.hasher.verify_calls == 1
    assert accounts.hasher.dummy_verify_calls == 0


def test_a_failed_login_changes_nothing(accounts, alice):
    _fail(accounts)

    assert not accounts.uow.last.committed
    assert accounts.stored_user(alice).last_login is None
    assert len(accounts.sessions_of(alice)) == 1


def test_a_failure_counts_against_the_account_and_the_client_address(accounts, alice):
    _fail(accounts, " ALICE ")

    assert accounts.throttle.failures(ACCOUNT_KEY) == 1
    assert accounts.throttle.failures(IP_KEY) == 1


def test_too_many_failures_make_the_caller_wait_even_with_the_right_password(accounts, alice):
    _fail(accounts, times=5)
    checks_before = accounts.hasher.all_verify_calls

    with pytest.raises(TooManyAttempts) as throttled:
        accounts.log_in_as()

    assert throttled.value.retry_after == 300
    assert accounts.hasher.all_verify_calls == checks_before


def test_the_wait_shrinks_as_the_window_moves(accounts, alice):
    _fail(accounts, times=5)
    accounts.clock.advance(seconds=100)

    with pytest.raises(TooManyAttempts) as throttled:
        accounts.log_in_as()

    assert throttled.value.retry_after == 200


def test_the_account_opens_again_once_the_window_has_passed(accounts, alice):
    _fail(accounts, times=5)
    accounts.clock.advance(minutes=5, seconds=1)

    assert accounts.log_in_as().user.id == alice


def test_too_many_failures_from_one_address_block_it_for_every_account(accounts, alice):
    for name in ("bob", "carol", "dave", "erin", "frank"):
        _fail(accounts, name)

    with pytest.raises(TooManyAttempts):
        accounts.log_in_as()
    other_address = Credentials("alice", PASSWORD, client_ip="198.51.100.1")
    assert accounts.log_in.execute(other_address).user.id == alice


def test_a_successful_login_clears_the_accounts_failures(accounts, alice):
    _fail(accounts, times=4)

    accounts.log_in_as()

    assert accounts.throttle.failures(ACCOUNT_KEY) == 0
    assert accounts.throttle.failures(IP_KEY) == 4


def test_an_inactive_user_cannot_log_in_and_looks_unknown(accounts, alice):
    accounts.change_user(alice, is_active=False)

    with pytest.raises(AuthenticationFailed) as refused:
        accounts.log_in_as()

    assert refused.value.detail == BAD_CREDENTIALS
    assert accounts.hasher.dummy_verify_calls == 1
    assert accounts.throttle.failures(ACCOUNT_KEY) == 1


def test_an_unverified_user_logs_in_when_the_setting_allows_it(accounts, alice):
    assert accounts.log_in_as().user.email_verified is False


def test_an_unverified_user_is_refused_when_the_setting_requires_verification():
    accounts = bootstrap(require_verified_email=True)
    alice = accounts.sign_up().user.id

    with pytest.raises(PermissionDenied):
        accounts.log_in_as()

    assert not accounts.uow.last.committed
    assert len(accounts.sessions_of(alice)) == 1
    assert accounts.stored_user(alice).last_login is None


def test_a_verified_user_logs_in_when_the_setting_requires_verification():
    accounts = bootstrap(require_verified_email=True)
    alice = accounts.sign_up().user.id
    accounts.verify_email.execute(EmailVerification(accounts.mailer.verification_key()))

    assert accounts.log_in_as().user.id == alice


def test_a_hash_with_weaker_parameters_is_upgraded_on_login(accounts, alice):
    accounts.hasher.parameters = 2

    accounts.log_in_as()

    assert accounts.stored_user(alice).password_hash == f"fake-v2${PASSWORD}"
    assert accounts.log_in_as().user.id == alice


def test_a_current_hash_is_left_as_it_is(accounts, alice):
    before = accounts.stored_user(alice).password_hash

    accounts.log_in_as()

    assert accounts.stored_user(alice).password_hash == before
