"""The `uid` of a reset link: the user id in URL-safe base64, as the original API had it."""

import base64
import binascii

from cvimprover.core.errors import InvalidInput


def encode_uid(user_id: int) -> str:
    return base64.urlsafe_b64encode(str(user_id).encode()).decode().rstrip("=")


def decode_uid(uid: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(uid + "=" * (-len(uid) % 4))
        return int(raw.decode("ascii"))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise InvalidInput(
            "The reset link is invalid.", errors={"uid": ["Invalid value."]}
        ) from None
