"""Domain results as the JSON the original API answered with."""

from typing import Any

from cvimprover.core.users.model import AuthResult, TokenPair, UserView


def user_json(user: UserView) -> dict[str, Any]:
    plan = user.plan
    return {
        "pk": user.id,
        "username": user.username,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_of_birth": user.date_of_birth,
        "email_verified": user.email_verified,
        "plan": {"id": plan.id, "name": plan.name, "description": plan.description}
        if plan
        else None,
        "stripe_customer_id": user.stripe_customer_id,
        "stripe_subscription_id": user.stripe_subscription_id,
        "stripe_subscription_status": user.stripe_subscription_status,
        "subscription_renewal_date": user.subscription_renewal_date,
    }


def tokens_json(tokens: TokenPair) -> dict[str, Any]:
    return {
        "access": tokens.access,
        "refresh": tokens.refresh,
        "access_expiration": tokens.access_expiration,
        "refresh_expiration": tokens.refresh_expiration,
    }


def auth_json(result: AuthResult) -> dict[str, Any]:
    return tokens_json(result.tokens) | {"user": user_json(result.user)}
