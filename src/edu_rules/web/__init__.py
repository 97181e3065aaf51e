"""The web service: upload pages for people and a JSON API for platforms (``edu-rules serve``).

A city office runs ``edu-rules serve`` on a server; counties upload their workbook
in a browser and read the same report the command line writes, and supervision
platforms in any language call ``/v1`` (described by ``/v1/openapi.json``).  It
is stateless: nothing uploaded is kept.  It needs the ``web`` extra
(``pip install "edu-rules[web]"``); ``import edu_rules`` never imports it.
"""

from __future__ import annotations

from edu_rules.web._service import create_app
from edu_rules.web._settings import TOKEN_ENV, Settings

__all__ = ["TOKEN_ENV", "Settings", "create_app"]
