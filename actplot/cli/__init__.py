"""The command line: the Typer app, the option declarations, and the one place that turns errors into
messages and exit codes (the only layer that exits). Imports commands and below.
"""
