"""User-facing text: both languages complete, placeholders agree, help for every command,
and every text key the code uses exists (found by reading the code's syntax tree).

Help keys follow from the command words (`CommandSpec.help` and `.examples` in
commands/spec.py); the registry test below checks them for every command.
"""

from __future__ import annotations

import ast
import itertools
import json
import re
import string
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from datetime import time
from pathlib import Path

import pytest

from bot.dispatch import Dispatcher
from commands import build_registry
from commands.parsing import tokenize
from commands.spec import CommandSpec
from messages.matrix_content import MAX_TEXT_BYTES, message
from messages.reply import Reply
from messages.text import Text
from messages.texts import DE, EN, TEXTS, format_date, number, render_count
from plan.reminder_stages import ReminderPolicy
from services.settings import Settings
from tests.unit.conftest import Harness, make_settings


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_both_languages_have_the_same_keys() -> None:
    assert (sorted(DE.keys() - EN.keys()), sorted(EN.keys() - DE.keys())) == ([], []), (
        "only in DE, only in EN"
    )


def test_placeholders_agree() -> None:
    differ = {
        key: (sorted(placeholders(DE[key])), sorted(placeholders(EN[key])))
        for key in DE.keys() & EN.keys()
        if placeholders(DE[key]) != placeholders(EN[key])
    }
    assert differ == {}, "placeholders (DE, EN) per key"


def test_every_counted_text_has_both_forms() -> None:
    """`render_count` picks `key.one` or `key.other`: neither may come alone."""
    bases = {key.rsplit(".", 1)[0] for key in DE if key.endswith((".one", ".other"))}
    assert sorted(b for b in bases if not {f"{b}.one", f"{b}.other"} <= DE.keys()) == []


# --- every text key the code uses exists ------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]
SCANNED = ("bot", "commands", "services", "messages", "plan", "storage")
SKIPPED = ("storage/migrations",)
# the first dotted segment of the keys: a string such as "error.bad_date" is a key
NAMESPACES = sorted({key.split(".")[0] for key in DE if "." in key})
KEY_LIKE = re.compile(rf"^(?:{'|'.join(map(re.escape, NAMESPACES))})(?:\.[a-z0-9_]+)+$")
# calls whose key is the second argument, after the language
LANGUAGE_FIRST = {"render", "word", "render_count", "_notice"}
# calls that pick the `.one` or `.other` form of the key they are given
COUNTED = {"render_count", "counted"}
# methods whose key is the first argument, on these objects
KEY_METHODS = {"text", "word", "counted"}
KEY_OWNERS = {"ctx", "self"}
# errors that name their text; their subclasses in the scanned code are found as well
ERRORS = frozenset({"CommandError", "UsageError", "NotFound", "Forbidden", "Invalid"})
# calls whose strings look like keys but are not: ForeignKey("measures.id") names a column
NOT_TEXTS = {"ForeignKey"}
# the catalogues, which spell out the forms of each counted text
CATALOGUES = ("messages/de.py", "messages/en.py")
FORMS = (".one", ".other")


def _called(node: ast.Call) -> tuple[str, str | None]:
    """The name of the called function and, for a method, the name it is called on."""
    func = node.func
    if isinstance(func, ast.Name):
        return func.id, None
    if isinstance(func, ast.Attribute):
        owner = func.value.id if isinstance(func.value, ast.Name) else None
        return func.attr, owner
    return "", None


def _key_argument(node: ast.Call, errors: frozenset[str]) -> tuple[ast.expr, bool] | None:
    """The argument of `node` that names a text, and whether it is a `render_count` base."""
    name, owner = _called(node)
    if name in LANGUAGE_FIRST and owner in (None, "texts"):
        index = 1
    elif (name in KEY_METHODS and owner in KEY_OWNERS) or name in errors:
        index = 0
    else:
        return None
    if len(node.args) <= index or isinstance(node.args[index], ast.Starred):
        return None
    return node.args[index], name in COUNTED


