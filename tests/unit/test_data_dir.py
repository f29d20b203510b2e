"""data_dir: private files, one instance, and a store key of the bot's own."""

from __future__ import annotations

import stat
import subprocess
import sys
from pathlib import Path

import pytest
from nio import AsyncClient, AsyncClientConfig

from bot.data_dir import NIO_DEFAULT_KEY, PICKLE_KEY, DataDir, rekey_store
from bot.failures import FatalError
from bot.sandbox import SANDBOX_MARKER, empty_sandbox

USER = "@bot:example.org"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_an_old_open_data_dir_is_made_private(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    (data / "europa-bot.db").write_text("x")
    (data / "europa-bot.db").chmod(0o644)
    opened = DataDir.open(data)
    try:
        assert mode(data) == 0o700
        assert mode(data / "europa-bot.db") == 0o600
    finally:
        opened.close()


def test_files_the_bot_writes_are_private(tmp_path: Path) -> None:
    # in a child process: umask is process-wide
    code = (
        "import os, pathlib, sys\n"
        "from bot.data_dir import restrict_umask, DataDir\n"
        "restrict_umask()\n"
        "d = DataDir.open(pathlib.Path(sys.argv[1]))\n"
        "d.store_credentials('https://hs', '@b:hs', 'DEV', 'token')\n"
        "pathlib.Path(sys.argv[1], 'new.db').write_text('x')\n"
    )
    folder = tmp_path / "data"
    subprocess.run([sys.executable, "-c", code, str(folder)], check=True)
    assert mode(folder) == 0o700
    for name in ("credentials.json", "new.db", "europa-bot.lock"):
        assert mode(folder / name) == 0o600, name


def test_a_second_instance_on_the_same_data_dir_is_refused(tmp_path: Path) -> None:
    first = DataDir.open(tmp_path / "data")
    try:
        with pytest.raises(FatalError, match="already running"):
            DataDir.open(tmp_path / "data")
    finally:
        first.close()
    DataDir.open(tmp_path / "data").close()  # free again once the first has stopped


def test_the_pickle_key_is_made_once_and_kept(tmp_path: Path) -> None:
    data = DataDir.open(tmp_path / "data")
    try:
        key, old = data.pickle_key(USER, None)
        assert old is None and len(key) >= 32 and key != NIO_DEFAULT_KEY
        assert data.pickle_key(USER, "DEVICE") == (key, None)
        assert mode(tmp_path / "data" / PICKLE_KEY) == 0o600
    finally:
        data.close()


async def test_a_store_made_with_nios_default_key_keeps_working_and_is_rekeyed(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    # an older bot: nio's store pickled with nio's default key
    old = AsyncClient("https://hs", USER, store_path=str(folder), config=AsyncClientConfig())
    old.restore_login(USER, "DEVICE", "token")
    identity = old.olm.account.identity_keys
    await old.close()

    data = DataDir.open(folder)
    try:
        key, current = data.pickle_key(USER, "DEVICE")
        assert current == NIO_DEFAULT_KEY and not (folder / PICKLE_KEY).exists()
        client = AsyncClient(
            "https://hs", USER, store_path=str(folder), config=AsyncClientConfig(pickle_key=current)
        )
        client.restore_login(USER, "DEVICE", "token")
        assert client.olm.account.identity_keys == identity  # the same device keys
        rekey_store(client.store, client.olm, key)
        data.key_settled()
        await client.close()
        assert data.pickle_key(USER, "DEVICE") == (key, None)
        again = AsyncClient(
            "https://hs", USER, store_path=str(folder), config=AsyncClientConfig(pickle_key=key)
        )
        again.restore_login(USER, "DEVICE", "token")
        assert again.olm.account.identity_keys == identity
        await again.close()
    finally:
        data.close()


def test_the_sandbox_deletes_only_a_folder_it_made(tmp_path: Path) -> None:
    precious = tmp_path / "documents"
    precious.mkdir()
    (precious / "thesis.txt").write_text("years of work")
    with pytest.raises(FileExistsError, match="not made by the sandbox"):
        empty_sandbox(precious)
    assert (precious / "thesis.txt").exists()

    sandbox = tmp_path / "sandbox"
    empty_sandbox(sandbox)
    (sandbox / "old.log").write_text("x")
    empty_sandbox(sandbox)
    assert sorted(p.name for p in sandbox.iterdir()) == [SANDBOX_MARKER]
