"""Fetch what the discussion threads and articles of data/sources say into a local cache (optional).

The command is `interview-prep fetch-discussions` (cli.py); the cache's format is
core/discussions.py; build/comments.py loads the cache into the database.
"""
