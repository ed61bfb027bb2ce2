"""Frames between a worker and its render process, over pipes: a 4-byte big-endian
length, then that many bytes. Reads can wait for a deadline, so that neither side hangs
on the other for ever."""

import os
import select
import struct
import time

_LENGTH = struct.Struct(">I")


def write_frame(fd: int, body: bytes) -> None:
    write_all(fd, _LENGTH.pack(len(body)) + body)


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def read_frame(fd: int, deadline: float | None, limit: int) -> bytes:
    """Raises EOFError when the other end has gone, TimeoutError past `deadline` (a
    `time.monotonic()` instant; None waits for ever), ValueError over `limit` bytes."""
    (length,) = _LENGTH.unpack(_read_exactly(fd, _LENGTH.size, deadline))
    if length > limit:
        raise ValueError(f"a frame of {length} bytes")
    return _read_exactly(fd, length, deadline)


def _read_exactly(fd: int, size: int, deadline: float | None) -> bytes:
    chunks, missing = [], size
    while missing:
        if deadline is not None and not readable(fd, deadline):
            raise TimeoutError
        chunk = os.read(fd, min(missing, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        missing -= len(chunk)
    return b"".join(chunks)


def readable(fd: int, deadline: float) -> bool:
    remaining = deadline - time.monotonic()
    return remaining > 0 and bool(select.select([fd], [], [], remaining)[0])
