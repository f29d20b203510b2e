"""User-facing text: both languages complete, placeholders agree, help for every command."""

from __future__ import annotations

import json
import string

import pytest

from commands import build_registry
from commands.parsing import tokenize
from commands.spec import CommandSpec
from messages.catalogue import DE, EN, format_date
from messages.matrix_content import MAX_TEXT_BYTES, message
from messages.reply import Reply
from messages.text import Text


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_both_languages_have_the_same_keys() -> None:
    assert DE.keys() == EN.keys()


@pytest.mark.parametrize("key", sorted(DE))
def test_placeholders_agree(key: str) -> None:
    assert placeholders(DE[key]) == placeholders(EN[key])


REGISTRY = build_registry()


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
