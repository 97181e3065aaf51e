"""What an operator can set for ``edu-rules serve``, with safe defaults.

Nothing is stored: uploads are read in memory (multipart files larger than 1 MiB
spill into anonymous temporary files the server names and deletes), evaluated in
a worker process and forgotten.  The defaults bind to this machine only.
"""

from __future__ import annotations

import attrs

TOKEN_ENV = "EDU_RULES_TOKEN"  # noqa: S105 - the variable's name, not a secret
"""The environment variable holding the shared API token (``--token`` wins over it)."""

MiB = 1 << 20


@attrs.frozen
class Settings:
    """The web service's settings.

    :param token: a shared secret for ``/v1``: clients send ``Authorization: Bearer
        <token>``.  ``None`` leaves the API open (for a machine-local service).
    :param max_upload_bytes: the largest request body; a larger one is refused with
        413 before it is read (by its ``Content-Length``, or as soon as it grows past).
    :param workers: evaluation worker processes (the event loop never evaluates).
    :param queue: requests that may wait for a worker beyond those being evaluated;
        more are refused with 503 at once.
    :param time_limit: seconds one request's evaluation may take; past it the answer
        is a 503 error, never a verdict.
    :param max_files: files one batch upload may hold.
    :param store: the record's database URL (``edu-rules serve --store``); ``None``
        keeps nothing, as without it the service is stateless.
    """

    host: str = "127.0.0.1"
    port: int = 8000
    token: str | None = None
    max_upload_bytes: int = attrs.field(default=32 * MiB, validator=attrs.validators.gt(0))
    workers: int = attrs.field(default=2, validator=attrs.validators.gt(0))
    queue: int = attrs.field(default=32, validator=attrs.validators.gt(0))
    time_limit: float = attrs.field(default=60.0, validator=attrs.validators.gt(0))
    max_files: int = attrs.field(default=200, validator=attrs.validators.gt(0))
    store: str | None = None
