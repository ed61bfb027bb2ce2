"""The `uid` of a reset link: the user id in URL-safe base64, as the original API had it."""

import base64

from cvimprover.core.errors import InvalidInput
from cvimprover.core.ids import parse_id


def encode_uid(user_id: int) -> str:
    return base64.urlsafe_b64encode(str(user_id).encode()).decode().rstrip("=")


def decode_uid(uid: str) -> int:
    try:
        return parse_id(base64.urlsafe_b64decode(uid + "=" * (-len(uid) % 4)).decode("ascii"))
    except ValueError:  # not base64 (binascii.Error), not ASCII, or no id (InvalidId)
        raise InvalidInput(
            "The reset link is invalid.", errors={"uid": ["Invalid value."]}
        ) from None
