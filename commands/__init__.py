"""Chat commands: one handler module per command group, and the machinery they share
(spec, registry, arguments, permissions, invocation, edits, context)."""

from commands.registry import Registry


def build_registry() -> Registry:
    """A registry with every command group; built once in the composition root."""
    from commands import (
        absences,
        catalogue_upload,
        deadlines,
        departments,
        digest,
        export,
        funding,
        help,
        history,
        measures,
        reminders,
        updates,
    )

    registry = Registry()
    groups = (
        help,
        measures,
        updates,
        history,
        deadlines,
        reminders,
        departments,
        absences,
        digest,
        funding,
        export,
        catalogue_upload,
    )
    for group in groups:
        registry.add_module(group)
    return registry
