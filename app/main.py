"""The app factory: settings, database, schemas and services built at start-up, not import."""

from __future__ import annotations

import gc
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, nullcontext
from http import HTTPStatus

from anyio import to_thread
from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from app import logs
from app.access.keys import KeyStore
from app.api import audit as audit_api
from app.api import (
    berichten,
    clientgegevens,
    evaluatie,
    health,
    inzage,
    methods,
    outbox,
    provider,
    provider_vastleggingen,
    rapportages,
    signalen,
    toewijzingen,
    vastleggingen,
    verwijzingen,
    verzoeken,
    vooroverleg,
)
from app.api.auth import AccessRefused
from app.api.meldingen import http_detail, http_titel
from app.api.problems import problem, refusal_response, validation_problem
from app.audit.record import Audit, load_secret
from app.bootstrap import DatabaseNotReady, DatabaseUnreachable, database_label, ensure_ready
from app.brp.client import BrpClient
from app.brp.scheduled import periodic_brp
from app.brp.service import BrpService
from app.clock import Clock, SystemClock
from app.config import Settings, load_settings
from app.deadlines.scheduled import periodic_scan
from app.deadlines.service import Termijnbewaking
from app.decisions.beslissing import Uitkomst
from app.decisions.ruleset import RuleSets, gevolg_van, load_rule_sets
from app.declaraties.service import DeclaratieService
from app.declaraties.tarieven import load_tarieven
from app.ijw.gemeenten import load_gemeenten
from app.ijw.productcodes import load_productcodes
from app.ijw.schemas import default_registry
from app.ijw.werkdagen import Werkdagen
from app.ingest.service import IngestService
from app.metrics import Metrics
from app.oidc.client import OidcClient
from app.outbox.scheduled import periodic_dispatch
from app.outbox.service import OutboxService
from app.persistence.database import make_engine, make_sessionmaker
from app.problem import Problem
from app.services import Services
from app.toewijzingen.jw301 import Jw301Sender
from app.toewijzingen.service import GemeenteToewijzingen
from app.verzoeken.service import VerzoekService
from app.web.inrichting import http_fout as werkplek_http_fout
from app.web.inrichting import inrichten as werkplek_inrichten
from app.web.router import router as werkplek_router
from app.web.statisch import waarschuw_zonder_assets

log = logs.logger("start")
toegang_log = logs.logger("toegang")


def build_services(settings: Settings, clock: Clock) -> Services:
    """Build everything the requests share; migrates an SQLite database on the way."""
    engine = make_engine(settings.database_url, pool_size=settings.threads)
    label = database_label(settings.database_url)
    try:
        ensure_ready(engine)
        log.info("database ready", extra={"database": label})
    except DatabaseUnreachable as away:
        # Serve anyway: /health/ready answers 503 and requests 503 until the database is back.
        log.error("database unreachable", extra={"database": label, "error": str(away)})
    except DatabaseNotReady:
        engine.dispose()
        raise
    registry = default_registry()
    productcodes = (
        load_productcodes(settings.productcodes_file) if settings.productcodes_file else None
    )
    rule_sets = load_rule_sets(settings.ruleset_dir)
    _report(rule_sets, settings.gemeenten, settings.zonder_regelset)
    termijnen = Termijnbewaking(
        kalender=Werkdagen.from_settings(settings),
        rule_sets=rule_sets,
        start_werkdagen=settings.start_signaal_werkdagen,
    )
    outbox = OutboxService(registry, termijnen)
    jw301 = Jw301Sender(registry, outbox, termijnen)
    verzoeken = VerzoekService(
        rule_sets=rule_sets,
        zonder_regelset=settings.zonder_regelset,
        registry=registry,
        outbox=outbox,
        jw301=jw301,
        termijnen=termijnen,
    )
    gemeenten = load_gemeenten()
    metrics = Metrics()
    ingest = IngestService(
        registry=registry,
        gemeenten=gemeenten,
        served=frozenset(settings.gemeenten),
        clock=clock,
        productcodes=productcodes,
        max_bytes=settings.max_body_bytes,
        verzoeken=verzoeken,
        termijnen=termijnen,
        toewijzingen=GemeenteToewijzingen(jw301),
        declaraties=DeclaratieService(
            registry=registry,
            outbox=outbox,
            gemeenten=gemeenten,
            termijnen=termijnen,
            tarieven=load_tarieven(settings.tarieven_file) if settings.tarieven_file else None,
        ),
        metrics=metrics,
    )
    sessions = make_sessionmaker(engine)
    secret = settings.audit_secret.get_secret_value() if settings.audit_secret else None
    if secret is None:
        log.warning("IJW_AUDIT_SECRET is not set: the audit hashes' key is kept in the database")
    audit = Audit(lambda: load_secret(sessions, secret))
    # Before any request: on SQLite a first read must not wait for its own write lock.
    audit.prepare()
    brp = None
    if settings.brp_url is not None:
        brp = BrpService(BrpClient(settings, metrics), audit, jw301, clock, settings)
        jw301.brp = brp
    return Services(
        settings=settings,
        rule_sets=rule_sets,
        engine=engine,
        sessionmaker=sessions,
        registry=registry,
        ingest=ingest,
        verzoeken=verzoeken,
        outbox=outbox,
        jw301=jw301,
        termijnen=termijnen,
        metrics=metrics,
        clock=clock,
        # SQLite has one writer at a time: queueing writers here beats its busy-wait retries.
        transaction_lock=threading.Lock() if engine.dialect.name == "sqlite" else nullcontext(),
        keys=KeyStore(sessions, settings.key_cache_seconds),
        audit=audit,
        brp=brp,
        oidc=_oidc(settings),
    )


