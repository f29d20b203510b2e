"""Configuration: the example loads, every problem names file and key, check-config."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest

from bot.__main__ import main
from bot.config import ConfigError, load_config
from plan.vocabulary import DEFAULT_FIELDS

EXAMPLE = Path(__file__).parents[2] / "config.example.toml"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


MINIMAL = """
[matrix]
homeserver = "https://matrix.example.org"
user_id = "@bot:example.org"
password = "pw"
[bot]
rooms = ["#gruppe:example.org"]
"""


def test_example_config_is_valid_and_documents_the_defaults() -> None:
    config = load_config(EXAMPLE, environ={})
    assert config.bot.group_room == "#europa-international:example.org"
    assert config.reminders.days_before == (14, 3, 0)
    assert config.reminders.time == time(9, 0)
    assert config.digest.cron == "0 9 * * mon"
    assert config.fields == DEFAULT_FIELDS
    assert config.storage.url == "sqlite+aiosqlite:///data/europa-bot.db"


def test_every_key_of_the_example_is_documented() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    for key in (
        "homeserver",
        "user_id",
        "password",
        "access_token",
        "device_name",
        "rooms",
        "coordinators",
        "language",
        "timezone",
        "data_dir",
        "url",
        "days_before",
        "time",
        "overdue_every_days",
        "cron",
        "stale_after_days",
        "[[fields]]",
        "[[goals]]",
    ):
        assert key in text, key


def test_minimal_config_gets_defaults(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, MINIMAL), environ={})
    assert config.bot.language == "de"
    assert config.bot.timezone == "Europe/Berlin"
    assert config.storage.url == "sqlite+aiosqlite:///data/europa-bot.db"
    assert config.matrix.device_name == "europa-bot"


def test_password_from_the_environment(tmp_path: Path) -> None:
    text = MINIMAL.replace('password = "pw"\n', "")
    with pytest.raises(ConfigError):
        load_config(write(tmp_path, text), environ={})
    config = load_config(write(tmp_path, text), environ={"EUROPA_BOT_PASSWORD": "geheim"})
    assert config.matrix.password == "geheim"


def test_every_problem_is_named_with_file_and_key(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
[matrix]
homeserver = "matrix.example.org"
user_id = "bot"
[bot]
rooms = ["gruppe"]
coordinators = ["koordination"]
language = "fr"
timezone = "Mars/Olympus"
colour = "blue"
[reminders]
days_before = [14, -1]
time = "9 Uhr"
overdue_every_days = 0
[digest]
cron = "jeden Montag"
[[fields]]
code = "Feld1"
name = ""
[extra]
""",
    )
    with pytest.raises(ConfigError) as caught:
        load_config(path, environ={})
    problems = "\n".join(caught.value.problems)
    for expected in (
        "[matrix] homeserver",
        "[matrix] user_id",
        "[matrix] password",
        "[bot] rooms",
        "[bot] coordinators",
        "[bot] language",
        "[bot] timezone",
        "[bot] colour: unknown key",
        "[reminders] days_before",
        "[reminders] time",
        "[reminders] overdue_every_days",
        "[digest] cron",
        "[[fields]] #1 code",
        "[[fields]] #1 name",
        "[extra]: unknown section",
    ):
        assert expected in problems, expected
    assert all(p.startswith(str(path)) for p in caught.value.problems)


def test_wrong_types_and_broken_toml(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(
            write(
                tmp_path,
                MINIMAL.replace('rooms = ["#gruppe:example.org"]', 'rooms = "#gruppe:example.org"'),
            ),
            environ={},
        )
    assert "must be of type list, not str" in caught.value.problems[0]
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, "[matrix\n"), environ={})
    assert "not valid TOML" in caught.value.problems[0]
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path / "missing.toml", environ={})
    assert "file not found" in caught.value.problems[0]


def test_check_config_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check-config", "-c", str(write(tmp_path, MINIMAL))]) == 0
    assert "OK" in capsys.readouterr().out
    assert main(["check-config", "-c", str(write(tmp_path, "[bot]\nrooms = []\n"))]) == 2
    err = capsys.readouterr().err
    assert "[matrix] homeserver: is missing" in err
    assert "Traceback" not in err


def test_room_ids_of_version_12_are_accepted(tmp_path: Path) -> None:
    text = MINIMAL.replace('rooms = ["#gruppe:example.org"]', 'rooms = ["!Abc-12_xyz", "!x:hs"]')
    config = load_config(write(tmp_path, text), environ={})
    assert config.bot.rooms == ("!Abc-12_xyz", "!x:hs")


@pytest.mark.parametrize(
    ("url", "accepted"),
    [
        ("sqlite+aiosqlite:///daten/bot.db", True),
        ("postgresql+asyncpg://europa-bot@db.example:5432/europa", True),
        ("sqlite:///daten/bot.db", False),  # no async driver
        ("postgresql+psycopg2://europa-bot@db.example/europa", False),  # not installed
        ("mysql+aiomysql://europa-bot@db.example/europa", False),
    ],
)
def test_storage_urls_name_a_database_and_driver_the_bot_has(
    tmp_path: Path, url: str, accepted: bool
) -> None:
    path = write(tmp_path, MINIMAL + f'[storage]\nurl = "{url}"\n')
    if accepted:
        assert load_config(path, environ={}).storage.url == url
    else:
        with pytest.raises(ConfigError, match=r"\[storage\] url: must start with"):
            load_config(path, environ={})
