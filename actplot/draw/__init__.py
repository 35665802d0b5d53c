"""Backends that turn a scene into output: matplotlib figures, terminal charts, the HTML page.

The only layer that imports matplotlib; imports scene and the layers below it, never streams.
"""
