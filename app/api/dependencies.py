"""Request dependencies of the JSON API: the app's services and the request's unit of work.

They live in `app.services` (the werkplek uses them too); this module names them for routers.
"""

from __future__ import annotations

from app.services import (
    Services,
    ServicesDep,
    UnitOfWork,
    UnitOfWorkDep,
    get_services,
    get_unit_of_work,
)

__all__ = [
    "Services",
    "ServicesDep",
    "UnitOfWork",
    "UnitOfWorkDep",
    "get_services",
    "get_unit_of_work",
]
