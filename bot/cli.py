"""The `rehab-bot` command: run the bot on Telegram, or chat with it in the terminal."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from pathlib import Path

from pydantic import ValidationError

from bot.config import Settings
from bot.log_redaction import RedactingFormatter, redact
from bot.startup import EXIT_CONFIG, StartupFailure
from scheduler.clock import SystemClock

log = logging.getLogger(__name__)

# What a shell reports for a program ended by Ctrl-C (128 + SIGINT).
EXIT_INTERRUPTED = 130

__all__ = ["EXIT_CONFIG", "configure_logging", "main", "quiet_libraries"]


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
    demo.add_argument(
        "--files",
        default="demo-files",
        help="folder for the pictures and files the bot sends (default: demo-files here)",
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
        secrets = (token.get_secret_value(),) if token else ()
        configure_logging(settings.log_level, secrets=secrets)
        if settings.telegram_bot_token is None:
            print(  # noqa: T201
                "rehab-bot: TELEGRAM_BOT_TOKEN is not set. Put it in .env "
                "(see .env.example) or the environment.",
                file=sys.stderr,
            )
            return EXIT_CONFIG
        from bot.app import serve  # noqa: PLC0415 (keeps `--help` fast)

        try:
            asyncio.run(serve(settings, clock=SystemClock()))
        except StartupFailure as failure:
            log.debug("start-up failed", exc_info=failure.__cause__)  # the traceback, at DEBUG
            print(f"rehab-bot: {redact(str(failure), secrets)}", file=sys.stderr)  # noqa: T201
            return failure.exit_code
        return 0

    # The terminal is the demo's chat window: only problems are logged there.
    configure_logging("WARNING")
    try:
        from bot.demo import run_demo_in_terminal  # noqa: PLC0415 (keeps `--help` fast)

        asyncio.run(run_demo_in_terminal(database_url=args.database, files=Path(args.files)))
    except KeyboardInterrupt:
        # A Ctrl-C before the demo listens for it (while it loads) or a second one as it ends.
        print("\nDemo ended.")  # noqa: T201
        return EXIT_INTERRUPTED
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
    handler.addFilter(_without_json_traceback)
    logging.basicConfig(level=level, handlers=[handler], force=True)
    quiet_libraries()


# Libraries that log a line per request or per job run at INFO.
NOISY_LIBRARIES = ("httpx", "httpcore", "apscheduler")


def quiet_libraries() -> None:
    """Let the HTTP client and the job scheduler log only warnings and errors."""
    for noisy in NOISY_LIBRARIES:
        logging.getLogger(noisy).setLevel(logging.WARNING)


def _without_json_traceback(record: logging.LogRecord) -> bool:
    """Keep PTB's line about an answer that is not JSON (a wrong base URL's error page), but
    not its traceback: the failure of the call itself is reported on its own, in one line."""
    if record.name == "telegram.request.BaseRequest" and record.exc_info:
        record.exc_info = None
        record.exc_text = None
    return True


if __name__ == "__main__":
    sys.exit(main())
