"""The composition root: the only module that names concrete adapters.

Swapping an adapter is a settings change: each `Selector` is keyed by a setting.
"""

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from dependency_injector import containers, providers
from pydantic import SecretStr

from cvimprover.adapters.ai.local_improver import LocalImprover
from cvimprover.adapters.ai.providers_probe import AIProvidersProbe
from cvimprover.adapters.cache.in_process_read_cache import InProcessReadCache
from cvimprover.adapters.cache.redis_probe import RedisProbe
from cvimprover.adapters.db.change_feed import NoChangeFeed, PostgresChangeFeed
from cvimprover.adapters.db.database_probe import DatabaseProbe
from cvimprover.adapters.db.engine import build_engine, build_session_factory
from cvimprover.adapters.db.schema_probe import SchemaProbe
from cvimprover.adapters.db.sqlalchemy_failed_jobs import SqlAlchemyFailedJobs
from cvimprover.adapters.db.sqlalchemy_personal_data import SqlAlchemyPersonalData
from cvimprover.adapters.db.sqlalchemy_retention import SqlAlchemyRetentionStore
from cvimprover.adapters.db.sqlalchemy_unit_of_work import SqlAlchemyUnitOfWork
from cvimprover.adapters.documents.jsonschema_resume_validator import (
    JsonSchemaResumeValidator,
    resume_schema,
)
from cvimprover.adapters.documents.pdfium_text_extractor import PdfiumTextExtractor
from cvimprover.adapters.documents.rule_based_cv_reader import RuleBasedCVReader
from cvimprover.adapters.documents.weasyprint_cv_renderer import WeasyPrintCVRenderer
from cvimprover.adapters.http.app import HttpServices, create_app
from cvimprover.adapters.http.auth import CookiePolicy
from cvimprover.adapters.http.operations import Operations
from cvimprover.adapters.http.resources import account_pages
from cvimprover.adapters.http.resources.accounts import SessionEndpoints
from cvimprover.adapters.http.resources.billing import BillingEndpoints
from cvimprover.adapters.http.resources.improvements import ImprovementEndpoints
from cvimprover.adapters.http.resources.payment_webhooks import WebhookEndpoints
from cvimprover.adapters.http.resources.personal_data import PersonalDataEndpoints
from cvimprover.adapters.http.resources.questionnaires import QuestionnaireEndpoints
from cvimprover.adapters.http.resources.social import SocialEndpoints
from cvimprover.adapters.http.resources.user import ProfileEndpoints
from cvimprover.adapters.http.resources.verification import CredentialEndpoints
from cvimprover.adapters.mail.outbox_mailer import OutboxMailer
from cvimprover.adapters.mail.smtp_mailer import SmtpMailer
from cvimprover.adapters.observability.metered_improver import metered
from cvimprover.adapters.observability.prometheus_telemetry import (
    PrometheusExposition,
    PrometheusTelemetry,
)
from cvimprover.adapters.payments.gateway_registry import GatewayRegistry
from cvimprover.adapters.payments.sandbox_gateway import SandboxPaymentGateway
from cvimprover.adapters.payments.sandbox_price_directory import SandboxPriceDirectory
from cvimprover.adapters.privacy.phonenumbers_phone_finder import PhonenumbersPhoneFinder
from cvimprover.adapters.queue.broker_probe import BrokerProbe
from cvimprover.adapters.queue.kombu_job_consumer import KombuJobConsumer
from cvimprover.adapters.queue.kombu_task_queue import KombuTaskQueue, connect
from cvimprover.adapters.queue.queue_depth import KombuQueueDepth
from cvimprover.adapters.quotas.memory_quota_counter import InMemoryQuotaCounter
from cvimprover.adapters.quotas.redis_quota_counter import RedisQuotaCounter
from cvimprover.adapters.quotas.sqlite_quota_counter import SqliteQuotaCounter
from cvimprover.adapters.ratelimit.limits_failure_throttle import LimitsFailureThrottle
from cvimprover.adapters.security.argon2_password_hasher import Argon2PasswordHasher
from cvimprover.adapters.security.email_address_policy import EmailAddressPolicy
from cvimprover.adapters.security.google_id_token_verifier import GoogleIdTokenVerifier
from cvimprover.adapters.security.jwt_token_service import JwtTokenService
from cvimprover.adapters.security.published_keys import PublishedKeys
from cvimprover.adapters.security.zxcvbn_password_policy import ZxcvbnPasswordPolicy
from cvimprover.adapters.storage.filesystem_blob_storage import FilesystemBlobStorage
from cvimprover.adapters.system.clock import SystemClock
from cvimprover.config import Settings
from cvimprover.core.admin.use_cases.change_plan import ChangePlan
from cvimprover.core.admin.use_cases.check_plan_prices import CheckPlanPrices
from cvimprover.core.admin.use_cases.list_failed_jobs import ListFailedJobs
from cvimprover.core.admin.use_cases.plan_prices import ListPlanPrices, SetPlanPrice
from cvimprover.core.admin.use_cases.quota_usage import InspectQuotas, ResetQuotas
from cvimprover.core.admin.use_cases.retry_jobs import RetryJobs
from cvimprover.core.billing.price_book import PriceBook
from cvimprover.core.billing.prices import PriceCatalogue
from cvimprover.core.billing.usage import Quotas
from cvimprover.core.billing.use_cases.apply_billing_event import ApplyBillingEvent
from cvimprover.core.billing.use_cases.find_unsold_plans import FindUnsoldPlans
from cvimprover.core.billing.use_cases.get_usage import GetUsage
from cvimprover.core.billing.use_cases.list_plans import ListPlans
from cvimprover.core.billing.use_cases.open_billing_portal import OpenBillingPortal
from cvimprover.core.billing.use_cases.receive_webhook import ReceiveWebhook
from cvimprover.core.billing.use_cases.start_checkout import BillingLinks, StartCheckout
from cvimprover.core.billing.use_cases.verify_checkout import VerifyCheckout
from cvimprover.core.cvs.rules import ResumeIntake
from cvimprover.core.cvs.use_cases.clean_up_storage import CleanUpStorage
from cvimprover.core.cvs.use_cases.delete_questionnaire import DeleteQuestionnaire
from cvimprover.core.cvs.use_cases.download_pdf import DownloadPdf
from cvimprover.core.cvs.use_cases.download_resume import DownloadResume
from cvimprover.core.cvs.use_cases.edit_improvement import EditImprovement
from cvimprover.core.cvs.use_cases.get_improvement import GetImprovement
from cvimprover.core.cvs.use_cases.get_questionnaire import GetQuestionnaire
from cvimprover.core.cvs.use_cases.get_structured_cv import GetStructuredCV
from cvimprover.core.cvs.use_cases.list_improvements import ListImprovements
from cvimprover.core.cvs.use_cases.list_questionnaires import ListQuestionnaires
from cvimprover.core.cvs.use_cases.replace_structured_cv import ReplaceStructuredCV
from cvimprover.core.cvs.use_cases.request_improvement import RequestImprovement
from cvimprover.core.cvs.use_cases.request_pdf import RequestPdf
from cvimprover.core.cvs.use_cases.requeue_due_improvements import RequeueDueImprovements
from cvimprover.core.cvs.use_cases.requeue_due_pdf_renders import RequeueDuePdfRenders
from cvimprover.core.cvs.use_cases.run_improvement import RunImprovement
from cvimprover.core.cvs.use_cases.run_pdf_render import RunPdfRender
from cvimprover.core.cvs.use_cases.submit_questionnaire import SubmitQuestionnaire
from cvimprover.core.cvs.use_cases.update_questionnaire import UpdateQuestionnaire
from cvimprover.core.jobs.leases import HeldLeases, LeaseTerms
from cvimprover.core.jobs.use_cases.renew_leases import RenewLeases
from cvimprover.core.mail.use_cases.deliver_mail import DeliverMail
from cvimprover.core.mail.use_cases.queue_mail import QueueMail
from cvimprover.core.mail.use_cases.requeue_due_mails import RequeueDueMails
from cvimprover.core.users.accounts import AccountFactory
from cvimprover.core.users.messages import AccountLinks
from cvimprover.core.users.rules import AccountRules
from cvimprover.core.users.sessions import SessionIssuer
from cvimprover.core.users.use_cases.authenticate import Authenticate
from cvimprover.core.users.use_cases.change_password import ChangePassword
from cvimprover.core.users.use_cases.confirm_password_reset import ConfirmPasswordReset
from cvimprover.core.users.use_cases.create_user import CreateUser
from cvimprover.core.users.use_cases.delete_account import DeleteAccount
from cvimprover.core.users.use_cases.export_personal_data import ExportPersonalData
from cvimprover.core.users.use_cases.get_profile import GetProfile
from cvimprover.core.users.use_cases.log_in import LogIn
from cvimprover.core.users.use_cases.log_out import LogOut
from cvimprover.core.users.use_cases.refresh_tokens import RefreshTokens
from cvimprover.core.users.use_cases.register_user import RegisterUser
from cvimprover.core.users.use_cases.request_password_reset import RequestPasswordReset
from cvimprover.core.users.use_cases.resend_verification_email import ResendVerificationEmail
from cvimprover.core.users.use_cases.sign_in_with_google import SignInWithGoogle
from cvimprover.core.users.use_cases.update_profile import UpdateProfile
from cvimprover.core.users.use_cases.verify_email import VerifyEmail
from cvimprover.ports.clock import Clock
from cvimprover.ports.llm import CVImprover
from cvimprover.ports.payments import PaymentGateway, PaymentGateways
from cvimprover.ports.price_directory import PriceDirectory
from cvimprover.ports.quotas import QuotaCounter
from cvimprover.ports.telemetry import NoTelemetry, Telemetry


