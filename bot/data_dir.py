"""What the bot keeps in `data_dir`, readable by nobody but the bot's own user.

    credentials.json     homeserver, user, device id and access token of the bot's device
    pickle.key           the key nio encrypts its Olm/Megolm store with (made once)
    <user>_<device>.db   nio's encryption store: the device's keys and sessions
    cross_signing.json   the private cross-signing keys of the bot's account
    europa-bot.db        the SQLite database, unless `[storage] url` points elsewhere
    europa-bot.lock      held while a bot runs: one instance per data_dir

The folder is 0700 and every file 0600: the process runs with umask 077, and what an
older version left more open is tightened at start.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from nio.store import DefaultStore

from bot.failures import FatalError

log = logging.getLogger(__name__)

CREDENTIALS = "credentials.json"
PICKLE_KEY = "pickle.key"
LOCK = "europa-bot.lock"
CROSS_SIGNING = "cross_signing.json"
# what nio pickled its store with before the bot had a key of its own
NIO_DEFAULT_KEY = "DEFAULT_KEY"


def restrict_umask() -> None:
    """New files and folders are the bot's alone (0600 / 0700)."""
    os.umask(0o077)


def write_private(path: Path, text: str) -> None:
    """Write a file readable only by the bot, atomically (a crash leaves the old one)."""
    tmp = path.with_name(path.name + ".tmp")
    with open(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as out:
        out.write(text)
        out.flush()
        os.fsync(out.fileno())
    tmp.replace(path)


@dataclass
class DataDir:
    """The opened data_dir: locked for this process, private, with the store's key."""

    path: Path
    _lock: IO[str] | None = field(default=None, repr=False)

    @classmethod
    def open(cls, path: Path) -> DataDir:
        """Create or tighten the folder and take the single-instance lock.

        Raises:
            FatalError: another bot runs on this data_dir.
        """
        try:
            path.mkdir(parents=True, exist_ok=True, mode=0o700)
            _tighten(path)
            lock = (path / LOCK).open("a")
        except OSError as error:
            raise FatalError(f"data_dir {path} cannot be used: {error}") from None
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.close()
            raise FatalError(
                f"another europa-bot is already running with data_dir {path} "
                "(two instances would answer every command twice); stop it first"
            ) from None
        return cls(path, lock)

    def close(self) -> None:
        """Release the lock."""
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    @property
    def credentials_file(self) -> Path:
        """Where the device's id and access token are kept."""
        return self.path / CREDENTIALS

    @property
    def cross_signing_file(self) -> Path:
        """Where the private cross-signing keys are kept."""
        return self.path / CROSS_SIGNING

    def credentials(self, homeserver: str, user_id: str) -> dict[str, str] | None:
        """The stored device of this account on this homeserver, or None."""
        try:
            data: Any = json.loads(self.credentials_file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            raise FatalError(f"{self.credentials_file} cannot be read ({exc})") from None
        if not isinstance(data, dict) or (data.get("homeserver"), data.get("user_id")) != (
            homeserver,
            user_id,
        ):
            return None
        if not all(isinstance(data.get(k), str) for k in ("device_id", "access_token")):
            raise FatalError(f"{self.credentials_file} is damaged; delete it to log in anew")
        return {str(k): str(v) for k, v in data.items()}

    def store_credentials(
        self, homeserver: str, user_id: str, device_id: str, access_token: str
    ) -> None:
        """Keep the device's id and token for the next start."""
        data = {
            "homeserver": homeserver,
            "user_id": user_id,
            "device_id": device_id,
            "access_token": access_token,
        }
        write_private(self.credentials_file, json.dumps(data))

    def pickle_key(self, user_id: str, device_id: str | None) -> tuple[str, str | None]:
        """The key for nio's store, and the key its existing store still uses, if another.

        The key is made once. A store an older version pickled with nio's default key
        keeps working: it is opened with that key and re-keyed (see `rekey_store`).
        """
        key_file = self.path / PICKLE_KEY
        if key_file.exists():
            return key_file.read_text(encoding="utf-8").strip(), None
        pending = self.path / (PICKLE_KEY + ".new")
        if not pending.exists():
            write_private(pending, secrets.token_urlsafe(32))
        key = pending.read_text(encoding="utf-8").strip()
        if device_id is None or not (self.path / f"{user_id}_{device_id}.db").exists():
            pending.replace(key_file)
            return key, None
        # a crash may have come after re-keying and before the key file was renamed
        for candidate in (NIO_DEFAULT_KEY, key):
            if _opens(self.path, user_id, device_id, candidate):
                return key, None if candidate == key else candidate
        raise FatalError(
            f"the encryption store in {self.path} cannot be opened with its key; "
            f"move {self.path}/{user_id}_{device_id}.db and {CREDENTIALS} aside to start "
            "with a new device"
        )

    def key_settled(self) -> None:
        """The store uses the new key now: make it the key for good."""
        pending = self.path / (PICKLE_KEY + ".new")
        if pending.exists():
            pending.replace(self.path / PICKLE_KEY)


def rekey_store(store: Any, olm: Any, key: str) -> None:
    """Pickle everything in nio's store anew with `key`, in one store transaction."""
    with store.database.bind_ctx(store.models), store.database.atomic():
        store.pickle_key = key
        store.save_account(olm.account)
        for sender_key, sessions in olm.session_store.items():
            for session in sessions:
                store.save_session(sender_key, session)
        for group_session in olm.inbound_group_store:
            store.save_inbound_group_session(group_session)


def _opens(path: Path, user_id: str, device_id: str, key: str) -> bool:
    try:
        return DefaultStore(user_id, device_id, str(path), key).load_account() is not None
    except Exception:  # nio raises several types for a wrong key
        return False


def _tighten(path: Path) -> None:
    """Make an existing data_dir and the files in it private (0700 / 0600)."""
    path.chmod(0o700)
    for entry in path.iterdir():
        if entry.is_file() and not entry.is_symlink() and entry.stat().st_mode & 0o077:
            entry.chmod(0o600)
            log.info("made %s private (0600)", entry)
