"""Regional records that answer signals: extension notices, evaluations, contact moments.

Revision ID: 91a0890ce1c8
Revises: 5a9671a74c62
Create Date: 2026-11-28 03:09:29.857741
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "91a0890ce1c8"
down_revision = "5a9671a74c62"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "termijn_vastlegging",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "toewijzing_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("soort", sa.String(length=32), nullable=False),
        sa.Column("datum_date", sa.Date(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("vastgelegd_door", sa.String(length=100), nullable=False),
        sa.Column("vastgelegd_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["toewijzing_id"],
            ["toewijzing.id"],
            name=op.f("fk_termijn_vastlegging_toewijzing_id_toewijzing"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_termijn_vastlegging")),
    )
    with op.batch_alter_table("termijn_vastlegging", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_termijn_vastlegging_toewijzing_id_soort"),
            ["toewijzing_id", "soort"],
            unique=False,
        )


def downgrade() -> None:
    """Undo this revision."""
    with op.batch_alter_table("termijn_vastlegging", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_termijn_vastlegging_toewijzing_id_soort"))

    op.drop_table("termijn_vastlegging")
