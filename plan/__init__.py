"""The action plan's domain: its vocabulary, the audit trail's kinds, and its pure rules.

Nothing here does I/O; storage, services and commands all build on it.
"""
