"""The schema. Alembic revisions under `migrations/` must produce exactly this."""

import enum

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    Enum,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
)

from cvimprover.adapters.db.types import UtcDateTime
from cvimprover.core.billing.model import BillingInterval
from cvimprover.core.cvs.model import (
    ApplicationTimeline,
    CompanySize,
    ExperienceLevel,
    JobStatus,
)
from cvimprover.core.cvs.pdfs import PageSize, PdfTemplate
from cvimprover.core.mail.model import MailStatus
from cvimprover.core.users.model import TokenPurpose

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def _stored_as_text(kinds: type[enum.Enum], *, length: int) -> Enum:
    """An enum kept as its values in a plain string column, the same on every database."""
    return Enum(
        kinds,
        native_enum=False,
        length=length,
        values_callable=lambda members: [member.value for member in members],
        create_constraint=False,
    )


plans = Table(
    "plans",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(50), nullable=False, unique=True),
    Column("description", Text, nullable=False, default=""),
    Column("order", Integer, nullable=False, default=10),
    Column("ai_improvements_per_day", Integer, nullable=False),
    Column("questionnaires_per_day", Integer, nullable=False),
    Column("uploads_per_day", Integer, nullable=False),
    Column("api_calls_per_hour", Integer, nullable=False),
)

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(150), nullable=False),
    Column("email", String(254), nullable=False),
    Column("password_hash", String(255), nullable=False),
    Column("first_name", String(150), nullable=False, default=""),
    Column("last_name", String(150), nullable=False, default=""),
    Column("date_of_birth", Date, nullable=True),
    Column("plan_id", Integer, ForeignKey("plans.id", ondelete="SET NULL"), nullable=True),
    Column("is_staff", Boolean, nullable=False, default=False),
    Column("is_active", Boolean, nullable=False, default=True),
    Column("email_verified", Boolean, nullable=False, default=False),
    Column("session_version", Integer, nullable=False, default=1),
    Column("date_joined", UtcDateTime, nullable=False),
    Column("last_login", UtcDateTime, nullable=True),
    Column("stripe_customer_id", String(255), nullable=True),
    Column("stripe_subscription_id", String(255), nullable=True),
    Column("stripe_subscription_status", String(50), nullable=True),
    Column("subscription_renewal_date", UtcDateTime, nullable=True),
    Column("subscription_interval", String(8), nullable=True),
    Column("subscription_gateway", String(16), nullable=True),
    Column("subscription_event_at", UtcDateTime, nullable=True),
    Column("past_due_since", UtcDateTime, nullable=True),
    Column("google_subject", String(255), nullable=True),
    Index("ix_users_stripe_subscription_id", "stripe_subscription_id"),
    Index("ix_users_stripe_customer_id", "stripe_customer_id"),
)
Index("uq_users_username_lower", func.lower(users.c.username), unique=True)
Index("uq_users_email_lower", func.lower(users.c.email), unique=True)
Index("uq_users_google_subject", users.c.google_subject, unique=True)

