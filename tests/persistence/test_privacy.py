"""Database errors never quote statement parameters: they may hold a BSN."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from app.persistence.database import make_engine


def test_a_failing_statement_does_not_show_its_parameters(database_url):
    engine = make_engine(database_url)
    with pytest.raises(DBAPIError) as failed, engine.connect() as connection:
        connection.execute(
            text("SELECT * FROM no_such_table WHERE bsn = :bsn"), {"bsn": "999900018"}
        )
    engine.dispose()
    assert "999900018" not in str(failed.value)
    assert "hidden due to hide_parameters" in str(failed.value)
