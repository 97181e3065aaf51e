"""Tokens and units: who may act on the record, and the units it lists before they submit."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from edu_rules.store import _tables as t
from edu_rules.store._access import (
    OPERATOR,
    Action,
    Principal,
    Scope,
    new_secret,
    same_secret,
    split_token,
    valid_unit,
)
from edu_rules.store._core import Core, refuse


class Tokens(Core):
    """Issuing, revoking and checking tokens; registering units."""

    def issue_token(
        self, scope: Scope, unit: str | None, label: str, *, by: Principal = OPERATOR
    ) -> tuple[int, str]:
        """A new token for ``scope`` and ``unit``: its id and the token to hand over (once)."""
        if by.scope is not Scope.PROVINCE:
            raise refuse(403, "store.denied")
        if not valid_unit(scope, unit):
            raise refuse(400, f"store.bad_unit.{scope.value}", unit=unit or "")
        secret, hashed = new_secret()

        def work(connection: sa.Connection) -> int:
            token_id = self._next_id(connection, t.tokens)
            connection.execute(
                t.tokens.insert().values(
                    id=token_id,
                    label=label[:200],
                    scope=scope.value,
                    unit=unit,
                    secret_sha256=hashed,
                    issued_at=self._now(),
                )
            )
            self._log(
                connection, by, "token.issued", unit=unit, subject=token_id, scope=scope.value
            )
            return token_id

        token_id = self._write(work)
        return token_id, f"{token_id}.{secret}"

    def revoke_token(self, token_id: int, *, by: Principal = OPERATOR) -> None:
        """Revoke a token: it opens nothing from now on."""
        if by.scope is not Scope.PROVINCE:
            raise refuse(403, "store.denied")

        def work(connection: sa.Connection) -> None:
            row = connection.execute(
                sa.select(t.tokens).where(t.tokens.c.id == token_id)
            ).one_or_none()
            if row is None:
                raise refuse(404, "store.no_token", id=token_id)
            if row.revoked_at is None:
                connection.execute(
                    t.tokens.update()
                    .where(t.tokens.c.id == token_id)
                    .values(revoked_at=self._now())
                )
                self._log(connection, by, "token.revoked", unit=row.unit, subject=token_id)

        self._write(work)

    def tokens(self) -> list[dict[str, Any]]:
        """Every token's id, label, scope, unit and times (never its hash)."""
        columns = [c for c in t.tokens.c if c.name != "secret_sha256"]
        rows = self._read(
            lambda c: c.execute(sa.select(*columns).order_by(t.tokens.c.id)).mappings().all()
        )
        return [dict(row) for row in rows]

    def authenticate(self, token: str) -> Principal | None:
        """The principal a presented token stands for; ``None`` if it is unknown or revoked."""
        parts = split_token(token)
        if parts is None:
            return None
        token_id, secret = parts
        row = self._read(
            lambda c: c.execute(sa.select(t.tokens).where(t.tokens.c.id == token_id)).one_or_none()
        )
        if row is None or row.revoked_at is not None or not same_secret(secret, row.secret_sha256):
            return None
        return Principal(f"{row.label} (#{row.id})", Scope(row.scope), row.unit)

    def add_unit(self, code: str, name: str, *, by: Principal = OPERATOR) -> None:
        """Register a unit, so that the record's state lists it before its first submission."""
        if not valid_unit(Scope.COUNTY, code):
            raise refuse(400, "store.bad_unit.county", unit=code)
        if not by.may(Action.REVIEW, code):
            raise refuse(403, "store.denied")

        def work(connection: sa.Connection) -> None:
            self._ensure_unit(connection, by, code, name)

        self._write(work)