def _secret(secret: SecretStr | None) -> str | None:
    return None if secret is None else secret.get_secret_value()


AI_PROVIDER_NAMES = ("openai", "anthropic", "openai-compatible", "local")


def _openai_improver(model: str, **options: Any) -> CVImprover:
    # Imported on first use: the SDK weighs ~17 MB, and API processes never call a vendor.
    from cvimprover.adapters.ai.openai_improver import OpenAIImprover

    return OpenAIImprover(model, **options)


def _anthropic_improver(model: str, **options: Any) -> CVImprover:
    # Imported on first use, like OpenAI's: this SDK weighs ~37 MB.
    from cvimprover.adapters.ai.anthropic_improver import AnthropicImprover

    return AnthropicImprover(model, **options)


def _configured_ai(settings: Settings) -> list[str]:
    """The AI_PROVIDERS names, checked without building any client (for health checks)."""
    names = settings.provider_names
    unknown = [name for name in names if name not in AI_PROVIDER_NAMES]
    keyless = [
        name
        for name, key in (
            ("openai", settings.openai_api_key),
            ("anthropic", settings.anthropic_api_key),
        )
        if name in names and key is None and not (name == "openai" and settings.openai_base_url)
    ]
    if unknown or keyless or not names:
        raise ValueError(f"AI_PROVIDERS: unknown {unknown}, without a key {keyless}")
    return names


