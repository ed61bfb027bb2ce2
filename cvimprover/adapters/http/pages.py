"""Small HTML pages for people rather than API clients: the pages account mails link to
when no frontend handles them, their forms, and the refusals they answer with."""

import html
from collections.abc import Mapping

import falcon


def as_page(req: falcon.Request) -> None:
    """Marks the request as a page's: its refusals are HTML too (errors.serialize_problem)."""
    req.context.html_page = True


def is_page(req: falcon.Request) -> bool:
    return bool(getattr(req.context, "html_page", False))


def send_page(resp: falcon.Response, title: str, body: str) -> None:
    """`body` is markup of ours: whatever came from outside is escaped before it is put in."""
    write_page(resp, page_html(title, body))


def write_page(resp: falcon.Response, page: str) -> None:
    resp.content_type = falcon.MEDIA_HTML
    resp.cache_control = ["no-store"]
    resp.set_header(
        "Content-Security-Policy", "default-src 'none'; form-action 'self'; frame-ancestors 'none'"
    )
    resp.set_header("Referrer-Policy", "no-referrer")  # the page's address holds a secret
    resp.data = page.encode()


def page_html(title: str, body: str) -> str:
    heading = html.escape(title)
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{heading} · cvimprover</title></head>"
        f"<body><h1>{heading}</h1>{body}</body></html>"
    )


def paragraph(text: str) -> str:
    return f"<p>{html.escape(text)}</p>"


def form(hidden: Mapping[str, str], button: str, inputs: str = "") -> str:
    """A form that posts to the page's own address, with `hidden` fields and `inputs`."""
    fields = "".join(
        f'<input type="hidden" name="{html.escape(name)}" value="{html.escape(value)}">'
        for name, value in hidden.items()
    )
    submit = f'<button type="submit">{html.escape(button)}</button>'
    return f'<form method="post">{fields}{inputs}{submit}</form>'


def password_input(name: str, label: str) -> str:
    return (
        f'<p><label for="{name}">{html.escape(label)}</label><br>'
        f'<input type="password" id="{name}" name="{name}" autocomplete="new-password" '
        'required maxlength="1024"></p>'
    )


def problem_html(detail: str, errors: Mapping[str, list[str]]) -> str:
    """A refusal as a person reads it: what went wrong, and each field's reasons."""
    reasons = "".join(
        f"<li>{html.escape(field)}: {html.escape(message)}</li>"
        for field, messages in errors.items()
        for message in messages
    )
    listed = f"<ul>{reasons}</ul>" if reasons else ""
    return page_html("That did not work", f"{paragraph(detail)}{listed}")
