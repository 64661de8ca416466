"""The bootstrap's defaults, in a module that imports nothing.

The command modules show them as option defaults, so every start-up (`--help` too) reads them;
kept apart from cco.scoring.intervals, they cost no import of the scoring and its models.
"""

DEFAULT_RESAMPLES = 2000
"""How many bootstrap resamples are drawn unless told otherwise."""

DEFAULT_CONFIDENCE = 0.90
"""The share of resamples an interval covers unless told otherwise."""

DEFAULT_SEED = 2024
"""The random generator's seed: the same sheet always gives the same intervals."""
