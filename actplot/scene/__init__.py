"""What a figure shows, as plain data: panels, curves, marks, themes (numpy; no matplotlib).

Imports numeric, activations and errors below it.
"""
