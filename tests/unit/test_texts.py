"""User-facing text: both languages complete, placeholders agree, help for every command,
and every text key the code uses exists (found by reading the code's syntax tree)."""

from __future__ import annotations

import ast
import json
import re
import string
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import pytest

from commands import build_registry
from commands.parsing import tokenize
from commands.spec import CommandSpec
from messages.matrix_content import MAX_TEXT_BYTES, message
from messages.reply import Reply
from messages.text import Text
from messages.texts import DE, EN, TEXTS, format_date, number, render_count


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
COUNTED = {"render_count"}
# methods whose key is the first argument, on these objects
KEY_METHODS = {"text", "word"}
KEY_OWNERS = {"ctx", "self"}
# errors that name their text; their subclasses in the scanned code are found as well
ERRORS = frozenset({"CommandError", "UsageError", "NotFound", "Forbidden", "Invalid"})
# calls whose strings look like keys but are not: ForeignKey("measures.id") names a column
NOT_TEXTS = {"ForeignKey"}


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
    if name in LANGUAGE_FIRST and owner in (None, "catalogue"):
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


def _built_at_run_time(node: ast.expr) -> str | None:
    """The literal start of an f-string key such as f"status.{x}", if it names a namespace."""
    if not isinstance(node, ast.JoinedStr) or not node.values:
        return None
    first = node.values[0]
    if (
        isinstance(first, ast.Constant)
        and isinstance(first.value, str)
        and "." in first.value
        and first.value.split(".")[0] in NAMESPACES
    ):
        return first.value
    return None


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
        wanted = [f"{key}.one", f"{key}.other"] if counted else [key]
        for language, catalogue in texts.items():
            for k in wanted:
                if k not in catalogue:
                    problems.append(f"{where}:{line}: {k!r} is missing in {language.upper()}")

    seen: set[int] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        if _called(node)[0] in NOT_TEXTS:
            seen.update(id(n) for n in ast.walk(node))
            continue
        if (found := _key_argument(node, errors)) is None:
            continue
        argument, counted = found
        for option in _alternatives(argument):
            seen.add(id(option))
            if isinstance(option, ast.Constant) and isinstance(option.value, str):
                check(option.value, option.lineno, counted)
            elif (start := _built_at_run_time(option)) is not None:
                problems.append(
                    f"{where}:{option.lineno}: key built at run time from {start!r}…; "
                    "write each key out (a dict or match) so that it can be checked"
                )
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in seen
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

async def handler(ctx, language, n, flag):
    ctx.text("error.does_not_exist")
    ctx.text("error.usage", reason="", usage="")
    ctx.word("none")
    render(language, "measure.created", id=1, title="")
    texts.word(language, "weekday_typo")
    render_count(language, "cli.exported", n, path="")
    render_count(language, "cli.nothing_like_it", n)
    ctx.text("report.update" if flag else "report.vanished")
    ctx.text(f"status.{flag}")
    ctx.text(f"{flag}.free")
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
            ("report.vanished", ("report.vanished",)),
            ("error.not_there", ("error.not_there",)),
            ("label.ghost", ("label.ghost",)),
        )
        for language in ("DE", "EN")
        for form in forms
    ]
    expected.append(
        f"x.py:{line_of('status.')}: key built at run time from 'status.'…; write each key "
        "out (a dict or match) so that it can be checked"
    )
    assert sorted(problems) == sorted(expected)


def test_a_key_missing_in_one_language_is_named_with_it() -> None:
    tree = ast.parse('ctx.text("error.only_german")')
    texts = {"de": {"error.only_german": "nur deutsch"}, "en": {}}
    assert key_problems(tree, "y.py", texts=texts) == [
        "y.py:1: 'error.only_german' is missing in EN"
    ]


REGISTRY = build_registry()


def test_every_command_help_and_its_examples_exist_in_every_language() -> None:
    """Help keys are declared per command; "help.x.examples" is derived from "help.x"."""
    missing = [
        f"{' '.join(spec.words)}: {key!r} is missing in {language.upper()}"
        for spec in REGISTRY.specs
        for key in (spec.help, f"{spec.help}.examples")
        for language, texts in TEXTS.items()
        if key not in texts
    ]
    assert not missing, "\n" + "\n".join(missing)


@pytest.mark.parametrize("spec", REGISTRY.specs, ids=lambda s: " ".join(s.words))
def test_every_command_has_help_and_examples_that_parse(spec: CommandSpec) -> None:
    for language in (DE, EN):
        assert spec.help in language
        examples = language[f"{spec.help}.examples"].splitlines()
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
