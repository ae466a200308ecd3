"""Demo search: the texts of every demo document the other areas stored (registered letters,
filed reports) are read here and now, in this process, so the search finds words inside
them from the demo's first page. Runs last (``archyvas.demo``); reading again finds nothing
waiting."""

from archyvas.models import TextStatus
from archyvas.tasks_search import MODELS, extract_now


def load(out) -> None:
    counts = dict.fromkeys(TextStatus.values, 0)
    for label, model in MODELS.items():
        waiting = (model._base_manager.filter(text_status=TextStatus.WAITING).order_by("pk")
                   .values_list("pk", flat=True))
        for pk in list(waiting):
            status = extract_now(label, pk)
            if status:
                counts[status] += 1
    read = counts[TextStatus.DONE]
    out.write(f"  archive search: {read} document texts read, "
              f"{counts[TextStatus.FAILED]} unreadable, {counts[TextStatus.NONE]} without a file")
