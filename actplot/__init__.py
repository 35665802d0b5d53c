"""actplot: activation functions and their derivatives, exactly as PyTorch computes them.

``import actplot`` is light; the computing API (which imports torch and matplotlib) loads on first use:

>>> import actplot
>>> actplot.evaluate("relu", __import__("torch").tensor([-1.0, 2.0]))[1].tolist()
[0.0, 1.0]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["__version__", "catalogue", "evaluate", "figure", "info", "results"]

if TYPE_CHECKING:
    from actplot.activations import Activation
    from actplot.api import evaluate, figure, results


def catalogue() -> list[str]:
    """Every activation's canonical name, in catalogue order.

    >>> "gelu" in catalogue()
    True
    """
    from actplot import activations

    return activations.names()


def info(name: str) -> Activation:
    """The catalogue entry for `name` (any alias, any case)."""
    from actplot import activations as _activations

    return _activations.lookup(name)


def __getattr__(name: str) -> Any:
    if name in ("evaluate", "figure", "results"):
        from actplot import api

        return getattr(api, name)
    raise AttributeError(f"module 'actplot' has no attribute {name!r}")
