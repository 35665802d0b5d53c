"""Bytes in and out: x values read, tables written as text, atomic files, the standard streams.

Imports scene and the layers below it, never draw.
"""
