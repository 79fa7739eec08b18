"""Referrals and regional records name the role and key that recorded them.

Revision ID: 3f6d2a9c1b7e
Revises: 3f1c7a9d2b64
Create Date: 2026-12-04 15:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "3f6d2a9c1b7e"
down_revision = "3f1c7a9d2b64"
branch_labels = None
depends_on = None

_KEY_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    """Apply this revision."""
    for table in ("verwijzing", "termijn_vastlegging"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("vastgelegd_rol", sa.String(length=16), nullable=True))
            batch_op.add_column(sa.Column("key_id", _KEY_ID, nullable=True))
            batch_op.create_foreign_key(
                batch_op.f(f"fk_{table}_key_id_api_key"), "api_key", ["key_id"], ["id"]
            )


def downgrade() -> None:
    """Undo this revision."""
    for table in ("termijn_vastlegging", "verwijzing"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f"fk_{table}_key_id_api_key"), type_="foreignkey")
            batch_op.drop_column("key_id")
            batch_op.drop_column("vastgelegd_rol")
