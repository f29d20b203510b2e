"""Operator commands that work on the database without Matrix: import, export, report,
backup."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TypeVar

from bot.config import Config
from messages import dates
from messages.texts import render, render_count
from plan.audit import Origin
from services.catalogue_csv import export_csv, import_csv
from services.council_report import ReportFormat, council_report
from storage.db import Database, backup
from storage.repositories import Store

T = TypeVar("T")


async def _with_store(config: Config, work: Callable[[Store], Awaitable[T]]) -> T:
    database = Database(config.storage.url)
    await database.start(config.fields, config.goals)
    try:
        async with database.transaction() as store:
            return await work(store)
    finally:
        await database.close()


async def export_file(config: Config, path: Path) -> int:
    """`europa-bot export FILE.csv`: write the catalogue; returns the exit code."""
    data, count = await _with_store(config, lambda store: export_csv(store, config.bot.tz))
    path.write_bytes(data)
    print(render_count(config.bot.language, "cli.exported", count, path=path).plain)
    return 0


async def import_file(config: Config, path: Path, dry_run: bool) -> int:
    """`europa-bot import FILE.csv [--dry-run]`: all rows or none; returns the exit code."""
    language = config.bot.language
    try:
        data = path.read_bytes()
    except OSError as exc:
        print(
            render(language, "cli.unreadable", path=path, reason=exc.strerror).plain,
            file=sys.stderr,
        )
        return 2
    database = Database(config.storage.url)
    await database.start(config.fields, config.goals)
    try:
        origin = Origin(f"Import {path.name}", datetime.now(UTC))
        async with database.transaction(commit=not dry_run) as store:
            result = await import_csv(store, data, config.bot.tz, origin, language)
    finally:
        await database.close()
    if result.errors:
        failed = render_count(language, "cli.import_failed", len(result.errors), path=path)
        print(failed.plain, file=sys.stderr)
        for error in result.errors:
            print(f"  {error}", file=sys.stderr)
        return 1
    summary = render_count(
        language,
        "cli.would_import" if dry_run else "cli.imported",
        len(result.created),
        path=path,
        updated=len(result.updated),
        unchanged=len(result.unchanged),
    )
    print(summary.plain)
    for key, ids in (("cli.created", result.created), ("cli.updated", result.updated)):
        if ids:
            print("  " + render(language, key, ids=", ".join(f"M{i}" for i in ids)).plain)
    return 0


async def report_file(config: Config, path: Path, fmt: ReportFormat, start: date, end: date) -> int:
    """`europa-bot report`: the council report for a period; returns the exit code."""
    text = await _with_store(
        config,
        lambda store: council_report(store, start, end, config.bot.tz, config.bot.language, fmt),
    )
    path.write_text(text, encoding="utf-8")
    written = render(
        config.bot.language,
        "cli.report_written",
        start=dates.day(start),
        end=dates.day(end),
        path=path,
    )
    print(written.plain)
    return 0


async def backup_file(config: Config, path: Path) -> int:
    """`europa-bot backup FILE`: a consistent copy of the database; returns the exit code."""
    language = config.bot.language
    try:
        await backup(config.storage.url, path)
    except ValueError:
        print(render(language, "cli.backup_not_sqlite").plain, file=sys.stderr)
        return 2
    except (FileNotFoundError, sqlite3.Error) as error:
        print(render(language, "cli.backup_failed", reason=error).plain, file=sys.stderr)
        return 1
    print(render(language, "cli.backup_written", path=path).plain)
    return 0
