"""The visit report for the visited library through the report engine: a letter to the
library's director (PDF, or DOCX to edit) with the department's header, the visit (date,
who went, whom it met, its purpose), the findings, the recommendations, the table of agreed
actions and the signature lines.

The parameter form offers only the reported visits the user may see: another library's
visit is an invalid form (the engine answers 404) at the request and again in the worker.
``inputs`` changes whenever anything the letter shows changes, so an unchanged report is
handed out again instead of being made anew.

The builder returns a ``LetterDocument``: the engine's sections (what every renderer draws
today) and, for a PDF renderer that honours it, the letter's own layout
(``konsultacijos/pdf/visit_report.html``, rendered by ``render_letter`` meanwhile)."""

import hashlib
import re
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from ataskaitos.document import Column, Document, Section, Table
from bibliotekos.models import Library, LibraryKind, Membership
from bibliotekos.selectors import letterhead
from konsultacijos.models import FieldVisit, VisitStatus
from portalas.forms import ReportParamsForm, ScopedChoiceField
from portalas.ordering import sorted_lt
from portalas.registry import FileableDocument, fileable_kind, report_kind

__all__ = ["LetterDocument", "VisitReportParams", "describe_visit", "director_users",
           "render_letter", "reported_visits", "visit_report", "visit_report_document"]

LETTER_TEMPLATE = "konsultacijos/pdf/visit_report.html"


@dataclass
class LetterDocument(Document):
    """A Document that also carries its own letter layout: ``template`` rendered with
    ``context`` (the same text as the sections)."""

    template: str = ""
    context: dict = field(default_factory=dict)


