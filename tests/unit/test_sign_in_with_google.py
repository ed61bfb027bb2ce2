import pytest

from cvimprover.core.errors import AuthenticationFailed, Conflict, InvalidInput, PermissionDenied
from cvimprover.core.users.commands import SocialLogin
from cvimprover.core.users.sessions import SessionIssuer
from cvimprover.core.users.use_cases.sign_in_with_google import SignInWithGoogle
from cvimprover.ports.identity import IdentityVerifier, VerifiedIdentity
from tests.unit.fakes import FakeEmailPolicy

GOOD = "good"
JANE = VerifiedIdentity("google-sub-1", "Jane.Doe@Example.com", True, "Jane", "Doe")


class ScriptedVerifier(IdentityVerifier):
    """Says the token GOOD proves `identity`; refuses anything else."""

    def __init__(self, identity: VerifiedIdentity = JANE) -> None:
        self.identity = identity

    def verify(self, token: str) -> VerifiedIdentity:
        if token != GOOD:
            raise AuthenticationFailed("The Google ID token is invalid or expired.")
        return self.identity


def sign_in(accounts, identity=JANE, *, token=GOOD, require_verified_email=False):
    use_case = SignInWithGoogle(
        accounts.uow,
        ScriptedVerifier(identity),
        FakeEmailPolicy(),
        SessionIssuer(accounts.tokens),
        accounts.clock,
        require_verified_email=require_verified_email,
    )
    return use_case.execute(SocialLogin(token))


def test_a_first_sign_in_makes_a_free_account_named_after_the_email(accounts) -> None:
    result = sign_in(accounts)

    stored = accounts.stored_user(result.user.id)
    assert stored is not None
    assert (stored.username, stored.email) == ("Jane.Doe", "Jane.Doe@example.com")
    assert stored.google_subject == "google-sub-1"
    assert stored.email_verified is True
    assert result.user.plan is not None
    assert result.user.plan.name == "Free"
    assert stored.password_hash.startswith("!")  # no usable password (see the HTTP tests)


def test_a_returning_person_is_found_by_subject_not_email(accounts) -> None:
    first = sign_in(accounts)
    moved = VerifiedIdentity("google-sub-1", "jane@elsewhere.example", True)

    assert sign_in(accounts, moved).user.id == first.user.id


def test_taken_usernames_get_a_number(accounts) -> None:
    accounts.sign_up("Jane.Doe", "someone@example.com")

    assert sign_in(accounts).user.username == "Jane.Doe2"


def test_characters_a_username_cannot_have_are_dropped(accounts) -> None:
    odd = VerifiedIdentity("sub-2", "o'brien!x#y@example.com", True)

    assert sign_in(accounts, odd).user.username == "obrienxy"


def test_a_verified_email_links_the_existing_password_account(accounts) -> None:
    alice = accounts.sign_up("alice", "alice@example.com")
    identity = VerifiedIdentity("sub-alice", "ALICE@example.com", True)

    result = sign_in(accounts, identity)

    assert result.user.id == alice.user.id
    assert accounts.stored_user(alice.user.id).google_subject == "sub-alice"
    assert accounts.log_in_as("alice").user.id == alice.user.id  # the password still works


def test_an_unverified_email_never_links_an_account(accounts) -> None:
    alice = accounts.sign_up("alice", "alice@example.com")
    identity = VerifiedIdentity("sub-x", "alice@example.com", False)

    with pytest.raises(Conflict, match="Log in with your password"):
        sign_in(accounts, identity)
    assert accounts.stored_user(alice.user.id).google_subject is None


def test_a_token_without_an_email_makes_no_account(accounts) -> None:
    with pytest.raises(InvalidInput):
        sign_in(accounts, VerifiedIdentity("sub-3", None, False))


def test_an_inactive_account_is_refused(accounts) -> None:
    user_id = sign_in(accounts).user.id
    accounts.change_user(user_id, is_active=False)

    with pytest.raises(PermissionDenied):
        sign_in(accounts)


def test_an_unverified_google_email_may_be_required_to_verify(accounts) -> None:
    unverified = VerifiedIdentity("sub-4", "new@example.com", False)

    with pytest.raises(PermissionDenied):
        sign_in(accounts, unverified, require_verified_email=True)


def test_a_refused_token_changes_nothing(accounts) -> None:
    with pytest.raises(AuthenticationFailed):
        sign_in(accounts, token="forged")
    assert accounts.uow.store.state.users == {}


def test_an_account_linked_to_another_google_identity_is_not_taken_over(accounts) -> None:
    first = sign_in(accounts)
    same_email = VerifiedIdentity("another-sub", "jane.doe@example.com", True)

    with pytest.raises(Conflict, match="another Google account"):
        sign_in(accounts, same_email)
    assert accounts.stored_user(first.user.id).google_subject == "google-sub-1"
