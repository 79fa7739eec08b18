"""A decision's explanations for the gemeente alone, apart from the reasons the aanbieder sees.

Revision ID: 3c1f7d2e9b4a
Revises: 3f6d2a9c1b7e
Create Date: 2026-12-04 15:30:00.000000
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from alembic import op

revision = "3c1f7d2e9b4a"
down_revision = "3f6d2a9c1b7e"
branch_labels = None
depends_on = None

_VOOR_BEHEER = re.compile(
    r"^(product codes for .* are not configured \(rule [^)]*\): the operator sets them"
    r"|gemeente [0-9]{4} is in no rule set: "
    r"|A[0-9]+ could not be evaluated: )"
)
"""The configuration and record gaps that earlier versions wrote among the reasons."""

_BESLISSING = sa.table(
    "beslissing",
    sa.column("id", sa.Integer),
    sa.column("redenen", sa.JSON),
    sa.column("beheer", sa.JSON),
)


def upgrade() -> None:
    """Apply this revision: the new column, and earlier records' gaps moved into it."""
    with op.batch_alter_table("beslissing", schema=None) as batch_op:
        batch_op.add_column(sa.Column("beheer", sa.JSON(), nullable=True))
    connection = op.get_bind()
    for row in connection.execute(sa.select(_BESLISSING.c.id, _BESLISSING.c.redenen)):
        redenen = [reden for reden in row.redenen if not _VOOR_BEHEER.match(reden)]
        beheer = [reden for reden in row.redenen if _VOOR_BEHEER.match(reden)]
        if beheer:
            connection.execute(
                _BESLISSING.update()
                .where(_BESLISSING.c.id == row.id)
                .values(redenen=redenen, beheer=beheer)
            )


def downgrade() -> None:
    """Revert this revision: the gemeente's explanations back among the reasons."""
    connection = op.get_bind()
    select = sa.select(_BESLISSING.c.id, _BESLISSING.c.redenen, _BESLISSING.c.beheer)
    for row in connection.execute(select.where(_BESLISSING.c.beheer.is_not(None))):
        connection.execute(
            _BESLISSING.update()
            .where(_BESLISSING.c.id == row.id)
            .values(redenen=[*row.redenen, *row.beheer])
        )
    with op.batch_alter_table("beslissing", schema=None) as batch_op:
        batch_op.drop_column("beheer")
