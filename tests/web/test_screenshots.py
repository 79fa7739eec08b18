"""scripts/screenshots.py names werkplek pages that exist, and the README shows each of them."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from app.web import clienten, inloggen, overzicht, signalen, verzoeken

ROOT = Path(__file__).resolve().parents[2]


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("screenshots", ROOT / "scripts/screenshots.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _get_routes() -> set[str]:
    return {
        "/werkplek" + route.path
        for module in (clienten, inloggen, overzicht, signalen, verzoeken)
        for route in module.router.routes
        if "GET" in route.methods
    }


def test_every_screenshot_is_of_a_werkplek_get_route_and_shown_in_the_readme() -> None:
    schermen = _script().SCHERMEN
    routes = _get_routes()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")

    assert {scherm.route for scherm in schermen} <= routes
    assert len({scherm.naam for scherm in schermen}) == len(schermen)
    for scherm in schermen:
        assert (ROOT / "docs/screenshots" / f"{scherm.naam}.png").is_file()
        assert f"docs/screenshots/{scherm.naam}.png" in readme
