"""The measure catalogue as a CSV file: its columns, the export, and the import.

The file is German in every language (headers, status words, dates TT.MM.JJJJ); how a
CSV file is written and read safely is `services.spreadsheet_csv`. The import checks
every row first and imports all or nothing; each bad row is reported with its line
number, in the language the caller passes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from messages import dates
from messages.texts import (
    decision_word,
    funding_word,
    number,
    render,
    render_count,
    status_word,
    word,
)
from plan import funding as money
from plan import spelling
from plan.audit import Origin
from plan.spelling import Invalid
from plan.vocabulary import INITIAL_STATUS, progress_for, status_for
from services import spreadsheet_csv
from services.spreadsheet_csv import Refused
from storage.models import Measure, Update
from storage.repositories import Store
from storage.repositories.reports import CatalogueRow

COLUMNS = (
    "ID", "Handlungsfeld", "Titel", "Fachbereich", "Status", "Fortschritt", "Frist",
    "Vordringlichkeit", "Ziel", "letzter Sachstand", "Datum des letzten Sachstands",
    "Beteiligt", "Mittelbedarf", "Betrag", "Drucksache", "Beschluss",
)  # fmt: skip
# columns a file of an older version lacks: a missing one leaves the value as it is
KEPT_UNLESS_GIVEN = ("Beteiligt", "Mittelbedarf", "Betrag", "Drucksache", "Beschluss")
REQUIRED = ("ID", "Handlungsfeld", "Titel")
# an imported update's time of day: its date is all the spreadsheet knows
IMPORTED_AT = time(12, 0)
MAX_ROWS = 20_000
# how much of a bad cell an error quotes
QUOTED = 80


def _cell_date(day: date | None) -> str:
    return dates.day(day) if day else ""


def _cell_amount(cents: int | None) -> str:
    """An amount as German spreadsheets read a number: 25000 or 25000,50."""
    if cents is None:
        return ""
    whole, rest = divmod(cents, 100)
    return f"{whole},{rest:02d}" if rest else str(whole)


async def export_csv(store: Store, tz: ZoneInfo) -> tuple[bytes, int]:
    """Every measure as one CSV row: the file's bytes and the number of measures."""
    measures = await store.reports.catalogue()
    return spreadsheet_csv.write(_export_rows(measures, tz)), len(measures)


def _export_rows(measures: list[CatalogueRow], tz: ZoneInfo) -> Iterator[tuple[object, ...]]:
    yield COLUMNS
    for m in measures:
        yield (
            f"M{m.measure_id}",
            m.field_code,
            m.title,
            m.department or "",
            status_word("de", m.status),  # the file format: German in every language
            m.progress,
            _cell_date(m.deadline),
            m.priority or "",
            m.goal_number or "",
            m.update_text or "",
            _cell_date(m.update_at.astimezone(tz).date()) if m.update_at else "",
            ",".join(m.involved),
            funding_word("de", m.funding) if m.funding else "",
            _cell_amount(m.amount_cents),
            m.council_paper or "",
            decision_word("de", m.decision) if m.decision else "",
        )


@dataclass
class ImportResult:
    """What an import did (or, on a dry run, would do)."""

    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Row:
    line: int
    measure_id: int | None
    field_code: str
    title: str
    department: str | None
    status: str | None
    progress: int | None
    deadline: date | None
    priority: str | None
    goal: int | None
    update_text: str | None
    update_date: date | None
    involved: tuple[str, ...] = ()
    funding: str | None = None
    amount_cents: int | None = None
    council_paper: str | None = None
    decision: str | None = None
    # which of KEPT_UNLESS_GIVEN the file has
    given: frozenset[str] = frozenset()


