"""All werkplek pages under /werkplek; each page module brings its own router."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/werkplek", include_in_schema=False)
