"""Reasons a person can act on, for each way a language-model vendor fails.

Both SDKs retry 429, 5xx and timeouts themselves, so these are said after the last attempt.
"""

DETAIL_LIMIT = 200


def _attempts(count: int) -> str:
    return f"{count} attempt" if count == 1 else f"{count} attempts"


REFUSED_KEY = "the API key was refused (HTTP {status}); check the key and its permissions"
NOT_RETRIED = {
    401: REFUSED_KEY.format(status=401),
    403: REFUSED_KEY.format(status=403),
    404: "the model or endpoint was not found (HTTP 404); check the model name and base URL",
    413: "the request was too large for the vendor (HTTP 413); shorten the CV",
}
RETRIED = {
    408: "the vendor timed out the request (HTTP 408)",
    429: "rate limited by the vendor (HTTP 429)",
    529: "the vendor is overloaded (HTTP 529)",
}


def status_reason(status: int, attempts: int, detail: str = "") -> str:
    if status in NOT_RETRIED:
        return NOT_RETRIED[status]
    if status in RETRIED or status >= 500:
        what = RETRIED.get(status, f"the vendor's server failed (HTTP {status})")
        advice = "wait, or raise the account's limits" if status == 429 else "try again later"
        return f"{what} after {_attempts(attempts)}; {advice}"
    shown = f": {detail[:DETAIL_LIMIT]}" if detail else ""
    return f"the vendor rejected the request (HTTP {status}){shown}"


def timed_out(timeout: float, attempts: int) -> str:
    return f"timed out after {timeout:g} s ({_attempts(attempts)}); try again later"


def unreachable(attempts: int) -> str:
    return (
        f"could not connect to the vendor ({_attempts(attempts)}); "
        "check the network and the base URL"
    )


def cut_off(limit: int) -> str:
    return (
        f"the answer was cut off at the token limit ({limit} tokens); "
        "raise the limit or shorten the CV"
    )


EMPTY_ANSWER = "the model returned an empty answer; try again or use another model"
DECLINED = "the model declined to answer (content filter or refusal)"