def _row(line: int, record: dict[str, str], given: frozenset[str]) -> _Row:
    """One CSV record as a checked row; raises Invalid at the first bad cell. `given`
    are the columns of KEPT_UNLESS_GIVEN the file's header has."""

    def get(name: str) -> str:
        return spreadsheet_csv.restore((record.get(name) or "").strip())

    return _Row(
        line=line,
        measure_id=spelling.measure_id(get("ID")) if get("ID") else None,
        field_code=spelling.field_code(get("Handlungsfeld")),
        title=spelling.one_line(get("Titel")),
        department=spelling.department_code(get("Fachbereich")) if get("Fachbereich") else None,
        status=spelling.status(get("Status")).value if get("Status") else None,
        progress=spelling.percent(get("Fortschritt")) if get("Fortschritt") else None,
        deadline=spelling.explicit_date(get("Frist")) if get("Frist") else None,
        priority=spelling.priority(get("Vordringlichkeit")).value
        if get("Vordringlichkeit")
        else None,
        goal=spelling.goal_number(get("Ziel")) if get("Ziel") else None,
        update_text=spelling.one_line(get("letzter Sachstand"), 1000)
        if get("letzter Sachstand")
        else None,
        update_date=spelling.explicit_date(get("Datum des letzten Sachstands"))
        if get("Datum des letzten Sachstands")
        else None,
        involved=spelling.department_codes(get("Beteiligt")) if get("Beteiligt") else (),
        funding=money.funding(get("Mittelbedarf")) or None if get("Mittelbedarf") else None,
        amount_cents=money.amount(get("Betrag")) or None if get("Betrag") else None,
        council_paper=money.council_paper(get("Drucksache")) or None if get("Drucksache") else None,
        decision=money.decision(get("Beschluss")) or None if get("Beschluss") else None,
        given=given,
    )


def _clipped(values: dict[str, Any]) -> dict[str, Any]:
    """Values quoted in an error, a long cell cut short: a reply quotes up to 20 errors."""
    return {
        key: value[: QUOTED - 1] + "…" if isinstance(value, str) and len(value) > QUOTED else value
        for key, value in values.items()
    }


def _read(data: bytes, language: str) -> tuple[list[_Row], list[str]]:
    """The checked rows of a CSV file and, for each bad one, an error naming its line.

    A file that cannot be read as a CSV table gets one error; nothing is checked in the
    database here.
    """
    header: list[str] | None = None
    given: frozenset[str] = frozenset()
    rows: list[_Row] = []
    errors: list[str] = []
    try:
        for start, end, cells in spreadsheet_csv.records(data, language):
            if header is None:
                header = cells
                given = frozenset(c for c in KEPT_UNLESS_GIVEN if c in header)
                missing = [c for c in REQUIRED if c not in header]
                if missing:
                    return [], [
                        render_count(
                            language,
                            "csv.missing_columns",
                            len(missing),
                            missing=", ".join(missing),
                            columns=";".join(COLUMNS),
                        ).plain
                    ]
            elif cells:
                if len(rows) + len(errors) == MAX_ROWS:
                    raise Refused("csv.too_many_rows", line=start, limit=number(language, MAX_ROWS))
                try:
                    rows.append(_row(end, dict(zip(header, cells, strict=False)), given))
                except Invalid as exc:
                    reason = render(language, exc.key, **_clipped(exc.values))
                    errors.append(render(language, "csv.bad_row", line=end, reason=reason).plain)
    except Refused as exc:
        return [], [render(language, exc.key, **exc.values).plain]
    if header is None:
        return [], [render(language, "csv.empty", columns=";".join(COLUMNS)).plain]
    return rows, errors


async def import_csv(
    store: Store, data: bytes, tz: ZoneInfo, origin: Origin, language: str = "de"
) -> ImportResult:
    """Import a CSV catalogue into the transaction of `store`: all rows or none.

    Nothing is written when the file has errors; the result says what changed (a dry
    run is a transaction, or a savepoint, that is rolled back: `Database.transaction`,
    `commands.catalogue_upload.dry_run`). Errors and
    the text of an update the import records are written in `language`.
    """
    rows, errors = _read(data, language)
    result = ImportResult(errors=errors)
    if errors:
        return result
    await _check_references(store, rows, result, language)
    if result.errors:
        return result
    for row in rows:
        await _apply(store, row, tz, origin, result, language)
    return result


