"""Gateways quote amounts in a currency's minor unit (cents); plans show major units."""

from decimal import Decimal

# ISO 4217 currencies without a minor unit, as Stripe and Paddle quote them.
ZERO_DECIMAL = frozenset(
    [
        "BIF",
        "CLP",
        "DJF",
        "GNF",
        "JPY",
        "KMF",
        "KRW",
        "MGA",
        "PYG",
        "RWF",
        "UGX",
        "VND",
        "VUV",
        "XAF",
        "XOF",
        "XPF",
    ]
)


def from_minor_units(amount: int | str, currency: str) -> Decimal:
    """500 USD cents -> 5.00; 500 JPY -> 500."""
    units = Decimal(amount)
    if currency.upper() in ZERO_DECIMAL:
        return units
    return (units / 100).quantize(Decimal("0.01"))
