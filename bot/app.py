"""Builds and runs the application: one function wires engine, clock, handlers and jobs."""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, time, timedelta

from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import (
    ApplicationBuilder,
    CommandHandler,
    ContextTypes,
    Defaults,
    TypeHandler,
    filters,
)

from bot.config import Settings
from bot.context import RehabApplication, RehabContext, Services
from bot.handlers import (
    check_in,
    commands,
    data_rights,
    errors,
    guards,
    morning,
    onboarding,
    pause,
    plan,
    presence,
    progress,
    routine_view,
    safety,
    self_reports,
    settings_menu,
    typed_text,
)
from bot.overall_limit import OverallRateLimiter
from bot.persistence import DatabasePersistence
from bot.polling import PollingErrors
from bot.profile import set_profile
from bot.startup import call_bot_api, open_engine, reach_bot_api, reach_database
from bot.views.scheduled_messages import compose
from scheduler.clock import Clock, Repeating, SteadyClock
from scheduler.dispatcher import ReminderDispatcher
from scheduler.rate_limit import RateLimiter
from scheduler.sending import TelegramRequest, TelegramSender
from storage.engine import create_sessionmaker

log = logging.getLogger(__name__)

DISPATCH_JOB = "dispatch-reminders"
MAINTENANCE_JOB = "daily-maintenance"
# A quiet hour for most of the world's users; the job takes a moment whatever the time.
MAINTENANCE_AT = time(3, 30, tzinfo=UTC)
DAY = timedelta(days=1)


def build_application(settings: Settings, *, services: Services) -> RehabApplication:
    """Wire handlers, persistence and the dispatcher job into a PTB application."""
    if settings.telegram_bot_token is None:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    application = (
        ApplicationBuilder()
        .application_class(RehabApplication, kwargs={"services": services})
        .token(settings.telegram_bot_token.get_secret_value())
        # PTB's own request with its pool size, keeping a 503 apart (see scheduler.sending).
        .request(TelegramRequest(connection_pool_size=256))
        .base_url(settings.telegram_api_base_url)
        .base_file_url(settings.telegram_file_base_url)
        .defaults(Defaults(parse_mode=ParseMode.HTML, tzinfo=UTC))
        .context_types(ContextTypes(context=RehabContext))
        .persistence(DatabasePersistence(sessionmaker=services.sessionmaker, clock=services.clock))
        .rate_limiter(
            OverallRateLimiter(
                RateLimiter(
                    per_second=settings.max_messages_per_second,
                    per_chat_per_second=settings.max_messages_per_chat_per_second,
                    monotonic=services.clock.monotonic,
                    sleep=services.clock.sleep,
                ),
                sleep=services.clock.sleep,
            )
        )
        .build()
    )
    assert isinstance(application, RehabApplication)  # noqa: S101 (guaranteed by application_class)

    application.add_handlers(guards.first_line(), group=-1)
    private = filters.ChatType.PRIVATE
    application.add_handlers(
        [
            # Settings first: a command or button during a settings question ends it.
            settings_menu.conversation(),
            onboarding.conversation(),
            CommandHandler("today", commands.today, filters=private),
            CommandHandler("plan", plan.plan, filters=private),
            *progress.handlers(),
            *data_rights.handlers(),
            *safety.handlers(),
            CommandHandler("about", commands.about, filters=private),
            CommandHandler("help", commands.help_command, filters=private),
            CommandHandler("cancel", commands.nothing_to_cancel, filters=private),
            *check_in.handlers(),
            *plan.handlers(),
            *morning.handlers(),
            *self_reports.handlers(),
            *routine_view.handlers(),
            *pause.handlers(),
            *typed_text.handlers(),
            *guards.last_resort(),
        ]
    )
    application.add_handlers(presence.handlers(), group=1)
    # Conversation states are written after every update, not only every few seconds,
    # so a crash loses no onboarding answer.
    application.add_handler(TypeHandler(Update, _write_conversation_states), group=99)
    application.add_error_handler(errors.on_error)

    sender = TelegramSender(
        application.bot,
        limiter=RateLimiter(
            per_second=settings.max_messages_per_second,
            per_chat_per_second=settings.max_messages_per_chat_per_second,
            monotonic=services.clock.monotonic,
            sleep=services.clock.sleep,
        ),
        sleep=services.clock.sleep,
    )
    services.dispatcher = ReminderDispatcher(
        sessionmaker=services.sessionmaker,
        # A forward step of the wall clock is believed only once it lasts (scheduler.clock).
        clock=SteadyClock(services.clock),
        sender=sender,
        compose=compose,
        grace=settings.reminder_grace,
        quiet_hours=settings.quiet,
    )
    job_queue = application.job_queue
    if job_queue is None:
        raise RuntimeError("python-telegram-bot was installed without its job-queue extra")
    # The job is PTB's (its context, its error handler), but APScheduler never plans it: it
    # plans on the wall clock, and a step back of the clock stalled it for as long. running_bot
    # runs it on monotonic time (scheduler.clock.Repeating).
    job_queue.run_repeating(_dispatch, interval=DAY, name=DISPATCH_JOB).enabled = False
    job_queue.run_daily(_maintain, time=MAINTENANCE_AT, name=MAINTENANCE_JOB)
    return application