def _chosen(names: list[str], **available: Callable[[], CVImprover]) -> list[CVImprover]:
    """The improvers AI_PROVIDERS names, in its order; only those are built."""
    unknown = [name for name in names if name not in available]
    if unknown or not names:
        known = ", ".join(sorted(available))
        raise ValueError(f"AI_PROVIDERS names {unknown or 'nothing'}; choose from {known}")
    return [available[name]() for name in names]


def _quota_store(settings: Settings) -> str:
    """The QUOTA_STORAGE_URL scheme: memory, sqlite or redis."""
    scheme = settings.resolved_quota_storage_url.partition("://")[0].lower()
    stores = {"memory": "memory", "sqlite": "sqlite", "redis": "redis", "rediss": "redis"}
    if scheme not in stores:
        raise ValueError(
            f"QUOTA_STORAGE_URL: use memory://, sqlite:///<file> or redis://, not {scheme}://"
        )
    return stores[scheme]


def _sqlite_quota_counter(settings: Settings) -> QuotaCounter:
    path = settings.resolved_quota_storage_url.partition("://")[2].removeprefix("/")
    if not path:
        raise ValueError("QUOTA_STORAGE_URL: name the file, as in sqlite:///var/quotas.sqlite3")
    return SqliteQuotaCounter(Path(path))


def _keys(
    settings: Settings, gateway: str, key: SecretStr | None, secret: SecretStr | None
) -> tuple[str, str]:
    """The API key and webhook secret of `gateway`: both are needed to sell through it,
    and to serve the subscribers of one whose webhook secret is set."""
    prefix = gateway.upper()
    if key is None or secret is None:
        if settings.payment_gateway == gateway:
            raise ValueError(
                f"PAYMENT_GATEWAY={gateway} needs {prefix}_API_KEY and {prefix}_WEBHOOK_SECRET"
            )
        raise ValueError(
            f"{prefix}_WEBHOOK_SECRET is set, so {gateway}'s subscribers are served here: "
            f"that needs {prefix}_API_KEY too (for their portal and cancellations)"
        )
    return key.get_secret_value(), secret.get_secret_value()


def _stripe_gateway(settings: Settings, clock: Clock) -> PaymentGateway:
    # Imported on first use: only a deployment that takes Stripe payments loads its SDK.
    from cvimprover.adapters.payments.stripe_gateway import StripePaymentGateway

    api_key, webhook_secret = _keys(
        settings, "stripe", settings.stripe_api_key, settings.stripe_webhook_secret
    )
    return StripePaymentGateway(
        api_key,
        webhook_secret,
        clock,
        base_url=settings.stripe_base_url,
        tolerance_seconds=settings.webhook_tolerance_seconds,
    )


def _paddle_gateway(settings: Settings, clock: Clock) -> PaymentGateway:
    # Imported on first use, like Stripe's SDK.
    from cvimprover.adapters.payments.paddle_gateway import PaddleGateway

    api_key, webhook_secret = _keys(
        settings, "paddle", settings.paddle_api_key, settings.paddle_webhook_secret
    )
    return PaddleGateway(
        api_key,
        webhook_secret,
        clock,
        environment=settings.paddle_environment,
        base_url=settings.paddle_base_url,
        tolerance_seconds=settings.webhook_tolerance_seconds,
    )


def _gateways(
    settings: Settings, selling: PaymentGateway, **others: Callable[[], PaymentGateway]
) -> PaymentGateways:
    """The selling gateway, and beside it every other whose webhook secret is set (a
    business that moved keeps serving its subscribers there). The sandbox is never one
    of the others: it is only ever taken when chosen."""
    webhook_secrets = {
        "stripe": settings.stripe_webhook_secret,
        "paddle": settings.paddle_webhook_secret,
    }
    serving = [
        build()
        for name, build in others.items()
        if name != selling.name and webhook_secrets[name] is not None
    ]
    return GatewayRegistry(selling, serving)


def _billing_links(settings: Settings) -> BillingLinks:
    """The frontend's pages the gateways send payers back to, as the original had them."""
    frontend = settings.payment_return_url.rstrip("/")
    return BillingLinks(
        success=frontend + "/payments/success?session_id={CHECKOUT_SESSION_ID}",
        cancel=frontend + "/payments/cancelled",
        portal_return=frontend + "/profile",
    )


