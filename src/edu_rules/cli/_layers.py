"""The options every evaluating command shares: which plugins run, and what exit code says.

``--block PLUGIN`` leaves an installed plugin out; since that changes which rules apply,
it needs ``--unofficial`` as well, and every result then says it is not an official
assessment.  ``--allow-plugins DIST`` loads only the plugins of the named distributions,
for a platform that must pin what runs; an installed plugin it leaves out needs
``--unofficial`` too.  An unknown plugin name is a usage error that lists the installed
ones.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from typing import TYPE_CHECKING

from edu_rules.cli._lang import say

if TYPE_CHECKING:
    from edu_rules.model.result import Result
    from edu_rules.plugins import Registry


def add_layer_options(parser: argparse.ArgumentParser) -> None:
    """Declare ``--block``, ``--unofficial`` and ``--allow-plugins`` on ``parser``."""
    parser.add_argument(
        "--block",
        action="append",
        default=[],
        metavar="PLUGIN",
        help=say("help.block"),
    )
    parser.add_argument(
        "--unofficial",
        action="store_true",
        help=say("help.unofficial"),
    )
    parser.add_argument(
        "--allow-plugins",
        action="append",
        default=[],
        metavar="DISTRIBUTION",
        help=say("help.allow_plugins"),
    )


def registry_from(args: argparse.Namespace) -> Registry:
    """The registry the options ask for (the installed plugins by default)."""
    from edu_rules._messages import Joined, text
    from edu_rules.model.errors import EduRulesError
    from edu_rules.plugins import (
        default_registry,
        installed_plugins,
        load_registry,
        make_plugin_manager,
    )

    blocked: list[str] = args.block
    allowed: list[str] = args.allow_plugins
    if blocked:
        installed = installed_plugins()
        unknown = sorted(set(blocked) - set(installed))
        if unknown:
            each = [
                text("layers.plugin", name=name, distribution=dist)
                for name, dist in installed.items()
            ]
            listing = Joined(tuple(each)) if each else "—"
            raise EduRulesError.about(
                text("layers.unknown", names=", ".join(unknown), installed=listing)
            )
    if not blocked and not allowed:
        return with_warnings(default_registry(), args)
    manager = make_plugin_manager(blocked=blocked, allowed=allowed or None)
    left_out = [item.plugin for item in manager.left_out]
    if left_out and not args.unofficial:
        raise EduRulesError.about(text("layers.needs_unofficial", names=", ".join(left_out)))
    return with_warnings(load_registry(manager), args)


def with_warnings(registry: Registry, args: argparse.Namespace) -> Registry:
    """``registry``, after its load-time warnings (rules citing a foreign document) on stderr."""
    import sys

    from edu_rules._text import visible
    from edu_rules.plugins import citation_warnings

    for line in citation_warnings(registry, getattr(args, "lang", "zh")):
        print(visible(line), file=sys.stderr)  # noqa: T201
    return registry


def exit_code(
    results: Iterable[Result], *, passed: bool | None = None, faulted: bool = False
) -> int:
    """The exit code: 3 if a plugin failed for a unit, 0 if all pass (or ``passed``), else 1.

    ``faulted`` says a plugin failed for a unit whose result is not at hand.
    """
    from edu_rules.cli.entry import EXIT_FAILURE, EXIT_NOT_PASSED, EXIT_OK
    from edu_rules.model.result import Status

    results = list(results)
    if faulted or any(result.faults for result in results):
        return EXIT_FAILURE
    if passed is None:
        passed = all(result.status is Status.PASS for result in results)
    return EXIT_OK if passed else EXIT_NOT_PASSED
