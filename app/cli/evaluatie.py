"""`ijw evaluatie steekproef`: draw the regional evaluation's cases, reproducibly by seed."""

from __future__ import annotations

import argparse
import json

from app.cli.common import EXIT_OK, EXIT_REFUSED, CommandError, add_command, open_database, settings


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `evaluatie` subcommand."""
    evaluatie = add_command(commands, "evaluatie", help="the regional evaluation of declared time")
    actions = evaluatie.add_subparsers(dest="action", required=True, metavar="ACTION")
    steekproef = add_command(
        actions,
        "steekproef",
        help="draw cases that ran their granted 12 months (prints JSON, no BSN)",
        description="Draw toewijzingen of these products that ran their granted 12 months and "
        "ended by today; the same seed over the same toewijzingen draws the same cases, which "
        "are kept so a worker can record the client's contact time.",
    )
    steekproef.add_argument("--gemeente", required=True, help="CBS code of a served gemeente")
    steekproef.add_argument(
        "--aantal", type=int, default=5, metavar="N", help="how many cases to draw"
    )
    steekproef.add_argument(
        "--product", required=True, help="ProductCodes, comma-separated: 54001,54002,54003"
    )
    steekproef.add_argument(
        "--seed", type=int, required=True, metavar="N", help="the same seed draws the same"
    )
    steekproef.set_defaults(run=run_steekproef)


def run_steekproef(args: argparse.Namespace) -> int:
    """Draw and store the cases on the configured database; print them as JSON."""
    from app.clock import SystemClock, date_of
    from app.declaraties.evaluatie import steekproef
    from app.persistence.database import make_sessionmaker

    chosen = settings()
    producten = [code.strip() for code in args.product.split(",") if code.strip()]
    if args.gemeente not in chosen.gemeenten or args.aantal < 1 or not producten:
        raise CommandError(
            "--gemeente must be served, --aantal at least 1, --product not empty", EXIT_REFUSED
        )
    now = SystemClock().now()
    engine = open_database(chosen)
    try:
        with make_sessionmaker(engine).begin() as session:
            cases = steekproef(
                session,
                gemeente=args.gemeente,
                producten=producten,
                aantal=args.aantal,
                seed=args.seed,
                today=date_of(now),
                now=now,
            )
    finally:
        engine.dispose()
    drawn = [
        {
            "toewijzing_nummer": c.toewijzing_nummer,
            "code": c.code,
            "ingangsdatum": c.ingangsdatum.isoformat(),
            "einddatum": c.einddatum.isoformat(),
        }
        for c in cases
    ]
    print(json.dumps({"gemeente": args.gemeente, "seed": args.seed, "casussen": drawn}))
    return EXIT_OK
