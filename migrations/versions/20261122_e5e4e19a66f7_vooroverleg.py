"""Vooroverleg: agreements recorded by gemeente workers before a request (rule A3).

Revision ID: e5e4e19a66f7
Revises: c9f0d00f023c
Create Date: 2026-11-22 09:12:55.717312
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "e5e4e19a66f7"
down_revision = "c9f0d00f023c"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "vooroverleg",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("gemeente", sa.String(length=4), nullable=False),
        sa.Column("aanbieder", sa.String(length=8), nullable=False),
        sa.Column("bsn", sa.String(length=9), nullable=False),
        sa.Column("categorie", sa.String(length=2), nullable=False),
        sa.Column("code", sa.String(length=5), nullable=True),
        sa.Column("max_minuten", sa.Integer(), nullable=False),
        sa.Column("einddatum_date", sa.Date(), nullable=False),
        sa.Column("soort", sa.String(length=20), nullable=False),
        sa.Column("vastgelegd_door", sa.String(length=100), nullable=False),
        sa.Column("vastgelegd_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vooroverleg")),
    )
    with op.batch_alter_table("vooroverleg", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_vooroverleg_gemeente_aanbieder_bsn"),
            ["gemeente", "aanbieder", "bsn"],
            unique=False,
        )


def downgrade() -> None:
    """Undo this revision."""
    with op.batch_alter_table("vooroverleg", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vooroverleg_gemeente_aanbieder_bsn"))

    op.drop_table("vooroverleg")