def _oidc(settings: Settings) -> OidcClient | None:
    """The identity provider's client when the werkplek signs in through one."""
    if not settings.oidc_issuer or not settings.oidc_client_id or not settings.oidc_client_secret:
        return None
    return OidcClient(
        settings.oidc_issuer,
        settings.oidc_client_id,
        settings.oidc_client_secret.get_secret_value(),
        scopes=settings.oidc_scopes,
        groepen_claim=settings.oidc_groepen_claim,
        timeout=settings.oidc_timeout_seconds,
    )


def _report(
    rule_sets: RuleSets, served: tuple[str, ...], zonder_regelset: Uitkomst = Uitkomst.ONDERZOEK
) -> None:
    """Warn the operator, in words, of every rule set that decides less than it could."""
    for rule_set in rule_sets:
        for lacune in rule_set.lacunes():
            log.warning(lacune, extra={"regelset": rule_set.name, "bestand": rule_set.source})
    for code in served:
        if rule_sets.rule_set_for(code) is None:
            log.warning(
                f"gemeente {code} valt onder geen regelset — alle verzoeken "
                f"{gevolg_van(zonder_regelset)} (IJW_ZONDER_REGELSET)",
                extra={"gemeente": code},
            )


async def _invalid_request(request: Request, error: RequestValidationError) -> Response:
    """Schema failures of JSON requests as problem+json, without the values sent (BSNs)."""
    return validation_problem(list(error.errors()))


async def _refused(request: Request, refusal: Problem) -> Response:
    """Every refusal a service raises, as its problem+json (status, type, Dutch title/detail)."""
    return refusal_response(refusal)


async def _access_refused(request: Request, refusal: AccessRefused) -> Response:
    """401 without a valid key, 403 for a key whose role or scope does not reach."""
    request.app.state.services.metrics.toegang_geweigerd.labels(refusal.slug).inc()
    toegang_log.info("toegang geweigerd", extra={"reden": refusal.slug, "path": request.url.path})
    response = refusal_response(refusal)
    if refusal.status_code == 401:
        response.headers["WWW-Authenticate"] = "Bearer"
    return response


async def _http_error(request: Request, error: StarletteHTTPException) -> Response:
    """FastAPI's own refusals (unknown path, method, unreadable body) as problem+json too."""
    pagina = werkplek_http_fout(request, error.status_code)
    if pagina is not None:
        return pagina
    phrase = HTTPStatus(error.status_code).phrase
    response = problem(
        error.status_code,
        f"/problems/{phrase.lower().replace(' ', '-')}",
        http_titel(error.status_code),
        http_detail(str(error.detail)),
    )
    response.headers.update(error.headers or {})
    if error.status_code == 405:
        # Starlette names the methods of the first route on the path only.
        response.headers["Allow"] = methods.allowed(request)
    return response


