"""The files a report page offers, kept in memory for a while and fetched by link.

A report page used to carry every download inside it as base64 (2 MB for one unit,
5 MB for a large one): slow to open, heavy to print.  The page now links to
``/download/KEY/NAME``; the rendered file waits here, in this process's memory
only, for :data:`KEEP_SECONDS` and within :data:`MAX_BYTES` (the oldest go first).
Nothing is written to disk.  A key is the file's SHA-256: the same upload gives
the same page, and a key cannot be guessed without the file it names.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict

import attrs

KEEP_SECONDS = 30 * 60
"""How long a download stays after its page was made."""

MAX_BYTES = 256 << 20
"""The most the kept downloads may take together; the oldest are dropped past it."""


@attrs.frozen
class Download:
    """One file to fetch: its bytes, media type and name."""

    content: bytes
    media_type: str
    filename: str


class Downloads:
    """A bounded, expiring store of downloads keyed by their content's hash."""

    def __init__(self, *, keep_seconds: float = KEEP_SECONDS, max_bytes: int = MAX_BYTES) -> None:
        """Keep each file ``keep_seconds``, all of them within ``max_bytes``."""
        self.keep_seconds = keep_seconds
        self.max_bytes = max_bytes
        self._files: OrderedDict[str, tuple[float, Download]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def put(self, content: str | bytes, media_type: str, filename: str) -> str:
        """Keep ``content`` and return the path that fetches it: ``/download/KEY/NAME``."""
        raw = content.encode("utf-8") if isinstance(content, str) else content
        key = hashlib.sha256(raw).hexdigest()[:32]
        with self._lock:
            self._drop(self._files.pop(key, None))
            self._files[key] = (
                time.monotonic() + self.keep_seconds,
                Download(raw, media_type, filename),
            )
            self._bytes += len(raw)
            while self._bytes > self.max_bytes and len(self._files) > 1:
                self._drop(self._files.popitem(last=False)[1])
        return f"/download/{key}/{filename}"

    def get(self, key: str) -> Download | None:
        """The download under ``key``, or ``None`` when it is unknown or has expired."""
        with self._lock:
            kept = self._files.get(key)
            if kept is None:
                return None
            if kept[0] < time.monotonic():
                self._drop(self._files.pop(key))
                return None
            return kept[1]

    def _drop(self, kept: tuple[float, Download] | None) -> None:
        if kept is not None:
            self._bytes -= len(kept[1].content)
