"""Short codes people read aloud, type from a poster or copy from a letter: capital letters
and digits without the look-alikes 0/O and 1/I/L. Used for tracked advert links and for
application references and resume codes."""

from __future__ import annotations

import secrets

READABLE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def readable_code(length: int) -> str:
    return "".join(secrets.choice(READABLE_ALPHABET) for _ in range(length))


def is_readable_code(text: str, length: int) -> bool:
    return len(text) == length and set(text) <= set(READABLE_ALPHABET)
