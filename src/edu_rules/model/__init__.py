"""The data model: the public types a county, a layer, a rule and a result are made of.

``county`` (the input), ``layers`` (who speaks), ``rules`` and ``provisions`` (what they
say), ``datafields`` (extra figures a layer asks for), ``prepare`` (a layer's say about the
data), ``targets`` (recognition targets and the schedule), ``evaluation`` (what an evaluator
sees and returns), ``result`` (the verdict and its findings), ``errors``.  Every module
here imports only the standard library, attrs and the private helpers below it; plugins
take these names from the front door, :mod:`edu_rules`.
"""
