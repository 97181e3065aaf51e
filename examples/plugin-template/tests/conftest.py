"""Hypothesis settings for this plugin's own test runs.

In its own repository a plugin has its own conftest: the core's profiles do not reach
it.  ``exampleland-ci`` keeps a run short and repeatable; ``--hypothesis-profile=thorough``
(Hypothesis' own pytest option) runs many more, random examples.  No deadline: one example
evaluates a whole county, and its time follows the machine's load.

Inside the edu-rules repository both this folder and ``tests/`` are collected in one
run, so this file never overrides what is already there: it registers ``thorough``
only if nobody has, and loads its own profile only if none was chosen.
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis.errors import InvalidArgument

settings.register_profile(
    "exampleland-ci",
    max_examples=15,
    deadline=None,
    derandomize=True,  # the same examples each run: a green gate stays green
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
try:
    settings.get_profile("thorough")
except InvalidArgument:
    settings.register_profile(
        "thorough",
        max_examples=300,
        deadline=None,
        print_blob=True,
        suppress_health_check=[HealthCheck.too_slow],
    )
if settings.get_current_profile_name() == "default":
    settings.load_profile("exampleland-ci")
