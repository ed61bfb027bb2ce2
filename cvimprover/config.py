"""Every setting, read from the environment. The defaults are the embedded mode:
one process, a SQLite file, no servers to install."""

import contextlib
import os
import secrets
from pathlib import Path
from typing import Any, Literal, Self

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class RefusedSettings(SystemExit):
    """Settings the service must not start with. A SystemExit, so that every entry point
    (the CLI, gunicorn's config and its workers' WSGI import) stops with this one line on
    stderr and exit status 1, before anything is served."""

    def __init__(self, message: str) -> None:
        super().__init__(f"error: {message}")


SANDBOX_ON_A_SERVER = (
    "PAYMENT_GATEWAY is unset but DATABASE_URL names a database server: set "
    "PAYMENT_GATEWAY=stripe or paddle, or PAYMENT_GATEWAY=sandbox to let anyone take "
    "a paid plan for free (for testing only)"
)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", frozen=True)

    data_dir: Path = Field(Path("var"), description="Where embedded-mode files live.")
    database_url: str | None = Field(
        None, description="SQLAlchemy URL; default: a SQLite file in DATA_DIR."
    )
    host: str = Field("127.0.0.1", description="Address `cvimprover serve` listens on.")
    port: int = Field(8000, description="Port `cvimprover serve` listens on.")
    web_concurrency: int | None = Field(
        None, ge=1, description="gunicorn worker processes; default: one per CPU core (at least 2)."
    )
    web_threads: int = Field(4, description="Threads per gunicorn worker (gthread).")
    log_level: str = Field("INFO", description="Python log level of the JSON logs.")
    max_body_bytes: int = Field(11 * 1024 * 1024, description="Largest request body (413).")

    jwt_secret: SecretStr | None = Field(
        None, description="At least 32 random bytes; default: generated once into DATA_DIR."
    )
    jwt_issuer: str = Field("cvimprover", description="`iss` of issued tokens.")
    jwt_audience: str = Field("cvimprover-api", description="`aud` of issued tokens.")
    access_token_lifetime_seconds: int = Field(900, description="Access token lifetime.")
    refresh_token_lifetime_seconds: int = Field(7 * 24 * 3600, description="Refresh lifetime.")
    auth_cookie_secure: bool = Field(False, description="Mark auth cookies Secure (HTTPS).")
    auth_cookie_samesite: Literal["Lax", "Strict", "None"] = Field("Lax")
    require_verified_email: bool = Field(False, description="Refuse logins until verified.")
    frontend_url: str | None = Field(
        None,
        description="The frontend's address: base of the links in verification and reset "
        "mails and of the pages gateways send payers back to; unset: the mails link to "
        "this API's own pages (PUBLIC_URL/auth/pages/...).",
    )

    password_hash_memory_kib: int = Field(19456, description="argon2id memory cost.")
    password_hash_time_cost: int = Field(2, description="argon2id passes.")
    password_hash_parallelism: int = Field(1, description="argon2id lanes.")
    password_minimum_score: int = Field(2, description="Lowest zxcvbn score (0-4) accepted.")
    rate_limit_storage_url: str = Field(
        "memory://", description="`limits` storage: memory:// or redis://host:port/db."
    )
    login_failures_per_account: str = Field("5/5 minutes")
    login_failures_per_ip: str = Field("30/5 minutes")

    read_cache_mb: int = Field(
        32,
        description="Per API process: answers to repeated reads kept in memory (0: off). "
        "PostgreSQL only: its change notifications empty it at every commit that matters.",
    )
    read_cache_ttl_seconds: float = Field(300.0, description="Longest life of a cached read.")

    broker_url: str | None = Field(
        None,
        description="kombu broker for jobs: redis://host:6379/0 in production; "
        "default: an SQLite broker in DATA_DIR (sqla+sqlite:///...).",
    )
    broker_visibility_timeout_seconds: int = Field(
        3600, description="Redis: an unacknowledged job is redelivered after this long."
    )
    job_lease_seconds: float = Field(
        30.0,
        gt=0,
        description="How long a running job belongs to its worker without a renewal: a "
        "dead worker's job is free again at most this long after it died.",
    )
    job_heartbeat_seconds: float | None = Field(
        None,
        gt=0,
        description="How often a worker renews the leases of the jobs it runs; default: "
        "a third of JOB_LEASE_SECONDS, which must be more than twice this.",
    )
    job_sweep_interval_seconds: float = Field(
        5.0, gt=0, description="How often a worker queues again the jobs that are due."
    )
    job_queue_lease_seconds: float = Field(
        60.0,
        gt=0,
        description="How long a queued job waits for its message before the sweeper "
        "queues it again (the broker was down, or lost the message in a restart).",
    )
    job_max_run_seconds: float = Field(
        1800.0,
        gt=0,
        description="A job still running after this long is no longer renewed: its "
        "worker is presumed stuck, and another worker takes the job over.",
    )
    serve_job_workers: int = Field(
        1, description="Worker processes `cvimprover serve` runs beside the API (0: none)."
    )

    storage_dir: Path | None = Field(
        None, description="Where uploaded CVs and rendered files are kept; default DATA_DIR/files."
    )
    pdf_max_pages: int = Field(20, description="Longest CV accepted, in pages.")
    pdf_timeout_seconds: float = Field(10.0, description="Time limit to read one uploaded PDF.")
    pdf_memory_limit_mb: int = Field(512, description="Memory limit to read one uploaded PDF.")
    pdf_render_timeout_seconds: float = Field(
        20.0, gt=0, le=120, description="Time limit to render one improved CV as a PDF."
    )
    pdf_render_memory_limit_mb: int = Field(
        256,
        ge=32,
        description="Memory one PDF render may take beyond the warm render process it is "
        "forked from (address space).",
    )
    pdf_render_max_characters: int = Field(
        100_000, ge=1, description="Longest improved CV rendered as a PDF, in characters."
    )
    pdf_render_max_pages: int = Field(20, ge=1, description="Most pages of a rendered PDF.")

    ai_providers: str = Field(
        "local",
        description="Comma-separated failover order from openai, anthropic, "
        "openai-compatible and local (offline, no model).",
    )
    ai_timeout_seconds: float = Field(60.0, description="Time limit of one AI vendor call.")
    ai_max_retries: int = Field(2, description="Retries of a vendor's 429/5xx/timeouts.")
    ai_max_output_tokens: int = Field(4000, description="Longest improved CV, in tokens.")
    openai_api_key: SecretStr | None = None
    openai_model: str = Field("gpt-4o-mini", description="OpenAI model.")
    openai_base_url: str | None = Field(None, description="Default: OpenAI's own API.")
    anthropic_api_key: SecretStr | None = None
    anthropic_model: str = Field("claude-sonnet-4-5", description="Anthropic model.")
    anthropic_base_url: str | None = Field(None, description="Default: Anthropic's own API.")
    openai_compatible_base_url: str = Field(
        "http://127.0.0.1:11434/v1", description="Ollama, vLLM or LM Studio's /v1 URL."
    )
    openai_compatible_model: str = Field("llama3.1", description="Its model name.")
    openai_compatible_api_key: SecretStr | None = Field(None, description="Usually none.")

    mail_delivery: Literal["queued", "direct"] = Field(
        "queued", description="queued: workers deliver mails; direct: the request does."
    )
    mailer: Literal["outbox", "smtp"] = Field("outbox", description="How mail is delivered.")
    mail_from: str = Field("cvimprover <no-reply@cvimprover.localhost>")
    mail_outbox_dir: Path | None = Field(None, description="Default: DATA_DIR/outbox.")
    smtp_host: str = Field("localhost")
    smtp_port: int = Field(587)
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_security: Literal["none", "starttls", "tls"] = Field("starttls")

    public_url: str = Field(
        "",
        description="This API's own address as browsers reach it (the pages mails link to "
        "without a frontend, the sandbox checkout page); unset: http://HOST:PORT.",
    )
    quota_storage_url: str | None = Field(
        None,
        description="Plan quota counters: sqlite:///<file> (every process of one machine; "
        "default DATA_DIR/quotas.sqlite3), redis://host:port/db (every machine) or memory:// "
        "(one process only: not exact with several API processes or a worker).",
    )
    quota_namespace: str = Field(
        "cvimprover", description="Prefix of the quota counters' Redis keys."
    )
    payment_gateway: Literal["sandbox", "stripe", "paddle"] = Field(
        "sandbox",
        description="Where new checkouts go: stripe, paddle or sandbox (offline, no "
        "account: anyone may take a paid plan for free). The default, sandbox, only in "
        "embedded mode (SQLite): with another DATABASE_URL it must be set. Subscribers of "
        "another gateway whose webhook secret is set are still served there.",
    )
    price_cache_seconds: float = Field(
        3600.0, gt=0, description="How long the gateway's prices are kept."
    )
    subscription_grace_days: float = Field(
        7.0, ge=0, description="A subscription past due keeps its plan this long."
    )
    webhook_tolerance_seconds: int = Field(
        300, gt=0, description="Webhook signatures older or newer than this are refused."
    )
    stripe_api_key: SecretStr | None = None
    stripe_webhook_secret: SecretStr | None = None
    stripe_base_url: str | None = Field(None, description="Default: Stripe's own API.")
    paddle_api_key: SecretStr | None = None
    paddle_webhook_secret: SecretStr | None = None
    paddle_environment: Literal["production", "sandbox"] = Field(
        "production", description="Paddle's live API or its sandbox."
    )
    paddle_base_url: str | None = Field(None, description="Default: PADDLE_ENVIRONMENT's API.")

    google_client_id: str | None = Field(
        None,
        description="OAuth client id that Google ID tokens must be issued for (`aud`); "
        "unset: sign-in with Google answers 503.",
    )
    google_keys_url: str = Field(
        "https://www.googleapis.com/oauth2/v3/certs",
        description="Google's published signing keys (JWKS), kept per their Cache-Control.",
    )

    # Operations: metrics, CORS, gunicorn (see cvimprover/gunicorn_conf.py)
    metrics_enabled: bool = Field(True, description="Serve Prometheus figures at /metrics.")
    metrics_token: SecretStr | None = Field(
        None, description="When set, /metrics wants `Authorization: Bearer <token>`."
    )
    prometheus_multiproc_dir: Path | None = Field(
        None,
        description="Where each server process writes its figures (emptied at start); "
        "default DATA_DIR/metrics.",
    )
    worker_metrics_port: int = Field(
        0, ge=0, le=65535, description="A worker's own /metrics port (0: none; for containers)."
    )
    cors_allowed_origins: str = Field(
        "",
        description="Comma-separated frontend origins (https://app.example.com) allowed "
        "to call the API from a browser, with credentials; none by default.",
    )
    web_timeout_seconds: int = Field(
        60, ge=1, description="gunicorn: a worker silent this long is restarted."
    )
    web_graceful_timeout_seconds: int = Field(
        30, ge=1, description="gunicorn: time to finish requests on restart or stop."
    )
    web_keepalive_seconds: int = Field(5, ge=0, description="gunicorn: idle keep-alive.")
    web_worker_connections: int | None = Field(
        None,
        ge=1,
        description="gunicorn: connections one worker holds at most, kept-alive ones "
        "included (default: gunicorn's, 1000). See the README before lowering it.",
    )
    web_max_requests: int = Field(
        0,
        ge=0,
        description="gunicorn: a worker is replaced after so many requests (0: never). A "
        "worker takes seconds to start: keep it in the hundreds of thousands if set at all.",
    )
    web_max_requests_jitter: int = Field(
        200, ge=0, description="gunicorn: random spread of WEB_MAX_REQUESTS across workers."
    )

    @field_validator("frontend_url", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @model_validator(mode="before")
    @classmethod
    def _public_url_from_the_address(cls, data: Any) -> Any:
        """PUBLIC_URL unset: the address `cvimprover serve` listens on, so the links it
        mails work with any HOST or PORT (loopback when it listens on every address)."""
        if not isinstance(data, dict) or str(data.get("public_url") or "").strip():
            return data
        host = str(data.get("host") or cls.model_fields["host"].default)
        port = data.get("port") or cls.model_fields["port"].default
        host = {"0.0.0.0": "127.0.0.1", "::": "[::1]", "": "127.0.0.1"}.get(host, host)  # noqa: S104
        if ":" in host and not host.startswith("["):
            host = f"[{host}]"
        return data | {"public_url": f"http://{host}:{port}"}

    @property
    def payment_return_url(self) -> str:
        """Where gateways send payers back: FRONTEND_URL, else the address the original
        frontend runs at in development (this API has no such pages)."""
        return self.frontend_url or "http://localhost:3000"

    @model_validator(mode="after")
    def _sandbox_only_by_choice_on_a_server(self) -> Self:
        """The sandbox gives paid plans away: it is the default of the embedded mode only."""
        on_a_server = not self.resolved_database_url.startswith("sqlite")
        if on_a_server and "payment_gateway" not in self.model_fields_set:
            raise RefusedSettings(SANDBOX_ON_A_SERVER)
        return self

    @model_validator(mode="after")
    def _a_lease_outlives_a_missed_renewal(self) -> Self:
        """One heartbeat lost (a slow database, a pause) must not cost a live worker its
        job: the lease lasts more than two heartbeats."""
        if self.job_lease_seconds <= 2 * self.heartbeat_seconds:
            raise ValueError(
                f"JOB_LEASE_SECONDS ({self.job_lease_seconds:g}) must be more than twice "
                f"JOB_HEARTBEAT_SECONDS ({self.heartbeat_seconds:g}), so that a missed "
                "renewal does not cost a live worker its job"
            )
        if self.job_max_run_seconds < self.job_lease_seconds:
            raise ValueError("JOB_MAX_RUN_SECONDS must be at least JOB_LEASE_SECONDS")
        return self

    @property
    def heartbeat_seconds(self) -> float:
        return self.job_heartbeat_seconds or self.job_lease_seconds / 3

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'cvimprover.sqlite3'}"

    @property
    def resolved_quota_storage_url(self) -> str:
        return self.quota_storage_url or f"sqlite:///{self.data_dir / 'quotas.sqlite3'}"

    @property
    def change_feed(self) -> Literal["postgresql", "none"]:
        """Where the read cache hears of changes; without a feed nothing is cached."""
        postgres = self.resolved_database_url.startswith("postgresql")
        return "postgresql" if postgres and self.read_cache_mb > 0 else "none"

    @property
    def resolved_broker_url(self) -> str:
        return self.broker_url or f"sqla+sqlite:///{self.data_dir / 'broker.sqlite3'}"

    @property
    def resolved_storage_dir(self) -> Path:
        return self.storage_dir or self.data_dir / "files"

    @property
    def provider_names(self) -> list[str]:
        return [name.strip() for name in self.ai_providers.split(",") if name.strip()]

    @property
    def resolved_outbox_dir(self) -> Path:
        return self.mail_outbox_dir or self.data_dir / "outbox"

    @property
    def resolved_metrics_dir(self) -> Path:
        return self.prometheus_multiproc_dir or self.data_dir / "metrics"

    @property
    def cors_origins(self) -> list[str]:
        return [o.strip().rstrip("/") for o in self.cors_allowed_origins.split(",") if o.strip()]

    def token_secret(self) -> bytes:
        """The configured secret, or one generated on first use and kept in DATA_DIR."""
        if self.jwt_secret is not None:
            return self.jwt_secret.get_secret_value().encode()
        path = self.data_dir / "jwt-secret"
        if not path.exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            draft = path.with_name(f".jwt-secret-{os.getpid()}")
            draft.write_text(secrets.token_urlsafe(48))
            draft.chmod(0o600)
            with contextlib.suppress(FileExistsError):  # another process won the race
                os.link(draft, path)
            draft.unlink()
        return path.read_text().strip().encode()
