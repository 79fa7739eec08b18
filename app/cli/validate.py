"""`ijw validate`: judge message files as the standard does, without the online service."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from app.checks.pipeline import MAX_ISSUES, judge
from app.cli.common import add_command
from app.ijw.parser import DEFAULT_MAX_BYTES
from app.ijw.schemas import SchemaRegistry, default_registry
from app.problem import Refusal

EXIT_VALID, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


@dataclass(slots=True)
class FileReport:
    """The outcome for one file, shaped like the JSON line it prints."""

    file: str
    message_type: str | None
    xsd_valid: bool
    xsd_errors: list[dict] = field(default_factory=list)
    rules: list[dict] = field(default_factory=list)
    error: str | None = None
    xsd_errors_more: int = 0
    rules_truncated: bool = False

    @property
    def valid(self) -> bool:
        """True when the file is a schema-valid message that breaks no rule."""
        return self.error is None and self.xsd_valid and not self.rules

    def as_json(self) -> dict:
        """The JSON object printed with --format json."""
        out = {
            "file": self.file,
            "message_type": self.message_type,
            "xsd_valid": self.xsd_valid,
            "xsd_errors": self.xsd_errors,
            "rules": self.rules,
            "valid": self.valid,
            "xsd_errors_more": self.xsd_errors_more,
            "rules_truncated": self.rules_truncated,
        }
        if self.error is not None:
            out["error"] = self.error
        return out


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `validate` subcommand."""
    command = add_command(
        commands,
        "validate",
        help="validate iJw 3.2 message files (XSD and intra-message rules)",
        description="Validate iJw 3.2 messages: schema first, then the technical rules "
        "(TR/CD/CS) within the message. Exit 0: all valid; 1: any invalid; 2: usage error "
        "or unreadable file.",
    )
    command.add_argument("paths", nargs="+", metavar="FILE_OR_DIR", help="files or folders")
    command.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text for people, json for one object per file per line",
    )
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Validate every file named or found below a named folder."""
    files, unreadable = _collect(args.paths)
    for problem in unreadable:
        print(f"ijw validate: {problem}", file=sys.stderr)
    if unreadable:
        return EXIT_USAGE
    registry = default_registry()
    reports = [report_for(path, registry) for path in files]
    for report in reports:
        if args.format == "json":
            print(json.dumps(report.as_json(), ensure_ascii=False))
        else:
            _print_text(report, sys.stdout)
    return EXIT_VALID if all(r.valid for r in reports) else EXIT_INVALID


def report_for(path: Path, registry: SchemaRegistry) -> FileReport:
    """Judge one file."""
    try:
        verdict = judge(path.read_bytes(), registry, DEFAULT_MAX_BYTES)
    except Refusal as exc:
        return FileReport(str(path), None, False, error=f"{exc.kind}: {exc.detail}")
    return FileReport(
        file=str(path),
        message_type=verdict.type.name,
        xsd_valid=verdict.xsd_valid,
        xsd_errors=[{"line": e.line, "message": e.message} for e in verdict.xsd_errors],
        rules=[
            {
                "code": i.code,
                "retourcode": i.retourcode,
                "location": i.location,
                "message": i.message,
            }
            for i in verdict.issues
        ],
        xsd_errors_more=verdict.xsd_errors_more,
        rules_truncated=verdict.issues_truncated,
    )


def _collect(paths: list[str]) -> tuple[list[Path], list[str]]:
    files: list[Path] = []
    unreadable: list[str] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*.xml") if p.is_file())
            if not found:
                unreadable.append(f"{name}: folder holds no .xml files")
            files.extend(found)
        elif path.is_file():
            try:
                with path.open("rb"):
                    pass
            except OSError as exc:
                unreadable.append(f"{name}: cannot read: {exc.strerror}")
                continue
            files.append(path)
        else:
            unreadable.append(f"{name}: no such file or folder")
    return files, unreadable


def _print_text(report: FileReport, out: TextIO) -> None:
    status = "valid" if report.valid else "INVALID"
    print(f"{report.file}: {report.message_type or '?'} {status}", file=out)
    for line in _details(report):
        print(f"  {line}", file=out)


def _details(report: FileReport) -> Iterator[str]:
    if report.error is not None:
        yield report.error
    for error in report.xsd_errors:
        yield f"schema, line {error['line']}: {error['message']}"
    if report.xsd_errors_more:
        yield f"schema: {report.xsd_errors_more} more error(s) not listed"
    for issue in report.rules:
        yield f"{issue['code']} ({issue['retourcode']}) {issue['location']}: {issue['message']}"
    if report.rules_truncated:
        yield f"rules: stopped after {MAX_ISSUES} violations; there are more"
