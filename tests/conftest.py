"""Shared test configuration: the Hypothesis profiles.

Pick one with Hypothesis' own pytest option, ``--hypothesis-profile=thorough``, or
with the environment variable ``EDU_RULES_HYPOTHESIS_PROFILE`` (the option wins).
Without either, ``ci`` applies, locally as in CI.
"""

from __future__ import annotations

import contextlib
import os
import warnings

from hypothesis import HealthCheck, settings

# When a property fails, Hypothesis imports libcst to write a patch of the failing
# example.  Importing libcst warns (a DeprecationWarning from mypy_extensions), and with
# ``filterwarnings = ["error"]`` that warning turns the failure report into a pytest
# INTERNALERROR that hides the falsifying example.  Import it once here, quietly.
with warnings.catch_warnings(), contextlib.suppress(ImportError):
    warnings.simplefilter("ignore", DeprecationWarning)
    import libcst  # noqa: F401

# ci — the default, for CI and every local run.  Few examples, so the property and
# fuzz suites stay within about a minute on a 2-core machine, and derandomized: the
# same examples on every run, so a change that lands green stays green, and a red run
# is red again on the next try (a flaky gate would block every landing).  Exploring
# new ground is the thorough profile's job.  No deadline: one example evaluates a
# dozen schools through three layers, and its time varies with the machine's load
# far more than with any regression we could catch here.
settings.register_profile(
    "ci",
    max_examples=25,
    deadline=None,
    derandomize=True,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)

# thorough — for a deliberate, deeper run before a release or after a change to the
# engine, the evaluators or the validator: sixteen times the examples of ``ci``, random
# on each run (new ground every time; a failure prints the blob that replays it with
# @reproduce_failure).  Expect about eight minutes; never the default.
settings.register_profile(
    "thorough",
    max_examples=400,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)

settings.load_profile(os.environ.get("EDU_RULES_HYPOTHESIS_PROFILE", "ci"))
