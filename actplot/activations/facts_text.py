"""Facts as text: the rows of ``info``'s rich output, the range in the list's Markdown table, the gallery
page's tables. Plain data in (what :func:`actplot.activations.facts.known` gives), strings out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

SHOWN_REGIONS: Final = 6  # flat regions listed in the rich output (json has them all)


def rows(facts: dict[str, Any]) -> list[tuple[str, str]]:
    """The rich output as (label, text) rows."""
    return fact_rows(facts) + property_rows(facts["properties"], facts["kinks"])


def fact_rows(facts: dict[str, Any]) -> list[tuple[str, str]]:
    """What the function is (catalogue or expression), as (label, text) rows."""
    out = [("aliases", ", ".join(facts["aliases"]) or "-"), ("summary", facts["summary"]),
           ("formula", facts["formula"]), ("derivative", facts["derivative"])]  # fmt: skip
    if facts["formula_tex"]:  # the mathtext source, ready for a matplotlib label
        out += [("formula (mathtext)", f"${facts['formula_tex']}$"),
                ("derivative (mathtext)", f"${facts['derivative_tex']}$")]  # fmt: skip
    out += [(f"parameter {q['name']}", f"{_value(q['value'])} (default {_value(q['default'])}): {q['help']}")
            for q in facts["params"]]  # fmt: skip
    out += [("reference", facts["reference"] or "-"), ("torch API", facts["torch_api"])]
    out += [("notes", facts["notes"])] if facts["notes"] else []
    out += [("kinks", ", ".join(_fmt(k) for k in facts["kinks"]) or "none")]
    return out


def property_rows(p: dict[str, Any], kinks: Sequence[float]) -> list[tuple[str, str]]:
    """How the function behaves, measured, as (label, text) rows: first what it is mathematically
    (computed in float64), then what PyTorch returns in the measured dtype."""
    lo, hi = p["domain"]
    out = [
        ("range", range_text(p) + _extremes(p)),
        ("bounded", f"below: {_yes(p['bounded_below'])}, above: {_yes(p['bounded_above'])}"),
        ("monotonic", monotonic_text(p)),
        ("f' monotonic", p["derivative_monotonic"]),
        ("continuity", continuity_text(p)),
        ("sup abs(f')", derivative_bound_text(p["derivative_bound"])),
        ("signs", SIGNS[p["signs"]]),
        ("identity near 0", "yes (f(0) = 0 and f'(0) = 1)" if p["identity_near_0"] else "no (not both f(0) = 0 "
         "and f'(0) = 1)"),
        ("measured", f"in {p['dtype']} on [{_fmt(lo)}, {_fmt(hi)}]"),
        ("f(0), f'(0)", f"{_fmt(p['f0'])}, {_fmt(p['df0'])}"),
        ("abs(f') < 0.001 on", _regions(p["flat_regions"])),
    ]  # fmt: skip
    out += [(f"f' at kink {_fmt(k['x'])}", f"{_fmt(k['value'])} (PyTorch); left {_fmt(k['left'])}, right "
             f"{_fmt(k['right'])}") for k in p["derivative_at_kinks"]]  # fmt: skip
    out += [(f"order {h['order']}", _higher_text(h, kinks)) for h in p["higher_orders"]]
    return out


SIGNS: Final = {
    "both": "f takes negative and positive values",
    "positive": "f > 0 everywhere",
    "non-negative": "f >= 0 everywhere, and f = 0 somewhere",
    "negative": "f < 0 everywhere",
    "non-positive": "f <= 0 everywhere, and f = 0 somewhere",
    "zero": "f = 0 everywhere",
}


def range_text(p: dict[str, Any]) -> str:
    """The range as a set: ``(0, 1)``, ``[0, inf)``, ``{0} u (1, inf)``; brackets for ends some x
    attains, parentheses for ends only approached."""
    return " u ".join(_interval(part) for part in p["image"])


def _interval(part: dict[str, Any]) -> str:
    lo, hi = part["lower"], part["upper"]
    if _is_point(part):
        return "{" + _fmt(lo) + "}"
    left = f"{'[' if part['closed_lower'] else '('}{_fmt(lo)}" if lo is not None else "(-inf"
    right = f"{_fmt(hi)}{']' if part['closed_upper'] else ')'}" if hi is not None else "inf)"
    return f"{left}, {right}"


def monotonic_text(p: dict[str, Any]) -> str:
    """f's monotonicity, and the measured dtype's where rounding makes its values differ."""
    text = str(p["monotonic"])
    if p["monotonic_in_dtype"] != p["monotonic"]:
        text += f" (the values computed in {p['dtype']} are not: rounding)"
    return text


def derivative_bound_text(b: dict[str, Any]) -> str:
    """``1, attained on (0, inf)``; ``1.5, not attained (the limit as x -> 3 from below)``; ``unbounded``."""
    if not b["bounded"]:
        return f"unbounded (abs(f') -> inf as x -> {b['approached']['x']})"
    if not b["attained"]:
        return f"{_fmt(b['sup'])}, not attained (the limit as x -> {_approach(b['approached'])})"
    where = sorted(b["where"], key=lambda w: abs(w["lower"] if w["lower"] is not None else -1e300))
    shown = ", ".join(f"x = {_fmt(w['lower'])}" if _is_point(w) else _interval(w) for w in where[:2])
    more = f" and {len(where) - 2} more places in the searched window" if len(where) > 2 else ""
    return f"{_fmt(b['sup'])}, attained " + ("at " if _is_point(where[0]) else "on ") + shown + more


def _is_point(part: dict[str, Any]) -> bool:
    return part["lower"] is not None and part["lower"] == part["upper"]


def _extremes(p: dict[str, Any]) -> str:
    found = [
        f"{word} {_fmt(b['value'])} at x = {_fmt(b['at'])}"
        for word, b in (("minimum", p["range"]["lower"]), ("maximum", p["range"]["upper"]))
        if b["attained"]
    ]
    return f"; {', '.join(found)}" if found else ""


def _approach(a: dict[str, Any]) -> str:
    return str(a["x"]) if "from" not in a else f"{_fmt(a['x'])} from {a['from']}"


def continuity_text(p: dict[str, Any]) -> str:
    c = p["continuity"]
    jumps = [f"{k['jump_in']} jumps at {_fmt(k['x'])}" for k in c["at_kinks"] if k["jump_in"]]
    return str(c["class"]) + (f" ({'; '.join(jumps)})" if jumps else "")


def _higher_text(h: dict[str, Any], kinks: Sequence[float]) -> str:
    if not h["autograd"]:
        return "autograd has no derivative of this order (actplot falls back to central differences)"
    if h["zero_everywhere"]:
        return "0 everywhere in PyTorch" + (" (the jumps of the lower order at the kinks are dropped)" if kinks else "")
    at = ", ".join(f"{_fmt(v)} at {_fmt(k)}" for k, v in zip(kinks, h["at_kinks"]))
    return "computed by autograd" + (f"; PyTorch's value {at}" if at else "")


def _regions(regions: list[list[float | None]]) -> str:
    shown = [f"[{'-inf' if a is None else _fmt(a)}, {'inf' if b is None else _fmt(b)}]" for a, b in regions]
    more = f" ... ({len(regions)} regions)" if len(shown) > SHOWN_REGIONS else ""
    return ", ".join(shown[:SHOWN_REGIONS]) + more if shown else "nowhere"


def _fmt(value: float | None) -> str:
    if value is None:
        return "not finite"
    return f"{value + 0.0:.4g}"  # + 0.0 turns -0.0 into 0.0


def _value(value: float | str) -> str:
    return value if isinstance(value, str) else _fmt(value)


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"
