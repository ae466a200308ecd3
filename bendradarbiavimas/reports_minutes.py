"""The minutes of a meeting as a document (PDF and DOCX) through the report engine, and the
year's signed minutes for the archive (``fileable_kind``).

The layout is the usual Lithuanian one (Dokumentų rengimo taisyklės): the organisation's
header; the group's name in capitals; POSĖDŽIO PROTOKOLAS; the date and number
("2026-03-12 Nr. 3"); the place; who chaired, who kept the minutes, who attended, who did
not, the quorum; the agenda (DARBOTVARKĖ) numbered; then each item as "1. SVARSTYTA. …"
with the presenter and what was said, BALSUOTA, NUTARTA and the decisions (responsible,
deadline; a decision of a meeting without a quorum marked "priimtas be kvorumo"); and the
chair's and the secretary's signature lines.

The minutes are an official record of a Lithuanian institution, kept in the state language
whatever the reader's interface language: the document's fixed words (``LT``) are
Lithuanian text, not interface strings. The parameter form offers only the meetings the
user may see whose minutes are written; another meeting is an invalid form (the engine
answers 404), at the request and again in the worker. ``inputs`` changes whenever anything
the minutes show changes, so an unchanged document is handed out again.

The builder returns a ``MinutesDocument``: the engine's sections (the text in order), the
PDF's own layout (``bendradarbiavimas/pdf/minutes_document.html``, rendered by the engine's
WeasyPrint renderer) and a ``render_docx`` the engine calls for the Word file (python-docx),
so both files carry the same words."""

import hashlib
import io
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy

from ataskaitos.document import Document, Section
from bendradarbiavimas.models import Attendance, Decision, Meeting
from bendradarbiavimas.selectors_minutes import MinutesView, minutes_view, owner_label
from bibliotekos.selectors import letterhead
from portalas.forms import ReportParamsForm, ScopedChoiceField
from portalas.registry import FileableDocument, fileable_kind, report_kind

__all__ = ["LT", "MinutesDocument", "MinutesParams", "describe_minutes", "minutes_document",
           "signed_minutes"]

PDF_TEMPLATE = "bendradarbiavimas/pdf/minutes_document.html"

#: The document's fixed words: Lithuanian, the official record's language.
LT = {
    "title": "POSĖDŽIO PROTOKOLAS",
    "number": "Nr.",
    "held": "Posėdis įvyko",
    "online": "nuotoliniu būdu",
    "chair": "Posėdžio pirmininkas(-ė)",
    "secretary": "Posėdžio sekretorius(-ė)",
    "present": "Dalyvavo",
    "remote": "nuotoliu",
    "absent": "Nedalyvavo",
    "guests": "Kviestiniai asmenys",
    "quorum": "Kvorumas",
    "quorum_yes": "yra",
    "quorum_no": "nėra",
    "quorum_unknown": "nenustatytas",
    "agenda": "DARBOTVARKĖ:",
    "discussed": "SVARSTYTA",
    "presenter": "Pranešėjas(-a)",
    "voted": "BALSUOTA",
    "decided": "NUTARTA",
    "responsible": "Atsakingas(-a)",
    "deadline": "Terminas",
    "no_quorum": "priimtas be kvorumo",
    "no_quorum_note": "Posėdyje nebuvo kvorumo: jo sprendimai priimti be kvorumo.",
    "other_decisions": "Kiti sprendimai",
    "done": "įvykdyta",
    "cancelled": "atšaukta",
    "draft": "PROTOKOLO PROJEKTAS (nepasirašytas)",
    "nobody": "–",
}
SIGNATURE_LINE = "_" * 20


class MeetingChoiceField(ScopedChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.group.name}: {timezone.localtime(obj.starts_at):%Y-%m-%d} " \
               f"{LT['number']} {obj.number}"


