from cvimprover.core.billing.quotas import PlanQuotas, QuotaScope, QuotaUse, next_plan_after
from cvimprover.core.billing.usage import Quotas
from cvimprover.core.billing.views import UpgradeAdvice, UsageReport

HIGH_USAGE_PERCENT = 80.0


class GetUsage:
    """The caller's use of every quota in its current window, and whether to upgrade.

    - an upgrade is advised when a quota is at least 80 % used and a higher plan exists;
    - the advice names the next plan up, never a jump past it.
    """

    def __init__(self, quotas: Quotas) -> None:
        self._quotas = quotas

    def execute(self, user_id: int) -> UsageReport:
        plan = self._quotas.plan_of(user_id)
        uses = self._quotas.uses_of(user_id, list(QuotaScope))
        subscriber = self._quotas.subscriber(user_id)
        advice = _advice(plan, uses, self._quotas.plans())
        return UsageReport(subscriber.username, plan.name, uses, advice)


def _advice(plan: PlanQuotas, uses: list[QuotaUse], plans: list[PlanQuotas]) -> UpgradeAdvice:
    high = [use.scope for use in uses if use.percentage_used >= HIGH_USAGE_PERCENT]
    upgrade = next_plan_after(plan, plans)
    if upgrade is None:
        return UpgradeAdvice(False, None, high, f"{plan.name} is the highest plan.")
    if not high:
        return UpgradeAdvice(False, upgrade.name, high, "Your usage fits your plan.")
    names = ", ".join(scope.value.replace("_", " ") for scope in high)
    message = f"You are close to your {plan.name} limits on {names}; {upgrade.name} allows more."
    return UpgradeAdvice(True, upgrade.name, high, message)
