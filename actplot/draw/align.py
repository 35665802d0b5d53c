"""Figures of one set share one canvas and one axes box each, so they stack and tile without jumping.

Each figure is laid out on its own first; its margins (inches from each edge to each axes) are
measured, the largest of every figure are taken, and every figure is set to them. Larger margins only
add room, so nothing a figure laid out for itself is clipped. Figures with different numbers of panels
are aligned within their own group. Figures are only read and moved here, so this module itself
imports no matplotlib: a gallery's parent process combines the margins its workers measured.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the margins are plain numbers: the process that only combines them never loads matplotlib
    from matplotlib.figure import Figure


@dataclass(frozen=True)
class Margins:
    """A figure's size and, per panel top first, the inches from the canvas edges to its axes."""

    size: tuple[float, float]
    left: tuple[float, ...]
    right: tuple[float, ...]
    bottom: tuple[float, ...]
    top: tuple[float, ...]

    def __or__(self, other: Margins) -> Margins:
        """The margins that leave room for both."""

        def most(a: tuple[float, ...], b: tuple[float, ...]) -> tuple[float, ...]:
            return tuple(max(x, y) for x, y in zip(a, b))

        size = (max(self.size[0], other.size[0]), max(self.size[1], other.size[1]))
        return Margins(size, most(self.left, other.left), most(self.right, other.right),
                       most(self.bottom, other.bottom), most(self.top, other.top))  # fmt: skip


def measure(fig: Figure) -> Margins:
    """The margins of a laid-out figure."""
    w, h = (float(v) for v in fig.get_size_inches())
    boxes = [ax.get_position() for ax in fig.axes]
    return Margins(
        (w, h),
        tuple(b.x0 * w for b in boxes),
        tuple((1 - b.x1) * w for b in boxes),
        tuple(b.y0 * h for b in boxes),
        tuple((1 - b.y1) * h for b in boxes),
    )


def apply(fig: Figure, margins: Margins) -> bool:
    """Set the figure to these margins (and their canvas size), fixing its layout from then on; a figure
    whose axes would lose more than a tenth of their width or height keeps its own layout (False).

    Aligning costs a figure the room its neighbours' labels need; where that room is most of a small
    canvas (a gallery at 3 x 2 inches), a figure of its own beats a set of squashed ones.
    """
    own = measure(fig)
    if not _keeps(own, margins):
        return False
    w, h = margins.size
    fig.set_layout_engine("none")
    fig.set_size_inches(w, h)
    for i, ax in enumerate(fig.axes):
        left, bottom = margins.left[i], margins.bottom[i]
        ax.set_position((left / w, bottom / h, (w - left - margins.right[i]) / w, (h - bottom - margins.top[i]) / h))
    return True


def _keeps(own: Margins, shared: Margins, share: float = 0.9) -> bool:
    """True if every axes keeps at least `share` of its own width and height under the shared margins."""
    for i in range(len(own.left)):
        width = own.size[0] - own.left[i] - own.right[i]
        height = own.size[1] - own.bottom[i] - own.top[i]
        if shared.size[0] - shared.left[i] - shared.right[i] < share * width:
            return False
        if shared.size[1] - shared.bottom[i] - shared.top[i] < share * height:
            return False
    return True


def common(sets: Sequence[Margins]) -> dict[int, Margins]:
    """For each panel count, the margins that leave room for every figure with that many panels."""
    out: dict[int, Margins] = {}
    for m in sets:
        n = len(m.left)
        out[n] = out[n] | m if n in out else m
    return out


def align(figures: Sequence[Figure]) -> None:
    """Give every figure of the set the margins of the set (where that keeps its axes, see :func:`apply`)."""
    measured = [measure(fig) for fig in figures]
    shared = common(measured)
    for fig, m in zip(figures, measured):
        apply(fig, shared[len(m.left)])
