"""Signals: deadlines of the standard and the regions, with their state (issue 5).

Revision ID: 5a9671a74c62
Revises: a2bb0d744218
Create Date: 2026-11-28 03:04:41.655793
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "5a9671a74c62"
down_revision = "a2bb0d744218"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "signaal",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("soort", sa.String(length=32), nullable=False),
        sa.Column("onderwerp", sa.String(length=16), nullable=False),
        sa.Column("onderwerp_id", sa.BigInteger(), nullable=False),
        sa.Column("gemeente", sa.String(length=4), nullable=False),
        sa.Column("aanbieder", sa.String(length=8), nullable=False),
        sa.Column("vanaf_date", sa.Date(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("te_laat", sa.Boolean(), nullable=False),
        sa.Column("detail", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signaal")),
        sa.UniqueConstraint(
            "soort",
            "onderwerp",
            "onderwerp_id",
            name=op.f("uq_signaal_soort_onderwerp_onderwerp_id"),
        ),
    )
    with op.batch_alter_table("signaal", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_signaal_gemeente_aanbieder_status"),
            ["gemeente", "aanbieder", "status"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_signaal_status_due_date"), ["status", "due_date"], unique=False
        )
    if op.get_bind().dialect.name == "postgresql":
        # Every scan rewrites the rows it moves to overdue; with the default scale factor a
        # table of millions of signals waits for hundreds of thousands of dead versions,
        # which the next scans then wade through.
        op.execute(
            "ALTER TABLE signaal SET (autovacuum_vacuum_scale_factor = 0.01, "
            "autovacuum_analyze_scale_factor = 0.02)"
        )


def downgrade() -> None:
    """Undo this revision."""
    with op.batch_alter_table("signaal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_signaal_status_due_date"))
        batch_op.drop_index(batch_op.f("ix_signaal_gemeente_aanbieder_status"))

    op.drop_table("signaal")
