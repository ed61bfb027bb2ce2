"""The Falcon application factory: routes, middleware, media and error handling."""

from dataclasses import dataclass, field
from typing import Any

import falcon
import orjson
from falcon import media

from cvimprover.adapters.http import errors
from cvimprover.adapters.http.auth import Authentication
from cvimprover.adapters.http.middleware import BodyLimit, RequestContext
from cvimprover.adapters.http.openapi import (
    DOCS_ASSETS,
    SCHEMA_PATH,
    DocsResource,
    SchemaResource,
    build_document,
    swagger_ui_assets,
)
from cvimprover.adapters.http.operations import (
    Operations,
    operations_middleware,
    operations_routes,
)
from cvimprover.adapters.http.quota_middleware import ApiCallQuota
from cvimprover.adapters.http.resources import (
    account_pages,
    accounts,
    billing,
    health,
    improvements,
    payment_webhooks,
    pdfs,
    personal_data,
    questionnaires,
    social,
    structured_cvs,
    user,
    verification,
)
from cvimprover.adapters.http.response_cache import ResponseCache
from cvimprover.core.billing.usage import Quotas
from cvimprover.core.errors import DomainError
from cvimprover.core.ids import LARGEST_ID, SMALLEST_ID
from cvimprover.core.users.use_cases.authenticate import Authenticate
from cvimprover.ports.clock import Clock
from cvimprover.ports.health import HealthProbe
from cvimprover.ports.read_cache import ReadCache

ID = f"int(min={SMALLEST_ID}, max={LARGEST_ID})"
"""A row id in a path: anything else is no such resource (404), never a database error."""


@dataclass(frozen=True)
class HttpServices:
    """Everything the HTTP layer needs, built by the container."""

    authenticate: Authenticate
    read_cache: ReadCache
    sessions: accounts.SessionEndpoints
    credentials: verification.CredentialEndpoints
    profile: user.ProfileEndpoints
    questionnaires: questionnaires.QuestionnaireEndpoints
    improvements: improvements.ImprovementEndpoints
    social: social.SocialEndpoints
    personal_data: personal_data.PersonalDataEndpoints
    probes: list[HealthProbe]
    max_body_bytes: int
    billing: billing.BillingEndpoints
    webhooks: payment_webhooks.WebhookEndpoints
    quotas: Quotas
    clock: Clock
    operations: Operations = field(default_factory=Operations)


def create_app(services: HttpServices) -> falcon.App[Any, Any]:
    middleware: list[Any] = [
        RequestContext(),
        *operations_middleware(services.operations),  # CORS, request figures
        BodyLimit(services.max_body_bytes),
        Authentication(services.authenticate),
        ApiCallQuota(services.quotas, services.clock),  # before the cache: cached reads count
        ResponseCache(services.read_cache),
    ]
    app: falcon.App[Any, Any] = falcon.App(middleware=middleware)
    _configure_media(app)
    _configure_errors(app)
    _add_routes(app, services)
    app.add_static_route(DOCS_ASSETS, str(swagger_ui_assets()))
    schema = SchemaResource()
    app.add_route(SCHEMA_PATH, schema)
    schema.publish(build_document(app))
    return app


def _configure_media(app: falcon.App[Any, Any]) -> None:
    json = media.JSONHandler(dumps=orjson.dumps, loads=orjson.loads)
    app.req_options.media_handlers = media.Handlers(
        {falcon.MEDIA_JSON: json, falcon.MEDIA_MULTIPART: media.MultipartFormHandler()}
    )
    app.resp_options.media_handlers = media.Handlers({falcon.MEDIA_JSON: json})
    app.resp_options.secure_cookies_by_default = False  # CookiePolicy decides


def _configure_errors(app: falcon.App[Any, Any]) -> None:
    app.add_error_handler(Exception, errors.handle_unexpected)
    app.add_error_handler(DomainError, errors.handle_domain_error)
    app.set_error_serializer(errors.serialize_problem)


def _add_routes(app: falcon.App[Any, Any], services: HttpServices) -> None:
    sessions, credentials = services.sessions, services.credentials
    routes: dict[str, object] = {
        "/": DocsResource(),
        "/auth/registration/": accounts.RegistrationResource(sessions),
        "/auth/registration/verify-email/": verification.VerifyEmailResource(credentials),
        "/auth/registration/resend-email/": verification.ResendEmailResource(credentials),
        "/auth/login/": accounts.LoginResource(sessions),
        "/auth/logout/": accounts.LogoutResource(sessions),
        "/auth/token/refresh/": accounts.TokenRefreshResource(sessions),
        "/auth/csrf-token/": accounts.CsrfTokenResource(sessions.cookies),
        "/auth/user/": user.UserResource(services.profile),
        "/auth/user/export/": personal_data.PersonalDataExportResource(services.personal_data),
        "/auth/social/login/google/": social.GoogleLoginResource(services.social),
        "/auth/password/change/": verification.PasswordChangeResource(credentials),
        "/auth/password/reset/": verification.PasswordResetResource(credentials),
        "/auth/password/reset/confirm/": verification.PasswordResetConfirmResource(credentials),
        account_pages.VERIFY_EMAIL_PAGE: account_pages.VerifyEmailPage(credentials),
        account_pages.PASSWORD_RESET_PAGE: account_pages.PasswordResetPage(credentials),
        "/core/health/": health.HealthResource(services.probes),
        "/cv/questionnaire/": questionnaires.QuestionnaireCollection(services.questionnaires),
        f"/cv/questionnaire/{{questionnaire_id:{ID}}}/": questionnaires.QuestionnaireItem(
            services.questionnaires
        ),
        f"/cv/questionnaire/{{questionnaire_id:{ID}}}/resume/": questionnaires.ResumeFile(
            services.questionnaires
        ),
        f"/cv/questionnaire/{{questionnaire_id:{ID}}}/structured-cv/": (
            structured_cvs.StructuredCV(services.questionnaires)
        ),
        "/cv/ai-responses/": improvements.ImprovementCollection(services.improvements),
        f"/cv/ai-responses/{{response_id:{ID}}}/": improvements.ImprovementItem(
            services.improvements
        ),
        f"/cv/ai-responses/{{response_id:{ID}}}/generate-pdf/": pdfs.PdfGeneration(
            services.improvements
        ),
        f"/cv/ai-responses/{{response_id:{ID}}}/pdfs/{{pdf_id:{ID}}}/": pdfs.PdfFile(
            services.improvements
        ),
    }
    routes.update(_billing_routes(services))
    routes.update(operations_routes(services.operations))  # live, ready, /metrics
    for path, resource in routes.items():
        app.add_route(path, resource)


def _billing_routes(services: HttpServices) -> dict[str, object]:
    deps, webhooks = services.billing, services.webhooks
    return {
        "/core/plans/": billing.PlanCollection(deps),
        "/core/rate-limits/status/": billing.RateLimitStatus(deps),
        "/core/payments/create-checkout-session/": billing.CheckoutSessions(deps),
        "/core/payments/verify-session/": billing.CheckoutVerification(deps),
        "/core/billing/portal/": billing.BillingPortal(deps),
        payment_webhooks.WEBHOOK_PATH: payment_webhooks.PaymentWebhook(webhooks),
        payment_webhooks.CHECKOUT_PAGE: payment_webhooks.SandboxCheckoutPage(webhooks),
        payment_webhooks.PORTAL_PAGE: payment_webhooks.SandboxPortalPage(webhooks),
    }
