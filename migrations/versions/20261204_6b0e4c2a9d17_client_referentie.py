"""An opaque reference per client and gemeente for the werkplek's URLs (never the BSN).

Revision ID: 6b0e4c2a9d17
Revises: 899cbd07ecf2
Create Date: 2026-12-04 18:10:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "6b0e4c2a9d17"
down_revision = "899cbd07ecf2"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "client_referentie",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("ref", sa.String(length=32), nullable=False),
        sa.Column("gemeente", sa.String(length=4), nullable=False),
        sa.Column("bsn", sa.String(length=9), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_client_referentie")),
        sa.UniqueConstraint("ref", name=op.f("uq_client_referentie_ref")),
        sa.UniqueConstraint("gemeente", "bsn", name=op.f("uq_client_referentie_gemeente_bsn")),
    )


def downgrade() -> None:
    """Undo this revision."""
    op.drop_table("client_referentie")
