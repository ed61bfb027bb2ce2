"""How a gateway bills a price, in the words the `prices check` command prints."""

EVERY_ONE = {"day": "daily", "week": "weekly", "month": "monthly", "year": "yearly"}


def billing_words(interval: str | None, count: int | None) -> str:
    """`month`, 1 -> monthly; `month`, 3 -> every 3 months; no interval -> once."""
    if not interval:
        return "once"
    if count in (None, 1):
        return EVERY_ONE.get(interval, f"every {interval}")
    return f"every {count} {interval}s"
