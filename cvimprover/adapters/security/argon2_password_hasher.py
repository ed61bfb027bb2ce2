from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from cvimprover.ports.security import PasswordHasher


class Argon2PasswordHasher(PasswordHasher):
    """argon2id through pwdlib; the defaults are OWASP's (19 MiB, 2 passes, 1 lane)."""

    def __init__(
        self, *, memory_kib: int = 19456, time_cost: int = 2, parallelism: int = 1
    ) -> None:
        self._hasher = Argon2Hasher(
            time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism
        )
        self._hash = PasswordHash((self._hasher,))
        self._dummy_hash = self._hash.hash("not a password anybody has")

    def hash(self, password: str) -> str:
        return self._hash.hash(password)

    def verify(self, password: str, password_hash: str) -> bool:
        if not password_hash.startswith("$argon2"):
            # An unusable password (accounts made by Google sign-in): same cost, no match.
            self.verify_against_nothing(password)
            return False
        return self._hash.verify(password, password_hash)

    def verify_against_nothing(self, password: str) -> None:
        self._hash.verify(password, self._dummy_hash)

    def needs_rehash(self, password_hash: str) -> bool:
        return password_hash.startswith("$argon2") and self._hasher.check_needs_rehash(
            password_hash
        )
