"""The one error a build raises when the database it is writing is wrong: the old database stays."""

from __future__ import annotations


class BuildError(Exception):
    """What is wrong, naming the table (and column) where it is one; the message is shown as is."""
