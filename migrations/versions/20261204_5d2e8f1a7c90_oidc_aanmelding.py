"""Sign-in through the identity provider: pending sign-ins and the person's subject.

Revision ID: 5d2e8f1a7c90
Revises: b7c1e5a2f3d4
Create Date: 2026-12-04 18:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "5d2e8f1a7c90"
down_revision = "b7c1e5a2f3d4"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "oidc_aanvraag",
        sa.Column("state_hash", sa.String(length=64), nullable=False),
        sa.Column("nonce", sa.String(length=128), nullable=False),
        sa.Column("code_verifier", sa.String(length=128), nullable=False),
        sa.Column("aangemaakt", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("state_hash", name=op.f("pk_oidc_aanvraag")),
    )
    with op.batch_alter_table("gebruiker") as batch:
        batch.add_column(sa.Column("oidc_subject", sa.String(length=255), nullable=True))
        batch.create_unique_constraint(batch.f("uq_gebruiker_oidc_subject"), ["oidc_subject"])


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("gebruiker") as batch:
        batch.drop_constraint(batch.f("uq_gebruiker_oidc_subject"), type_="unique")
        batch.drop_column("oidc_subject")
    op.drop_table("oidc_aanvraag")
