"""Animations: each frame drawn when the encoder is ready for it and handed on, never all held at once.

GIF goes frame by frame through Pillow's GIF writer, every frame mapped to one palette made from the
first (its solid colours exactly, then the blends of their antialiased edges), so the curves keep
their colours crisp and a frame costs one byte a pixel. WebP goes through Pillow's animated WebP
encoder, which asks for the frames one by one and keeps only their compressed form. APNG (.apng, or
.png) goes through Pillow too, which reads the frames twice and so holds them all: its memory grows
with the frame count (about 3 bytes a pixel a frame). MP4 pipes raw frames into
ffmpeg, which must be on PATH. Nothing written depends on the time or the machine: one command, one file.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any, Final

import numpy as np
from PIL import GifImagePlugin, Image

from actplot.draw import render
from actplot.errors import OutputError
from actplot.scene.data import Panel, Style

_SOLID: Final = 96  # palette entries kept for the colours that cover the most pixels, exactly

Frames = Iterator[tuple[Sequence[Panel], Style]]


def check_encoder(fmt: str) -> None:
    """Complain, before anything is computed, when the format needs a program that is not here."""
    if fmt == "mp4":
        _ffmpeg()


def _ffmpeg() -> str:
    found = shutil.which("ffmpeg")
    if found is None:
        raise OutputError("writing .mp4 needs ffmpeg, which is not on PATH",
                          hint="install ffmpeg, or write .gif, .webp or .apng")  # fmt: skip
    return found


def write(frames: Frames, count: int, target: IO[bytes], fmt: str, fps: float, loop: bool) -> None:
    """Draw the `count` frames one at a time into `target` as `fmt`, `fps` frames a second, looping or not."""
    images = (frame(panels, style) for panels, style in frames)
    if fmt == "gif":
        _gif(images, target, fps, loop)
    elif fmt == "mp4":
        _mp4(images, target, fps)
    else:
        _pillow(images, count, target, fmt, fps, loop)


def frame(panels: Sequence[Panel], style: Style) -> Image.Image:
    """One frame's pixels: RGB, or RGBA for a transparent figure."""
    data, size = render.rgba(panels, style)
    image = Image.frombytes("RGBA", size, data)
    return image if style.transparent else image.convert("RGB")


def _gif(images: Iterator[Image.Image], target: IO[bytes], fps: float, loop: bool) -> None:
    first = next(images)
    palette = palette_of(first)
    header, _ = GifImagePlugin.getheader(_indexed(first, palette), info={"loop": 0} if loop else {})
    target.write(b"".join(header))
    centiseconds = max(2, round(100 / fps))  # GIF counts in hundredths; most viewers treat < 2 as 10
    for image in _chain(first, images):
        target.write(b"".join(GifImagePlugin.getdata(_indexed(image, palette), duration=10 * centiseconds)))
    target.write(b";")  # the trailer


