"""Objects of the publicity log for tests, made through the services (as staff make them),
and the few events and practices the log links to (made directly: they belong to other
areas of the app)."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from viesinimas import services_publicity as services
from viesinimas.models import (
    ActivityEvent,
    Practice,
    PracticeStatus,
    Publication,
    PublicationChannel,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png_bytes(size=(4, 3)) -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def webp_bytes() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 3), (30, 30, 200)).save(out, format="WEBP")
    return out.getvalue()


def upload(name="straipsnis.pdf", content=PDF, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def make_publication(*, by, libraries=(), days_ago=3, **fields) -> Publication:
    values = {"published_on": timezone.localdate() - timedelta(days=days_ago),
              "channel": PublicationChannel.PRESS, "medium": "Pajūrio naujienos",
              "title": "Kretingos bibliotekoje prasidėjo Bibliotekų savaitė", "reach": 1200}
    values.update(fields)
    return services.create_publication(Publication(**values), libraries=list(libraries),
                                       by=by)


def make_event(*, library, by=None, days_ago=10, **fields) -> ActivityEvent:
    values = {"title": "Susitikimas su rašytoja", "starts_on": timezone.localdate()
              - timedelta(days=days_ago)}
    values.update(fields)
    return ActivityEvent.objects.create(library=library, created_by=by, **values)


def make_practice(*, library, by=None, status=PracticeStatus.PUBLISHED, **fields) -> Practice:
    values = {"title": "Skaitymo iššūkis šeimoms", "summary": "Šeimos skaito kartu visą vasarą.",
              "what": "Vasaros skaitymo iššūkis.", "audience": "Šeimos su vaikais",
              "how": "Registracija bibliotekoje, skaitymo pasai."}
    values.update(fields)
    return Practice.objects.create(library=library, created_by=by, status=status, **values)