def _alternatives(node: ast.expr) -> Iterator[ast.expr]:
    """The expressions a key argument may take: both branches of `a if c else b`."""
    if isinstance(node, ast.IfExp):
        yield from _alternatives(node.body)
        yield from _alternatives(node.orelse)
    else:
        yield node


# the literal end of a key built from a value, such as `spec.help + ".examples"`: a last
# segment some key has (so that `path + ".tmp"` is not taken for a key)
KEY_TAIL = re.compile(r"\.([a-z0-9_]+)$")
KEY_TAILS = frozenset(key.rsplit(".", 1)[1] for key in DE if "." in key)
# (file, function) that build keys on purpose, and the test that checks what they give
BUILT_KEYS = {
    ("commands/spec.py", "help"),  # test_every_command_help_and_its_examples_exist…
    ("commands/spec.py", "examples"),  # the same
    ("messages/texts.py", "render_count"),  # test_every_counted_text_has_both_forms
}


def _pieces(node: ast.expr) -> list[ast.expr] | None:
    """The parts of a string built with an f-string or `+`, in order; None for anything else."""
    if isinstance(node, ast.JoinedStr):
        return list(node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _pieces(node.left), _pieces(node.right)
        return (left or [node.left]) + (right or [node.right])
    return None


def _literal(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _built_at_run_time(node: ast.expr) -> str | None:
    """How a key built at run time starts or ends, or None if `node` does not build one.

    A key is built when an f-string or `+` starts with a literal namespace (f"status.{x}")
    or starts with a value and ends with a literal segment (f"{spec.help}.examples").
    """
    pieces = _pieces(node)
    if not pieces:
        return None
    first, last = _literal(pieces[0]), _literal(pieces[-1])
    if first is not None and "." in first and first.split(".")[0] in NAMESPACES:
        return f"{first!r}…"
    tail = KEY_TAIL.search(last) if first is None and last is not None else None
    if tail is not None and tail.group(1) in KEY_TAILS:
        return f"…{tail.group()!r}"
    return None


def _enclosing_functions(tree: ast.AST) -> dict[int, str]:
    """The name of the function each node of `tree` is in (by node id)."""
    inside: dict[int, str] = {}
    for function in ast.walk(tree):
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            for node in ast.walk(function):
                inside[id(node)] = function.name  # inner functions are walked later
    return inside


def error_classes(trees: Iterable[ast.AST], known: frozenset[str] = ERRORS) -> frozenset[str]:
    """`known` and every class in `trees` that derives from one of them, at any depth."""
    bases: dict[str, set[str]] = {}
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                bases.setdefault(node.name, set()).update(
                    b.id if isinstance(b, ast.Name) else b.attr
                    for b in node.bases
                    if isinstance(b, ast.Name | ast.Attribute)
                )
    found = set(known)
    while grown := {name for name, of in bases.items() if of & found} - found:
        found |= grown
    return frozenset(found)


def key_problems(
    tree: ast.AST,
    where: str,
    errors: frozenset[str] = ERRORS,
    texts: Mapping[str, Mapping[str, str]] = TEXTS,
) -> list[str]:
    """Each text key in `tree` that is missing from a language, or built at run time.

    Keys are the key arguments of the text functions and errors, and any other string
    that looks like a key (a namespace and dotted lower-case segments): in a dict, a
    constant, or passed to a helper. Only the arguments of `NOT_TEXTS` are left out.
    """
    problems: list[str] = []

    def check(key: str, line: int, counted: bool) -> None:
        if not counted and key.endswith(FORMS) and where not in CATALOGUES:
            base = key.rsplit(".", 1)[0]
            problems.append(
                f"{where}:{line}: {key!r} is one form of a counted text; render {base!r} "
                "with render_count or ctx.counted, which picks the form for the number"
            )
            return
        wanted = [f"{key}.one", f"{key}.other"] if counted else [key]
        for language, catalogue in texts.items():
            for k in wanted:
                if k not in catalogue:
                    problems.append(f"{where}:{line}: {k!r} is missing in {language.upper()}")

    seen: set[int] = set()
    not_texts: set[int] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        if _called(node)[0] in NOT_TEXTS:
            not_texts.update(id(n) for n in ast.walk(node))
            continue
        if (found := _key_argument(node, errors)) is None:
            continue
        argument, counted = found
        for option in _alternatives(argument):
            seen.add(id(option))
            if isinstance(option, ast.Constant) and isinstance(option.value, str):
                check(option.value, option.lineno, counted)
    # keys built anywhere: as a key argument, in a dict, or passed to a helper
    inside = _enclosing_functions(tree)
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.expr)
            and id(node) not in not_texts
            and (form := _built_at_run_time(node)) is not None
        ):
            not_texts.update(id(n) for n in ast.walk(node))  # `a + b + c` counts once
            if (where, inside.get(id(node))) not in BUILT_KEYS:
                problems.append(
                    f"{where}:{node.lineno}: key built at run time as {form}; "
                    "write each key out (a dict or match) so that it can be checked"
                )
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in seen | not_texts
            and KEY_LIKE.match(node.value)
        ):
            # a key kept in a constant or dict, or the base of a counted text
            key = node.value
            is_base = all(f"{key}.{form}" in t for t in texts.values() for form in ("one", "other"))
            if not is_base:
                check(key, node.lineno, counted=False)
    return problems


