"""The installed version of edu-rules, read from the distribution's metadata."""

from __future__ import annotations

import functools
from importlib import metadata


@functools.cache
def version() -> str:
    """The version of the installed ``edu-rules`` distribution (``0+unknown`` if not installed)."""
    try:
        return metadata.version("edu-rules")
    except metadata.PackageNotFoundError:
        return "0+unknown"
