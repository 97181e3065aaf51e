"""Find the JSON Schemas that ship with edu-rules, wherever edu-rules runs from.

The schemas are the public contract, so they live at the repository root
(``schemas/``), not inside the package.  A built wheel force-includes them as
package data (``edu_rules/schemas``, see ``pyproject.toml``), where
:mod:`importlib.resources` finds them; a source checkout or an editable install
has no such folder inside the package, so the lookup falls back to the
repository root.  Every module that needs a schema (county, result, ruleset)
goes through :func:`load_schema` so that the two places are searched in one way.
"""

from __future__ import annotations

import copy
import functools
import json
from importlib import resources
from pathlib import Path
from typing import Any

_PACKAGE = "edu_rules"
_REPOSITORY_SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"


def load_schema(name: str) -> dict[str, Any]:
    """Load the JSON Schema called ``name`` (``"county.schema.json"``).

    The file is read and parsed once; each call returns a fresh deep copy so a
    caller that edits its schema (to derive a variant, say) cannot corrupt the
    one every other caller validates against.
    """
    return copy.deepcopy(_parsed_schema(name))


@functools.cache
def _parsed_schema(name: str) -> dict[str, Any]:
    text = _schema_bytes(name).decode("utf-8")
    schema = json.loads(text)
    if not isinstance(schema, dict):
        raise TypeError(f"schema {name!r} is not a JSON object")
    return schema


def _schema_bytes(name: str) -> bytes:
    """Raw bytes of the schema file: package data first, then the repository root."""
    if not name or "/" in name or "\\" in name or name in {".", ".."}:
        # Only bare file names: a schema name never reaches outside the schema folder.
        raise ValueError(f"not a schema file name: {name!r}")
    try:
        packaged = resources.files(_PACKAGE) / "schemas" / name
        if packaged.is_file():
            return packaged.read_bytes()
    except (ModuleNotFoundError, FileNotFoundError, NotADirectoryError):
        pass  # not installed as a package with data: try the source checkout
    checkout = _REPOSITORY_SCHEMAS / name
    if checkout.is_file():
        return checkout.read_bytes()
    raise FileNotFoundError(
        f"schema {name!r} not found in the installed package (edu_rules/schemas) "
        f"nor in the source checkout ({_REPOSITORY_SCHEMAS})"
    )