def palette_of(image: Image.Image) -> np.ndarray:
    """256 colours (rows of R, G, B) for every frame: the image's most used colours exactly (background,
    curves, text, grid), then a median cut of the image for the blends at their edges."""
    packed = _packed(image)
    colours, counts = np.unique(packed, return_counts=True)
    solid = colours[np.argsort(-counts, kind="stable")[:_SOLID]]
    cut = image.convert("RGB").quantize(256 - solid.size, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    blends = np.array(cut.getpalette() or [0, 0, 0], dtype=np.int64).reshape(-1, 3)[: 256 - solid.size]
    table = np.concatenate([np.stack([solid >> 16, solid >> 8 & 255, solid & 255], axis=1), blends])
    return np.concatenate([table, np.repeat(table[-1:], 256 - len(table), axis=0)])


def _packed(image: Image.Image) -> np.ndarray:
    rgb = np.asarray(image.convert("RGB")).astype(np.int64)
    packed: np.ndarray = rgb[..., 0] << 16 | rgb[..., 1] << 8 | rgb[..., 2]
    return packed


def _indexed(image: Image.Image, table: np.ndarray) -> Image.Image:
    """`image` in the palette `table`: each colour its nearest entry (its own, where it has one)."""
    packed = _packed(image)
    colours, inverse = np.unique(packed, return_inverse=True)
    rgb = np.stack([colours >> 16, colours >> 8 & 255, colours & 255], axis=1)
    nearest = ((rgb[:, None, :] - table[None, :, :]) ** 2).sum(axis=2).argmin(axis=1).astype(np.uint8)
    out = Image.fromarray(nearest[inverse.reshape(packed.shape)], mode="P")
    out.putpalette(table.astype(np.uint8).tobytes())
    return out


def _chain(first: Image.Image, rest: Iterator[Image.Image]) -> Iterator[Image.Image]:
    yield first
    yield from rest


class _Drawn(Image.Image):
    """A multi-frame image whose frames are drawn as Pillow seeks to them, in order: one held at a time."""

    def __init__(self, images: Iterator[Image.Image], count: int) -> None:
        super().__init__()
        self._images, self.n_frames, self._at = images, count, -1

    def seek(self, frame: int) -> None:
        if frame == self._at:
            return
        if frame != self._at + 1 or frame >= self.n_frames:
            raise EOFError(f"frames are drawn in order, {self.n_frames} of them: not frame {frame} after {self._at}")
        image = next(self._images)
        self.im, self._mode, self._size, self._at = image.im, image.mode, image.size, frame

    def tell(self) -> int:
        return self._at


def _pillow(images: Iterator[Image.Image], count: int, target: IO[bytes], fmt: str, fps: float, loop: bool) -> None:
    first = next(images)
    options: dict[str, Any] = {"duration": round(1000 / fps), "loop": 0 if loop else 1}
    if fmt == "webp":  # Pillow asks for the frames one by one, and keeps them compressed
        rest = _Drawn(images, count - 1)
        first.save(target, format="WEBP", save_all=True, append_images=[rest], lossless=True, method=4, **options)
    else:  # Pillow reads the frames twice (their modes, then their pixels), and holds them all
        frames = list(images)
        first.save(target, format="PNG", save_all=True, append_images=frames, default_image=False, **options)


def _mp4(images: Iterator[Image.Image], target: IO[bytes], fps: float) -> None:
    """H.264 in MP4 by ffmpeg, the frames piped raw; bit-exact flags keep its version out of the file."""
    first = next(images)
    w, h = first.size
    ffmpeg = _ffmpeg()
    corner = "0x" + bytes(np.asarray(first.convert("RGB"))[0, 0]).hex()  # the odd row or column padded alike
    with tempfile.TemporaryDirectory() as folder, tempfile.TemporaryFile() as errors:
        out = Path(folder) / "out.mp4"
        command = [
            ffmpeg, "-hide_banner", "-loglevel", "error", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{w}x{h}",
            "-r", f"{fps:g}", "-i", "-", "-vf", f"pad=ceil(iw/2)*2:ceil(ih/2)*2:color={corner}", "-c:v", "libx264",
            "-pix_fmt", "yuv420p", "-crf", "18", "-threads", "1", "-fflags", "+bitexact", "-flags:v", "+bitexact",
            "-map_metadata", "-1", "-movflags", "+faststart", "-y", str(out),
        ]  # fmt: skip
        proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=errors)
        try:
            _pipe(proc, _chain(first, images))
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        if proc.returncode != 0:
            errors.seek(0)
            said = errors.read().decode("utf-8", "replace").strip().splitlines()
            raise OutputError(f"ffmpeg could not write the video: {said[-1] if said else f'exit {proc.returncode}'}")
        with open(out, "rb") as video:
            shutil.copyfileobj(video, target)


def _pipe(proc: subprocess.Popen[bytes], images: Iterator[Image.Image]) -> None:
    assert proc.stdin is not None
    try:
        for image in images:
            proc.stdin.write(image.convert("RGB").tobytes())
    except BrokenPipeError:  # ffmpeg stopped early: its exit status says why
        pass
    finally:
        with contextlib.suppress(BrokenPipeError):
            proc.stdin.close()
    proc.wait()
