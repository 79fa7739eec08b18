"""The werkplek's static files: our own stylesheet and scripts, and the built vendor assets."""

from __future__ import annotations

from pathlib import Path

from app import logs

STATIC = Path(__file__).parent / "static"
VENDOR = STATIC / "vendor"
URL_PREFIX = "/werkplek/static"
ROUTE_NAME = "werkplek-static"

VENDOR_BESTANDEN = (
    "noto-sans/index.css",
    "utrecht/design-tokens.css",
    "utrecht/component-library.css",
    "swagger-ui/swagger-ui-bundle.js",
    "swagger-ui/swagger-ui.css",
)
"""What `scripts/assets` copies and the pages load, relative to the vendor folder."""

log = logs.logger("start")


def ontbrekende_assets() -> list[str]:
    """The vendor files the pages load that are not there (all of them before scripts/assets)."""
    return [name for name in VENDOR_BESTANDEN if not (VENDOR / name).is_file()]


def assets_gebouwd() -> bool:
    """Whether every vendor file is there, so pages may link to them."""
    return not ontbrekende_assets()


def waarschuw_zonder_assets() -> None:
    """Tell the operator when the vendor assets were not built: pages then come unstyled."""
    missing = ontbrekende_assets()
    if missing:
        log.warning(
            "werkplek assets not built (run scripts/assets): the werkplek is served without "
            "the NL Design System styles and /docs without Swagger UI",
            extra={"folder": str(VENDOR), "missing": missing},
        )