def source_files() -> list[Path]:
    return sorted(
        path
        for folder in SCANNED
        for path in (ROOT / folder).rglob("*.py")
        if not path.relative_to(ROOT).as_posix().startswith(SKIPPED)
    )


def test_every_text_key_the_code_uses_exists_in_every_language() -> None:
    trees = {
        path: ast.parse(path.read_text(encoding="utf-8"), str(path)) for path in source_files()
    }
    errors = error_classes(trees.values())
    problems = [
        problem
        for path, tree in trees.items()
        for problem in key_problems(tree, path.relative_to(ROOT).as_posix(), errors)
    ]
    assert not problems, "\n" + "\n".join(problems)


def test_the_scan_reads_the_packages() -> None:
    files = {path.relative_to(ROOT).as_posix() for path in source_files()}
    assert {"commands/context.py", "services/catalogue_csv.py", "bot/operator_tools.py"} <= files
    assert not any(f.startswith("storage/migrations/") for f in files)


SCANNED_SOURCE = """
from commands.errors import NotFound, UsageError
from messages import texts
from messages.texts import render, render_count

class Gone(NotFound):
    pass

class ReallyGone(Gone):
    pass

LABELS = {"title": "label.title", "ghost": "label.ghost"}
MEASURE_ID = ForeignKey("measures.id")
HELP_KEY = "help." + WORD

async def handler(ctx, language, n, flag):
    ctx.text("error.does_not_exist")
    ctx.text("error.usage", reason="", usage="")
    ctx.word("none")
    render(language, "measure.created", id=1, title="")
    texts.word(language, "weekday_typo")
    render_count(language, "cli.exported", n, path="")
    render_count(language, "cli.nothing_like_it", n)
    ctx.counted("history.heading", n, id=1, title="")
    ctx.counted("history.nowhere", n)
    render(language, "report.measures.one", n=1)
    ctx.text("history.heading.other", n=2, id=1, title="")
    HEADINGS = {"few": "page.more.other"}
    ctx.text("report.update" if flag else "report.vanished")
    ctx.text(f"status.{flag}")
    ctx.text(f"{flag}.free")
    ctx.word(spec.help + ".examples")
    examples = f"{spec.help}.examples"
    backup = path + ".tmp"
    raise ReallyGone("error.not_there")
    raise UsageError("error.missing", what="")
"""


