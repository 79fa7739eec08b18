"""How far the deadline scan has passed the calendar: overdue is derived, no longer written.

Revision ID: 7e3a9c5d1f28
Revises: 5d2e8f1a7c90
Create Date: 2026-12-05 00:30:00.000000

The signals earlier scans stored `overdue` are stored `open` again (once, like one scan of
old), with the watermark just past the last due date among them: they stay overdue, and an
open signal stays open unless it is due before one of them (opened past due after the last
scan, which the next scan would have marked). None past the real date. The two indexes on
status take the due date (and the kind, for the overdue gauge) so both states stay ranges.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision = "7e3a9c5d1f28"
down_revision = "5d2e8f1a7c90"
branch_labels = None
depends_on = None

_SIGNAAL = sa.table(
    "signaal",
    sa.column("status", sa.String),
    sa.column("due_date", sa.Date),
    sa.column("changed_at", sa.DateTime(timezone=True)),
)
_OLD = (["status", "due_date"], ["gemeente", "aanbieder", "status"])
_NEW = (["status", "due_date", "soort"], ["gemeente", "aanbieder", "status", "due_date"])
"""The status indexes before and after."""


def upgrade() -> None:
    """Apply this revision."""
    scan = op.create_table(
        "signaal_scan",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("tot", sa.Date(), nullable=False),
        sa.Column("gescand_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_signaal_scan_een_rij")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signaal_scan")),
    )
    now = datetime.now(UTC)
    today = now.astimezone(ZoneInfo("Europe/Amsterdam")).date()
    due, status = _SIGNAAL.c.due_date, _SIGNAAL.c.status
    bind = op.get_bind()
    last_overdue = bind.scalar(sa.select(sa.func.max(due)).where(status == "overdue", due < today))
    first_open = bind.scalar(sa.select(sa.func.min(due)).where(status == "open"))
    candidates = []
    if last_overdue is not None:
        candidates.append(last_overdue + timedelta(days=1))
    if first_open is not None:
        candidates.append(min(first_open, today))
    if candidates:
        op.bulk_insert(scan, [{"id": 1, "tot": max(candidates), "gescand_at": now}])
    # Rewritten before the new indexes are built: two fewer indexes to update per row.
    _drop_indexes(_OLD)
    op.execute(_SIGNAAL.update().where(status == "overdue", due < today).values(status="open"))
    # Those not yet due go back to open, as the next scan of old would have put them.
    op.execute(_SIGNAAL.update().where(status == "overdue").values(status="open", changed_at=now))
    _create_indexes(_NEW)


def downgrade() -> None:
    """Undo this revision: write out the overdue state the watermark implied."""
    scan = sa.table("signaal_scan", sa.column("tot", sa.Date))
    tot = op.get_bind().scalar(sa.select(scan.c.tot))
    _drop_indexes(_NEW)
    if tot is not None:
        op.execute(
            _SIGNAAL.update()
            .where(_SIGNAAL.c.status == "open", _SIGNAAL.c.due_date < tot)
            .values(status="overdue")
        )
    _create_indexes(_OLD)
    op.drop_table("signaal_scan")


def _drop_indexes(indexes: tuple[list[str], ...]) -> None:
    with op.batch_alter_table("signaal", schema=None) as batch_op:
        for columns in indexes:
            batch_op.drop_index(batch_op.f(f"ix_signaal_{'_'.join(columns)}"))


def _create_indexes(indexes: tuple[list[str], ...]) -> None:
    with op.batch_alter_table("signaal", schema=None) as batch_op:
        for columns in indexes:
            batch_op.create_index(batch_op.f(f"ix_signaal_{'_'.join(columns)}"), columns)
