"""The support policy: data model, validation, lookup and HTML rendering.

Standard library only, so the same code runs in the site build (CPython) and in
the visitor's browser (Pyodide).
"""

from .load import PolicyError, load_policy, parse_policy
from .lookup import Answer, UnknownChoice, lookup
from .model import Policy

__all__ = ["Answer", "Policy", "PolicyError", "UnknownChoice", "load_policy", "lookup", "parse_policy"]