async def _check_references(
    store: Store, rows: list[_Row], result: ImportResult, language: str
) -> None:
    fields = {f.code for f in await store.fields.all()}
    goals = {g.number for g in await store.fields.goals()}
    departments = {d.code_key for d in await store.departments.all()}
    seen: dict[int, int] = {}

    def error(row: _Row, key: str, **values: Any) -> None:
        result.errors.append(render(language, key, line=row.line, **values).plain)

    for row in rows:
        if row.field_code not in fields:
            known = ", ".join(sorted(fields))
            error(row, "csv.unknown_field", field=row.field_code, fields=known)
        for code in (row.department, *row.involved) if row.department else row.involved:
            if code.casefold() not in departments:
                error(row, "csv.unknown_department", department=code)
        if row.goal is not None and row.goal not in goals:
            error(row, "csv.unknown_goal", goal=row.goal)
        if row.measure_id is not None:
            if row.measure_id in seen:
                error(row, "csv.duplicate_id", id=row.measure_id, first=seen[row.measure_id])
            seen[row.measure_id] = row.line


async def _apply(
    store: Store, row: _Row, tz: ZoneInfo, origin: Origin, result: ImportResult, language: str
) -> None:
    department = await store.departments.get(row.department) if row.department else None
    involved = [d for code in row.involved if (d := await store.departments.get(code))]
    money_values = {
        key: value
        for key, column, value in (
            ("funding", "Mittelbedarf", row.funding),
            ("amount_cents", "Betrag", row.amount_cents),
            ("council_paper", "Drucksache", row.council_paper),
            ("decision", "Beschluss", row.decision),
        )
        if column in row.given
    }
    measure = await store.measures.get(row.measure_id) if row.measure_id else None
    if measure is None:
        measure = await store.measures.add(
            origin,
            field_code=row.field_code,
            title=row.title,
            department=department,
            goal_number=row.goal,
            priority=row.priority,
            deadline=row.deadline,
            status=status_for(INITIAL_STATUS, row.status, row.progress) or INITIAL_STATUS,
            progress=row.progress,
            measure_id=row.measure_id,
            involved=involved,
            funding=row.funding,
            amount_cents=row.amount_cents,
            council_paper=row.council_paper,
            decision=row.decision,
        )
        result.created.append(measure.id)
        changed = True
    else:
        changed = bool(
            await store.measures.update(
                measure,
                origin,
                {
                    "field_code": row.field_code,
                    "title": row.title,
                    "department": department,
                    "priority": row.priority,
                    "goal_number": row.goal,
                    **({"involved": involved} if "Beteiligt" in row.given else {}),
                    **money_values,
                },
            )
        )
        if row.deadline != measure.deadline:
            await store.measures.set_deadline(measure, origin, row.deadline)
            changed = True
    changed |= await _import_update(store, measure, row, tz, origin, language)
    if changed and measure.id not in result.created:
        result.updated.append(measure.id)
    elif not changed:
        result.unchanged.append(measure.id)


async def _import_update(
    store: Store, measure: Measure, row: _Row, tz: ZoneInfo, origin: Origin, language: str
) -> bool:
    """Record the row's last update, status and progress as an update if they are new.

    New progress without a status starts a planned measure, as `!update` does.
    """
    last: Update | None = next(iter(await store.updates.latest(measure.id, 1)), None)
    new_text = row.update_text is not None and (last is None or last.text != row.update_text)
    wanted = progress_for(row.status, row.progress)
    progress = wanted if wanted is not None and wanted != measure.progress else None
    recorded = status_for(measure.status, row.status, progress)
    status = recorded if recorded and recorded != measure.status else None
    if not (new_text or status or progress is not None):
        return False
    reported_at = None
    if new_text and row.update_date is not None:
        reported_at = datetime.combine(row.update_date, IMPORTED_AT, tzinfo=tz)
    text = row.update_text if new_text and row.update_text else word(language, "import.update")
    await store.updates.add(
        measure,
        Origin(origin.actor, origin.at, None, None),
        text,
        recorded or measure.status,
        wanted if wanted is not None else measure.progress,
        reported_at,
    )
    return True