def line_of(fragment: str) -> int:
    """The line of SCANNED_SOURCE that holds `fragment`."""
    lines = SCANNED_SOURCE.splitlines()
    return next(n for n, line in enumerate(lines, 1) if fragment in line)


def test_the_scan_finds_every_missing_or_built_key() -> None:
    tree = ast.parse(SCANNED_SOURCE)
    problems = key_problems(tree, "x.py", error_classes([tree]))
    expected = [
        f"x.py:{line_of(key)}: {form!r} is missing in {language}"
        for key, forms in (
            ("error.does_not_exist", ("error.does_not_exist",)),
            ("weekday_typo", ("weekday_typo",)),
            ("cli.nothing_like_it", ("cli.nothing_like_it.one", "cli.nothing_like_it.other")),
            ("history.nowhere", ("history.nowhere.one", "history.nowhere.other")),
            ("report.vanished", ("report.vanished",)),
            ("error.not_there", ("error.not_there",)),
            ("label.ghost", ("label.ghost",)),
        )
        for language in ("DE", "EN")
        for form in forms
    ]
    expected += [
        f"x.py:{line_of(form)}: {form!r} is one form of a counted text; render "
        f"{form.rsplit('.', 1)[0]!r} with render_count or ctx.counted, which picks the form "
        "for the number"
        for form in ("report.measures.one", "history.heading.other", "page.more.other")
    ]
    expected += [
        f"x.py:{line_of(code)}: key built at run time as {form}; write each key out (a dict "
        "or match) so that it can be checked"
        for code, form in (
            ('f"status.', "'status.'…"),
            ('"help." + WORD', "'help.'…"),
            ('spec.help + ".examples"', "…'.examples'"),
            ('f"{spec.help}.examples"', "…'.examples'"),
        )
    ]
    assert sorted(problems) == sorted(expected)


def test_the_keys_built_on_purpose_are_left_to_their_own_test() -> None:
    source = 'def examples(self):\n    return self.help + ".examples"\n'
    assert key_problems(ast.parse(source), "commands/spec.py") == []
    assert len(key_problems(ast.parse(source), "commands/other.py")) == 1


def test_a_key_missing_in_one_language_is_named_with_it() -> None:
    tree = ast.parse('ctx.text("error.only_german")')
    texts = {"de": {"error.only_german": "nur deutsch"}, "en": {}}
    assert key_problems(tree, "y.py", texts=texts) == [
        "y.py:1: 'error.only_german' is missing in EN"
    ]


REGISTRY = build_registry()


def test_every_command_help_and_its_examples_exist_in_every_language() -> None:
    """Help keys follow from the command words: `CommandSpec.help` and `.examples`."""
    missing = [
        f"{' '.join(spec.words)}: {key!r} is missing in {language.upper()}"
        for spec in REGISTRY.specs
        for key in (spec.help, spec.examples)
        for language, texts in TEXTS.items()
        if key not in texts
    ]
    assert not missing, "\n" + "\n".join(missing)


@pytest.mark.parametrize("spec", REGISTRY.specs, ids=lambda s: " ".join(s.words))
def test_every_command_has_help_and_examples_that_parse(spec: CommandSpec) -> None:
    for language in (DE, EN):
        assert spec.help in language
        examples = language[spec.examples].splitlines()
        assert examples
        for example in examples:
            found = REGISTRY.resolve(tokenize(example.lstrip("!")))
            assert found is not None and found[0] is spec, example


def test_template_escapes_values_but_not_markup() -> None:
    text = Text.template("**{a}** `{b}`", {"a": "<x>", "b": "&"})
    assert text.plain == "<x> &"
    assert text.html == "<b>&lt;x&gt;</b> <code>&amp;</code>"


def test_dates_show_weekday_and_german_format() -> None:
    from datetime import date

    assert format_date("de", date(2028, 3, 31)) == "Fr, 31.03.2028"
    assert format_date("en", date(2028, 3, 31)) == "Fri, 31.03.2028"


