"""E-mail addresses: syntax, normalisation, typo hints and disposable domains."""

from disposable_email_domains import blocklist
from email_validator import EmailNotValidError, validate_email

from cvimprover.ports.security import EmailPolicy, EmailVerdict

# Popular providers and the misspellings of them seen most often. A curated table, not a
# fuzzy match: real domains such as mail.com, ymail.com or mac.com are one letter apart
# from popular ones, and must never be refused.
PROVIDERS = ("gmail.com", "hotmail.com", "yahoo.com", "outlook.com", "icloud.com", "live.com")
MISSPELLINGS = {
    "gmail": ("gmial", "gmal", "gmai", "gamil", "gnail", "gmaill", "gmeil", "gmali", "gmsil"),
    "hotmail": ("hotmial", "hotmal", "hotmai", "hotmil", "hotamil", "hotmaill", "hitmail"),
    "yahoo": ("yaho", "yahooo", "yhoo", "yaoo", "yahho"),
    "outlook": ("outlok", "outlookk", "outloook", "otlook", "oulook"),
    "icloud": ("iclod", "icoud", "icluod", "iclould"),
    "live": ("livr", "lve"),
}
TLD_SLIPS = ("co", "con", "cmo", "cm", "om", "comm", "ocm", "vom", "xom")


def _typo_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for provider in PROVIDERS:
        name = provider.removesuffix(".com")
        for wrong_name in (name, *MISSPELLINGS[name]):
            for tld in ("com", *TLD_SLIPS):
                table[f"{wrong_name}.{tld}"] = provider
        del table[provider]
    return table


TYPOS = _typo_table()


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
    return TYPOS.get(domain)
