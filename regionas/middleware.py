"""Give every request an incident id, so an error page and the log line match."""

import logging
import uuid

from django.db import DatabaseError, InterfaceError
from django.template.response import TemplateResponse

logger = logging.getLogger("regionas.incident")


class IncidentMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.incident_id = uuid.uuid4().hex[:12]
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, (InterfaceError, DatabaseError)) and _database_down(exception):
            logger.error("incident %s: database unavailable: %s", request.incident_id,
                         type(exception).__name__)
            response = TemplateResponse(request, "503.html", {"incident_id": request.incident_id},
                                        status=503)
            response["Retry-After"] = "60"
            return response.render()
        return None


def _database_down(exception: Exception) -> bool:
    from django.db import OperationalError

    return isinstance(exception, (OperationalError, InterfaceError))
