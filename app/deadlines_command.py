"""`ijw deadlines scan`: move every signal past its due date to overdue, once (cron, jobs)."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from app.clock import SystemClock, date_of

EXIT_OK, EXIT_SETTINGS = 0, 2


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `deadlines` subcommand."""
    deadlines = commands.add_parser("deadlines", help="deadline signals")
    actions = deadlines.add_subparsers(dest="action", required=True, metavar="ACTION")
    scan = actions.add_parser("scan", help="mark signals past their due date overdue (idempotent)")
    scan.add_argument(
        "--today",
        type=date.fromisoformat,
        help="the date to scan as of (YYYY-MM-DD); default: today in the Netherlands",
    )
    scan.add_argument(
        "--aanvullen",
        action="store_true",
        help="first open the deadlines of toewijzingen that have none (once, after an upgrade)",
    )
    scan.set_defaults(run=run_scan)


def run_scan(args: argparse.Namespace) -> int:
    """Run one scan on the configured database and print what it changed as JSON."""
    from app.config import SettingsError, load_settings
    from app.deadlines.scan import aanvullen, scan
    from app.deadlines.service import Termijnbewaking
    from app.decisions.ruleset import load_rule_sets
    from app.ijw.werkdagen import Werkdagen
    from app.persistence.database import make_engine, make_sessionmaker
    from app.persistence.migrate import upgrade

    try:
        settings = load_settings()
    except SettingsError as error:
        print(f"ijw: {error}", file=sys.stderr)
        return EXIT_SETTINGS
    now = SystemClock().now()
    engine = make_engine(settings.database_url)
    try:
        if engine.dialect.name == "sqlite":
            upgrade(engine)
        aangevuld = None
        with make_sessionmaker(engine).begin() as session:
            if args.aanvullen:
                termijnen = Termijnbewaking(
                    kalender=Werkdagen.from_settings(settings),
                    rule_sets=load_rule_sets(settings.ruleset_dir),
                    start_werkdagen=settings.start_signaal_werkdagen,
                )
                aangevuld = aanvullen(session, termijnen, now)
            result = scan(session, args.today or date_of(now), now)
    finally:
        engine.dispose()
    summary = {"today": result.today.isoformat(), "overdue": result.overdue}
    if aangevuld is not None:
        summary["aangevuld"] = aangevuld
    print(json.dumps(summary))
    return EXIT_OK
