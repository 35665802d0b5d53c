"""Named bad invocations: each exits 1 or 2 with one line naming the problem, and writes nothing.

tests/test_cli.py has a first table of these; the ones here are different mistakes, not repeats.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import Invoke

# (name, command line, exit code, fragment of the message); 2 = a usage mistake, 1 = cannot be done here
BAD: list[tuple[str, list[str], int, str]] = [
    ("unknown function", ["relux"], 2, "unknown function 'relux'"),
    ("empty function", [" "], 2, "empty"),
    ("parameter of the wrong kind", ["gelu(approximate=1)"], 2, "approximate"),
    ("parameter given twice", ["elu(alpha=1, alpha=2)"], 2, "alpha"),
    ("infinite parameter", ["elu(alpha=1e400)"], 2, "finite"),
    ("expression syntax", ["x +"], 2, "cannot read expression"),
    ("code is not an expression", ["__import__('os')"], 2, "__import__"),
    ("non-ASCII character", ["x²"], 2, "'²'"),
    ("range of one point", ["relu", "--range", "1", "1"], 2, "MIN < MAX"),
    ("infinite range", ["relu", "--range", "-inf", "0"], 2, "finite"),
    ("range too narrow for float32", ["relu", "--range", "1e-308", "2e-308"], 2, "too narrow for float32"),
    ("range too narrow for float16", ["relu", "--range", "0", "1e-9", "--dtype", "float16"], 2, "float16"),
    ("range beyond float32", ["relu", "--range", "-1e39", "1"], 2, "beyond float32's largest value"),
    ("range too wide to draw", ["relu", "--dtype", "float64", "--range", "-1e301", "1"], 2, "too wide to draw"),
    ("range missing its MAX", ["relu", "--range", "1"], 2, "--range"),
    ("no point", ["relu", "--points", "0"], 2, "at least 2"),
    ("points not a number", ["relu", "--points", "many"], 2, "'many'"),
    ("points beyond memory", ["relu", "--points", str(10**13)], 1, "would need about"),
    ("dpi of zero", ["relu", "--dpi", "0"], 2, "--dpi"),
    ("figure size of zero", ["relu", "--figsize", "0", "1"], 2, "--figsize"),
    ("ylim with nan", ["relu", "--ylim", "nan", "1"], 2, "--ylim"),
    ("vanishing threshold of zero", ["relu", "--vanishing", "0"], 2, "--vanishing"),
    ("unknown theme", ["relu", "--theme", "pink"], 2, "--theme must be one of"),
    ("unknown legend place", ["relu", "--legend", "somewhere"], 2, "--legend must be one of"),
    ("style file that does not exist", ["relu", "--style", "house.mplstyle"], 2, "does not exist"),
    ("style that is a directory", ["relu", "--style", "."], 2, "is not a style file"),
    ("unknown style name", ["relu", "--style", "nosuchstyle"], 2, "unknown matplotlib style"),
    ("dpi of one", ["relu", "--dpi", "1"], 2, "--dpi must be between 10 and 2000, not 1"),
    ("dpi just under the least", ["relu", "--dpi", "9.5"], 2, "--dpi must be between 10 and 2000"),
    ("infinite ylim", ["relu", "--ylim", "-inf", "inf"], 2, "--ylim MIN MAX must be finite"),
    ("too many pixels", ["relu", "--figsize", "30", "30", "--dpi", "2000"], 2, "3,600 megapixels"),
    ("too many pixels for grad", ["grad", "relu", "--figsize", "100", "100", "--dpi", "200"], 2, "megapixels"),
    ("too many pixels for diff", ["diff", "relu", "gelu", "--figsize", "50", "50", "--dpi", "300"], 2, "megapixels"),
    ("mathtext title", ["relu", "--title", "$\\frac{$"], 2, "--title '$\\frac{$' is not valid mathtext"),
    ("mathtext xlabel", ["relu", "--xlabel", "$x^$"], 2, "--xlabel '$x^$' is not valid mathtext"),
    ("mathtext ylabel", ["relu", "--ylabel", "$$$$"], 2, "--ylabel '$$$$' is not valid mathtext"),
    ("mathtext nested deep", ["relu", "--title", "$" + "{" * 500 + "$"], 2, "nests mathtext too deeply"),
    ("style URL", ["relu", "--style", "https://example.com/paper.mplstyle"], 2, "is a URL"),
    ("style dotted name", ["relu", "--style", "paper.style"], 2, "unknown matplotlib style 'paper.style'"),
    ("sweep without values", ["elu", "--sweep", "alpha"], 2, "--sweep must look like"),
    ("sweep of a missing parameter", ["elu", "--sweep", "beta=1,2"], 2, "no parameter 'beta'"),
    ("sweep of an expression", ["x*2", "--sweep", "alpha=1,2"], 2, "expression"),
    ("sweep with a bad value", ["elu", "--sweep", "alpha=1,nan"], 2, "finite"),
    ("dtype twice", ["relu", "--dtype", "float32,float32"], 2, "names a dtype twice"),
    ("integer dtype", ["relu", "--dtype", "float32,int8"], 2, "unknown dtype 'int8'"),
    ("unknown device", ["relu", "--device", "tpu"], 2, "unknown device 'tpu'"),
    ("eighth CUDA device", ["relu", "--device", "cuda:7"], 1, "not available"),
    ("float64 on MPS", ["relu", "--device", "mps", "--dtype", "float64"], 1, "mps"),
    ("out without a suffix", ["relu", "--out", "figure"], 2, "cannot tell the figure format"),
    ("unknown figure format", ["relu", "--format", "gif"], 2, "--format must be one of png, svg, pdf"),
    ("out onto the current directory", ["relu", "--out", "."], 1, "is a directory"),
    ("out under a file", ["relu", "--out", "afile.txt/x.png"], 1, "does not exist"),
    ("nothing finite: log of negatives", ["log(x)", "--range", "-2", "-1"], 2, "nothing to draw"),
    ("nothing finite: overflow", ["exp(x)", "--range", "1000", "2000"], 2, "nothing to draw"),
    ("negative order", ["grad", "relu", "--order", "-1"], 2, "--order"),
    ("order too high", ["grad", "relu", "--order", "9"], 2, "between 0 and 8"),
    ("diff of one function", ["diff", "relu"], 2, "FUNC2"),
    ("diff over two dtypes", ["diff", "relu", "gelu", "--dtype", "float32,float64"], 2, "one dtype"),
    ("plot with no function", ["plot"], 2, "FUNC"),
    ("plot has no --x", ["relu", "--x", "1"], 2, "--x"),
    ("flag given a value", ["relu", "--with-grad=3"], 2, "--with-grad"),
    ("table x file name missing", ["table", "relu", "--x", "@"], 2, "names no file"),
    ("table x file missing", ["table", "relu", "--x", "@missing.txt"], 1, "cannot read 'missing.txt'"),
    ("table x file is a directory", ["table", "relu", "--x", "@."], 1, "is a directory"),
    ("table x with underscore", ["table", "relu", "--x", "1_0"], 1, "'1_0' is not a number"),
    ("table precision of zero", ["table", "relu", "--precision", "0"], 2, "--precision"),
    ("table order too high", ["table", "relu", "--order", "9"], 2, "between 0 and 8"),
    ("table range beyond float16", ["table", "relu", "--dtype", "float16", "--range", "0", "1e5"], 2, "float16"),
    ("gallery format", ["gallery", "relu", "--out", "g/{name}.bmp"], 2, "cannot tell the figure format"),
    ("gallery same name twice", ["gallery", "relu", "ReLU", "--out", "g/{name}.png"], 2, "same file name"),
    ("gallery under a file", ["gallery", "relu", "--out", "afile.txt/g"], 1, "is not a directory"),
    ("gallery figure height zero", ["gallery", "relu", "--figsize", "5", "0"], 2, "--figsize must be between"),
    ("gallery dpi of one", ["gallery", "relu", "--dpi", "1"], 2, "--dpi must be between 10 and 2000"),
    ("gallery too many pixels", ["gallery", "relu", "--figsize", "30", "30", "--dpi", "2000"], 2, "megapixels"),
    ("gallery unknown style", ["gallery", "relu", "--style", "nosuchstyle"], 2, "unknown matplotlib style"),
    ("gallery jobs of zero", ["gallery", "relu", "--jobs", "0"], 2, "--jobs"),
    ("gallery nothing finite", ["gallery", "relu", "log(x)", "--range", "-3", "-1", "-n", "20"], 2, "nothing to draw"),
    ("info of an unknown function", ["info", "relux"], 2, "unknown function"),
    ("info format", ["info", "relu", "--format", "yaml"], 2, "--format must be one of rich, json"),
    ("list format", ["list", "--format", "yaml"], 2, "--format must be one of"),
]


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "afile.txt").write_text("not a directory\n")
    return tmp_path


def _listing(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


def test_the_table_is_long_and_names_are_unique() -> None:
    assert len(BAD) >= 40
    assert len({name for name, *_ in BAD}) == len(BAD)
    assert len({tuple(args) for _, args, *_ in BAD}) == len(BAD)


@pytest.mark.parametrize("name,args,code,fragment", BAD, ids=[b[0] for b in BAD])
def test_bad_invocation(invoke: Invoke, workdir: Path, name: str, args: list[str], code: int, fragment: str) -> None:
    if name == "eighth CUDA device":
        import torch

        if torch.cuda.device_count() > 7:
            pytest.skip("this machine has eight CUDA devices")
    before = _listing(workdir)
    result = invoke(args)
    assert result.exit_code == code, result.stderr
    assert fragment.lower() in result.stderr.lower()
    assert result.stderr.startswith("actplot: error: ") and result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert result.stdout == ""
    assert _listing(workdir) == before  # nothing written, not even an empty directory


def test_read_only_directory_is_refused_before_computing(
    invoke: Invoke, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = workdir / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    if os.access(locked, os.W_OK):  # running as root: permissions do not stop us, so stand in for them
        real = os.access
        monkeypatch.setattr(os, "access", lambda p, mode: False if Path(p).resolve() == locked else real(p, mode))
    result = invoke(["relu", "--out", "locked/relu.png"])
    assert result.exit_code == 1
    assert result.stderr == "actplot: error: cannot write 'locked/relu.png': directory 'locked' is not writable\n"
    assert list(locked.iterdir()) == []
