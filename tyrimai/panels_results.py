"""What other pages show of the studies' results: the menu entry (everyone who may read
some results: the whole-territory roles and the territory's librarians) and, on the library
card, the library's latest study — how many answered and the key question's mean — when the
person may read that library's results."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bibliotekos.models import Library
from bibliotekos.scoping import memberships_of
from portalas.registry import nav_item, object_panel
from tyrimai import selectors
from tyrimai.models import Participation, StudyStatus

__all__ = ["library_results"]


def reads_results(user) -> bool:
    """Whole-territory roles, and librarians (a librarian whose library takes part in no
    study finds the list empty; asking here would cost a query on every page)."""
    return user.is_authenticated and user.is_active and (
        user.sees_whole_territory or bool(memberships_of(user)))


nav_item(group="analysis", label=_("Study results"), url_name="tyrimai:results_list",
         icon="bar-chart-line", order=32, allowed=reads_results)


@object_panel(Library, template="tyrimai/_results_library_panel.html", order=86)
def library_results(request, library):
    """The latest study the library took part in (not a draft): its responses (with the
    outlets'), the key question's mean; left out when there is none or the person may not
    read this library's results."""
    user = request.user
    if not reads_results(user):
        return None
    participation = (Participation.objects.visible_to(user).filter(library=library)
                     .exclude(study__status=StudyStatus.DRAFT)
                     .select_related("study__key_question")
                     .order_by("-study__opens_on", "-study_id").first())
    if participation is None:
        return None
    study = participation.study
    key = f"l{library.pk}"
    scope = next((s for s in selectors.scopes_for(user, study) if s.key == key), None)
    if scope is None:
        return None
    responses = scope.narrow(selectors.counted(study))
    count = selectors.response_count(responses)
    mean = None
    if count is not None and study.key_question is not None:
        mean = selectors.question_result(study.key_question, responses).mean
    return {"study": study, "count": count, "mean": mean, "minimum": selectors.MIN_CELL,
            "key_question": study.key_question,
            "url": f"{reverse('tyrimai:results', args=[study.pk])}?vieta={key}"}