def _account_links(settings: Settings) -> AccountLinks:
    """The frontend's pages for the links in mails, as the original had them; without a
    frontend (FRONTEND_URL unset), this API's own pages, which confirm with a button."""
    if settings.frontend_url:
        frontend = settings.frontend_url.rstrip("/")
        return AccountLinks(
            verify_email=frontend + "/verify-email/{key}",
            reset_password=frontend + "/password-reset/{uid}/{token}",
        )
    api = settings.public_url.rstrip("/")
    return AccountLinks(
        verify_email=api + account_pages.VERIFY_EMAIL_PAGE + "?key={key}",
        reset_password=api + account_pages.PASSWORD_RESET_PAGE + "?uid={uid}&token={token}",
    )


KEYED_GATEWAYS = ("stripe", "paddle")
"""The gateways whose prices a plan finds by lookup key."""


def _price_gateways(settings: Settings) -> list[str]:
    """The gateways `cvimprover prices` knows, the selling one first."""
    every = [settings.payment_gateway, *KEYED_GATEWAYS, "sandbox"]
    return list(dict.fromkeys(every))


def _stripe_prices(settings: Settings) -> PriceDirectory:
    from cvimprover.adapters.payments.stripe_price_directory import StripePriceDirectory

    if settings.stripe_api_key is None:
        raise ValueError("PAYMENT_GATEWAY=stripe needs STRIPE_API_KEY")
    return StripePriceDirectory(
        settings.stripe_api_key.get_secret_value(), base_url=settings.stripe_base_url
    )


def _paddle_prices(settings: Settings) -> PriceDirectory:
    from cvimprover.adapters.payments.paddle_price_directory import PaddlePriceDirectory

    if settings.paddle_api_key is None:
        raise ValueError("PAYMENT_GATEWAY=paddle needs PADDLE_API_KEY")
    return PaddlePriceDirectory(
        settings.paddle_api_key.get_secret_value(),
        environment=settings.paddle_environment,
        base_url=settings.paddle_base_url,
    )


def _redis_urls(settings: Settings) -> list[str]:
    """The Redis servers quotas and login throttles use, for the health check."""
    urls = {settings.resolved_quota_storage_url, settings.rate_limit_storage_url}
    return sorted(url for url in urls if url.startswith(("redis://", "rediss://", "unix://")))


class Infrastructure(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=Settings)

    clock = providers.Singleton(SystemClock)
    engine = providers.ThreadSafeSingleton(build_engine, settings.provided.resolved_database_url)
    session_factory = providers.ThreadSafeSingleton(build_session_factory, engine)
    read_cache = providers.Singleton(
        InProcessReadCache,
        max_bytes=providers.Callable(lambda mb: mb * 1024 * 1024, settings.provided.read_cache_mb),
        ttl_seconds=settings.provided.read_cache_ttl_seconds,
    )
    unit_of_work = providers.Factory(SqlAlchemyUnitOfWork, session_factory, changes=read_cache)
    read_session_factory = providers.ThreadSafeSingleton(
        build_session_factory, engine, read_only=True
    )
    read_unit_of_work = providers.Factory(
        SqlAlchemyUnitOfWork, read_session_factory, read_only=True
    )

    change_feed = providers.Selector(
        settings.provided.change_feed,
        postgresql=providers.Singleton(
            PostgresChangeFeed, settings.provided.resolved_database_url, read_cache
        ),
        none=providers.Singleton(NoChangeFeed),
    )

    broker = providers.Singleton(
        connect,
        settings.provided.resolved_broker_url,
        visibility_timeout=settings.provided.broker_visibility_timeout_seconds,
    )
    tasks = providers.Singleton(KombuTaskQueue, broker)
    job_consumer = providers.Factory(
        KombuJobConsumer, broker, sweep_every=settings.provided.job_sweep_interval_seconds
    )

    delivery_mailer = providers.Selector(
        settings.provided.mailer,
        outbox=providers.Singleton(
            OutboxMailer, settings.provided.resolved_outbox_dir, settings.provided.mail_from
        ),
        smtp=providers.Singleton(
            SmtpMailer,
            settings.provided.smtp_host,
            settings.provided.smtp_port,
            settings.provided.mail_from,
            username=settings.provided.smtp_username,
            password=providers.Callable(_secret, settings.provided.smtp_password),
            security=settings.provided.smtp_security,
        ),
    )
    login_throttle = providers.Singleton(
        LimitsFailureThrottle,
        settings.provided.rate_limit_storage_url,
        providers.Dict(
            {
                "login:account": settings.provided.login_failures_per_account,
                "login:ip": settings.provided.login_failures_per_ip,
            }
        ),
    )
    password_hasher = providers.Singleton(
        Argon2PasswordHasher,
        memory_kib=settings.provided.password_hash_memory_kib,
        time_cost=settings.provided.password_hash_time_cost,
        parallelism=settings.provided.password_hash_parallelism,
    )
    token_service = providers.Singleton(
        JwtTokenService,
        providers.Callable(lambda s: s.token_secret(), settings),
        issuer=settings.provided.jwt_issuer,
        audience=settings.provided.jwt_audience,
        access_lifetime=providers.Callable(
            lambda s: timedelta(seconds=s.access_token_lifetime_seconds), settings
        ),
        refresh_lifetime=providers.Callable(
            lambda s: timedelta(seconds=s.refresh_token_lifetime_seconds), settings
        ),
    )
    account_rules = providers.Singleton(
        AccountRules,
        emails=providers.Singleton(EmailAddressPolicy),
        passwords=providers.Singleton(
            ZxcvbnPasswordPolicy, minimum_score=settings.provided.password_minimum_score
        ),
    )
    links = providers.Singleton(_account_links, settings)
    probes = providers.List(
        providers.Singleton(DatabaseProbe, engine),
        providers.Singleton(BrokerProbe, broker),
        providers.Singleton(RedisProbe, providers.Callable(_redis_urls, settings)),
    )  # the HTTP container adds the AI providers' probe
    readiness = providers.List(
        providers.Singleton(DatabaseProbe, engine), providers.Singleton(SchemaProbe, engine)
    )

    metrics = providers.Callable(lambda s: "on" if s.metrics_enabled else "off", settings)
    telemetry = providers.Selector(
        metrics, on=providers.Singleton(PrometheusTelemetry), off=providers.Singleton(NoTelemetry)
    )
    queue_depth = providers.Singleton(KombuQueueDepth, broker)
    metrics_exposition = providers.Selector(
        metrics,
        on=providers.Singleton(PrometheusExposition, providers.Dict(job_queue_depth=queue_depth)),
        off=providers.Object(None),
    )


