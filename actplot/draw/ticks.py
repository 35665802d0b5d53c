"""The same tick rules on every panel: at least four ticks, no offset, plain numbers while they fit;
only the ticks in view, each set of them located and labelled once.

matplotlib's locators also return a location or two beyond each end of the view. Each location gets
a tick object (two tick marks, a grid line and two labels, the most expensive thing a layout pass
makes) that every layout pass and every draw updates and labels, though only the ticks in view are
drawn: :class:`InView` leaves those out. And a figure's ticks are located and labelled some fifty
times while it is laid out, checked and drawn, nearly always for a view and an axis length already
seen: :class:`InView` and :class:`Labels` keep their last answer. The ticks drawn and their labels
are the same (the formatter's decimals follow the step; its offset and order of magnitude look at
the ticks in view only).
"""

from __future__ import annotations

from typing import Any, Final

from actplot.draw import backend  # noqa: F401  -- first: it imports matplotlib whatever $MPLBACKEND says

# isort: split

import matplotlib
import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import Locator, MaxNLocator, ScalarFormatter

# What ScalarFormatter.set_locs derives from the locations (and the axis and the memo): the rest of its
# state is its settings.
_DERIVED: Final = frozenset({"locs", "_locs", "_orderOfMagnitude", "orderOfMagnitude", "_format", "format", "axis",
                             "_last"})  # fmt: skip
# Ticks this close outside the view (a share of its span) are kept: matplotlib draws those within 1e-10.
SLACK: Final = 1e-9


class InView(Locator):
    """Another locator's ticks, less those outside the view; a MaxNLocator's, whose ticks depend on
    nothing but the view and the axis' room for ticks, computed once for each."""

    def __init__(self, inner: Locator) -> None:
        self.inner = inner
        self._last: tuple[Any, np.ndarray] | None = None

    def set_axis(self, axis: Any) -> None:
        super().set_axis(axis)
        self.inner.set_axis(axis)
        self._last = None

    def set_params(self, **kwargs: Any) -> None:
        self.inner.set_params(**kwargs)
        self._last = None

    def __call__(self) -> Any:
        if self.axis is None:
            return self.inner()
        view = tuple(float(v) for v in self.axis.get_view_interval())
        key = (view, self.axis.get_tick_space()) if isinstance(self.inner, MaxNLocator) else None
        if key is None or self._last is None or self._last[0] != key:
            locs = np.asarray(self.inner())
            lo, hi = sorted(view)
            slack = (hi - lo) * SLACK
            self._last = key, locs[(locs >= lo - slack) & (locs <= hi + slack)]
        return self._last[1].copy()

    def tick_values(self, vmin: float, vmax: float) -> Any:
        return self.inner.tick_values(vmin, vmax)

    def view_limits(self, vmin: float, vmax: float) -> Any:
        return self.inner.view_limits(vmin, vmax)

    def nonsingular(self, v0: float, v1: float) -> Any:
        return self.inner.nonsingular(v0, v1)


class Labels(ScalarFormatter):
    """matplotlib's ScalarFormatter, labelling the same ticks over the same view with the same settings once."""

    _last: tuple[Any, list[str]] | None = None

    def set_locs(self, locs: Any) -> None:
        self._last = None  # the offset and format it sets are for these locations now
        super().set_locs(locs)

    def format_ticks(self, values: Any) -> list[str]:
        view = tuple(self.axis.get_view_interval()) if self.axis is not None else None
        settings = [(k, v) for k, v in vars(self).items() if k not in _DERIVED]  # set_useOffset(...) and the like
        key = (tuple(values), view, matplotlib.rcParams["axes.unicode_minus"], settings)
        if self._last is None or self._last[0] != key:
            labels = super().format_ticks(values)
            self._last = key, labels
        return list(self._last[1])


def apply(ax: Axes) -> None:
    """The panel's tick rules (after its scale is set)."""
    if ax.get_yscale() == "linear":
        ax.yaxis.set_major_locator(MaxNLocator(nbins="auto", steps=[1, 2, 2.5, 5, 10], min_n_ticks=4))
        formatter = Labels(useOffset=False)
        formatter.set_powerlimits((-3, 4))
        ax.yaxis.set_major_formatter(formatter)
    if type(ax.xaxis.get_major_formatter()) is ScalarFormatter:  # the linear scale's, as rcParams set it
        ax.xaxis.set_major_formatter(Labels())
    for axis in (ax.xaxis, ax.yaxis):
        locator = axis.get_major_locator()
        if not isinstance(locator, InView):  # panels sharing x share its locator
            axis.set_major_locator(InView(locator))