@asynccontextmanager
async def running_bot(settings: Settings, *, clock: Clock) -> AsyncIterator[RehabApplication]:
    """Migrate the database, start the bot polling, and stop it cleanly on exit.

    Raises StartupFailure, naming the setting and the cause, when the database or the Bot API
    refuses, or does not answer within STARTUP_WAIT_SECONDS.
    """
    engine = open_engine(settings.database_url)
    wait = settings.startup_wait_seconds
    try:
        await reach_database(engine, wait_seconds=wait, clock=clock)
        services = Services(
            settings=settings, sessionmaker=create_sessionmaker(engine), clock=clock
        )
        application = build_application(settings, services=services)
        await reach_bot_api(application.bot, wait_seconds=wait, clock=clock)
        async with application:
            await call_bot_api(lambda: set_profile(application.bot), wait_seconds=wait, clock=clock)
            updater = application.updater
            if updater is None:
                raise RuntimeError("the application was built without an updater")
            await application.start()
            await updater.start_polling(
                allowed_updates=Update.ALL_TYPES, error_callback=PollingErrors()
            )
            every = settings.dispatch_interval_seconds
            dispatching = Repeating(lambda: run_dispatch_job(application), seconds=every)
            passes = asyncio.create_task(dispatching.run(), name=DISPATCH_JOB)
            try:
                yield application
            finally:
                # A pass with thousands of reminders due would keep the bot from stopping for
                # minutes: it ends after the message on its way, handing back the rest.
                if services.dispatcher is not None:
                    services.dispatcher.stop()
                dispatching.stop()
                await passes
                await updater.stop()
                await application.stop()
    finally:
        await engine.dispose()


async def serve(settings: Settings, *, clock: Clock) -> None:
    """Run the bot until SIGINT or SIGTERM."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    async with running_bot(settings, clock=clock) as application:
        log.info("bot @%s is running", application.bot.username)
        await stop.wait()
    log.info("bot stopped")


async def run_dispatch_job(application: RehabApplication) -> None:
    """Run the dispatcher job once, through PTB, unless it was taken out of the job queue."""
    job_queue = application.job_queue
    if job_queue is not None:
        for job in job_queue.get_jobs_by_name(DISPATCH_JOB):
            await job.run(application)


async def _dispatch(context: RehabContext) -> None:
    """Run one dispatcher pass (the job the JobQueue repeats)."""
    dispatcher = context.services.dispatcher
    if dispatcher is not None:
        await dispatcher.run_once()


async def _maintain(context: RehabContext) -> None:
    """Run the daily upkeep (the job the JobQueue runs once a day)."""
    dispatcher = context.services.dispatcher
    if dispatcher is not None:
        await dispatcher.maintain()


async def _write_conversation_states(update: Update, context: RehabContext) -> None:
    """Hand changed conversation states to the persistence right away."""
    await context.application.update_persistence()
