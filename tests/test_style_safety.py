"""--style is data, never code or a download, and figure options that matplotlib cannot draw are usage
errors: one line naming the option (or the style file and line), exit 2, nothing written."""

from __future__ import annotations

import glob
import http.server
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import matplotlib
import pytest
from matplotlib.colors import to_hex

from actplot import api
from actplot.draw import styles
from actplot.errors import UsageError
from actplot.scene.data import Style
from tests.conftest import Invoke

ROOT = Path(__file__).resolve().parents[1]
HOSTILE_MODULE = "import pathlib\npathlib.Path('MARKER').write_text('imported')\n"


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _listing(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


def _refused(invoke: Invoke, root: Path, args: list[str], fragment: str) -> str:
    before = _listing(root)
    result = invoke(args)
    assert result.exit_code == 2, result.stderr
    assert result.stderr.startswith("actplot: error: ") and result.stderr.count("\n") == 1, result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert fragment in result.stderr, result.stderr
    assert result.stdout == ""
    assert _listing(root) == before
    return result.stderr


def _actplot(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "PYTHONPATH": str(ROOT), "MPLBACKEND": "Agg", **env}
    return subprocess.run(
        [sys.executable, "-m", "actplot", *args], cwd=cwd, env=environ, capture_output=True, text=True, timeout=180
    )


def test_style_file_beside_a_module_of_its_name_is_read_never_imported(tmp_path: Path) -> None:
    # `python -m` puts the current directory first on sys.path, so matplotlib's dotted-name lookup
    # would import paper.py from here; actplot reads the file itself and draws with it (exit 0).
    (tmp_path / "paper.py").write_text(HOSTILE_MODULE)
    (tmp_path / "paper.mplstyle").write_text("lines.linewidth: 3\n")
    done = _actplot(["relu", "--style", "paper.mplstyle", "--out", "fig.png"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "fig.png").stat().st_size > 0
    dotted = _actplot(["relu", "--style", "paper.anything", "--out", "other.png"], tmp_path)
    assert dotted.returncode == 2 and "unknown matplotlib style 'paper.anything'" in dotted.stderr
    assert not (tmp_path / "MARKER").exists()
    assert not (tmp_path / "other.png").exists()


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 -- the name http.server calls
        self.requests.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"lines.linewidth: 3\n")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    """A style server on 127.0.0.1 that records every request it gets."""
    _Recorder.requests = []
    httpd = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    httpd.timeout = 5
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/paper.mplstyle", _Recorder.requests
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def test_style_url_is_refused_and_never_fetched(
    invoke: Invoke, workdir: Path, server: tuple[str, list[str]]
) -> None:
    url, requests = server
    _refused(invoke, workdir, ["relu", "--style", url], "is a URL")
    _refused(invoke, workdir, ["gallery", "relu", "--style", url, "--out", "g"], "is a URL")
    with pytest.raises(UsageError, match="URL"):
        api.figure("relu", style=Style(mplstyle=url))  # the Python API too, without the command line's check
    assert requests == []


BAD_STYLES = [
    ("runs LaTeX", "text.usetex: True\n", "s.mplstyle:1: a style may not set text.usetex"),
    ("picks a backend", "backend: agg\n", "a style may not set backend"),
    ("imports hooks", "figure.hooks: os:system\n", "a style may not set figure.hooks"),
    ("runs an encoder", "animation.ffmpeg_path: /bin/sh\n", "a style may not set animation.ffmpeg_path"),
    ("opens a server", "webagg.port: 80\n", "a style may not set webagg.port"),
    ("runs TeX for pgf", "pgf.texsystem: lualatex\n", "a style may not set pgf.texsystem"),
    ("crops the canvas", "savefig.bbox: tight\n", "a style may not set savefig.bbox"),
    ("writes elsewhere", "savefig.directory: /tmp\n", "a style may not set savefig.directory"),
    ("huge font", "font.size: 1e6\n", "font.size must be between 1 and 100 points"),
    ("zero font", "font.size: 0\n", "font.size must be between 1 and 100 points, not 0"),
    ("negative label size", "axes.labelsize: -3\n", "axes.labelsize must be between 1 and 100"),
    ("nan width", "lines.linewidth: nan\n", "lines.linewidth must be between"),
    ("huge width", "lines.linewidth: 1e9\n", "lines.linewidth must be between -1000 and 1000"),
    ("empty prop cycle", "axes.prop_cycle: cycler(color=[])\n", "axes.prop_cycle is empty"),
    ("prop cycle as code", "axes.prop_cycle: cycler(color=['k'] * 10**9)\n", "literal values only"),
    ("prop cycle call", "axes.prop_cycle: __import__('os')\n", "must be cycler(...) calls"),
    ("prop cycle operator inside", "axes.prop_cycle: cycler(color=['r', 'g'] * 1)\n", "literal values only"),
    (
        "prop cycle product too long",
        "axes.prop_cycle: cycler(color=[" + ", ".join(["'k'"] * 20) + "]) * cycler(linewidth=[" + "1, " * 19 + "1])\n",
        "400 entries; the most is 256",
    ),
    ("not a colour", "lines.color: notacolour\n", "s.mplstyle:1: bad value for lines.color"),
    ("unknown key", "# a style\n\nno.such.key: 1\n", "s.mplstyle:3: unknown setting 'no.such.key'"),
    ("no colon", "lines.linewidth 3\n", "s.mplstyle:1: expected 'key: value'"),
    ("open quote", 'axes.facecolor: "#eeeeee\n', "s.mplstyle:1: a double quote is not closed"),
]


@pytest.mark.parametrize("content,fragment", [b[1:] for b in BAD_STYLES], ids=[b[0] for b in BAD_STYLES])
def test_bad_style_file_is_a_usage_error(invoke: Invoke, workdir: Path, content: str, fragment: str) -> None:
    (workdir / "s.mplstyle").write_text(content)
    _refused(invoke, workdir, ["relu", "--style", "s.mplstyle", "--out", "fig.png"], fragment)
    _refused(invoke, workdir, ["gallery", "relu", "--style", "s.mplstyle", "--out", "g"], fragment)


def test_style_text_too_small_for_the_dpi_is_refused(invoke: Invoke, workdir: Path) -> None:
    (workdir / "s.mplstyle").write_text("font.size: 1\n")
    _refused(invoke, workdir, ["relu", "--style", "s.mplstyle", "--dpi", "10"], "use --dpi 36 or more")
    assert invoke(["relu", "--style", "s.mplstyle", "--dpi", "150"]).exit_code == 0  # readable at 150 dpi


def test_valid_style_file_changes_the_figure(tmp_path: Path) -> None:
    path = tmp_path / "house.mplstyle"
    path.write_text(
        "# house style\nlines.linewidth: 3   # thick\naxes.facecolor: \"#eeeeee\"\ntext.usetex: False\n"
        "axes.prop_cycle: cycler('color', ['E24A33', '348ABD'])\n"
    )
    fig = api.figure(["relu", "gelu"], style=Style(mplstyle=str(path)))
    lines = fig.axes[0].get_lines()
    assert [line.get_linewidth() for line in lines] == [3.0, 3.0]
    assert [to_hex(line.get_color()) for line in lines] == ["#e24a33", "#348abd"]
    assert to_hex(fig.axes[0].get_facecolor()) == "#eeeeee"
    assert not matplotlib.rcParams["text.usetex"]


def test_matplotlibs_own_styles_read_as_matplotlib_reads_them() -> None:
    folder = os.path.join(matplotlib.get_data_path(), "stylelib")
    files = sorted(f for f in glob.glob(os.path.join(folder, "*.mplstyle")) if not f.endswith("classic.mplstyle"))
    assert len(files) >= 20
    for file in files:  # classic sets animation and pgf programs, so it is refused as a file (as a name it works)
        assert styles.read(file) == dict(matplotlib.rc_params_from_file(file, use_default_template=False)), file


MATH_ERRORS = ["$x^$", "$\\frac{$", "$$$$", "$" + "{" * 500 + "$", "$" + "{" * 30 + "x" + "}" * 30 + "$"]


@pytest.mark.parametrize("option", ["--title", "--xlabel", "--ylabel"])
@pytest.mark.parametrize("text", MATH_ERRORS, ids=["empty-superscript", "open-frac", "empty-math", "deep", "nested"])
def test_bad_mathtext_label_names_its_option(invoke: Invoke, workdir: Path, option: str, text: str) -> None:
    message = _refused(invoke, workdir, ["relu", option, text], f"actplot: error: {option} '")
    assert "mathtext" in message


@pytest.mark.parametrize("text", ["$\\frac{", "$$$", "costs 5\\$", "$\\alpha$ and $x^2$"])
def test_text_that_is_not_mathtext_or_is_valid_is_drawn(invoke: Invoke, workdir: Path, text: str) -> None:
    # only a whole $...$ label is mathtext (an odd count never is): the rest is drawn as written
    result = invoke(["relu", "--title", text, "--out", "fig.png"])
    assert result.exit_code == 0, result.stderr
    assert (workdir / "fig.png").stat().st_size > 0


def test_smallest_dpi_draws(invoke: Invoke, workdir: Path) -> None:
    from PIL import Image

    assert invoke(["relu", "gelu", "--with-grad", "--dpi", "10", "--out", "a.png"]).exit_code == 0
    assert invoke(["relu", "--dpi", "10", "--out", "b.png"]).exit_code == 0
    with Image.open(workdir / "b.png") as img:
        assert img.size == (50, 25)


@pytest.mark.parametrize("command", [["relu"], ["grad", "relu"], ["diff", "relu", "gelu"], ["gallery", "relu"]])
def test_huge_canvas_is_refused_before_torch_loads(tmp_path: Path, command: list[str]) -> None:
    script = (
        "import sys\nfrom actplot.cli.app import main\nsys.argv = ['actplot', *sys.argv[1:]]\n"
        "try:\n    main()\nfinally:\n    print('torch' in sys.modules)\n"
    )
    args = [*command, "--figsize", "30", "30", "--dpi", "2000"]
    environ = {**os.environ, "PYTHONPATH": str(ROOT), "MPLBACKEND": "Agg"}
    done = subprocess.run(
        [sys.executable, "-c", script, *args], cwd=tmp_path, env=environ, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "actplot: error: --figsize 30 30 at --dpi 2000 would be 60,000 x 60,000 pixels (3,600 megapixels);"
        " the most is 100 megapixels; lower --dpi or --figsize"
    )
    assert done.stdout.strip() == "False"  # refused before anything was computed
    assert list(tmp_path.iterdir()) == []


def test_unknown_mplbackend_does_not_stop_writing_files(tmp_path: Path) -> None:
    done = _actplot(["relu", "--out", "fig.png"], tmp_path, MPLBACKEND="nonsense")
    assert done.returncode == 0, done.stderr
    assert done.stderr == "wrote fig.png\n"
    assert (tmp_path / "fig.png").read_bytes()[:4] == b"\x89PNG"
    gallery = _actplot(["gallery", "relu", "sigmoid", "--jobs", "2", "--out", "g"], tmp_path, MPLBACKEND="nonsense")
    assert gallery.returncode == 0, gallery.stderr
    assert sorted(p.name for p in (tmp_path / "g").iterdir()) == ["index.html", "relu.png", "sigmoid.png"]
    shown = _actplot(["relu", "--show"], tmp_path, MPLBACKEND="nonsense")
    assert shown.returncode == 1
    assert shown.stderr == "actplot: error: --show: MPLBACKEND=nonsense is not a matplotlib backend\n"
