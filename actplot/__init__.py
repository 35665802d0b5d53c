"""actplot: activation functions and their derivatives, exactly as PyTorch computes them.

The Python API, on which the command line is built:

- :func:`evaluate` ``(func, x, order=1)``: f(x) and its derivatives as tensors, on x's device and dtype;
- :func:`figure` ``(funcs, with_grad=False, ...)``: a matplotlib Figure (shown inline in Jupyter);
- :func:`catalogue` ``()``: every activation's name; :func:`info` ``(func)``: what is known about one;
- :func:`results` and :func:`panels`: the evaluated curves and the figure's plain data;
- :func:`explore` ``("elu", ...)``: in Jupyter, sliders for each parameter, a dtype and an order, the figure
  redrawn on every change (needs ipywidgets: ``pip install "actplot[notebook]"``).

A FUNC is a name or alias (``"LeakyReLU"``), a call (``"elu(alpha=0.5)"``) or an expression in x
(``"x*sigmoid(1.702*x)"``). ``import actplot`` is light; torch and matplotlib load on first use:

>>> import actplot
>>> actplot.evaluate("relu", __import__("torch").tensor([-1.0, 2.0]))[1].tolist()
[0.0, 1.0]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["__version__", "catalogue", "evaluate", "explore", "figure", "info", "panels", "results", "term"]

if TYPE_CHECKING:
    from actplot.api import evaluate, figure, panels, results
    from actplot.draw import term
    from actplot.explorer import explore

_LAZY = ("evaluate", "figure", "panels", "results")


def catalogue() -> list[str]:
    """Every activation's canonical name, in catalogue order.

    >>> catalogue()[:3]
    ['relu', 'relu6', 'leaky_relu']
    >>> "gelu" in catalogue()
    True
    """
    from actplot.activations import spec

    return spec.names()


def info(func: str, dtype: str = "float32", device: str = "cpu") -> dict[str, Any]:
    """What is known about `func`: the same data ``actplot info FUNC --format json`` prints.

    Catalogue facts (``name``, ``aliases``, ``formula``, ``derivative``, ``params``, ``reference``,
    ``torch_api``, ``kinks``, ...) and ``properties`` measured by computation in `dtype` on `device`:
    ``image`` (the range as a union of intervals), ``range``, ``monotonic``, ``derivative_bound``,
    ``continuity``, ``signs``, ``identity_near_0``, ``f0`` and ``df0``, ``derivative_at_kinks``, ...
    A catalogue entry at its defaults in float32 on the CPU is read from data shipped with the package,
    without importing torch; anything else is measured now.

    >>> facts = info("LeakyReLU")
    >>> facts["name"], facts["aliases"]
    ('leaky_relu', ['LeakyReLU', 'leaky-relu', 'lrelu'])
    >>> round(facts["properties"]["df0"], 6)  # PyTorch's slope at the kink is the left one
    0.01
    """
    from actplot import api

    return api.info(func, dtype, device)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from actplot import api

        return getattr(api, name)
    if name == "term":  # the terminal charts, ``from actplot import term``, live with the other backends
        from actplot.draw import term

        return term
    if name == "explore":  # ipywidgets, torch and matplotlib load when it is called, not here
        from actplot import explorer

        return explorer.explore
    raise AttributeError(f"module 'actplot' has no attribute {name!r}")
