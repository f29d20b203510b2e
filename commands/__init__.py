"""Chat commands: parsing, the registry, and one handler module per command group."""

from commands.registry import Registry


def build_registry() -> Registry:
    """A registry with every command group; built once in the composition root."""
    from commands import (
        csvio,
        deadlines,
        departments,
        digest,
        help,
        measures,
        reminders,
        updates,
    )

    registry = Registry()
    for group in (help, measures, updates, deadlines, reminders, departments, digest, csvio):
        group.register(registry)
    return registry
