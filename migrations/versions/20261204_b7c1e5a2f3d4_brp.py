"""Client data from the BRP: its source, NaamGebruik and partner name; BRP retries per client.

Revision ID: b7c1e5a2f3d4
Revises: 0091ad3391f3
Create Date: 2026-12-04 18:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "b7c1e5a2f3d4"
down_revision = "0091ad3391f3"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("client") as batch:
        batch.add_column(sa.Column("naam_gebruik", sa.String(length=1), nullable=True))
        batch.add_column(sa.Column("partner_achternaam", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("partner_voorvoegsel", sa.String(length=10), nullable=True))
        batch.add_column(sa.Column("bron", sa.String(length=16), nullable=True))
    op.create_table(
        "brp_opvraging",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("gemeente", sa.String(length=4), nullable=False),
        sa.Column("bsn", sa.String(length=9), nullable=False),
        sa.Column("uitkomst", sa.String(length=16), nullable=False),
        sa.Column("reden", sa.String(length=500), nullable=False),
        sa.Column("pogingen", sa.Integer(), nullable=False),
        sa.Column("volgende_poging_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("bijgewerkt_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_brp_opvraging")),
        sa.UniqueConstraint("gemeente", "bsn", name=op.f("uq_brp_opvraging_gemeente_bsn")),
    )
    op.create_index(
        op.f("ix_brp_opvraging_volgende_poging_at"), "brp_opvraging", ["volgende_poging_at"]
    )


def downgrade() -> None:
    """Undo this revision."""
    op.drop_index(op.f("ix_brp_opvraging_volgende_poging_at"), table_name="brp_opvraging")
    op.drop_table("brp_opvraging")
    with op.batch_alter_table("client") as batch:
        batch.drop_column("bron")
        batch.drop_column("partner_voorvoegsel")
        batch.drop_column("partner_achternaam")
        batch.drop_column("naam_gebruik")
