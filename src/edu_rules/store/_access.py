"""Who may do what: a token's holder, the units it covers and what it may do to them.

Three scopes: a *county* token covers its own unit (a six-digit code) and may
submit its documents and evidence; a *city* token covers every unit whose code
starts with its four-digit prefix and may review, re-judge and publish them; a
*province* token covers every unit and may do what a city may.  The operator on
the command line acts as the province.

A token is ``<id>.<secret>``: the id is public (it names the row), the secret is
32 random bytes in URL-safe base64 of which only the SHA-256 is stored; a presented
secret's hash is compared with :func:`hmac.compare_digest`.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import re
import secrets

import attrs


class Scope(enum.Enum):
    """How far a token reaches."""

    COUNTY = "county"
    CITY = "city"
    PROVINCE = "province"


class Action(enum.Enum):
    """What a principal may be allowed to do to a unit."""

    READ = "read"
    SUBMIT = "submit"  # a document or evidence for a pending version
    REVIEW = "review"  # accept or return, re-judge, publish


UNIT_CODE = re.compile(r"\d{6}")
CITY_PREFIX = re.compile(r"\d{4}")


@attrs.frozen
class Principal:
    """Someone acting on the record: their name in the audit log, scope and unit or prefix."""

    actor: str
    scope: Scope
    unit: str | None = None

    def covers(self, code: str) -> bool:
        """Whether the unit ``code`` is within this principal's reach."""
        if self.scope is Scope.PROVINCE:
            return True
        if self.scope is Scope.CITY:
            return self.unit is not None and code.startswith(self.unit)
        return code == self.unit

    def may(self, action: Action, code: str) -> bool:
        """Whether this principal may do ``action`` to the unit ``code``."""
        if not self.covers(code):
            return False
        if action is Action.READ:
            return True
        if action is Action.SUBMIT:
            return self.scope is Scope.COUNTY
        return self.scope is not Scope.COUNTY


OPERATOR = Principal("operator", Scope.PROVINCE)
"""Whoever runs ``edu-rules store`` on the server: the whole record."""


def valid_unit(scope: Scope, unit: str | None) -> bool:
    """Whether ``unit`` suits ``scope``: a code, a city's prefix, or nothing for a province."""
    if scope is Scope.COUNTY:
        return unit is not None and UNIT_CODE.fullmatch(unit) is not None
    if scope is Scope.CITY:
        return unit is not None and CITY_PREFIX.fullmatch(unit) is not None
    return unit is None


def new_secret() -> tuple[str, str]:
    """A fresh secret and its SHA-256 (hex), the only part the store keeps."""
    secret = secrets.token_urlsafe(32)
    return secret, digest(secret)


def digest(secret: str) -> str:
    """The SHA-256 of a secret, hex."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def split_token(token: str) -> tuple[int, str] | None:
    """``(id, secret)`` of a presented token, or ``None`` when it has not that shape."""
    head, dot, secret = token.strip().partition(".")
    if not dot or not head.isdecimal() or len(head) > 9 or not secret:
        return None
    return int(head), secret


def same_secret(secret: str, stored_sha256: str) -> bool:
    """Whether ``secret`` hashes to ``stored_sha256``, compared in constant time."""
    return hmac.compare_digest(digest(secret).encode("ascii"), stored_sha256.encode("ascii"))
