"""Mail delivery (a real SMTP server, the outbox folder) and failure throttling
(in memory and on Redis)."""

import email
import socket
from email import policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message

from cvimprover.adapters.mail.outbox_mailer import OutboxMailer
from cvimprover.adapters.mail.smtp_mailer import SmtpMailer
from cvimprover.adapters.ratelimit.limits_failure_throttle import LimitsFailureThrottle
from cvimprover.core.errors import DependencyUnavailable
from cvimprover.ports.mailer import OutgoingMail

pytestmark = pytest.mark.integration
MAIL = OutgoingMail(to="alice@example.com", subject="Hello", text="Open https://x/verify/k\n")


class Inbox(Message):
    def __init__(self) -> None:
        super().__init__()
        self.messages: list[email.message.Message] = []

    def handle_message(self, message: email.message.Message) -> None:
        self.messages.append(message)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


def test_the_smtp_mailer_delivers_to_a_real_smtp_server(smtp_server) -> None:
    controller, inbox = smtp_server
    mailer = SmtpMailer(
        "127.0.0.1", controller.port, "cvimprover <no-reply@example.com>", security="none"
    )
    mailer.send(MAIL)
    [received] = inbox.messages
    assert received["To"] == "alice@example.com"
    assert received["Subject"] == "Hello"
    assert "https://x/verify/k" in received.get_payload()


def test_an_unreachable_smtp_server_is_a_dependency_failure() -> None:
    mailer = SmtpMailer(
        "127.0.0.1", free_port(), "no-reply@example.com", security="none", timeout=2
    )
    with pytest.raises(DependencyUnavailable):
        mailer.send(MAIL)


def test_the_outbox_mailer_writes_one_readable_eml_file_per_mail(tmp_path: Path) -> None:
    mailer = OutboxMailer(tmp_path / "outbox", "no-reply@example.com")
    mailer.send(MAIL)
    mailer.send(MAIL)
    files = sorted((tmp_path / "outbox").glob("*.eml"))
    assert len(files) == 2
    parsed = email.message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert parsed["To"] == "alice@example.com"
    assert parsed.get_content().strip() == MAIL.text.strip()


LIMITS = {"login:account": "3/minute", "login:ip": "5/minute"}
KEYS = ["login:account:alice", "login:ip:10.0.0.1"]


@pytest.fixture(params=["memory", "redis"])
def storage_url(request: pytest.FixtureRequest) -> str:
    if request.param == "memory":
        return "memory://"
    url = request.getfixturevalue("redis_url")
    import redis

    redis.Redis.from_url(url).flushdb()
    return url


def test_failures_over_the_limit_make_the_caller_wait(storage_url: str) -> None:
    throttle = LimitsFailureThrottle(storage_url, LIMITS)
    for _ in range(3):
        assert throttle.retry_after(KEYS) is None
        throttle.record_failure(KEYS)
    wait = throttle.retry_after(KEYS)
    assert wait is not None
    assert 1 <= wait <= 60


def test_clearing_the_account_key_lets_the_account_try_again(storage_url: str) -> None:
    throttle = LimitsFailureThrottle(storage_url, LIMITS)
    for _ in range(3):
        throttle.record_failure(KEYS)
    throttle.clear("login:account:alice")
    assert throttle.retry_after(KEYS) is None


def test_the_address_limit_holds_across_accounts(storage_url: str) -> None:
    throttle = LimitsFailureThrottle(storage_url, LIMITS)
    for name in "abcde":
        throttle.record_failure([f"login:account:{name}", "login:ip:10.0.0.1"])
    assert throttle.retry_after(["login:account:zed", "login:ip:10.0.0.1"]) is not None
    assert throttle.retry_after(["login:account:zed", "login:ip:10.0.0.2"]) is None


def test_colons_in_a_login_name_do_not_escape_the_limit(storage_url: str) -> None:
    throttle = LimitsFailureThrottle(storage_url, LIMITS)
    keys = ["login:account:a:b:c"]
    for _ in range(3):
        throttle.record_failure(keys)
    assert throttle.retry_after(keys) is not None


def test_counts_in_redis_are_shared_by_every_api_process(redis_url: str) -> None:
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    one, other = LimitsFailureThrottle(redis_url, LIMITS), LimitsFailureThrottle(redis_url, LIMITS)
    for _ in range(3):
        one.record_failure(KEYS)
    assert other.retry_after(KEYS) is not None


def test_a_throttle_whose_redis_is_down_makes_logins_wait_with_a_503() -> None:
    """Not a 500, and not a login let through uncounted."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    throttle = LimitsFailureThrottle(f"redis://127.0.0.1:{port}/0", LIMITS)
    for attempt in (
        lambda: throttle.retry_after(KEYS),
        lambda: throttle.record_failure(KEYS),
        lambda: throttle.clear("login:account:alice"),
    ):
        with pytest.raises(DependencyUnavailable) as raised:
            attempt()
        assert raised.value.retry_after > 0
