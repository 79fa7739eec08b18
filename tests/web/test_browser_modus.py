"""Without a browser, browser tests skip; where they are required (CI), they fail instead."""

from __future__ import annotations

import pytest

from tests.web.browser import MODE, is_local, without_browser


def test_a_missing_browser_skips_the_test(monkeypatch):
    monkeypatch.delenv(MODE, raising=False)
    with pytest.raises(pytest.skip.Exception, match="no Chromium"):
        without_browser("no Chromium at /usr/bin/chromium")


def test_a_missing_browser_fails_the_test_where_browser_tests_are_required(monkeypatch):
    monkeypatch.setenv(MODE, "verplicht")
    with pytest.raises(pytest.fail.Exception, match="IJW_BROWSER_TESTS=verplicht"):
        without_browser("no Chromium at /usr/bin/chromium")


def test_only_this_machine_is_local():
    assert is_local("http://127.0.0.1:8000/docs")
    assert is_local("http://localhost:8000/werkplek/static/werkplek.css")
    assert is_local("data:image/svg+xml,%3csvg%3e")
    assert not is_local("https://validator.swagger.io/validator")
    assert not is_local("http://127.0.0.1.example.org/")
