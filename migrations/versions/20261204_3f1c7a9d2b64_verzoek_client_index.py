"""An index on a client's requests at every aanbieder, for the referral rule A7.

Revision ID: 3f1c7a9d2b64
Revises: 8ae70a330ce3
Create Date: 2026-12-04 15:30:00.000000
"""

from __future__ import annotations

from alembic import op

revision = "3f1c7a9d2b64"
down_revision = "8ae70a330ce3"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("verzoek", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_verzoek_gemeente_bsn"), ["gemeente", "bsn"], unique=False
        )


def downgrade() -> None:
    """Undo this revision."""
    with op.batch_alter_table("verzoek", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_verzoek_gemeente_bsn"))
