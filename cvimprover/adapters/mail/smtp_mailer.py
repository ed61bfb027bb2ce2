import smtplib
import ssl

from cvimprover.adapters.mail.outbox_mailer import to_email_message
from cvimprover.core.errors import DependencyUnavailable
from cvimprover.ports.mailer import Mailer, OutgoingMail


class SmtpMailer(Mailer):
    """Sends through an SMTP server, with STARTTLS or implicit TLS when configured."""

    def __init__(
        self,
        host: str,
        port: int,
        sender: str,
        *,
        username: str | None = None,
        password: str | None = None,
        security: str = "starttls",
        timeout: float = 10.0,
    ) -> None:
        if security not in {"none", "starttls", "tls"}:
            raise ValueError("security is one of none, starttls, tls")
        self._host, self._port, self._sender = host, port, sender
        self._username, self._password = username, password
        self._security, self._timeout = security, timeout

    def send(self, mail: OutgoingMail) -> None:
        message = to_email_message(mail, self._sender)
        try:
            with self._connect() as smtp:
                if self._username and self._password:
                    smtp.login(self._username, self._password)
                smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as error:
            raise DependencyUnavailable(f"the mail server refused or failed: {error}") from error

    def _connect(self) -> smtplib.SMTP:
        if self._security == "tls":
            context = ssl.create_default_context()
            return smtplib.SMTP_SSL(self._host, self._port, timeout=self._timeout, context=context)
        smtp = smtplib.SMTP(self._host, self._port, timeout=self._timeout)
        if self._security == "starttls":
            smtp.starttls(context=ssl.create_default_context())
        return smtp
