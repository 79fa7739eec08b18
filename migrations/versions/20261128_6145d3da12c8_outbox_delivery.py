"""Outbox delivery state: status, attempts, next attempt, last failure, delivered, acknowledged.

Revision ID: 6145d3da12c8
Revises: 91a0890ce1c8
Create Date: 2026-11-28 03:28:09.905506
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "6145d3da12c8"
down_revision = "91a0890ce1c8"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("status", sa.String(length=10), server_default="wachtend", nullable=False)
        )
        batch_op.add_column(sa.Column("pogingen", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(
            sa.Column("volgende_poging_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("laatste_fout", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("bezorgd_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("bevestigd_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_outbox_status_volgende_poging_at"),
            ["status", "volgende_poging_at"],
            unique=False,
        )


def downgrade() -> None:
    """Undo this revision."""
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_status_volgende_poging_at"))
        batch_op.drop_column("bevestigd_at")
        batch_op.drop_column("bezorgd_at")
        batch_op.drop_column("laatste_fout")
        batch_op.drop_column("volgende_poging_at")
        batch_op.drop_column("pogingen")
        batch_op.drop_column("status")
