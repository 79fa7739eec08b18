"""Werkplek accounts, their sessions and failed sign-ins; audit entries made by a person.

Revision ID: 0091ad3391f3
Revises: 5b8e2c4d7a91
Create Date: 2026-12-04 17:58:40.040530
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0091ad3391f3"
down_revision = "5b8e2c4d7a91"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "gebruiker",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("naam", sa.String(length=100), nullable=False),
        sa.Column("wachtwoord_hash", sa.String(length=255), nullable=False),
        sa.Column("rol", sa.String(length=16), nullable=False),
        sa.Column("gemeenten", sa.JSON(), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gebruiker")),
        sa.UniqueConstraint("naam", name=op.f("uq_gebruiker_naam")),
    )
    op.create_table(
        "inlog_poging",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("gebruikersnaam", sa.String(length=100), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inlog_poging")),
    )
    with op.batch_alter_table("inlog_poging", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_inlog_poging_gebruikersnaam_at"), ["gebruikersnaam", "at"], unique=False
        )

    op.create_table(
        "werkplek_sessie",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("token_sha256", sa.String(length=64), nullable=False),
        sa.Column(
            "gebruiker_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["gebruiker_id"],
            ["gebruiker.id"],
            name=op.f("fk_werkplek_sessie_gebruiker_id_gebruiker"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_werkplek_sessie")),
        sa.UniqueConstraint("token_sha256", name=op.f("uq_werkplek_sessie_token_sha256")),
    )
    with op.batch_alter_table("werkplek_sessie", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_werkplek_sessie_gebruiker_id"), ["gebruiker_id"], unique=False
        )

    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "gebruiker_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
            )
        )
        batch_op.alter_column(
            "key_id",
            existing_type=sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        )
        batch_op.create_index(
            batch_op.f("ix_audit_entry_gebruiker_id_at"), ["gebruiker_id", "at"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_audit_entry_gebruiker_id_gebruiker"),
            "gebruiker",
            ["gebruiker_id"],
            ["id"],
        )
        batch_op.create_check_constraint("wie", "(key_id IS NULL) <> (gebruiker_id IS NULL)")


def downgrade() -> None:
    """Undo this revision."""
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_audit_entry_wie"), type_="check")
        batch_op.drop_constraint(
            batch_op.f("fk_audit_entry_gebruiker_id_gebruiker"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_audit_entry_gebruiker_id_at"))
        batch_op.alter_column(
            "key_id",
            existing_type=sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        )
        batch_op.drop_column("gebruiker_id")

    with op.batch_alter_table("werkplek_sessie", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_werkplek_sessie_gebruiker_id"))

    op.drop_table("werkplek_sessie")
    with op.batch_alter_table("inlog_poging", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inlog_poging_gebruikersnaam_at"))

    op.drop_table("inlog_poging")
    op.drop_table("gebruiker")