class Documents(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=Settings)

    storage = providers.Singleton(FilesystemBlobStorage, settings.provided.resolved_storage_dir)
    cv_reader = providers.Singleton(RuleBasedCVReader)
    cv_validator = providers.Singleton(JsonSchemaResumeValidator)
    extractor = providers.Singleton(
        PdfiumTextExtractor,
        max_pages=settings.provided.pdf_max_pages,
        timeout_seconds=settings.provided.pdf_timeout_seconds,
        memory_limit_bytes=providers.Callable(
            lambda s: s.pdf_memory_limit_mb * 1024 * 1024, settings
        ),
    )
    renderer = providers.Singleton(
        WeasyPrintCVRenderer,
        timeout_seconds=settings.provided.pdf_render_timeout_seconds,
        memory_limit_bytes=providers.Callable(
            lambda s: s.pdf_render_memory_limit_mb * 1024 * 1024, settings
        ),
        max_characters=settings.provided.pdf_render_max_characters,
        max_pages=settings.provided.pdf_render_max_pages,
    )


class AI(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=Settings)

    openai = providers.Singleton(
        _openai_improver,
        settings.provided.openai_model,
        api_key=providers.Callable(_secret, settings.provided.openai_api_key),
        base_url=settings.provided.openai_base_url,
        timeout=settings.provided.ai_timeout_seconds,
        max_retries=settings.provided.ai_max_retries,
    )
    anthropic = providers.Singleton(
        _anthropic_improver,
        settings.provided.anthropic_model,
        api_key=providers.Callable(_secret, settings.provided.anthropic_api_key),
        base_url=settings.provided.anthropic_base_url,
        timeout=settings.provided.ai_timeout_seconds,
        max_retries=settings.provided.ai_max_retries,
    )
    openai_compatible = providers.Singleton(
        _openai_improver,
        settings.provided.openai_compatible_model,
        api_key=providers.Callable(_secret, settings.provided.openai_compatible_api_key),
        base_url=settings.provided.openai_compatible_base_url,
        name="openai-compatible",
        timeout=settings.provided.ai_timeout_seconds,
        max_retries=settings.provided.ai_max_retries,
    )
    local = providers.Singleton(LocalImprover)
    phones = providers.Singleton(PhonenumbersPhoneFinder)
    telemetry: providers.Dependency[Telemetry] = providers.Dependency(
        default=providers.Singleton(NoTelemetry)
    )
    chosen = providers.Singleton(
        _chosen,
        settings.provided.provider_names,
        openai=openai.provider,
        anthropic=anthropic.provider,
        local=local.provider,
        **{"openai-compatible": openai_compatible.provider},
    )
    improvers = providers.Singleton(metered, chosen, telemetry)


def _lease_terms(settings: Settings) -> LeaseTerms:
    return LeaseTerms(
        running=timedelta(seconds=settings.job_lease_seconds),
        queued=timedelta(seconds=settings.job_queue_lease_seconds),
        longest_run=timedelta(seconds=settings.job_max_run_seconds),
    )


class Jobs(containers.DeclarativeContainer):
    """The leases of jobs, and the heartbeat that renews those a worker holds."""

    infra = providers.DependenciesContainer()

    terms = providers.Singleton(_lease_terms, infra.settings)
    held = providers.Singleton(HeldLeases, terms)
    renew_leases = providers.Singleton(RenewLeases, infra.unit_of_work.provider, held, infra.clock)
    heartbeat_seconds = infra.settings.provided.heartbeat_seconds


