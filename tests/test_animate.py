"""--sweep ranges and --animate: frames, sizes, the value each frame says, fixed limits, stable bytes,
and the refusals, each one line."""

from __future__ import annotations

import io
import math
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch
from PIL import Image, ImageSequence

from actplot import api
from actplot.draw import render
from actplot.scene import sweeps
from tests.conftest import Invoke

SMALL = ["--figsize", "3", "2", "--dpi", "50", "--points", "201", "--range", "-3", "3"]


def _frames(path: Path) -> list[Image.Image]:
    with Image.open(path) as im:
        return [f.convert("RGB") for f in ImageSequence.Iterator(im)]


@pytest.mark.parametrize(
    "text,values",
    [
        ("alpha=0:1:11", [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]),
        ("alpha=0:2:41", [i / 20 for i in range(41)]),
        ("alpha=-1:1:5", [-1.0, -0.5, 0.0, 0.5, 1.0]),
        ("alpha=2:0:3", [2.0, 1.0, 0.0]),
        ("alpha=0:2:4", [0.0, 0.667, 1.333, 2.0]),
        ("alpha=1e-3:1e-1:3", [0.001, 0.0505, 0.1]),
    ],
)
def test_a_range_gives_count_values_from_start_to_stop_printed_cleanly(text: str, values: list[float]) -> None:
    name, got = sweeps.parse_sweep(text)
    assert name == "alpha" and list(got) == values
    assert all(repr(v) == repr(w) for v, w in zip(got, values))  # 0.3, never 0.30000000000000004
    step = (values[-1] - values[0]) / (len(values) - 1)
    assert all(abs(v - (values[0] + i * step)) <= 0.005 * abs(step) for i, v in enumerate(got))


def test_a_range_overlays_in_a_static_figure() -> None:
    fig = api.figure("elu", sweep="alpha=0:2:3", xrange=(-2.0, 2.0), points=41)
    lines = fig.axes[0].get_lines()
    assert [line.get_label() for line in lines] == ["0", "1", "2"]
    lowest = [float(np.min(line.get_ydata())) for line in lines]
    assert np.allclose(lowest, [a * (math.exp(-2.0) - 1) for a in (0.0, 1.0, 2.0)], atol=1e-6)


def _recorded(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Sequence[Any], Any]]:
    """Every frame's (panels, style) as the encoder draws it."""
    seen: list[tuple[Sequence[Any], Any]] = []
    draw = render.rgba

    def spy(panels: Sequence[Any], style: Any) -> tuple[bytes, tuple[int, int]]:
        seen.append((panels, style))
        return draw(panels, style)

    monkeypatch.setattr(render, "rgba", spy)
    return seen


