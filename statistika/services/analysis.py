"""The regional analysis's writes: the department's text per section and year."""

from django.db import IntegrityError, transaction
from django.db.models import Max

from statistika.models import Narrative


def save_narrative(*, year: int, section: str, text: str, by) -> Narrative:
    """A new version of the section's text (two saves at once both become versions)."""
    for _attempt in range(5):
        current = (Narrative.objects.filter(year=year, section=section)
                   .aggregate(v=Max("version"))["v"]) or 0
        try:
            with transaction.atomic():
                return Narrative.objects.create(year=year, section=section, text=text.strip(),
                                                version=current + 1, created_by=by)
        except IntegrityError:
            continue
    raise IntegrityError("the text kept changing while it was saved")  # pragma: no cover
