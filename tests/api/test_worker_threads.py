"""A posted message crosses to a worker thread once: for its work, not for its dependencies."""

from __future__ import annotations

from datetime import date

import anyio.to_thread
from fastapi.testclient import TestClient

from tests.api.berichten import Aangevraagd, vot
from tests.api.flow import post
from tests.keys import aangemeld


def test_a_posted_message_takes_one_worker_thread(app, monkeypatch):
    first = vot("VOT-T1", date(2026, 11, 16), Aangevraagd("R-T1", date(2026, 12, 1)))
    body = vot("VOT-T2", date(2026, 11, 16), Aangevraagd("R-T2", date(2026, 12, 1)))
    with TestClient(app) as client:
        aangemeld(client)
        post(client, first)  # looks the key up once; later requests find it in memory
        handed = []
        real = anyio.to_thread.run_sync

        async def counted(func, *args, **kwargs):
            work = getattr(func, "func", func)  # run_in_threadpool hands over a partial
            handed.append(work.__qualname__)
            return await real(func, *args, **kwargs)

        monkeypatch.setattr(anyio.to_thread, "run_sync", counted)
        post(client, body)
    assert handed == ["IngestService.handle"]
