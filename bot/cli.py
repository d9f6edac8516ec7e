"""The `rehab-bot` command: run the bot on Telegram, or chat with it in the terminal."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys

from pydantic import ValidationError

from bot.config import Settings
from bot.log_redaction import RedactingFormatter
from scheduler.clock import SystemClock

EXIT_CONFIG = 2


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the chosen subcommand."""
    parser = argparse.ArgumentParser(
        prog="rehab-bot", description="A Telegram coach for hamstring-strain rehabilitation."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="run the bot on Telegram (needs TELEGRAM_BOT_TOKEN)")
    demo = commands.add_parser(
        "demo", help="chat with the bot in this terminal through a local Bot API emulator"
    )
    demo.add_argument(
        "--database",
        default="sqlite+aiosqlite:///rehab-demo.db",
        help="database URL for the demo (default: a SQLite file rehab-demo.db here)",
    )
    args = parser.parse_args(argv)
    # Opt in to PTB's future time types now; otherwise PTB warns on every 429 it parses.
    os.environ.setdefault("PTB_TIMEDELTA", "1")

    try:
        settings = Settings()
    except ValidationError as error:
        print(f"rehab-bot: invalid settings:\n{settings_problems(error)}", file=sys.stderr)  # noqa: T201
        return EXIT_CONFIG
    if args.command == "run":
        token = settings.telegram_bot_token
        configure_logging(settings.log_level, secrets=(token.get_secret_value(),) if token else ())
        if settings.telegram_bot_token is None:
            print(  # noqa: T201
                "rehab-bot: TELEGRAM_BOT_TOKEN is not set. Put it in .env "
                "(see .env.example) or the environment.",
                file=sys.stderr,
            )
            return EXIT_CONFIG
        from bot.app import serve  # noqa: PLC0415 (keeps `--help` fast)

        asyncio.run(serve(settings, clock=SystemClock()))
        return 0

    from bot.demo import run_demo  # noqa: PLC0415 (keeps `--help` fast)

    # The terminal is the demo's chat window: only problems are logged there.
    configure_logging("WARNING")
    asyncio.run(run_demo(database_url=args.database))
    return 0


def settings_problems(error: ValidationError) -> str:
    """Name each bad setting and why, without repeating its value (it may be the token)."""
    return "\n".join(
        f"  {'.'.join(str(part) for part in problem['loc']).upper()}: {problem['msg']}"
        for problem in error.errors(include_input=False, include_url=False)
    )


def configure_logging(level: str, *, secrets: tuple[str, ...] = ()) -> None:
    """Log to stderr with the token redacted from every line; HTTP client logs stay quiet, and
    the job scheduler's two lines per dispatch pass (every few seconds) are left out."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s", secrets=secrets)
    )
    logging.basicConfig(level=level, handlers=[handler], force=True)
    for noisy in ("httpx", "httpcore", "apscheduler"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


if __name__ == "__main__":
    sys.exit(main())
