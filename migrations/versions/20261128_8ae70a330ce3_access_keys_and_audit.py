"""API keys with role and scope; the audit of personal-data reads with keyed BSN hashes.

Revision ID: 8ae70a330ce3
Revises: 6145d3da12c8
Create Date: 2026-11-28 04:20:51.633087
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "8ae70a330ce3"
down_revision = "6145d3da12c8"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("bsn", sa.String(length=9), nullable=True))
    op.create_table(
        "api_key",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("rol", sa.String(length=16), nullable=False),
        sa.Column("agb", sa.String(length=8), nullable=True),
        sa.Column("gemeenten", sa.JSON(), nullable=False),
        sa.Column("naam", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_key")),
        sa.UniqueConstraint("sha256", name=op.f("uq_api_key_sha256")),
    )
    op.create_table(
        "audit_secret",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("secret", sa.String(length=128), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_secret")),
    )
    op.create_table(
        "audit_entry",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("key_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("rol", sa.String(length=16), nullable=False),
        sa.Column("actie", sa.String(length=100), nullable=False),
        sa.Column("wat", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["key_id"], ["api_key.id"], name=op.f("fk_audit_entry_key_id_api_key")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entry")),
    )
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_entry_at"), ["at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_audit_entry_key_id_at"), ["key_id", "at"], unique=False
        )

    op.create_table(
        "audit_client",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("audit_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("bsn_hash", sa.String(length=64), nullable=False),
        sa.Column("gemeente", sa.String(length=4), nullable=False),
        sa.ForeignKeyConstraint(
            ["audit_id"], ["audit_entry.id"], name=op.f("fk_audit_client_audit_id_audit_entry")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_client")),
    )
    with op.batch_alter_table("audit_client", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_client_bsn_hash"), ["bsn_hash"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_audit_client_audit_id_gemeente"), ["audit_id", "gemeente"], unique=False
        )

    with op.batch_alter_table("ontvangst", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("key_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True)
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_ontvangst_key_id_api_key"), "api_key", ["key_id"], ["id"]
        )


def downgrade() -> None:
    """Undo this revision."""
    with op.batch_alter_table("ontvangst", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_ontvangst_key_id_api_key"), type_="foreignkey")
        batch_op.drop_column("key_id")
    with op.batch_alter_table("audit_client", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_client_audit_id_gemeente"))
        batch_op.drop_index(batch_op.f("ix_audit_client_bsn_hash"))

    op.drop_table("audit_client")
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_entry_key_id_at"))
        batch_op.drop_index(batch_op.f("ix_audit_entry_at"))

    op.drop_table("audit_entry")
    op.drop_table("audit_secret")
    op.drop_table("api_key")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("bsn")
