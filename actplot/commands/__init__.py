"""One module per command (plot/grad/diff, table, list, info, gallery): check, compute, then draw or write.

Imports api and every layer below it; never the CLI, never prints but to the streams it is handed.
"""
