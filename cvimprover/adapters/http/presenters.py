"""Domain results as the JSON the original API answered with."""

from typing import Any

from cvimprover.core.cvs.views import ImprovementView, PdfView, QuestionnaireView
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


def questionnaire_json(view: QuestionnaireView) -> dict[str, Any]:
    return {
        "id": view.id,
        "position": view.position,
        "industry": view.industry,
        "experience_level": view.experience_level,
        "company_size": view.company_size,
        "location": view.location,
        "application_timeline": view.application_timeline,
        "job_description": view.job_description,
        "submitted_at": view.submitted_at,
        "resume": f"/cv/questionnaire/{view.id}/resume/" if view.resume_name else None,
        "resume_name": view.resume_name,
    }


def improvement_json(view: ImprovementView) -> dict[str, Any]:
    usage = None
    if view.input_tokens is not None and view.output_tokens is not None:
        usage = {"input_tokens": view.input_tokens, "output_tokens": view.output_tokens}
    return {
        "id": view.id,
        "questionnaire": view.questionnaire_id,
        "prompt": view.prompt,
        "status": view.status,
        "response_text": view.response_text,
        "edited_text": view.edited_text,
        "edited_at": view.edited_at,
        "gaps": list(view.gaps),
        "error": view.error,
        "provider": view.provider,
        "model": view.model,
        "notice": view.notice,
        "usage": usage,
        "created_at": view.created_at,
        "started_at": view.started_at,
        "finished_at": view.finished_at,
    } | pdf_json(view.id, view.pdf)


def pdf_json(improvement_id: int, pdf: PdfView | None) -> dict[str, Any]:
    if pdf is None:
        return dict.fromkeys(
            ("pdf_status", "pdf_error", "pdf_url", "pdf_template", "pdf_page_size")
        )
    url = f"/cv/ai-responses/{improvement_id}/pdfs/{pdf.id}/" if pdf.ready else None
    return {
        "pdf_status": pdf.status,
        "pdf_error": pdf.error,
        "pdf_url": url,
        "pdf_template": pdf.template,
        "pdf_page_size": pdf.page_size,
    }
