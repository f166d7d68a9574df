"""Secrets sealed at rest: platform tokens go to the database encrypted (Fernet).

The keys come from the environment, never from the database: ``OUTARDE_TOKEN_KEYS`` holds one
or more Fernet keys separated by commas, the newest first. A token is sealed with the first
key and opened with any of them (MultiFernet), so a key is rotated by putting a new one first,
running ``outarde slack --resceller`` (every token sealed again with the new key), then removing
the old one. ``outarde slack --cle`` prints a new key.
"""

from __future__ import annotations

import os

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

KEYS_ENV = "OUTARDE_TOKEN_KEYS"


class SealingError(RuntimeError):
    """No usable key, or a sealed value none of the keys opens."""


def new_key() -> str:
    """A fresh Fernet key (44 URL-safe base64 characters)."""
    return Fernet.generate_key().decode()


class Sealer:
    """Seals and opens secrets with the keys given (newest first)."""

    def __init__(self, keys: list[str]) -> None:
        if not keys:
            raise SealingError(
                f"{KEYS_ENV} est vide : générez une clé avec « outarde slack --cle » "
                f"({KEYS_ENV} is empty: make a key with « outarde slack --cle »)"
            )
        try:
            self._fernet = MultiFernet([Fernet(key.encode()) for key in keys])
        except (ValueError, TypeError) as error:
            raise SealingError(
                f"{KEYS_ENV} : clé invalide, chaque clé vient de « outarde slack --cle » "
                f"(invalid key: each key comes from « outarde slack --cle »)"
            ) from error

    @classmethod
    def from_environment(cls) -> Sealer:
        raw = os.environ.get(KEYS_ENV, "")
        return cls([key.strip() for key in raw.split(",") if key.strip()])

    def seal(self, secret: str) -> str:
        return self._fernet.encrypt(secret.encode()).decode()

    def open(self, sealed: str) -> str:
        try:
            return self._fernet.decrypt(sealed.encode()).decode()
        except InvalidToken as error:
            raise SealingError(
                f"aucune clé de {KEYS_ENV} n'ouvre ce jeton (no key of {KEYS_ENV} opens it)"
            ) from error

    def reseal(self, sealed: str) -> str:
        """The same secret sealed with the newest key."""
        try:
            return self._fernet.rotate(sealed.encode()).decode()
        except InvalidToken as error:
            raise SealingError(f"no key of {KEYS_ENV} opens this value") from error
