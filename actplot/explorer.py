"""A notebook explorer: a slider for each parameter, a dtype and a derivative order, and the figure redrawn
by PyTorch on every change, through the path the command line takes (:func:`actplot.api.figure`, then
:func:`actplot.draw.render.save` as PNG), so jumps, marks and looks are the command line's.

ipywidgets loads when :func:`explore` is called (``pip install "actplot[notebook]"``), torch and matplotlib
when the first figure is drawn. The figure reaches the notebook as PNG bytes in an ``ipywidgets.Image``:
that needs no display server, no interactive matplotlib backend and no captured output, so it behaves
the same in any notebook front end, in a kernel without a display and in a test without a kernel.
"""

from __future__ import annotations

import io
import math
import time
import warnings
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, Any, Final

from actplot import api
from actplot.activations.entry import Param, ParamValue
from actplot.activations.spec import ExprSpec, FuncSpec, Spec
from actplot.errors import ActplotError, MissingDependencyError, ParameterError, UsageError

if TYPE_CHECKING:
    from actplot.draw.render import Figure
    from actplot.scene.data import Style

__all__ = ["DTYPES", "ORDERS", "Explorer", "Range", "explore", "slider_range", "state"]

# What the order selector offers: its label, and the derivative orders drawn (0 is f itself).
ORDERS: Final = (("f", (0,)), ("f'", (1,)), ("f''", (2,)), ("f and f'", (0, 1)), ("f, f' and f''", (0, 1, 2)))
DTYPES: Final = ("float32", "float64", "float16", "bfloat16")
INSTALL: Final = 'pip install "actplot[notebook]"'


@dataclass(frozen=True)
class Range:
    """A slider's span for one numeric parameter: `low` to `high` by `step`."""

    low: float
    high: float
    step: float


def slider_range(param: Param, value: float) -> Range:
    """A span around `value` as wide as it is large (at least 1 either side), in round numbers, within
    the parameter's own bounds; 100 steps from the middle to either end.

    >>> slider_range(Param("alpha", 1.0, "", minimum=0.0), 1.0)
    Range(low=0.0, high=2.0, step=0.01)
    >>> slider_range(Param("threshold", 20.0, ""), 20.0)
    Range(low=0.0, high=40.0, step=0.2)
    """
    span = _nice(max(1.0, abs(value)))
    unit = span / 10
    low = math.floor(round((value - span) / unit, 9)) * unit
    high = math.ceil(round((value + span) / unit, 9)) * unit
    if param.minimum is not None:
        low = max(low, param.minimum)
    if param.maximum is not None:
        high = min(high, param.maximum)
    return Range(round(low, 12), round(high, 12), round(span / 100, 12))


def _nice(x: float) -> float:
    """The smallest of 1, 2 and 5 times a power of ten that is at least `x`."""
    power = 10.0 ** math.floor(math.log10(x))
    return next(m * power for m in (1.0, 2.0, 5.0, 10.0) if m * power >= x * (1 - 1e-12))


def explore(
    *funcs: api.FuncLike | Iterable[api.FuncLike],
    order: str = "f and f'",
    dtype: str = "float32",
    xrange: tuple[float, float] = (-8.0, 8.0),
    points: int = 401,
    style: Style | None = None,
) -> Any:
    """An ipywidgets box that shows `funcs` with a control for each of their parameters (a slider, or a
    menu for a choice of words), a dtype and a derivative order, redrawn on every change.

    `order` is one of ``f``, ``f'``, ``f''``, ``f and f'``, ``f, f' and f''``; `points` how many points
    the grid has (jumps are found exactly whatever it is). An expression in x has no parameters: its
    explorer has the dtype, order and x range alone. A parameter value the function refuses (such as
    hardtanh's min_val above its max_val) is said under the controls, and the last figure stays.
    :func:`state` gives what is behind the box: its controls, the figure and the time each update took.
    """
    specs = _specs(funcs)
    if order not in dict(ORDERS):
        raise UsageError(f"order must be one of {', '.join(dict(ORDERS))}, not '{order}'")
    if dtype not in DTYPES:
        raise UsageError(f"unknown dtype '{dtype}'", hint=f"choose from {', '.join(DTYPES)}")
    widgets = _ipywidgets()
    explorer = Explorer(widgets, specs, order, dtype, xrange, points, style)
    box = widgets.VBox([*explorer.rows, explorer.status, explorer.image])
    _states[box] = explorer  # the explorer holds its controls, not the box: the entry goes with the box
    return box


def state(widget: Any) -> Explorer:
    """The :class:`Explorer` behind a box :func:`explore` returned."""
    return _states[widget]


def _specs(funcs: tuple[api.FuncLike | Iterable[api.FuncLike], ...]) -> list[Spec]:
    flat: list[api.FuncLike] = []
    for item in funcs:
        flat += [item] if isinstance(item, (str, FuncSpec, ExprSpec)) else list(item)
    if not flat:
        raise UsageError("explore needs at least one function", hint='e.g. explore("elu")')
    return [api.as_spec(f) for f in flat]


def _ipywidgets() -> Any:
    try:
        import ipywidgets
    except ImportError:
        raise MissingDependencyError(
            f"the notebook explorer needs ipywidgets, which is not installed: {INSTALL}"
        ) from None
    return ipywidgets


