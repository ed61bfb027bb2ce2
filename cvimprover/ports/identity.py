"""Identities vouched for by another provider (Sign in with Google)."""

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class VerifiedIdentity:
    """What a verified identity token says about its bearer."""

    subject: str
    """The provider's stable id of the person (never changes, unlike the e-mail)."""
    email: str | None
    email_verified: bool
    given_name: str = ""
    family_name: str = ""


class IdentityVerifier(Protocol):
    """Checks an identity token (a Google ID token) and returns who it proves.

    Raises `AuthenticationFailed` for a token that is forged, expired or meant for
    another audience or issuer; `DependencyUnavailable` when the provider's keys cannot
    be had; `NotFound` when sign-in with the provider is not enabled on this server.
    """

    def verify(self, token: str) -> VerifiedIdentity: ...