async def _database_unavailable(request: Request, error: OperationalError) -> Response:
    """The database cannot be reached: 503, so the broker retries; nothing was stored."""
    log.error("database unavailable", extra={"error": type(error.orig).__name__})
    request.app.state.services.metrics.interne_fouten.inc()
    return problem(
        503,
        "/problems/database-unavailable",
        "Database niet bereikbaar",
        "het bericht is niet verwerkt; stuur het later opnieuw",
    )


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> FastAPI:
    """A FastAPI app for one deployment; settings default to the environment."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        chosen = settings or load_settings()
        logs.configure(chosen.log_level, chosen.log_format)
        waarschuw_zonder_assets()
        services = build_services(chosen, clock or SystemClock())
        app.state.services = services
        # Requests run their database work in worker threads. Many more threads than
        # connections only fight over the GIL and slow every request down under load.
        to_thread.current_default_thread_limiter().total_tokens = chosen.threads
        # Compiled schemas, code lists and the ORM registry live as long as the process:
        # keep them out of every garbage collection.
        gc.freeze()
        scanner = periodic_scan(services)
        dispatcher = periodic_dispatch(services)
        brp_herhaling = periodic_brp(services)
        try:
            yield
        finally:
            for task in (scanner, dispatcher, brp_herhaling):
                if task is not None:
                    task.cancel()
            if services.brp is not None:
                services.brp.client.close()
            services.engine.dispose()
            services.metrics.close()

    app = FastAPI(
        title="iJw gemeente berichtenservice",
        version="0.1.0",
        summary="Receives iJw 3.2 youth-care messages, answers with retourberichten.",
        description=(
            "Every endpoint but `/health/live` needs an API key (`ijw keys create`), sent as "
            "`Authorization: Bearer <key>`; its role decides what it may do and its gemeenten "
            "or AGB code what it may see. Refusals are RFC 9457 `application/problem+json` "
            "documents; a BSN never appears in one."
        ),
        openapi_tags=[
            {"name": "berichten", "description": "iJw 3.2 messages in, retourberichten out."},
            {"name": "outbox", "description": "Our JW301 and JW319 messages for the broker."},
            {"name": "aanbieder", "description": "Provider software: its own requests and care."},
            {"name": "werkvoorraad", "description": "Requests in onderzoek, workers' decisions."},
            {"name": "toewijzingen", "description": "Toewijzingen granted, changed or deleted."},
            {"name": "opzoeken", "description": "A toewijzing, requests, a client's history."},
            {
                "name": "regionale termijnen",
                "description": "Extension notices, evaluations and contact moments.",
            },
            {"name": "signalen", "description": "Deadline signals for gemeente workers."},
            {"name": "rapportages", "description": "Declared against granted, per toewijzing."},
            {"name": "evaluatie", "description": "The regional evaluation's contact time."},
            {"name": "vooroverleg", "description": "Agreements with an aanbieder beforehand."},
            {"name": "verwijzing", "description": "The referral letter behind a request."},
            {"name": "clientgegevens", "description": "Client data from the BRP."},
            {"name": "audit", "description": "Who read which client's data, and when."},
            {"name": "operations", "description": "Liveness, readiness and metrics."},
        ],
        lifespan=lifespan,
        # /docs is the werkplek's own page (Swagger UI from local files, no inline script).
        docs_url=None,
        redoc_url=None,
        swagger_ui_oauth2_redirect_url=None,
    )
    # Starlette declares every handler as taking any Exception, though it calls each one only
    # with the class it is registered for.
    app.add_exception_handler(OperationalError, _database_unavailable)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _invalid_request)  # type: ignore[arg-type]
    app.add_exception_handler(Problem, _refused)  # type: ignore[arg-type]
    app.add_exception_handler(AccessRefused, _access_refused)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _http_error)  # type: ignore[arg-type]
    app.include_router(berichten.router)
    app.include_router(audit_api.router)
    app.include_router(vooroverleg.router)
    app.include_router(verwijzingen.router)
    app.include_router(clientgegevens.router)
    app.include_router(verzoeken.router)
    app.include_router(toewijzingen.router)
    app.include_router(inzage.router)
    app.include_router(vastleggingen.router)
    app.include_router(signalen.router)
    app.include_router(rapportages.router)
    app.include_router(evaluatie.router)
    app.include_router(provider.router)
    app.include_router(provider_vastleggingen.router)
    app.include_router(outbox.router)
    app.include_router(health.router)
    app.include_router(werkplek_router)
    werkplek_inrichten(app)
    return app