def test_each_frame_says_its_value_and_shares_the_limits(invoke: Invoke, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    seen = _recorded(monkeypatch)
    out = tmp_path / "a.gif"
    args = ["leaky_relu", "--sweep", "negative_slope=-1:2:4", "--animate", "--with-grad", "--out", str(out), *SMALL]
    result = invoke(args)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"wrote {out} (4 frames)\n"
    said = [style.title for _, style in seen]
    assert said == [f"negative_slope = {v}" for v in ("−1", "0", "1", "2")]  # the true minus sign
    assert len({style.ylims for _, style in seen}) == 1  # every frame, the same limits
    (top, bottom) = seen[0][1].ylims
    x = torch.linspace(-3, 3, 601, dtype=torch.float64).requires_grad_()
    for slope, (panels, _) in zip((-1.0, 0.0, 1.0, 2.0), seen):
        y = torch.nn.functional.leaky_relu(x, slope)
        (dy,) = torch.autograd.grad(y.sum(), x)
        for (lo, hi), exact in ((top, y.detach()), (bottom, dy)):
            assert lo < float(exact.min()) and float(exact.max()) < hi  # every frame's curve fits the shared box
        series = panels[0].series[0]
        finite = np.isfinite(series.y)
        want = torch.nn.functional.leaky_relu(torch.from_numpy(series.x[finite]).double(), slope).numpy()
        assert np.allclose(series.y[finite], want, atol=1e-6)  # the frame's curve is at its own slope
    frames = _frames(out)
    assert len(frames) == 4 and all(f.size == (150, 100) for f in frames)  # figsize x dpi
    assert np.asarray(frames[1]).tolist() != np.asarray(frames[0]).tolist()


@pytest.mark.parametrize("bounce,count", [([], 3), (["--bounce"], 4)])
def test_frame_count_with_and_without_bounce(invoke: Invoke, tmp_path: Path, bounce: list[str], count: int) -> None:
    out = tmp_path / "a.gif"
    result = invoke(["elu", "--sweep", "alpha=0:2:3", "--animate", "--fps", "20", *bounce, "--out", str(out), *SMALL])
    assert result.exit_code == 0, result.stderr
    frames = _frames(out)
    assert len(frames) == count
    with Image.open(out) as im:
        assert im.info["loop"] == 0 and im.info["duration"] == 50
    if bounce:
        assert np.array_equal(np.asarray(frames[1]), np.asarray(frames[3]))  # 0 1 2 1: back the way it came


def test_a_bounce_played_once_ends_where_it_began(invoke: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "a.gif"
    args = ["elu", "--sweep", "alpha=0:2:3", "--animate", "--bounce", "--no-loop", "--out", str(out), *SMALL]
    assert invoke(args).exit_code == 0
    frames = _frames(out)
    assert len(frames) == 5  # 0 1 2 1 0
    assert np.array_equal(np.asarray(frames[0]), np.asarray(frames[4]))
    assert not np.array_equal(np.asarray(frames[0]), np.asarray(frames[2]))


@pytest.mark.parametrize("suffix,fmt", [("gif", "GIF"), ("webp", "WEBP"), ("apng", "PNG"), ("png", "PNG")])
def test_the_same_command_gives_the_same_bytes(invoke: Invoke, tmp_path: Path, suffix: str, fmt: str) -> None:
    made = []
    for run in ("a", "b"):
        out = tmp_path / f"{run}.{suffix}"
        args = ["elu", "--sweep", "alpha=0:1:3", "--animate", "--no-loop", "--out", str(out), *SMALL]
        assert invoke(args).exit_code == 0
        made.append(out.read_bytes())
    assert made[0] == made[1]
    with Image.open(io.BytesIO(made[0])) as im:
        assert im.format == fmt and im.n_frames == 3 and im.size == (150, 100)


def test_gif_keeps_the_colours(invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _recorded(monkeypatch)
    out = tmp_path / "a.gif"
    args = ["elu", "--sweep", "alpha=1,1.5", "--animate", "--out", str(out), *SMALL[:3], "--dpi", "100"]
    assert invoke(args).exit_code == 0
    for (panels, style), got in zip(seen, _frames(out)):
        data, size = render.rgba(panels, style)
        want = np.frombuffer(data, np.uint8).reshape(size[1], size[0], 4)[..., :3].astype(int)
        have = np.asarray(got).astype(int)
        colours, counts = np.unique(want.reshape(-1, 3), axis=0, return_counts=True)
        solid = colours[counts >= 20]  # background, curve, text, grid: kept exactly
        exact = (want[..., None, :] == solid).all(-1).any(-1)
        assert exact.sum() > 0.9 * exact.size and (have[exact] == want[exact]).all()
        edges = np.abs(have - want)[~exact]  # the antialiased blends: near enough
        assert edges.max() <= 48 and edges.mean() <= 6


def test_default_name_and_stdout(invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert invoke(["grad", "elu", "--sweep", "alpha=0:1:2", "--animate", *SMALL]).exit_code == 0
    assert (tmp_path / "grad-elu.gif").read_bytes()[:6] == b"GIF89a"
    result = invoke(["elu", "--sweep", "alpha=0:1:2", "--animate", "--out", "-", "--format", "webp", *SMALL])
    assert result.exit_code == 0 and result.stdout_bytes[8:12] == b"WEBP"


def test_mp4_without_ffmpeg_is_one_line_and_writes_nothing(invoke: Invoke, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.setenv("PATH", str(tmp_path))
    out = tmp_path / "a.mp4"
    result = invoke(["elu", "--sweep", "alpha=0:1:3", "--animate", "--out", str(out), *SMALL])
    assert result.exit_code == 1
    assert result.stderr.startswith("actplot: error: writing .mp4 needs ffmpeg, which is not on PATH")
    assert len(result.stderr.splitlines()) == 1 and not out.exists()


def test_mp4_pipes_every_frame_into_ffmpeg(invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = tmp_path / "bin" / "ffmpeg"
    fake.parent.mkdir()
    fake.write_text('#!/bin/sh\nfor last; do :; done\ncat > "$last"\n')  # keeps the raw frames as the "video"
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    out = tmp_path / "a.mp4"
    result = invoke(["elu", "--sweep", "alpha=0:1:3", "--animate", "--bounce", "--out", str(out), *SMALL])
    assert result.exit_code == 0, result.stderr
    assert out.stat().st_size == 4 * 150 * 100 * 3  # four RGB frames of 150 x 100


def test_a_failed_run_leaves_no_file(invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from actplot.draw import animation

    drawn = animation.frame

    def fails_third(panels: Sequence[Any], style: Any) -> Image.Image:
        if style.title == "alpha = 1":
            raise MemoryError
        return drawn(panels, style)

    monkeypatch.setattr(animation, "frame", fails_third)
    for suffix in ("gif", "webp", "apng"):
        result = invoke(["elu", "--sweep", "alpha=0:1:3", "--animate", "--out", str(tmp_path / f"a.{suffix}"), *SMALL])
        assert result.exit_code == 1 and result.stderr.startswith("actplot: error: out of memory")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "args,message",
    [
        (["elu", "--animate"], "--animate draws one frame per --sweep value"),
        (["elu", "--sweep", "alpha=0:1:3", "--animate", "--term"], "--animate writes a file; --term cannot"),
        (["elu", "--sweep", "alpha=0:1:3", "--animate", "--show"], "--animate writes a file; --show cannot"),
        (["elu", "--sweep", "alpha=0:1:3", "--animate", "--out", "a.svg"], "an animation cannot be .svg"),
        (["elu", "--sweep", "alpha=0:1:3", "--animate", "--out", "a.pdf"], "an animation cannot be .pdf"),
        (["elu", "--sweep", "alpha=0:1:3", "--animate", "--fps", "0"], "--fps must be from 0.5 to 100"),
        (["elu", "--sweep", "alpha=0:1:3", "--animate", "--transparent"], "--transparent: GIF has no"),
        (["elu", "--sweep", "alpha=0:1:3", "--bounce"], "--fps, --loop and --bounce are for --animate"),
        (["elu", "--sweep", "alpha=0:1:3", "--out", "a.gif"], "cannot tell the figure format"),
        (["elu", "--sweep", "alpha=0:2:25"], "--sweep gives 25 values; one figure overlays at most 24"),
        (["elu", "--sweep", "alpha=0:2:1001", "--animate"], "a --sweep range takes 2 to 1000 values, not 1001"),
        (["elu", "--sweep", "alpha=0:2:1"], "a --sweep range takes 2 to 1000 values, not 1"),
        (["elu", "--sweep", "alpha=1:1:3"], "a --sweep range needs a stop other than its start"),
        (["elu", "--sweep", "alpha=0:inf:3"], "a --sweep range starts and stops at finite numbers"),
        (["elu", "--sweep", "alpha=0:1:2.5"], "a --sweep range's count is a whole number"),
        (["elu", "--sweep", "alpha=0:1"], "a --sweep range is start:stop:count"),
        (["elu", "--sweep", "alpha=a:1:3"], "a --sweep range starts and stops at numbers"),
        (["elu", "--sweep", "alpha=1", "--animate"], "--animate needs 2 to 1000 --sweep values"),
    ],
)
def test_refusals_are_one_line_usage_errors(invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            args: list[str], message: str) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)
    result = invoke(args)
    assert result.exit_code == 2, result.stderr
    assert result.stderr.startswith(f"actplot: error: {message}")
    assert len(result.stderr.splitlines()) == 1 and list(tmp_path.iterdir()) == []
