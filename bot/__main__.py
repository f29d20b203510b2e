"""The operator's command line: `europa-bot run|sandbox|check-config|import|export|backup|
report`."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import sys
from datetime import datetime
from pathlib import Path

from bot import operator_tools
from bot.config import PASSWORD_ENV, Config, ConfigError, load_config
from bot.data_dir import restrict_umask
from bot.failures import FatalError, MatrixError
from messages import texts
from plan.spelling import explicit_date

# exit codes besides 0 and argparse's 2
EXIT_CONFIG = 2
EXIT_FATAL = 3
# the language of what is printed before a configuration names one
DEFAULT_LANGUAGE = "de"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="europa-bot",
        description="Matrix bot for the action plan 'Hannover – internationale Stadt'.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    run = sub.add_parser("run", help="run the bot with a configuration file")
    run.add_argument("-c", "--config", type=Path, default=Path("config.toml"))
    check = sub.add_parser("check-config", help="check a configuration file and report errors")
    check.add_argument("-c", "--config", type=Path, default=Path("config.toml"))
    sandbox = sub.add_parser(
        "sandbox", help="start a throwaway local homeserver with a demo room, and the bot"
    )
    sandbox.add_argument(
        "--dir",
        type=Path,
        default=Path("sandbox"),
        help="working folder of the sandbox (emptied at start)",
    )
    sandbox.add_argument(
        "--install-only",
        action="store_true",
        help="only install Synapse into its cached environment, then exit",
    )
    reset = sub.add_parser(
        "reset-cross-signing",
        help="replace the account's cross-signing keys (needs the password; bot stopped)",
    )
    imp = sub.add_parser("import", help="load the measure catalogue from a CSV file")
    imp.add_argument("file", type=Path)
    imp.add_argument("--dry-run", action="store_true", help="show what would change, save nothing")
    exp = sub.add_parser("export", help="write the measure catalogue as a CSV file")
    exp.add_argument("file", type=Path)
    bak = sub.add_parser(
        "backup", help="write a consistent copy of the database (also while running)"
    )
    bak.add_argument("file", type=Path)
    rep = sub.add_parser("report", help="write the council report (Sachstandsbericht)")
    rep.add_argument("file", type=Path)
    rep.add_argument("--format", choices=("md", "html"), default="md")
    rep.add_argument(
        "--from",
        dest="start",
        type=explicit_date,
        default=None,
        help="first day, TT.MM.JJJJ (default: 1 January of this year)",
    )
    rep.add_argument(
        "--to",
        dest="end",
        type=explicit_date,
        default=None,
        help="last day, TT.MM.JJJJ (default: today)",
    )
    for p in (imp, exp, bak, rep, reset):
        p.add_argument("-c", "--config", type=Path, default=Path("config.toml"))
    for p in (run, sandbox):
        p.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `europa-bot` console script."""
    restrict_umask()
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if getattr(args, "verbose", False) else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    for noisy in ("nio", "peewee", "aiohttp.access", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    if args.command == "sandbox":
        from bot import sandbox

        try:
            return asyncio.run(sandbox.main(args.dir, install_only=args.install_only))
        except KeyboardInterrupt:
            return 0  # Ctrl-C is how the sandbox is meant to end
    try:
        config = load_config(args.config)
    except ConfigError as exc:
        problems = texts.render_count(DEFAULT_LANGUAGE, "cli.config_problems", len(exc.problems))
        print(problems.plain, file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return EXIT_CONFIG
    if args.command == "check-config":
        ok = texts.render(
            config.bot.language,
            "cli.config_ok",
            path=args.config,
            rooms=len(config.bot.rooms),
            coordinators=len(config.bot.coordinators),
        )
        print(ok.plain)
        return 0
    if args.command == "import":
        return asyncio.run(operator_tools.import_file(config, args.file, args.dry_run))
    if args.command == "export":
        return asyncio.run(operator_tools.export_file(config, args.file))
    if args.command == "backup":
        return asyncio.run(operator_tools.backup_file(config, args.file))
    if args.command == "report":
        today = datetime.now(config.bot.tz).date()
        start = args.start or today.replace(month=1, day=1)
        return asyncio.run(
            operator_tools.report_file(config, args.file, args.format, start, args.end or today)
        )
    from bot import app

    if args.command == "reset-cross-signing":
        return asyncio.run(_reset_cross_signing(config))
    try:
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(app.run(config))
    except FatalError as error:
        logging.getLogger("europa-bot").error("%s", error)
        print(f"europa-bot: {error}", file=sys.stderr)
        return EXIT_FATAL
    return 0


async def _reset_cross_signing(config: Config) -> int:
    from bot import app

    language = config.bot.language
    if not config.matrix.password:
        refused = texts.render(language, "cli.reset_needs_password", env=PASSWORD_ENV)
        print(refused.plain, file=sys.stderr)
        return EXIT_CONFIG
    try:
        state = await app.reset_cross_signing(config)
    except (FatalError, MatrixError) as error:
        print(f"europa-bot: {error}", file=sys.stderr)
        return EXIT_FATAL
    print(texts.render(language, "cli.cross_signing", state=state.value).plain)
    return 0 if state.ok else EXIT_FATAL


if __name__ == "__main__":
    sys.exit(main())
