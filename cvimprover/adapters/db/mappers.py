"""Maps the plain domain dataclasses onto the tables, without touching the domain code."""

import threading

from sqlalchemy import inspect
from sqlalchemy.orm import deferred, registry

from cvimprover.adapters.db import tables
from cvimprover.core.billing.model import Plan, PlanPrice, ProcessedEvent
from cvimprover.core.cvs.model import AIResponse, Questionnaire
from cvimprover.core.cvs.pdfs import PdfRender
from cvimprover.core.mail.model import QueuedMail
from cvimprover.core.users.model import OneTimeToken, RefreshSession, User

mapper_registry = registry(metadata=tables.metadata)


_lock = threading.Lock()


def start_mappers() -> None:
    """Idempotent and thread-safe: the first requests of a fresh worker arrive together."""
    with _lock:
        if inspect(User, raiseerr=False) is None:
            _map()


def _map() -> None:
    mapper_registry.map_imperatively(Plan, tables.plans)
    mapper_registry.map_imperatively(User, tables.users)
    mapper_registry.map_imperatively(RefreshSession, tables.refresh_sessions)
    mapper_registry.map_imperatively(OneTimeToken, tables.one_time_tokens)
    mapper_registry.map_imperatively(QueuedMail, tables.queued_mails)
    mapper_registry.map_imperatively(
        Questionnaire,
        tables.questionnaires,
        # The CV's text can be long; lists and views never need it, the worker does.
        properties={
            "resume_text": deferred(tables.questionnaires.c.resume_text),
            "structured_cv": deferred(tables.questionnaires.c.structured_cv),
        },
    )
    mapper_registry.map_imperatively(AIResponse, tables.ai_responses)
    mapper_registry.map_imperatively(PdfRender, tables.pdf_renders)
    mapper_registry.map_imperatively(PlanPrice, tables.plan_prices)
    mapper_registry.map_imperatively(ProcessedEvent, tables.processed_billing_events)
