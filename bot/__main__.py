"""``python -m bot chat|migrate|run|webhook``."""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import re
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.config import Settings
    from storage.records import InitiativeDefaults

TOKEN = re.compile(r"\d{1,20}:[A-Za-z0-9_-]{20,}")


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    except KeyboardInterrupt:  # Ctrl-C while starting; the chat says goodbye once it runs
        return 130


def _main(argv: list[str] | None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Collective-impact coach")
    commands = parser.add_subparsers(dest="command", required=True)
    chat = commands.add_parser("chat", help="the coach in this terminal (no token needed)")
    chat.add_argument("--user", default=None, help="whose answers (default: your login name)")
    commands.add_parser("migrate", help="bring the database schema up to date")
    commands.add_parser("run", help="the Telegram bot, by long polling")
    commands.add_parser("webhook", help="the Telegram bot, as a webhook server")
    args = parser.parse_args(argv)

    from pydantic import ValidationError

    from bot.config import Settings

    try:
        settings = Settings()
    except ValidationError as error:
        for problem in error.errors():
            name = "_".join(str(part) for part in problem["loc"]).upper()
            print(f"{name}: {problem['msg']}", file=sys.stderr)
        return 2
    logging.basicConfig(
        level=settings.log_level.upper(), format="%(levelname)s %(name)s: %(message)s"
    )
    for chatty in ("transitions", "alembic"):
        logging.getLogger(chatty).setLevel(max(logging.WARNING, logging.root.level))
    token = ""
    if args.command in ("run", "webhook"):
        token = settings.bot_token.get_secret_value() if settings.bot_token else ""
        if not _valid_token(token):
            print(
                "BOT_TOKEN is missing or malformed: set it to the token BotFather gave you "
                "(digits, a colon, then letters).",
                file=sys.stderr,
            )
            return 2
    from storage.db import DatabaseUnavailable, default_database_url

    url = settings.database_url or default_database_url()
    try:
        if args.command == "chat":
            import getpass

            defaults = settings.initiative_defaults()
            asyncio.run(_chat(url, args.user or getpass.getuser(), defaults))
        elif args.command == "migrate":
            asyncio.run(_migrate(url))
        elif args.command == "run":
            asyncio.run(_run(settings, url, token))
        else:
            asyncio.run(_webhook(settings, url, token))
    except DatabaseUnavailable as error:
        print(error, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0


async def _chat(url: str, local_user: str, defaults: InitiativeDefaults) -> None:
    """The chat on this terminal; text is wrapped to its width when the output is a terminal."""
    import shutil

    from bot.chat import run_chat
    from storage.db import open_database

    engine, sessions = await open_database(url)
    columns = (lambda: shutil.get_terminal_size().columns) if sys.stdout.isatty() else None
    try:
        await run_chat(
            sessions,
            sys.stdin.buffer,
            sys.stdout,
            local_user,
            not sys.stdin.isatty(),
            columns,
            defaults=defaults,
        )
    finally:
        await engine.dispose()


def _valid_token(token: str) -> bool:
    """The shape BotFather gives: the bot's id, a colon, then its secret."""
    return TOKEN.fullmatch(token) is not None


async def _run(settings: Settings, url: str, token: str) -> None:
    from bot.app import build_bot, build_dispatcher, register_commands
    from bot.polling import poll
    from storage.db import open_database

    engine, sessions = await open_database(url)
    bot = build_bot(token, settings.telegram_api_url)
    gc.freeze()  # the ~200k objects of the imports: no full collection walks them again
    try:
        await register_commands(bot)
        defaults = settings.initiative_defaults()
        await poll(build_dispatcher(sessions, bot, defaults=defaults, warm_charts=True), bot)
    finally:
        await bot.session.close()
        await engine.dispose()


async def _webhook(settings: Settings, url: str, token: str) -> None:
    from aiohttp import web

    from bot.app import build_bot, build_dispatcher, webhook_app
    from storage.db import open_database

    engine, sessions = await open_database(url)
    bot = build_bot(token, settings.telegram_api_url)
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
    app = webhook_app(
        build_dispatcher(sessions, bot, defaults=settings.initiative_defaults(), warm_charts=True),
        bot,
        secret,
        settings.webhook_url,
    )
    gc.freeze()
    runner = web.AppRunner(app)
    await runner.setup()
    try:
        await web.TCPSite(runner, settings.webhook_host, settings.webhook_port).start()
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()
        await engine.dispose()


async def _migrate(url: str) -> None:
    from storage.db import open_database

    engine, _ = await open_database(url)
    await engine.dispose()
    print("Database is up to date.")


if __name__ == "__main__":
    sys.exit(main())
