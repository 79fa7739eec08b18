"""`ijw outbox dispatch [--once]`: deliver the outbox to the broker (a worker, cron or a job)."""

from __future__ import annotations

import argparse
import json
import signal
import threading

from app.cli.common import EXIT_OK, CommandError, add_command, open_database, settings


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `outbox` subcommand."""
    outbox = add_command(commands, "outbox", help="outgoing messages")
    actions = outbox.add_subparsers(dest="action", required=True, metavar="ACTION")
    dispatch = add_command(
        actions,
        "dispatch",
        help="POST due outbox messages to IJW_BROKER_URL",
        description="Send every due JW301/JW319 to the broker, retrying with backoff; several "
        "dispatchers may run at once. Without --once, a round every IJW_BEZORG_INTERVAL_SECONDS "
        "until stopped (SIGTERM or Ctrl-C ends it after the current round).",
    )
    dispatch.add_argument("--once", action="store_true", help="one round, then exit")
    dispatch.set_defaults(run=run_dispatch)


def run_dispatch(args: argparse.Namespace) -> int:
    """Dispatch once (printing what the round did as JSON) or until stopped."""
    from app import logs
    from app.clock import SystemClock
    from app.outbox.dispatcher import Backoff, Dispatcher, make_client
    from app.persistence.database import make_sessionmaker

    chosen = settings()
    if chosen.broker_url is None:
        raise CommandError("set IJW_BROKER_URL to the broker's http(s) URL")
    logs.configure(chosen.log_level, chosen.log_format)
    engine = open_database(chosen, pool_size=1)
    client = make_client(chosen.bezorg_timeout_seconds)
    try:
        dispatcher = Dispatcher(
            make_sessionmaker(engine),
            client,
            SystemClock(),
            broker_url=chosen.broker_url,
            max_pogingen=chosen.bezorg_max_pogingen,
            timeout=chosen.bezorg_timeout_seconds,
            backoff=Backoff.of(chosen),
        )
        if args.once:
            ronde = dispatcher.dispatch_once()
            print(
                json.dumps({"bezorgd": ronde.bezorgd, "mislukt": ronde.mislukt, "dood": ronde.dood})
            )
            return EXIT_OK
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        try:
            while not stop.is_set():
                dispatcher.dispatch_once()
                stop.wait(max(chosen.bezorg_interval_seconds, 1))
        except KeyboardInterrupt:
            pass
        return EXIT_OK
    finally:
        client.close()
        engine.dispose()
