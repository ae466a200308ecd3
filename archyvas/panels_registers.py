"""What other pages show of the registers: on the home page of a staff member or a manager,
their own incoming documents whose answer is overdue or due within three days (each
linking to the document), left out when there are none."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from archyvas import selectors_registers as selectors
from archyvas.models import RegisterEntry, may_read
from paskyros.models import Role
from portalas.registry import home_panel

__all__ = ["my_answers_waiting"]

HOME_SHOWN = 8


@home_panel(roles={Role.STAFF, Role.MANAGEMENT},
            template="archyvas/_entry_home.html", order=22)
def my_answers_waiting(request):
    """The user's incoming documents not answered whose answer is overdue (the earliest
    first) or due within three days ("due soon"). One query."""
    user = request.user
    if not may_read(user):
        return None
    today = timezone.localdate()
    found = list(selectors.answers_waiting(
        RegisterEntry.objects.visible_to(user).filter(responsible=user), today=today)
        [:HOME_SHOWN + 1])
    if not found:
        return None
    rows = []
    for entry in found[:HOME_SHOWN]:
        overdue = entry.answer_due < today
        rows.append({"entry": entry, "overdue": overdue,
                     "days": (today - entry.answer_due).days if overdue
                     else (entry.answer_due - today).days})
    url = reverse("archyvas:entry_list")
    return {"rows": rows, "more": len(found) > HOME_SHOWN,
            "overdue": sum(1 for row in rows if row["overdue"]),
            "list_url": f"{url}?{urlencode({'responsible': user.pk, 'answer': 'awaiting'})}"}