class VisitChoiceField(ScopedChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class VisitReportParams(ReportParamsForm):
    visit = VisitChoiceField(FieldVisit, label=gettext_lazy("Field visit"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["visit"]
        field.queryset = field.queryset.filter(status=VisitStatus.REPORTED).select_related(
            "library", "reported_by")


# --- who the letter is for ---------------------------------------------------------------------

def _ancestors(library: Library) -> list[Library]:
    """The library and every library above it (a branch → its central library → system)."""
    chain, node, seen = [], library, set()
    while node is not None and node.pk not in seen:
        chain.append(node)
        seen.add(node.pk)
        node = node.parent
    return chain


def director_users(library: Library):
    """Active users with a director's membership of the library or of a library above it
    (the director of a system answers for its outlets)."""
    ids = [lib.pk for lib in _ancestors(library)]
    return (get_user_model().objects
            .filter(is_active=True, memberships__role=Membership.Role.DIRECTOR,
                    memberships__library_id__in=ids)
            .distinct().order_by("full_name", "pk"))


def addressee(library: Library) -> dict:
    """The library the letter goes to (a visited outlet's system, whose director answers
    for it) and its director's name (the registry's, else a director's account)."""
    chain = _ancestors(library)
    system = next((lib for lib in chain if lib.kind == LibraryKind.SYSTEM), None)
    to = system or library
    name = to.director or library.director
    if not name:
        user = director_users(library).first()
        name = user.full_name if user else ""
    return {"library": to, "director": name}


# --- the text ------------------------------------------------------------------------------------

_LIST_LINE = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s")


def plain_to_markdown(text: str) -> str:
    """Text typed in a text area as the engine's Markdown: every line stays a line (a hard
    break), blank lines part paragraphs, lines starting "- " or "1." stay lists, a line
    starting with "#" is not a heading."""
    lines = [line.rstrip() for line in (text or "").strip().splitlines()]
    out = []
    for index, line in enumerate(lines):
        if line.lstrip().startswith(("#", ">")):
            line = "\\" + line.lstrip()
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if (line.strip() and following.strip() and not _LIST_LINE.match(line)
                and not _LIST_LINE.match(following)):
            line += "\\"
        out.append(line)
    return "\n".join(out)


def _people(users) -> str:
    return ", ".join(sorted_lt(str(user) for user in users))


def visit_report_document(visit: FieldVisit) -> LetterDocument:
    """The report of a reported visit as a letter to the visited library's director."""
    visit = (FieldVisit.objects.select_related("library__parent__parent", "reported_by")
             .prefetch_related("participants", "actions").get(pk=visit.pk))
    library = visit.library
    head = letterhead()
    to = addressee(library)
    actions = list(visit.actions.all())
    who_went = _people(visit.participants.all())
    reported_on = timezone.localtime(visit.reported_at).date() if visit.reported_at else None
    to_text = to["library"].name
    if to["director"]:
        to_text = _("%(library)s, director %(name)s") % {"library": to_text,
                                                          "name": to["director"]}

    facts = [(pgettext("addressee", "To"), to_text), (_("Library visited"), library.name),
             (_("Date of the visit"), visit.visit_on.isoformat()),
             (_("Who went"), who_went or "–"), (_("Met with"), visit.met_with or "–"),
             (_("Purpose"), " ".join(visit.purpose.split()))]
    about = Section(heading=_("The visit"), facts=facts)
    report = Section(heading=_("Findings and recommendations"), paragraphs=[
        f"### {_('Findings')}", plain_to_markdown(visit.findings) or "–",
        f"### {_('Recommendations')}", plain_to_markdown(visit.recommendations) or "–"])
    rows = [[action.text, action.responsible or "–", action.due_on, action.done_on]
            for action in actions]
    if rows:
        report.tables.append(Table(_("Agreed actions"), [
            Column(_("Action")), Column(pgettext("agreed action", "Responsible")),
            Column(pgettext("agreed action", "Deadline"), "date"),
            Column(_("Done"), "date")], rows))
    else:
        report.paragraphs += [f"### {_('Agreed actions')}", _("No actions were agreed.")]
    line = "_" * 24
    prepared = visit.reported_by.full_name if visit.reported_by else who_went
    signatures = Section(heading=_("Signatures"), facts=[
        (_("Prepared by"), f"{prepared}, {head['department'] or head['organisation']}   "
                           f"{line}"),
        (_("Date"), reported_on.isoformat() if reported_on else ""),
        (_("Received by the library"), f"{to['director'] or _('Director')}   {line}"),
    ])
    title = _("Report of a methodological field visit")
    subtitle = " · ".join(part for part in (head["organisation"], library.name,
                                             visit.visit_on.isoformat()) if part)
    return LetterDocument(
        title=title, subtitle=subtitle, sections=[about, report, signatures],
        filename=f"metodine-isvyka-{visit.visit_on.isoformat()}-{visit.pk}",
        template=LETTER_TEMPLATE, context={
            "visit": visit, "library": library, "head": head, "to": to,
            "actions": actions, "who_went": who_went, "reported_on": reported_on,
            "prepared_by": prepared, "title": title,
        })


def render_letter(document: LetterDocument) -> bytes:
    """The letter's own layout as a PDF (the engine renders a document's own template)."""
    from ataskaitos.renderers import render_pdf

    return render_pdf(document)


def _inputs(params) -> str:
    """Changes whenever the letter would: the visit (any save), its agreed actions, who
    went, the library's name and director."""
    visit = params["visit"]
    actions = list(visit.actions.order_by("pk").values_list(
        "pk", "text", "responsible", "due_on", "done_on", "note"))
    participants = list(visit.participants.order_by("pk").values_list("pk", "full_name"))
    library = Library.objects.filter(pk=visit.library_id).values_list(
        "name", "director", "updated_at").first()
    directors = list(director_users(visit.library).values_list("pk", "full_name"))
    stamp = repr((visit.version, visit.updated_at.isoformat(), actions, participants,
                  library, directors))
    return hashlib.sha256(stamp.encode()).hexdigest()[:40]


@report_kind("konsultacijos.visit_report", label=gettext_lazy("Field visit report"),
             form=VisitReportParams, output="document", formats=("pdf", "docx"),
             inputs=_inputs,
             description=gettext_lazy("A letter to the visited library's director: the "
                                      "visit, its findings and recommendations, the agreed "
                                      "actions and the signature lines."))
def visit_report(*, params, user, progress) -> Document:
    document = visit_report_document(params["visit"])
    progress(50)
    return document


# --- the archive: a visit's report filed into the department's file plan --------------------

def _visit_title(visit: FieldVisit) -> str:
    return (f"{_('Report of a methodological field visit')}: {visit.library.name}, "
            f"{visit.visit_on.isoformat()}")


def _visit_date(visit: FieldVisit):
    return timezone.localdate(visit.reported_at) if visit.reported_at else visit.visit_on


def describe_visit(visit: FieldVisit, user):
    """A reported visit's report (the letter to the library's director), for staff to file:
    rendered to PDF when filed. Staff and management see every visit, and the filed copy."""
    from ataskaitos.renderers import render

    if not (user.is_authenticated and user.is_active and user.can_manage_territory):
        return None
    if visit.status != VisitStatus.REPORTED:
        return None

    def content() -> tuple[str, bytes]:
        document = visit_report_document(visit)
        return f"{document.filename}.pdf", render(document, "pdf")

    return FileableDocument(
        key=str(visit.pk), title=_visit_title(visit), date=_visit_date(visit),
        content=content, audience="management", url=visit.get_absolute_url(),
        library=visit.library)


def reported_visits(year: int) -> list[dict]:
    """The year's reports of field visits (by the day reported)."""
    from django.db.models import Q

    visits = (FieldVisit.objects.filter(status=VisitStatus.REPORTED)
              .filter(Q(reported_at__year=year) | Q(reported_at=None, visit_on__year=year))
              .select_related("library").order_by("visit_on", "pk"))
    return [{"title": _visit_title(visit), "date": _visit_date(visit),
             "url": visit.get_absolute_url(), "library": visit.library} for visit in visits]


fileable_kind("konsultacijos.visit_report", label=gettext_lazy("Reports of field visits"),
              documents=reported_visits, model="konsultacijos.fieldvisit",
              describe=describe_visit,
              retention_hint=gettext_lazy("Reports of methodological field visits: kept as "
                                          "the institution's documentation plan says."))
