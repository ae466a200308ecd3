"""The personal-data access log: one call wherever a list of people's personal data is
opened or downloaded (see ``PersonalDataAccess``)."""

from bibliotekos.models import PersonalDataAccess


def record_access(user, what: str, subject=None, how: str = "page") -> None:
    """Log that ``user`` opened ``what`` (a kind such as ``mokymai.participants``) of
    ``subject`` (a model instance, an id or a short text; never a name) by ``how``
    (``page``, ``xlsx``, ``csv``, ``pdf``…)."""
    if subject is None:
        ref = ""
    elif hasattr(subject, "_meta"):
        ref = f"{subject._meta.label_lower}:{subject.pk}"
    else:
        ref = str(subject)[:80]
    PersonalDataAccess.objects.create(user=user if user.is_authenticated else None,
                                      what=what[:60], subject=ref, how=how[:20])
