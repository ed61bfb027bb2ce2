"""The mails the accounts context sends."""

from dataclasses import dataclass

from cvimprover.core.users.model import User
from cvimprover.ports.mailer import OutgoingMail


@dataclass(frozen=True)
class AccountLinks:
    """Where the links in mails lead (the frontend's pages, or the API's own when there is
    no frontend); `{key}`, `{uid}` and `{token}` are filled in."""

    verify_email: str
    reset_password: str


def verification_mail(user: User, links: AccountLinks, key: str) -> OutgoingMail:
    link = links.verify_email.format(key=key)
    return OutgoingMail(
        to=user.email,
        subject="Confirm your e-mail address for cvimprover",
        text=(
            f"Hello {user.username},\n\n"
            f"please confirm your e-mail address by opening this link:\n\n{link}\n\n"
            "The link works once and expires in three days. "
            "If you did not sign up, ignore this mail.\n"
        ),
    )


def password_reset_mail(user: User, links: AccountLinks, uid: str, token: str) -> OutgoingMail:
    link = links.reset_password.format(uid=uid, token=token)
    return OutgoingMail(
        to=user.email,
        subject="Reset your cvimprover password",
        text=(
            f"Hello {user.username},\n\n"
            f"someone asked to reset your password. To choose a new one, open:\n\n{link}\n\n"
            "The link works once and expires in one hour. "
            "If it was not you, ignore this mail: your password stays as it is.\n"
        ),
    )
