"""A per-user cache of reads, kept true by the database's own change notifications."""

from typing import Literal, Protocol

Scope = Literal["session", "answers"]
"""What a cached value depends on: `session`, only the user's own row (the session state
that access tokens are checked against); `answers`, anything the user owns."""


class ReadCache(Protocol):
    """What reads may keep between requests, per user.

    A reader takes the user's `generation` before it reads the database and hands it back
    to `put`; a change committed in between moves the generation on, so a value read
    before that change is never kept. `generation` is None while the cache cannot hear
    about changes: then nothing may be read from it or put in it.
    """

    def generation(self, user_id: int) -> int | None: ...

    def get(self, user_id: int, key: str) -> object | None: ...

    def put(
        self,
        user_id: int,
        key: str,
        value: object,
        *,
        generation: int,
        size: int,
        scope: Scope = "answers",
    ) -> None:
        """Keeps `value` (about `size` bytes) unless the user's data changed since
        `generation` was taken."""
        ...


class ChangeListener(Protocol):
    """Told of committed changes: by this process's units of work at once, and by a change
    feed of every process's commits."""

    def feed_connected(self) -> None:
        """The feed now reports every change: caching may start, from empty."""
        ...

    def feed_lost(self) -> None:
        """The feed may have missed changes: forget everything and cache nothing."""
        ...

    def user_changed(self, user_id: int) -> None:
        """The user's own row changed: everything cached for them is stale."""
        ...

    def data_changed(self, user_id: int) -> None:
        """Something the user owns changed: their cached answers are stale, their session
        state is not."""
        ...

    def everything_changed(self) -> None:
        """A change that shows in every user's reads (a plan, say)."""
        ...
