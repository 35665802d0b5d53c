"""Numbers as PyTorch computes them: kernels, grids, autograd, jumps, measurements (the only torch layer).

Imports activations and errors below it.
"""