class Mail(containers.DeclarativeContainer):
    infra = providers.DependenciesContainer()
    jobs = providers.DependenciesContainer()

    uow = infra.unit_of_work.provider
    queue_mail = providers.Singleton(QueueMail, uow, infra.tasks, infra.clock, terms=jobs.terms)
    deliver_mail = providers.Singleton(
        DeliverMail, uow, infra.delivery_mailer, infra.clock, leases=jobs.held
    )
    requeue_due_mails = providers.Singleton(
        RequeueDueMails, uow, infra.tasks, infra.clock, terms=jobs.terms
    )
    mailer = providers.Selector(
        infra.settings.provided.mail_delivery,
        queued=queue_mail,
        direct=infra.delivery_mailer,
    )


class Accounts(containers.DeclarativeContainer):
    infra = providers.DependenciesContainer()
    mail = providers.DependenciesContainer()
    documents = providers.DependenciesContainer()
    billing = providers.DependenciesContainer()

    uow = infra.unit_of_work.provider
    read_uow = infra.read_unit_of_work.provider
    sessions = providers.Singleton(SessionIssuer, infra.token_service)
    accounts = providers.Singleton(AccountFactory, infra.account_rules, infra.password_hasher)

    register_user = providers.Singleton(
        RegisterUser, uow, accounts, sessions, infra.clock, mail.mailer, infra.links
    )
    create_user = providers.Singleton(CreateUser, uow, accounts, infra.clock)
    log_in = providers.Singleton(
        LogIn,
        uow,
        infra.password_hasher,
        sessions,
        infra.login_throttle,
        infra.clock,
        require_verified_email=infra.settings.provided.require_verified_email,
    )
    refresh_tokens = providers.Singleton(
        RefreshTokens, uow, infra.token_service, sessions, infra.clock
    )
    log_out = providers.Singleton(LogOut, uow, infra.token_service, infra.clock)
    google_identity = providers.Singleton(
        GoogleIdTokenVerifier,
        infra.settings.provided.google_client_id,
        providers.Singleton(PublishedKeys, infra.settings.provided.google_keys_url),
    )
    sign_in_with_google = providers.Singleton(
        SignInWithGoogle,
        uow,
        google_identity,
        providers.Singleton(EmailAddressPolicy),
        sessions,
        infra.clock,
        require_verified_email=infra.settings.provided.require_verified_email,
    )
    export_personal_data = providers.Singleton(
        ExportPersonalData,
        providers.Singleton(SqlAlchemyPersonalData, infra.read_session_factory),
        documents.storage,
        infra.clock,
        usage=billing.get_usage,
    )
    authenticate = providers.Singleton(
        Authenticate, read_uow, infra.token_service, infra.read_cache
    )
    verify_email = providers.Singleton(VerifyEmail, uow, infra.clock)
    resend_verification = providers.Singleton(
        ResendVerificationEmail, uow, infra.clock, mail.mailer, infra.links
    )
    get_profile = providers.Singleton(GetProfile, read_uow)
    update_profile = providers.Singleton(
        UpdateProfile, uow, infra.account_rules, infra.clock, mail.mailer, infra.links
    )
    delete_account = providers.Singleton(DeleteAccount, uow, documents.storage, billing.gateways)
    change_password = providers.Singleton(
        ChangePassword, uow, infra.account_rules, infra.password_hasher, sessions, infra.clock
    )
    request_reset = providers.Singleton(
        RequestPasswordReset, uow, infra.clock, mail.mailer, infra.links
    )
    confirm_reset = providers.Singleton(
        ConfirmPasswordReset, uow, infra.account_rules, infra.password_hasher, infra.clock
    )


