import contextlib
import os
import re
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from cvimprover.ports.storage import BlobStorage, StoredBlob

KEY = re.compile(r"[a-z0-9][a-z0-9/_-]{0,200}")


class FilesystemBlobStorage(BlobStorage):
    """Files under `root`, one per key. A key that could leave `root` is a bug in the caller,
    so it raises ValueError rather than being cleaned up."""

    def __init__(self, root: Path) -> None:
        self._root = root

    def put(self, key: str, data: bytes, content_type: str) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".part")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())  # the rename must not land before the bytes do
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def get(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            raise KeyError(key) from None

    def delete(self, key: str) -> None:
        with contextlib.suppress(IsADirectoryError, NotADirectoryError):
            self._path(key).unlink(missing_ok=True)

    def stored(self) -> Iterator[StoredBlob]:
        if not self._root.is_dir():
            return
        for path in self._root.rglob("*"):
            key = path.relative_to(self._root).as_posix()
            if KEY.fullmatch(key) and path.is_file():  # not the half-written ".*.part" ones
                modified = datetime.fromtimestamp(path.stat().st_mtime, UTC)
                yield StoredBlob(key, modified)

    def _path(self, key: str) -> Path:
        if not KEY.fullmatch(key) or {"", ".."} & set(key.split("/")):
            raise ValueError(f"not a storage key: {key!r}")
        return self._root / key
