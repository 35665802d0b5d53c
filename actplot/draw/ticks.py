"""The same tick rules on every panel: at least four ticks, no offset, plain numbers while they fit; and
only the ticks in view.

matplotlib's locators also return a location or two beyond each end of the view. Each location gets
a tick object (two tick marks, a grid line and two labels, some 1.5 ms to make) that every layout pass
and every draw updates and formats, though only the ticks in view are drawn. :class:`InView` leaves
those out: the same ticks are drawn, formatted alike (the formatter's decimals follow the step).
"""

from __future__ import annotations

from typing import Any, Final

from actplot.draw import backend  # noqa: F401  -- first: it imports matplotlib whatever $MPLBACKEND says

# isort: split

import numpy as np
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.ticker import Locator, MaxNLocator, ScalarFormatter

# Ticks this close outside the view (a share of its span) are kept: matplotlib draws those within 1e-10.
SLACK: Final = 1e-9


class InView(Locator):
    """Another locator's ticks, less those outside the view."""

    def __init__(self, inner: Locator) -> None:
        self.inner = inner

    def set_axis(self, axis: Any) -> None:
        super().set_axis(axis)
        self.inner.set_axis(axis)

    def __call__(self) -> Any:
        locs = np.asarray(self.inner())
        if self.axis is None or not len(locs):
            return locs
        lo, hi = sorted(float(v) for v in self.axis.get_view_interval())
        slack = (hi - lo) * SLACK
        return locs[(locs >= lo - slack) & (locs <= hi + slack)]

    def tick_values(self, vmin: float, vmax: float) -> Any:
        return self.inner.tick_values(vmin, vmax)

    def view_limits(self, vmin: float, vmax: float) -> Any:
        return self.inner.view_limits(vmin, vmax)

    def nonsingular(self, v0: float, v1: float) -> Any:
        return self.inner.nonsingular(v0, v1)


def apply(ax: Axes) -> None:
    """The panel's tick rules (after its scale is set)."""
    if ax.get_yscale() == "linear":
        ax.yaxis.set_major_locator(MaxNLocator(nbins="auto", steps=[1, 2, 2.5, 5, 10], min_n_ticks=4))
        formatter = ScalarFormatter(useOffset=False)
        formatter.set_powerlimits((-3, 4))
        ax.yaxis.set_major_formatter(formatter)
    for axis in (ax.xaxis, ax.yaxis):
        _in_view(axis)


def _in_view(axis: Axis) -> None:
    locator = axis.get_major_locator()
    if not isinstance(locator, InView):  # panels sharing x share its locator
        axis.set_major_locator(InView(locator))
