"""Numbers as PyTorch computes them: kernels, grids, autograd, jumps, measurements (the only torch layer).

Imports activations and errors below it. torch is imported here, first, with the stopping signals held
back: a signal handler that raises while torch's C++ start-up code calls into Python would abort the
whole process (std::terminate); held back, the signal arrives a moment later, in plain Python code.
"""

import signal
import sys

_HELD = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}

if "torch" not in sys.modules:
    _before = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD) if hasattr(signal, "pthread_sigmask") else None
    try:
        import torch  # noqa: F401, TID253
    finally:
        if _before is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, _before)
