"""`cvimprover prices list|set|check`: which gateway price sells each plan, without SQL."""

from typing import Annotated

import typer

from cvimprover.container import build_container
from cvimprover.core.admin.use_cases.plan_prices import NewPlanPrice
from cvimprover.core.billing.model import BillingInterval
from cvimprover.core.billing.price_book import PriceSource
from cvimprover.core.errors import DomainError

prices = typer.Typer(
    help="The gateway prices that sell each plan: list them, set one, check them.",
    no_args_is_help=True,
)


def _fail(error: DomainError | ValueError) -> typer.Exit:
    typer.echo(f"error: {error.detail if isinstance(error, DomainError) else error}", err=True)
    return typer.Exit(code=1)


@prices.command("list")
def list_prices() -> None:
    """Each plan at each interval, per gateway: the price id stored in the database, or
    else the lookup key the gateway's price needs (`prices check` asks the gateway)."""
    for plan, lines in build_container().admin.list_plan_prices().execute():
        if not lines:
            typer.echo(f"{plan}\t-\t-\tnot sold")
        for line in lines:
            if line.source is PriceSource.STORED:
                shown = f"{line.price_id}\tstored in plan_prices"
            else:
                shown = f"{line.lookup_key}\tlookup key (no price stored)"
            typer.echo(f"{plan}\t{line.interval.value}\t{line.gateway}\t{shown}")


@prices.command("set")
def set_price(
    plan: Annotated[str, typer.Argument(help="Plan name, as `/core/plans/` lists them.")],
    interval: Annotated[BillingInterval, typer.Argument(help="monthly or yearly.")],
    price_id: Annotated[str, typer.Argument(help="The gateway's price id (price_..., pri_...).")],
    gateway: Annotated[
        str | None,
        typer.Option(help="stripe, paddle or sandbox; default: PAYMENT_GATEWAY."),
    ] = None,
) -> None:
    """Sell PLAN at INTERVAL for PRICE_ID on the gateway (replacing the price stored)."""
    command = NewPlanPrice(plan, interval, price_id, gateway)
    try:
        change = build_container().admin.set_plan_price().execute(command)
    except DomainError as error:
        raise _fail(error) from None
    typer.echo(
        f"{change.plan} {change.interval.value} on {change.gateway}: "
        f"{change.previous or 'no price stored'} -> {change.price_id}"
    )


@prices.command("check")
def check_prices() -> None:
    """Ask the selling gateway whether each plan's prices exist, are active and bill as
    the plan says: one line per plan; exit status 1 on any problem."""
    try:
        checks = build_container().admin.check_plan_prices().execute()
    except (DomainError, ValueError) as error:  # ValueError: the gateway's settings
        raise _fail(error) from None
    for check in checks:
        if check.problems:
            typer.echo(f"{check.plan}: PROBLEM: " + "; ".join(check.problems))
        elif check.sold:
            typer.echo(f"{check.plan}: ok: " + "; ".join(check.sold))
        else:
            typer.echo(f"{check.plan}: ok: not sold (the free plan)")
    if not all(check.ok for check in checks):
        raise typer.Exit(code=1)
