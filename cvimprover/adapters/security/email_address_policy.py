"""E-mail addresses: syntax, normalisation, typo hints and disposable domains."""

import difflib

from disposable_email_domains import blocklist
from email_validator import EmailNotValidError, validate_email

from cvimprover.ports.security import EmailPolicy, EmailVerdict

POPULAR_DOMAINS = (
    "gmail.com",
    "googlemail.com",
    "yahoo.com",
    "hotmail.com",
    "outlook.com",
    "live.com",
    "icloud.com",
    "me.com",
    "aol.com",
    "proton.me",
    "protonmail.com",
    "gmx.com",
    "gmx.de",
    "web.de",
    "yandex.com",
    "mail.com",
    "msn.com",
)


class EmailAddressPolicy(EmailPolicy):
    """Validates syntax without DNS (sign-up must not hang on a resolver) and refuses
    throw-away domains; a near miss of a popular domain gets a "did you mean" hint."""

    def __init__(self, *, extra_blocked_domains: frozenset[str] = frozenset()) -> None:
        self._blocked = blocklist | extra_blocked_domains

    def check(self, email: str) -> EmailVerdict:
        try:
            valid = validate_email(email.strip(), check_deliverability=False)
        except EmailNotValidError as error:
            return EmailVerdict(None, f"Enter a valid e-mail address: {error}")
        domain = valid.domain.lower()
        suggestion = _suggest(domain)
        if suggestion:
            return EmailVerdict(None, f"Did you mean {valid.local_part}@{suggestion}?")
        if domain in self._blocked or _parent_domain(domain) in self._blocked:
            return EmailVerdict(None, "Disposable e-mail addresses are not accepted.")
        return EmailVerdict(f"{valid.local_part}@{domain}")


def _parent_domain(domain: str) -> str:
    return domain.split(".", 1)[-1]


def _suggest(domain: str) -> str | None:
    if domain in POPULAR_DOMAINS:
        return None
    close = difflib.get_close_matches(domain, POPULAR_DOMAINS, n=1, cutoff=0.8)
    return close[0] if close else None
