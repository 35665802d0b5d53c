"""The catalogue: activations as data, FUNC specs and the expression parser (no torch). Imports errors only."""
