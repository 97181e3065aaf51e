"""What the record refuses, with the HTTP status the web service answers it with."""

from __future__ import annotations

from edu_rules._messages import Text
from edu_rules.model.errors import EduRulesError


class RecordError(EduRulesError):
    """A request the record refuses: ``status`` 400, 403, 404, 409 or 413, and why."""

    status: int = 400

    @classmethod
    def refuse(cls, status: int, text: Text) -> RecordError:
        """The error saying ``text`` with ``status``."""
        error = cls(text.spell("en"))
        error.text = text
        error.status = status
        return error