class MinutesParams(ReportParamsForm):
    meeting = MeetingChoiceField(Meeting, label=gettext_lazy("Meeting"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field_ = self.fields["meeting"]
        field_.queryset = (field_.queryset.exclude(minutes_status="none")
                           .select_related("group").order_by("-starts_at", "-pk"))


# --- the document -----------------------------------------------------------------------------

def _names(names: list) -> str:
    return ", ".join(names) if names else LT["nobody"]


def _decision_line(decision: Decision) -> str:
    parts = [decision.text.strip().rstrip(".") + "."]
    owner = owner_label(decision)
    if owner:
        parts.append(f"{LT['responsible']} – {owner}.")
    if decision.due_on:
        parts.append(f"{LT['deadline']} – {decision.due_on.isoformat()}.")
    if decision.meeting.quorum_met is False:
        parts.append(f"({LT['no_quorum']})")
    if decision.status == "done":
        parts.append(f"[{LT['done']} {decision.done_on.isoformat()}]")
    elif decision.status == "cancelled":
        parts.append(f"[{LT['cancelled']}]")
    return " ".join(parts)


def _held(view: MinutesView) -> str:
    meeting = view.meeting
    start = timezone.localtime(meeting.starts_at)
    text = f"{LT['held']} {start:%Y-%m-%d} {start:%H:%M}"
    if meeting.ends_at:
        text += f"–{timezone.localtime(meeting.ends_at):%H:%M}"
    where = meeting.place or (LT["online"] if meeting.online_link else "")
    return f"{text}{', ' + where if where else ''}."


def _quorum(view: MinutesView) -> str:
    met = view.meeting.quorum_met
    word = LT["quorum_unknown"] if met is None else LT["quorum_yes"] if met else LT["quorum_no"]
    return f"{LT['quorum']}: {word}."


def _present(view: MinutesView) -> str:
    names = list(view.present) + [f"{name} ({LT['remote']})" for name in view.remote]
    return _names(names)


@dataclass
class MinutesDocument(Document):
    """The minutes: the engine's sections, the PDF's own layout (``template`` with
    ``context``) and the Word file's (``render_docx``)."""

    template: str = ""
    context: dict = field(default_factory=dict)

    def render_docx(self) -> bytes:
        return render_minutes_docx(self.context)


def minutes_document(meeting: Meeting) -> MinutesDocument:
    meeting = Meeting.objects.select_related("group").get(pk=meeting.pk)
    view = minutes_view(meeting)
    head = letterhead()
    start = timezone.localtime(meeting.starts_at)
    dated = f"{start:%Y-%m-%d} {LT['number']} {meeting.number}"
    place = meeting.place or (LT["online"] if meeting.online_link else "")
    items = [{"item": item, "decisions": view.decisions_of(item)} for item in view.items]
    facts = [
        _held(view), f"{LT['chair']} – {view.chair or LT['nobody']}.",
        f"{LT['secretary']} – {view.secretary or LT['nobody']}.",
        f"{LT['present']}: {_present(view)}.", f"{LT['absent']}: {_names(view.absent)}.",
    ]
    if view.guests:
        facts.append(f"{LT['guests']}: {_names(view.guests)}.")
    facts.append(_quorum(view))
    sections = [Section(heading=meeting.group.name.upper(), paragraphs=[
        f"**{LT['title']}**", dated, place, *facts])]
    agenda = "\n".join(f"{item.order}. {item.title}" for item in view.items)
    sections.append(Section(heading=LT["agenda"], paragraphs=[agenda]))
    for entry in items:
        item = entry["item"]
        text = [f"**{item.order}. {LT['discussed']}.** {item.title}"]
        if item.presenter:
            text.append(f"{LT['presenter']} – {item.presenter}.")
        if item.discussed:
            text.append(item.discussed)
        if item.votes:
            text.append(f"**{LT['voted']}:** {item.votes}")
        if item.decided or entry["decisions"]:
            text.append(f"**{LT['decided']}:** {item.decided}")
        text += [f"{item.order}.{n}. {_decision_line(d)}"
                 for n, d in enumerate(entry["decisions"], start=1)]
        sections.append(Section(heading=f"{item.order}. {item.title}", paragraphs=text))
    loose = view.loose_decisions
    if loose:
        sections.append(Section(heading=LT["other_decisions"], paragraphs=[
            f"{n}. {_decision_line(d)}" for n, d in enumerate(loose, start=1)]))
    sections.append(Section(heading="", paragraphs=[
        f"{LT['chair']} {SIGNATURE_LINE} {view.chair}",
        f"{LT['secretary']} {SIGNATURE_LINE} {view.secretary}"]))
    context = {
        "head": head, "view": view, "meeting": meeting, "group_name": meeting.group.name,
        "dated": dated, "place": place, "held": _held(view), "quorum": _quorum(view),
        "present": _present(view), "absent": _names(view.absent),
        "guests": _names(view.guests) if view.guests else "", "items": items,
        "loose": loose, "LT": LT,
        "draft": meeting.minutes_status != "final", "line": SIGNATURE_LINE,
    }
    for entry in items:
        entry["lines"] = [_decision_line(d) for d in entry["decisions"]]
    context["loose_lines"] = [_decision_line(d) for d in loose]
    return MinutesDocument(
        title=LT["title"], subtitle=f"{meeting.group.name} · {dated}", sections=sections,
        filename=f"protokolas-{start:%Y-%m-%d}-nr-{meeting.number}", template=PDF_TEMPLATE,
        context=context)


def render_minutes_docx(context: dict) -> bytes:
    """The minutes as a Word file in the same layout as the PDF (python-docx)."""
    from docx import Document as Word
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    from ataskaitos.renderers import _docx_markdown

    view: MinutesView = context["view"]
    word = Word()
    page = word.sections[0]
    page.page_width, page.page_height = Cm(21), Cm(29.7)
    page.left_margin, page.right_margin = Cm(3), Cm(1)
    page.top_margin = page.bottom_margin = Cm(2)
    normal = word.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(12)

    def centred(text: str, *, bold: bool = False, size: int | None = None, after: int = 0):
        paragraph = word.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        run.bold = bold or None
        if size:
            run.font.size = Pt(size)
        paragraph.paragraph_format.space_after = Pt(after)
        return paragraph

    def line(label: str, text: str = "", *, bold_label: bool = True):
        paragraph = word.add_paragraph()
        run = paragraph.add_run(label)
        run.bold = bold_label or None
        if text:
            paragraph.add_run(text)
        return paragraph

    head = context["head"]
    centred(head["organisation"].upper(), bold=True)
    if head["department"]:
        centred(head["department"])
    centred("")
    centred(context["group_name"].upper(), bold=True)
    centred("")
    centred(LT["title"], bold=True, size=13)
    if context["draft"]:
        centred(LT["draft"])
    centred(context["dated"])
    if context["place"]:
        centred(context["place"], after=12)
    word.add_paragraph(context["held"])
    word.add_paragraph(f"{LT['chair']} – {view.chair or LT['nobody']}.")
    word.add_paragraph(f"{LT['secretary']} – {view.secretary or LT['nobody']}.")
    word.add_paragraph(f"{LT['present']}: {context['present']}.")
    word.add_paragraph(f"{LT['absent']}: {context['absent']}.")
    if context["guests"]:
        word.add_paragraph(f"{LT['guests']}: {context['guests']}.")
    word.add_paragraph(context["quorum"])
    if view.without_quorum:
        word.add_paragraph().add_run(LT["no_quorum_note"]).italic = True
    if context["meeting"].minutes_intro:
        _docx_markdown(word, context["meeting"].minutes_intro)
    line(LT["agenda"])
    for entry in context["items"]:
        word.add_paragraph(f"{entry['item'].order}. {entry['item'].title}")
    for entry in context["items"]:
        item = entry["item"]
        paragraph = word.add_paragraph()
        paragraph.paragraph_format.space_before = Pt(10)
        paragraph.add_run(f"{item.order}. {LT['discussed']}. ").bold = True
        paragraph.add_run(item.title)
        if item.presenter:
            word.add_paragraph(f"{LT['presenter']} – {item.presenter}.")
        if item.discussed:
            _docx_markdown(word, item.discussed)
        if item.votes:
            line(f"{LT['voted']}: ", item.votes)
        if item.decided or entry["decisions"]:
            line(f"{LT['decided']}: ")
            if item.decided:
                _docx_markdown(word, item.decided)
            for number, text in enumerate(entry["lines"], start=1):
                word.add_paragraph(f"{item.order}.{number}. {text}")
    if context["loose"]:
        line(LT["other_decisions"] + ":")
        for number, text in enumerate(context["loose_lines"], start=1):
            word.add_paragraph(f"{number}. {text}")
    word.add_paragraph("")
    table = word.add_table(rows=2, cols=3)
    for row, (label, name) in zip(table.rows, ((LT["chair"], view.chair),
                                               (LT["secretary"], view.secretary)), strict=True):
        row.cells[0].text = label
        row.cells[1].text = SIGNATURE_LINE
        row.cells[2].text = name or ""
        for cell in row.cells:
            cell.paragraphs[0].paragraph_format.space_before = Pt(18)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _inputs(params) -> str:
    """Changes whenever the minutes would: the meeting (any save moves ``version`` or
    ``updated_at``), its items, decisions, attendance, the group's name and members."""
    meeting = params["meeting"]
    stored = Meeting.objects.filter(pk=meeting.pk).values_list(
        "version", "updated_at", "minutes_status", "quorum_met").first()
    items = list(meeting.items.order_by("pk").values_list(
        "pk", "order", "title", "presenter", "discussed", "votes", "decided"))
    decisions = list(Decision.objects.filter(meeting=meeting).order_by("pk").values_list(
        "pk", "item_id", "text", "owner_id", "owner__full_name", "owner_name", "due_on",
        "status", "done_on"))
    attendance = list(Attendance.objects.filter(meeting=meeting).order_by("pk").values_list(
        "member_id", "status"))
    members = list(meeting.group.members.order_by("pk").values_list(
        "pk", "role", "name", "person__first_name", "person__last_name", "starts_on",
        "ends_on"))
    stamp = repr((stored, items, decisions, attendance, members, meeting.group.name,
                  letterhead()))
    return hashlib.sha256(stamp.encode()).hexdigest()[:40]


@report_kind("bendradarbiavimas.minutes", label=gettext_lazy("Minutes of a meeting"),
             form=MinutesParams, output="document", formats=("pdf", "docx"), inputs=_inputs,
             description=gettext_lazy("The minutes of a group's meeting in the usual "
                                      "Lithuanian layout: the agenda, each item discussed "
                                      "and decided, the decisions and the signature lines."))
def minutes_report(*, params, user, progress) -> Document:
    document = minutes_document(params["meeting"])
    progress(50)
    return document


# --- the archive ------------------------------------------------------------------------------

def _minutes_title(meeting: Meeting) -> str:
    start = timezone.localtime(meeting.starts_at)
    return (f"{meeting.group.name}. {LT['title'].capitalize()} "
            f"{start:%Y-%m-%d} {LT['number']} {meeting.number}")


def signed_minutes(year: int) -> list[dict]:
    """The year's signed minutes (by the meeting's date), for the archive's register."""
    meetings = (Meeting.objects.filter(minutes_status="final", starts_at__year=year)
                .select_related("group").order_by("starts_at", "pk"))
    found = []
    for meeting in meetings:
        start = timezone.localtime(meeting.starts_at)
        found.append({
            "title": _minutes_title(meeting),
            "date": start.date(), "url": meeting.get_absolute_url(), "library": None,
            "signed_at": meeting.minutes_signed_at,
            "report_kind": "bendradarbiavimas.minutes", "params": {"meeting": str(meeting.pk)},
        })
    return found


def describe_minutes(meeting: Meeting, user):
    """A meeting's signed minutes, for staff to file: rendered to PDF when filed, with the
    report kind's builder (a draft is not filed). Whoever sees the group's minutes among the
    archive's readers — staff and management see every meeting — sees the filed copy."""
    from ataskaitos.renderers import render

    if not (user.is_authenticated and user.is_active and user.can_manage_territory):
        return None
    if meeting.minutes_status != "final":
        return None

    def content() -> tuple[str, bytes]:
        document = minutes_document(meeting)
        return f"{document.filename}.pdf", render(document, "pdf")

    return FileableDocument(
        key=str(meeting.pk), title=_minutes_title(meeting),
        date=timezone.localtime(meeting.starts_at).date(), content=content,
        audience="management", url=meeting.get_absolute_url(), subkind=meeting.group.kind)


fileable_kind("bendradarbiavimas.minutes", label=gettext_lazy("Minutes of group meetings"),
              documents=signed_minutes, model="bendradarbiavimas.meeting",
              describe=describe_minutes,
              retention_hint=gettext_lazy("Minutes of commissions and working groups: kept "
                                          "as the institution's documentation plan says."))