@pytest.mark.parametrize(
    ("language", "n", "text"),
    [
        ("de", 1, "x: nichts importiert, 1 Fehler:"),
        ("de", 2, "x: nichts importiert, 2 Fehler:"),
        ("en", 1, "x: nothing imported, 1 error:"),
        ("en", 0, "x: nothing imported, 0 errors:"),
    ],
)
def test_a_count_picks_the_singular_only_for_one(language: str, n: int, text: str) -> None:
    assert render_count(language, "cli.import_failed", n, path="x").plain == text


def test_numbers_have_the_languages_thousands_separator() -> None:
    assert (number("de", 20_000), number("en", 20_000), number("de", 999)) == (
        "20.000",
        "20,000",
        "999",
    )


def test_a_reply_too_long_for_one_event_is_cut_at_the_end_of_its_list() -> None:
    reply = Reply(
        lines=(Text.of("Kopf"),),
        items=tuple(Text.of(f"Eintrag {n} " + "&" * 400) for n in range(200)),
        footer=Text.of("Fuß"),
    )
    content = message(reply)
    size = len(json.dumps(content["body"])) + len(json.dumps(content["formatted_body"]))
    assert size <= MAX_TEXT_BYTES
    assert content["body"].startswith("Kopf\n• Eintrag 0 ")
    assert content["body"].endswith("• …\nFuß")
    short = message(Reply(lines=(Text.of("kurz"),), items=(Text.of("a"),)))
    assert short["body"] == "kurz\n• a"


# --- what the commands write from their declarations and the settings ------------------


def in_language(bot: Harness, language: str, settings: Settings | None = None) -> Harness:
    """The same database and clock, answering in `language` (with `settings`)."""
    settings = replace(settings or make_settings(), language=language)
    dispatcher = Dispatcher(build_registry(), bot.database, settings, bot.clock)
    return Harness(bot.database, dispatcher, bot.clock, itertools.count(1000))


@pytest.mark.parametrize(
    ("language", "listing", "following"),
    [
        (
            "de",
            "!massnahmen HF1 fb=FB18 status=laufend überfällig",
            "… 5 weitere Einträge: !massnahmen HF1 fb=FB18 status=laufend überfällig seite=2",
        ),
        (
            "en",
            "!measures HF1 dept=FB18 status=in-progress overdue",
            '… 5 more: !measures HF1 dept=FB18 status="in progress" overdue page=2',
        ),
    ],
)
async def test_the_next_page_is_asked_for_in_the_reply_language(
    bot: Harness, language: str, listing: str, following: str
) -> None:
    await bot.say("!fb neu FB18 Personal")
    for n in range(1, 31):
        await bot.say(f"!massnahme neu HF1 Maßnahme {n} fb=FB18 frist=30.11.2026")
        await bot.say(f"!update M{n} begonnen status=laufend")
    bot.clock.now = bot.clock.now.replace(month=12, day=2)
    speaker = in_language(bot, language)
    body = await speaker.body(listing)
    assert body.endswith(following)
    second = await speaker.body(following.split(": ", 1)[1])
    assert "M30 " in second and "M25 " not in second


async def test_help_names_the_configured_reminders(bot: Harness) -> None:
    body = await bot.body("!hilfe erinnerungen")
    assert "der nächsten und letzten 14 Tage" in body
    assert "14, 3 und 0 Tage vor der Frist um 9:00 Uhr" in body
    assert "danach alle 7 Tage" in body
    policy = ReminderPolicy(days_before=(10, 1), time=time(8, 30), overdue_every_days=14)
    english = in_language(bot, "en", replace(make_settings(), reminders=policy))
    body = await english.body("!help reminders")
    assert "10 and 1 days before the deadline at 8:30" in body
    assert "then every 14 days" in body
    overview = await english.body("!help")
    assert "(default: 30)" in overview
    assert "of the last 7 days, deadlines of the next 14 days" in overview