refresh_sessions = Table(
    "refresh_sessions",
    metadata,
    Column("jti", String(64), primary_key=True),
    Column("family_id", String(64), nullable=False, index=True),
    Column(
        "user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("issued_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("used_at", UtcDateTime, nullable=True),
    Column("revoked_at", UtcDateTime, nullable=True),
)

one_time_tokens = Table(
    "one_time_tokens",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("digest", String(64), nullable=False, unique=True),
    Column(
        "user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("purpose", _stored_as_text(TokenPurpose, length=32), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("used_at", UtcDateTime, nullable=True),
)

queued_mails = Table(
    "queued_mails",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("to", String(254), nullable=False),
    Column("subject", String(255), nullable=False),
    Column("text", Text, nullable=False),
    Column("status", _stored_as_text(MailStatus, length=16), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("last_error", Text, nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("next_attempt_at", UtcDateTime, nullable=False),
    Index("ix_queued_mails_status_next_attempt_at", "status", "next_attempt_at"),
)

questionnaires = Table(
    "questionnaires",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("position", String(255), nullable=False),
    Column("industry", String(255), nullable=False),
    Column("experience_level", _stored_as_text(ExperienceLevel, length=10), nullable=False),
    Column("company_size", _stored_as_text(CompanySize, length=10), nullable=False),
    Column("location", String(255), nullable=False),
    Column("application_timeline", _stored_as_text(ApplicationTimeline, length=20), nullable=False),
    Column("job_description", Text, nullable=False),
    Column("submitted_at", UtcDateTime, nullable=False),
    Column("resume_key", String(255), nullable=True),
    Column("resume_name", String(255), nullable=True),
    Column("resume_size", Integer, nullable=True),
    Column("resume_text", Text, nullable=True),
    Column("structured_cv", JSON, nullable=True),  # JSON Resume; JSONB would reorder it
    # One owner's list, newest first, by an index range scan whatever the table's size.
    Index("ix_questionnaires_user_id_id", "user_id", "id"),
)

ai_responses = Table(
    "ai_responses",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column(
        "questionnaire_id",
        Integer,
        ForeignKey("questionnaires.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("prompt", Text, nullable=False),
    Column("status", _stored_as_text(JobStatus, length=16), nullable=False),
    Column("response_text", Text, nullable=True),
    Column("error", Text, nullable=True),
    Column("provider", String(64), nullable=True),
    Column("model", String(128), nullable=True),
    Column("notice", Text, nullable=True),
    Column("input_tokens", Integer, nullable=True),
    Column("output_tokens", Integer, nullable=True),
    Column("attempts", Integer, nullable=False, default=0),
    Column("created_at", UtcDateTime, nullable=False),
    Column("next_attempt_at", UtcDateTime, nullable=False),
    Column("started_at", UtcDateTime, nullable=True),
    Column("finished_at", UtcDateTime, nullable=True),
    Column("edited_text", Text, nullable=True),
    Column("edited_at", UtcDateTime, nullable=True),
    Column("gaps", JSON, nullable=False, server_default="[]"),
    Index("ix_ai_responses_status_next_attempt_at", "status", "next_attempt_at"),
    Index("ix_ai_responses_user_id_id", "user_id", "id"),
)

pdf_renders = Table(
    "pdf_renders",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column(
        "ai_response_id",
        Integer,
        ForeignKey("ai_responses.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("template", _stored_as_text(PdfTemplate, length=16), nullable=False),
    Column("page_size", _stored_as_text(PageSize, length=16), nullable=False),
    Column("status", _stored_as_text(JobStatus, length=16), nullable=False),
    Column("error", Text, nullable=True),
    Column("attempts", Integer, nullable=False, default=0),
    Column("file_key", String(255), nullable=True),
    Column("file_size", Integer, nullable=True),
    Column("text_sha256", String(64), nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("next_attempt_at", UtcDateTime, nullable=False),
    Column("started_at", UtcDateTime, nullable=True),
    Column("finished_at", UtcDateTime, nullable=True),
    Index("ix_pdf_renders_status_next_attempt_at", "status", "next_attempt_at"),
    # An improvement's latest render, by an index range scan.
    Index("ix_pdf_renders_ai_response_id_id", "ai_response_id", "id"),
)

plan_prices = Table(
    "plan_prices",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("plan_id", Integer, ForeignKey("plans.id", ondelete="CASCADE"), nullable=False),
    Column("gateway", String(16), nullable=False),
    Column("interval", _stored_as_text(BillingInterval, length=8), nullable=False),
    Column("price_id", String(255), nullable=False),
    # One price per plan, gateway and interval; one plan per price of a gateway.
    UniqueConstraint("plan_id", "gateway", "interval", name="uq_plan_prices_plan_gateway_interval"),
    UniqueConstraint("gateway", "price_id", name="uq_plan_prices_gateway_price_id"),
)

processed_billing_events = Table(
    "processed_billing_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("gateway", String(16), nullable=False),
    Column("event_id", String(255), nullable=False),
    Column("processed_at", UtcDateTime, nullable=False),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
    # The guarantee that each event is applied once, whatever the concurrency.
    UniqueConstraint("gateway", "event_id", name="uq_processed_billing_events_gateway_event_id"),
)
