"""`ijw deadlines scan`: move every signal past its due date to overdue, once (cron, jobs)."""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import TYPE_CHECKING, Any

from app.cli.common import EXIT_OK, add_command, open_database, say, settings

if TYPE_CHECKING:
    from app.persistence.models import Signaal


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `deadlines` subcommand."""
    deadlines = add_command(commands, "deadlines", help="deadline signals")
    actions = deadlines.add_subparsers(dest="action", required=True, metavar="ACTION")
    scan = add_command(
        actions,
        "scan",
        help="mark signals past their due date overdue (idempotent)",
        description="Mark every open signal due before today overdue, and put back to open "
        "any overdue signal that is not yet due. A --today later than the real date is a what-if: "
        "it implies --dry-run, so the database never holds what the calendar has not reached.",
    )
    scan.add_argument(
        "--today",
        type=date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="the date to scan as of (default: today in the Netherlands)",
    )
    scan.add_argument(
        "--dry-run",
        action="store_true",
        help="change nothing: print the signals that would turn overdue",
    )
    scan.add_argument(
        "--aanvullen",
        action="store_true",
        help="first open the deadlines of toewijzingen that have none (once, after an upgrade)",
    )
    scan.set_defaults(run=run_scan)


def run_scan(args: argparse.Namespace) -> int:
    """Run one scan on the configured database and print what it changed as JSON."""
    from app.clock import SystemClock, date_of
    from app.deadlines.scan import aanvullen, scan, would_turn_overdue
    from app.deadlines.service import Termijnbewaking
    from app.decisions.ruleset import load_rule_sets
    from app.ijw.werkdagen import Werkdagen
    from app.persistence.database import make_sessionmaker

    chosen = settings()
    now = SystemClock().now()
    today = args.today or date_of(now)
    dry_run = args.dry_run or today > date_of(now)
    if dry_run and not args.dry_run:
        say(f"{today} is after today ({date_of(now)}): a dry run, nothing is changed")
    engine = open_database(chosen)
    summary: dict = {"today": today.isoformat()}
    try:
        with make_sessionmaker(engine)() as session:
            if args.aanvullen:
                termijnen = Termijnbewaking(
                    kalender=Werkdagen.from_settings(chosen),
                    rule_sets=load_rule_sets(chosen.ruleset_dir),
                    start_werkdagen=chosen.start_signaal_werkdagen,
                )
                summary["aangevuld"] = aanvullen(session, termijnen, now)
            if dry_run:
                signalen = would_turn_overdue(session, today)
                summary |= {"dry_run": True, "overdue": len(signalen)}
                summary["signalen"] = [_shown(signaal) for signaal in signalen]
                session.rollback()
            else:
                result = scan(session, today, now)
                summary |= {"overdue": result.overdue, "heropend": result.heropend}
                session.commit()
    finally:
        engine.dispose()
    print(json.dumps(summary))
    return EXIT_OK


def _shown(signaal: Signaal) -> dict[str, Any]:
    """A signal as the dry run lists it (no personal data: signals hold none)."""
    return {
        "id": signaal.id,
        "soort": signaal.soort,
        "onderwerp": signaal.onderwerp,
        "onderwerp_id": signaal.onderwerp_id,
        "gemeente": signaal.gemeente,
        "aanbieder": signaal.aanbieder,
        "due_date": signaal.due_date.isoformat(),
    }