class Billing(containers.DeclarativeContainer):
    infra = providers.DependenciesContainer()

    uow = infra.unit_of_work.provider
    read_uow = infra.read_unit_of_work.provider
    settings = infra.settings

    quota_counter = providers.Selector(
        providers.Callable(_quota_store, settings),
        memory=providers.Singleton(InMemoryQuotaCounter),
        sqlite=providers.Singleton(_sqlite_quota_counter, settings),
        redis=providers.Singleton(
            RedisQuotaCounter,
            settings.provided.resolved_quota_storage_url,
            namespace=settings.provided.quota_namespace,
        ),
    )
    quotas = providers.Singleton(
        Quotas,
        read_uow,
        quota_counter,
        infra.clock,
        grace=providers.Callable(lambda s: timedelta(days=s.subscription_grace_days), settings),
        cache=infra.read_cache,
        upgrade_url=providers.Callable(
            lambda s: s.public_url.rstrip("/") + "/core/plans/", settings
        ),
    )
    stripe = providers.Singleton(_stripe_gateway, settings, infra.clock)
    paddle = providers.Singleton(_paddle_gateway, settings, infra.clock)
    gateway = providers.Selector(
        settings.provided.payment_gateway,
        sandbox=providers.Singleton(
            SandboxPaymentGateway,
            providers.Callable(lambda s: s.token_secret(), settings),
            settings.provided.public_url,
            infra.clock,
        ),
        stripe=stripe,
        paddle=paddle,
    )
    """The selling gateway (PAYMENT_GATEWAY): checkouts, their verification, prices."""
    gateways = providers.Singleton(
        _gateways, settings, gateway, stripe=stripe.provider, paddle=paddle.provider
    )
    """Every gateway configured: webhooks, and the portal and cancellation of a subscriber."""
    links = providers.Singleton(_billing_links, settings)
    catalogue = providers.Singleton(
        PriceCatalogue,
        gateway,
        infra.clock,
        ttl=providers.Callable(lambda s: timedelta(seconds=s.price_cache_seconds), settings),
    )

    price_directory = providers.Selector(
        settings.provided.payment_gateway,
        sandbox=providers.Singleton(SandboxPriceDirectory),
        stripe=providers.Singleton(_stripe_prices, settings),
        paddle=providers.Singleton(_paddle_prices, settings),
    )
    price_book = providers.Singleton(
        PriceBook,
        price_directory,
        infra.clock,
        ttl=providers.Callable(lambda s: timedelta(seconds=s.price_cache_seconds), settings),
    )
    find_unsold_plans = providers.Singleton(FindUnsoldPlans, read_uow, price_book)

    list_plans = providers.Singleton(ListPlans, read_uow, catalogue, price_book)
    get_usage = providers.Singleton(GetUsage, quotas)
    start_checkout = providers.Singleton(StartCheckout, read_uow, gateway, links, price_book)
    verify_checkout = providers.Singleton(VerifyCheckout, read_uow, gateway)
    open_portal = providers.Singleton(OpenBillingPortal, read_uow, gateways, links)
    apply_event = providers.Singleton(ApplyBillingEvent, uow, infra.clock)
    receive_webhook = providers.Singleton(
        ReceiveWebhook, gateways, apply_event, telemetry=infra.telemetry
    )


class CVs(containers.DeclarativeContainer):
    infra = providers.DependenciesContainer()
    jobs = providers.DependenciesContainer()
    documents = providers.DependenciesContainer()
    ai = providers.DependenciesContainer()
    billing = providers.DependenciesContainer()

    uow = infra.unit_of_work.provider
    read_uow = infra.read_unit_of_work.provider
    resumes = providers.Singleton(
        ResumeIntake, documents.extractor, documents.storage, reader=documents.cv_reader
    )

    submit_questionnaire = providers.Singleton(
        SubmitQuestionnaire, uow, resumes, infra.clock, quotas=billing.quotas
    )
    get_questionnaire = providers.Singleton(GetQuestionnaire, read_uow)
    list_questionnaires = providers.Singleton(ListQuestionnaires, read_uow)
    update_questionnaire = providers.Singleton(
        UpdateQuestionnaire, uow, resumes, quotas=billing.quotas
    )
    delete_questionnaire = providers.Singleton(DeleteQuestionnaire, uow, resumes)
    download_resume = providers.Singleton(DownloadResume, read_uow, documents.storage)
    get_structured_cv = providers.Singleton(GetStructuredCV, read_uow, documents.cv_reader)
    replace_structured_cv = providers.Singleton(ReplaceStructuredCV, uow, documents.cv_validator)
    request_improvement = providers.Singleton(
        RequestImprovement, uow, infra.tasks, infra.clock, terms=jobs.terms, quotas=billing.quotas
    )
    get_improvement = providers.Singleton(GetImprovement, read_uow)
    edit_improvement = providers.Singleton(EditImprovement, uow, infra.clock)
    list_improvements = providers.Singleton(ListImprovements, read_uow)
    run_improvement = providers.Singleton(
        RunImprovement,
        uow,
        ai.improvers,
        infra.clock,
        leases=jobs.held,
        phones=ai.phones,
        max_output_tokens=infra.settings.provided.ai_max_output_tokens,
        quotas=billing.quotas,
    )
    requeue_due_improvements = providers.Singleton(
        RequeueDueImprovements, uow, infra.tasks, infra.clock, terms=jobs.terms
    )
    request_pdf = providers.Singleton(RequestPdf, uow, infra.tasks, infra.clock, terms=jobs.terms)
    run_pdf_render = providers.Singleton(
        RunPdfRender, uow, documents.renderer, documents.storage, infra.clock, leases=jobs.held
    )
    requeue_due_pdf_renders = providers.Singleton(
        RequeueDuePdfRenders, uow, infra.tasks, infra.clock, terms=jobs.terms
    )
    download_pdf = providers.Singleton(DownloadPdf, read_uow, documents.storage)
    clean_up_storage = providers.Singleton(
        CleanUpStorage,
        providers.Singleton(SqlAlchemyRetentionStore, infra.session_factory),
        documents.storage,
        infra.clock,
    )


