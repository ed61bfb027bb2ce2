"""Without a frontend (FRONTEND_URL unset) the account mails link to the API's own pages,
which change nothing when opened (mail scanners open links) and confirm with a button."""

import email
import re
from email import policy
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from falcon import testing

from cvimprover.container import build_container
from tests.http.helpers import bearer, sign_up
from tests.support.accounts import PASSWORD
from tests.support.fixtures import make_settings

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
NEW_PASSWORD = "a brand new walrus staple 42"


def latest_link(outbox: Path) -> str:
    [*_, path] = sorted(outbox.glob("*.eml"))
    mail = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    return re.search(r"https?://\S+", mail.get_content()).group(0)


def get_link(client: testing.TestClient, link: str) -> testing.Result:
    parts = urlsplit(link)
    return client.simulate_get(parts.path, query_string=parts.query)


def post_form(client: testing.TestClient, path: str, fields: dict[str, str]) -> testing.Result:
    return client.simulate_post(path, body=urlencode(fields), headers=FORM)


def hidden_fields(page: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', page))


def assert_page(result: testing.Result, status: int, *words: str) -> None:
    assert result.status_code == status, result.text
    assert result.headers["content-type"].startswith("text/html")
    assert result.headers["cache-control"] == "no-store"
    assert result.headers["referrer-policy"] == "no-referrer"
    assert "frame-ancestors 'none'" in result.headers["content-security-policy"]
    assert "Traceback" not in result.text
    for word in words:
        assert word in result.text


def is_verified(client: testing.TestClient, access: str) -> bool:
    return client.simulate_get("/auth/user/", headers=bearer(access)).json["email_verified"]


def test_without_a_frontend_the_verification_mail_links_to_the_apis_confirmation_page(
    client, outbox, settings
) -> None:
    sign_up(client, "pageone")
    link = latest_link(outbox)
    assert link.startswith(f"{settings.public_url}/auth/pages/verify-email/?key=")


def test_opening_the_confirmation_page_confirms_nothing_until_its_button_is_pressed(
    client, outbox
) -> None:
    access = sign_up(client, "pagetwo")["access"]
    link = latest_link(outbox)
    for _ in range(2):  # a mail scanner, then the person
        page = get_link(client, link)
        assert_page(page, 200, "<form", 'method="post"', "<button")
    assert not is_verified(client, access)

    path = urlsplit(link).path
    confirmed = post_form(client, path, hidden_fields(page.text))
    assert_page(confirmed, 200, "confirmed")
    assert is_verified(client, access)

    again = post_form(client, path, hidden_fields(page.text))
    assert_page(again, 422, "invalid, already used or expired")


def test_with_a_frontend_the_mails_link_to_the_frontend(tmp_path, postgres_url, pg_engine) -> None:
    settings = make_settings(
        tmp_path,
        database_url=postgres_url,
        mail_delivery="direct",
        frontend_url="https://app.test/",
    )
    client = testing.TestClient(build_container(settings).http.app())
    sign_up(client, "pagethree")
    assert re.fullmatch(r"https://app\.test/verify-email/[\w-]+", latest_link(tmp_path / "outbox"))
    client.simulate_post("/auth/password/reset/", json={"email": "pagethree@example.com"})
    link = latest_link(tmp_path / "outbox")
    assert re.fullmatch(r"https://app\.test/password-reset/[\w-]+/[\w-]+", link)


def test_the_reset_page_sets_the_password_only_from_its_form_and_lets_a_weak_one_be_retried(
    client, outbox
) -> None:
    sign_up(client, "pagefour")
    client.simulate_post("/auth/password/reset/", json={"email": "pagefour@example.com"})
    link = latest_link(outbox)
    assert "/auth/pages/password-reset/?uid=" in link
    page = get_link(client, link)
    assert_page(page, 200, 'type="password"', 'name="new_password1"', 'name="new_password2"')
    path, hidden = urlsplit(link).path, hidden_fields(page.text)

    weak = post_form(client, path, hidden | {"new_password1": "abc", "new_password2": "abc"})
    assert_page(weak, 422, "new_password")
    chosen = post_form(
        client, path, hidden | {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert_page(chosen, 200, "Password changed")

    old = {"username": "pagefour", "password": PASSWORD}
    assert client.simulate_post("/auth/login/", json=old).status_code == 401
    new = {"username": "pagefour", "password": NEW_PASSWORD}
    assert client.simulate_post("/auth/login/", json=new).status_code == 200


def test_a_page_refuses_what_is_not_its_form_with_a_page_that_says_why(client) -> None:
    path = "/auth/pages/verify-email/"
    assert_page(client.simulate_get(path), 422, "key: This field is required.")
    assert_page(client.simulate_post(path, json={"key": "k"}), 415, "x-www-form-urlencoded")
    assert_page(post_form(client, path, {}), 422, "key: This field is required.")
    assert_page(post_form(client, path, {"key": "k", "other": "x"}), 422, "other")
    too_long = client.simulate_post(path, body="key=" + "k" * 20_000, headers=FORM)
    assert_page(too_long, 413)
    not_text = client.simulate_post(path, body=b"key=\xff\xfe", headers=FORM)
    assert_page(not_text, 400)


def test_a_body_refused_before_it_is_read_is_refused_with_a_page(client) -> None:
    path = "/auth/pages/password-reset/"
    chunked = client.simulate_post(path, headers=FORM | {"Transfer-Encoding": "chunked"})
    assert_page(chunked, 411, "Content-Length")
    huge = FORM | {"Content-Length": str(64 * 1024 * 1024)}
    assert_page(client.simulate_post(path, body=b"", headers=huge), 413)


def test_what_a_link_carries_is_shown_escaped(client) -> None:
    page = client.simulate_get(
        "/auth/pages/password-reset/", params={"uid": '"><script>', "token": "<b>"}
    )
    assert_page(page, 200, "&quot;&gt;&lt;script&gt;", "&lt;b&gt;")
    assert "<script>" not in page.text
