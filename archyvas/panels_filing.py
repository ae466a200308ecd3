"""The archive's section on every object page (``object_panel("*")``): "File it" for a
document a fileable kind describes — a finished report, signed minutes, a visit's report, a
signed agreement — and, once filed, where it is filed with a link to the archive's copy.

Who sees what: staff get the form (the open files of the document's year, the one its kind
suggests chosen) or where it is filed; management only where it is filed, when the copy's
audience lets them see it; librarians nothing. The section costs no query on a page whose
model no fileable kind describes or lists, one for management (the filed copy), and for
staff one more per year of the documents offered (the open files)."""

from django.urls import reverse

from archyvas.forms_filing import FileItForm
from archyvas.models import may_manage, may_read
from archyvas.selectors_filing import as_date, filed_copies, open_files, suggested_file
from portalas.registry import fileable_kinds_for, fileable_kinds_listed_on, object_panel


def offer(kind, described, files: list) -> dict:
    """The "File it" form for one described document, the file its kind suggests chosen."""
    suggested = suggested_file(files, kind.name, described.subkind)
    slug = f"{kind.name}-{described.key}".replace(".", "-")
    form = FileItForm(files=files, auto_id=f"id_{slug}_%s",
                      initial={"plan_file": suggested.pk if suggested else None})
    return {"document": described, "year": document_year(described), "files": files,
            "suggested": suggested, "form": form,
            "action": reverse("archyvas:file_it", args=[kind.name, described.key])}


def document_year(described) -> int:
    return as_date(described.date).year


def _year_files():
    cache: dict[int, list] = {}

    def files_of(year: int) -> list:
        if year not in cache:
            cache[year] = open_files(year)
        return cache[year]

    return files_of


@object_panel("*", template="archyvas/_filing_panel.html", order=900)
def filing_panel(request, obj):
    own, listed = fileable_kinds_for(obj), fileable_kinds_listed_on(obj)
    if not own and not listed:
        return None
    user = request.user
    if not may_read(user):
        return None
    pairs = [(kind, obj) for kind in own]
    for kind in listed:
        pairs += [(kind, child) for child in kind.listed(obj, user)]
    if not pairs:
        return None
    filed = {}
    for model in {kind.model for kind, _item in pairs}:
        keys = [item.pk for kind, item in pairs if kind.model == model]
        filed.update({(model, key): copy for key, copy in
                      filed_copies(user, model, keys).items()})
    staff = may_manage(user)
    files_of = _year_files()
    items = []
    for kind, item in pairs:
        copy = filed.get((kind.model, str(item.pk)))
        if copy is not None:
            items.append({"kind": kind, "filed": copy, "listed": item is not obj})
            continue
        if not staff:
            continue
        described = kind.describe(item, user)
        if described is not None:
            items.append({"kind": kind, "listed": item is not obj,
                          **offer(kind, described, files_of(document_year(described)))})
    if not items:
        return None
    return {"items": items, "next": request.get_full_path(), "can_file": staff}