class Explorer:
    """The state behind one explorer box: its controls by key (``"elu.alpha"``, ``"dtype"``, ``"order"``,
    ``"xrange"``), the figure last drawn, how many were drawn and how long each took (seconds)."""

    def __init__(self, widgets: Any, specs: list[Spec], order: str, dtype: str, xrange: tuple[float, float],
                 points: int, style: Style | None) -> None:  # fmt: skip
        from actplot.scene.data import Style

        self.specs, self.points, self.style = specs, points, style or Style(dpi=100.0)
        self.figure: Figure | None = None
        self.png: bytes = b""
        self.updates = 0
        self.timings: list[float] = []
        self.message = ""
        self.controls: dict[str, Any] = {}
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))
        self.status = widgets.HTML()
        self.rows = [self._common(widgets, order, dtype, xrange)] + self._parameters(widgets)
        for control in self.controls.values():
            control.observe(self._changed, names="value")
        self.redraw()

    def _common(self, widgets: Any, order: str, dtype: str, xrange: tuple[float, float]) -> Any:
        wide = {"description_width": "initial"}
        self.controls["order"] = widgets.Dropdown(options=[o for o, _ in ORDERS], value=order, description="order",
                                                  style=wide)  # fmt: skip
        self.controls["dtype"] = widgets.Dropdown(options=list(DTYPES), value=dtype, description="dtype", style=wide)
        low, high = min(-20.0, math.floor(xrange[0])), max(20.0, math.ceil(xrange[1]))
        self.controls["xrange"] = widgets.FloatRangeSlider(
            value=tuple(xrange), min=low, max=high, step=0.5, description="x range", continuous_update=False,
            readout_format=".3g", style=wide,
        )  # fmt: skip
        return widgets.HBox([self.controls["order"], self.controls["dtype"], self.controls["xrange"]])

    def _parameters(self, widgets: Any) -> list[Any]:
        """A row of controls for each function with parameters, headed by its name."""
        rows = []
        for prefix, fs in zip(_prefixes(self.specs), self.specs):
            if prefix is None or not isinstance(fs, FuncSpec):
                continue
            made = [self._control(widgets, fs, p, f"{prefix}.{p.name}") for p in fs.act.params]
            rows.append(widgets.HBox([widgets.HTML(f"<b>{escape(prefix)}</b>"), *made]))
        return rows

    def _control(self, widgets: Any, fs: FuncSpec, param: Param, key: str) -> Any:
        value = fs.params[param.name]
        common = {"description": param.name, "tooltip": param.help,
                  "style": {"description_width": "initial"}}  # fmt: skip
        if param.choices:
            control = widgets.Dropdown(options=list(param.choices), value=value, **common)
        else:
            assert isinstance(value, float)
            span = _within_rule(fs, param, slider_range(param, value))
            control = widgets.FloatSlider(value=value, min=span.low, max=span.high, step=span.step,
                                          continuous_update=False, readout_format=".4g", **common)  # fmt: skip
        self.controls[key] = control
        return control

    def _changed(self, _change: object) -> None:
        self.redraw()

    def chosen(self) -> list[Spec]:
        """The functions with the parameters the controls show now (a ParameterError if refused)."""
        return [
            _with(fs, {p.name: self.controls[f"{prefix}.{p.name}"].value for p in fs.act.params})
            if prefix is not None and isinstance(fs, FuncSpec)
            else fs
            for prefix, fs in zip(_prefixes(self.specs), self.specs)
        ]

    def orders(self) -> tuple[int, ...]:
        return dict(ORDERS)[self.controls["order"].value]

    def redraw(self) -> bool:
        """Draw the figure the controls describe; False (and the reason under the controls) if refused."""
        start = time.perf_counter()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", UserWarning)
            try:
                figure, png = self._draw()
            except ActplotError as exc:
                self._say(exc.message + (f" ({exc.hint})" if exc.hint else ""), error=True)
                return False
        self.figure, self.png, self.image.value = figure, png, png
        self.updates += 1
        self.timings.append(time.perf_counter() - start)
        self._say("; ".join(dict.fromkeys(str(w.message) for w in caught)), error=False)
        return True

    def _draw(self) -> tuple[Figure, bytes]:
        from actplot.draw import render

        figure = api.figure(self.chosen(), orders=self.orders(), xrange=tuple(self.controls["xrange"].value),
                            points=self.points, dtype=self.controls["dtype"].value, style=self.style)  # fmt: skip
        buffer = io.BytesIO()
        render.save(figure, buffer, "png")
        return figure, buffer.getvalue()

    def _say(self, text: str, error: bool) -> None:
        self.message = text
        color = "#b00020" if error else "#666666"
        self.status.value = f'<span style="color:{color}">{escape(text)}</span>' if text else ""


def _prefixes(specs: list[Spec]) -> list[str | None]:
    """The prefix of each function's control keys: its name, ``elu[2]`` for the second elu; None for a
    function without parameters."""
    out: list[str | None] = []
    seen: dict[str, int] = {}
    for fs in specs:
        if not isinstance(fs, FuncSpec) or not fs.act.params:
            out.append(None)
            continue
        seen[fs.name] = seen.get(fs.name, 0) + 1
        out.append(fs.name if seen[fs.name] == 1 else f"{fs.name}[{seen[fs.name]}]")
    return out


def _with(fs: FuncSpec, values: dict[str, ParamValue]) -> FuncSpec:
    """`fs` at `values`, naming in its label only what was given or differs from the default."""
    given = {k: v for k, v in values.items() if k in fs.given or v != fs.act.defaults[k]}
    return FuncSpec(fs.act, dict(fs.act.defaults)).with_params(**given)


def _within_rule(fs: FuncSpec, param: Param, span: Range) -> Range:
    """`span` without an end the function's own rule refuses (softplus' beta > 0, snake's a > 0), the
    other parameters as they start."""
    low, high = span.low, span.high
    for end in ("low", "high"):
        try:
            _with(fs, {**fs.params, param.name: low if end == "low" else high})
        except ParameterError:
            low, high = (low + span.step, high) if end == "low" else (low, high - span.step)
    return Range(low, high, span.step)


_states: weakref.WeakKeyDictionary[Any, Explorer] = weakref.WeakKeyDictionary()