class Admin(containers.DeclarativeContainer):
    """Operators' commands: `cvimprover set-plan`, `jobs ...` and `quota ...`."""

    infra = providers.DependenciesContainer()
    billing = providers.DependenciesContainer()

    change_plan = providers.Singleton(ChangePlan, infra.unit_of_work.provider)
    list_failed_jobs = providers.Singleton(
        ListFailedJobs, providers.Singleton(SqlAlchemyFailedJobs, infra.engine)
    )
    retry_jobs = providers.Singleton(
        RetryJobs, infra.unit_of_work.provider, infra.tasks, infra.clock
    )
    inspect_quotas = providers.Singleton(
        InspectQuotas, infra.read_unit_of_work.provider, billing.quotas
    )
    reset_quotas = providers.Singleton(
        ResetQuotas, infra.read_unit_of_work.provider, billing.quotas
    )
    list_plan_prices = providers.Singleton(
        ListPlanPrices,
        infra.read_unit_of_work.provider,
        providers.Callable(_price_gateways, infra.settings),
        keyed=KEYED_GATEWAYS,
    )
    set_plan_price = providers.Singleton(
        SetPlanPrice,
        infra.unit_of_work.provider,
        providers.Callable(_price_gateways, infra.settings),
        infra.settings.provided.payment_gateway,
    )
    check_plan_prices = providers.Singleton(
        CheckPlanPrices,
        infra.read_unit_of_work.provider,
        billing.price_book,
        billing.price_directory,
    )


class Http(containers.DeclarativeContainer):
    infra = providers.DependenciesContainer()
    accounts = providers.DependenciesContainer()
    cvs = providers.DependenciesContainer()
    ai = providers.DependenciesContainer()
    billing = providers.DependenciesContainer()

    ai_probe = providers.Singleton(
        AIProvidersProbe,
        providers.Callable(_configured_ai, infra.settings).provider,
    )
    cookies = providers.Singleton(
        CookiePolicy,
        secure=infra.settings.provided.auth_cookie_secure,
        same_site=infra.settings.provided.auth_cookie_samesite,
    )
    operations = providers.Singleton(
        Operations,
        telemetry=infra.telemetry,
        exposition=infra.metrics_exposition,
        metrics_token=providers.Callable(_secret, infra.settings.provided.metrics_token),
        readiness=infra.readiness,
        cors_origins=infra.settings.provided.cors_origins,
    )
    services = providers.Singleton(
        HttpServices,
        authenticate=accounts.authenticate,
        read_cache=infra.read_cache,
        sessions=providers.Singleton(
            SessionEndpoints,
            accounts.register_user,
            accounts.log_in,
            accounts.refresh_tokens,
            accounts.log_out,
            cookies,
            infra.clock,
        ),
        credentials=providers.Singleton(
            CredentialEndpoints,
            accounts.verify_email,
            accounts.resend_verification,
            accounts.change_password,
            accounts.request_reset,
            accounts.confirm_reset,
            cookies,
            infra.clock,
        ),
        profile=providers.Singleton(
            ProfileEndpoints,
            accounts.get_profile,
            accounts.update_profile,
            accounts.delete_account,
            cookies,
        ),
        questionnaires=providers.Singleton(
            QuestionnaireEndpoints,
            cvs.submit_questionnaire,
            cvs.get_questionnaire,
            cvs.list_questionnaires,
            cvs.update_questionnaire,
            cvs.delete_questionnaire,
            cvs.download_resume,
            cvs.get_structured_cv,
            cvs.replace_structured_cv,
            providers.Callable(resume_schema),
        ),
        improvements=providers.Singleton(
            ImprovementEndpoints,
            cvs.request_improvement,
            cvs.get_improvement,
            cvs.list_improvements,
            cvs.request_pdf,
            cvs.download_pdf,
            cvs.edit_improvement,
        ),
        social=providers.Singleton(
            SocialEndpoints, accounts.sign_in_with_google, cookies, infra.clock
        ),
        personal_data=providers.Singleton(
            PersonalDataEndpoints, accounts.export_personal_data, infra.clock
        ),
        probes=providers.Callable(lambda probes, ai: [*probes, ai], infra.probes, ai_probe),
        max_body_bytes=infra.settings.provided.max_body_bytes,
        billing=providers.Singleton(
            BillingEndpoints,
            billing.list_plans,
            billing.get_usage,
            billing.start_checkout,
            billing.verify_checkout,
            billing.open_portal,
        ),
        webhooks=providers.Singleton(
            WebhookEndpoints, billing.receive_webhook, infra.settings.provided.payment_gateway
        ),
        quotas=billing.quotas,
        clock=infra.clock,
        operations=operations,
    )
    app = providers.Singleton(create_app, services)


class Container(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=Settings)

    infra = providers.Container(Infrastructure, settings=settings)
    jobs = providers.Container(Jobs, infra=infra)
    mail = providers.Container(Mail, infra=infra, jobs=jobs)
    documents = providers.Container(Documents, settings=settings)
    billing = providers.Container(Billing, infra=infra)
    accounts = providers.Container(
        Accounts, infra=infra, mail=mail, documents=documents, billing=billing
    )
    ai = providers.Container(AI, settings=settings, telemetry=infra.telemetry)
    admin = providers.Container(Admin, infra=infra, billing=billing)
    cvs = providers.Container(
        CVs, infra=infra, jobs=jobs, documents=documents, ai=ai, billing=billing
    )
    http = providers.Container(
        Http, infra=infra, accounts=accounts, cvs=cvs, ai=ai, billing=billing
    )


def build_container(settings: Settings | None = None) -> Container:
    return Container(settings=settings or Settings())
