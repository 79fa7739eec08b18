"""All werkplek pages under /werkplek; each page module brings its own router."""

from __future__ import annotations

from fastapi import APIRouter

from app.web import clienten, inloggen, oidc, overzicht, rapportages, signalen, verzoeken

router = APIRouter(prefix="/werkplek", include_in_schema=False)
router.include_router(inloggen.router)
router.include_router(oidc.router)
router.include_router(clienten.router)
router.include_router(verzoeken.router)
router.include_router(signalen.router)
router.include_router(overzicht.router)
router.include_router(rapportages.router)
