"""An index on the deadline signals by subject and due date, for the werkvoorraad's order.

Revision ID: 5b8e2c4d7a91
Revises: 6b0e4c2a9d17
Create Date: 2026-12-04 18:30:00.000000
"""

from __future__ import annotations

from alembic import op

revision = "5b8e2c4d7a91"
down_revision = "6b0e4c2a9d17"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("signaal", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_signaal_onderwerp_due_date_onderwerp_id"),
            ["onderwerp", "due_date", "onderwerp_id"],
            unique=False,
        )


def downgrade() -> None:
    """Undo this revision."""
    with op.batch_alter_table("signaal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_signaal_onderwerp_due_date_onderwerp_id"))
