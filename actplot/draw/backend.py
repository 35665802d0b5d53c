"""Import matplotlib so that a backend named in $MPLBACKEND cannot stop actplot from writing files.

matplotlib checks $MPLBACKEND when it is imported and fails on a name it does not know, although a
figure saved to a file never uses the backend: savefig picks the Agg, SVG or PDF canvas from the format.
So the variable is hidden while matplotlib imports and applied afterwards if it is valid; an invalid
one matters only to ``--show``, which reports it. Import this module before any other matplotlib import.
"""

from __future__ import annotations

import os
import sys


def _import_matplotlib() -> str | None:
    """Import matplotlib; returns the $MPLBACKEND it refused, if any."""
    if "matplotlib" in sys.modules:  # imported already (by the caller's own code): nothing left to protect
        return None
    requested = os.environ.pop("MPLBACKEND", None)
    try:
        import matplotlib
    finally:
        if requested is not None:
            os.environ["MPLBACKEND"] = requested  # as the user set it, for anything this process starts
    if not requested:
        return None
    try:
        matplotlib.rcParams["backend"] = requested  # what matplotlib itself does with a valid name
    except ValueError:
        return requested
    return None


INVALID_BACKEND = _import_matplotlib()
