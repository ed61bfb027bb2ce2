from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class StoredBlob:
    key: str
    modified_at: datetime


class BlobStorage(Protocol):
    """Keeps files by key. Keys are made by the service (ids), never from user input."""

    def put(self, key: str, data: bytes, content_type: str) -> None: ...

    def get(self, key: str) -> bytes:
        """Raises KeyError when there is no such file."""
        ...

    def delete(self, key: str) -> None:
        """Deleting a missing key is not an error."""
        ...

    def stored(self) -> Iterator[StoredBlob]:
        """Every file kept, in no particular order (for retention and orphan checks)."""
        ...
