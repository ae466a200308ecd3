"""The jury's evaluation protocol (report kind ``apdovanojimai.protocol``, PDF and DOCX)
through the report engine: the contest, the jury, the criteria and their weights, the
result rule in words, the conflicts declared, each nomination's scores per juror, the
results per category with the ties broken, the chair's note and the signature lines.

Only after scoring has closed, and only for staff and the jury's chair: the parameter form
offers no other contest (another is an invalid form, which the engine answers with 404),
at the request and again in the worker. Like the minutes (``bendradarbiavimas``), the
protocol is an official record kept in the state language whatever the reader's interface
language: its fixed words (``LT``) are Lithuanian text, not interface strings. ``inputs``
changes whenever anything the protocol shows changes."""

import hashlib
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from apdovanojimai.models import (
    Assessment,
    Contest,
    JuryEvent,
    JuryMember,
    JuryRole,
    Result,
    may_manage,
)
from apdovanojimai.selectors_jury import all_scores, jury_progress
from ataskaitos.document import Column, Document, Section, Table
from bibliotekos.selectors import letterhead
from portalas.forms import ReportParamsForm, ScopedChoiceField
from portalas.registry import report_kind

__all__ = ["LT", "ProtocolParams", "protocol_document"]

SIGNATURE_LINE = "_" * 20
#: Jurors side by side in one table of the protocol's scores.
JURORS_PER_TABLE = 7

#: The protocol's fixed words: Lithuanian, the official record's language.
LT = {
    "title": "VERTINIMO PROTOKOLAS",
    "closed": "Vertinimas baigtas",
    "closed_by": "vertinimą uždarė komisijos pirmininkas(-ė)",
    "jury": "Vertinimo komisija",
    "chair": "Komisijos pirmininkas(-ė)",
    "member": "Komisijos narys(-ė)",
    "criteria": "Vertinimo kriterijai",
    "criterion": "Kriterijus",
    "range": "Balai",
    "weight": "Svoris",
    "share": "Dalis, %",
    "rule": "Rezultato skaičiavimo taisyklė",
    "rule_1": "1. Komisijos nario bendras balas už teikimą = Σ svorisᵢ × (balasᵢ − "
              "mažiausiasᵢ) / (didžiausiasᵢ − mažiausiasᵢ) / Σ svorisᵢ × 100 (nuo 0 iki "
              "100). Skaičiuojami tik užbaigti vertinimo lapai (įvertinti visi kriterijai ir "
              "lapas pateiktas).",
    "rule_2": "2. Komisijos narys, deklaravęs interesų konfliktą, to teikimo nevertina ir į "
              "jo rezultatą neįskaičiuojamas. Teikimo balas – jį įvertinusių komisijos narių "
              "bendrų balų vidurkis (todėl nušalinimas balo nei mažina, nei didina), "
              "suapvalintas iki 2 skaitmenų po kablelio (pusė – į didesnę pusę). Teikimas be "
              "nė vieno užbaigto vertinimo lapo balo ir vietos neturi.",
    "rule_3": "3. Kategorijoje teikimai išrikiuojami pagal balą. Esant lygiam balui, aukštesnę "
              "vietą lemia didesnis sunkiausio (didžiausio svorio) kriterijaus balų vidurkis, "
              "po to – kito pagal svorį ir t. t. (vienodo svorio kriterijai – jų eilės tvarka). "
              "Jei lygu ir tada, vieta dalijama (vietos 1, 1, 3); jei dalijama vieta yra "
              "laiminti, laimi abu teikimai.",
    "conflicts": "Deklaruoti interesų konfliktai",
    "no_conflicts": "Interesų konfliktų nedeklaruota.",
    "scores": "Vertinimai",
    "scores_how": "Langelyje – komisijos nario balai pagal kriterijus jų sąrašo tvarka (žr. "
                  "„Vertinimo kriterijai“) ir, po rodyklės, jo bendras balas (iš 100).",
    "conflict": "interesų konfliktas – nevertino",
    "not_declared": "nedeklaravo",
    "incomplete": "lapas neužbaigtas",
    "results": "Rezultatai",
    "place": "Vieta",
    "nominee": "Teikiamas(-a)",
    "library": "Biblioteka",
    "score": "Balas (iš 100)",
    "sheets": "Vertino",
    "excluded": "Nušalinta",
    "winner": "Laimėtojas",
    "yes": "taip",
    "tie": "Lygių balų sprendimas",
    "note": "Komisijos pirmininko pastaba",
    "signatures": "Parašai",
    "nobody": "–",
}


class ContestChoiceField(ScopedChoiceField):
    def label_from_instance(self, obj):
        return obj.title


class ProtocolParams(ReportParamsForm):
    """A contest whose scoring has closed: any for staff, the chaired ones for a chair."""

    contest = ContestChoiceField(Contest, label=gettext_lazy("Contest"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["contest"]
        queryset = field.queryset.filter(scoring_closed_at__isnull=False)
        if not may_manage(self.user):
            queryset = queryset.filter(pk__in=JuryMember.objects.filter(
                user=self.user, role=JuryRole.CHAIR).values("contest_id"))
        field.queryset = queryset.order_by("-year", "title")


def _number(value, places: int) -> Decimal | None:
    if value is None:
        return None
    return Decimal(value).quantize(Decimal(1).scaleb(-places))


def protocol_document(contest: Contest) -> Document:
    contest = Contest.objects.select_related("scoring_closed_by").get(pk=contest.pk)
    head = letterhead()
    closed = timezone.localtime(contest.scoring_closed_at)
    members = [p.member for p in jury_progress(contest)]
    chair = next((m for m in members if m.is_chair), None)
    sections = [Section(heading=contest.title.upper(), paragraphs=[
        head["organisation"], f"**{LT['title']}**",
        f"{LT['closed']} {closed:%Y-%m-%d %H:%M}; {LT['closed_by']} "
        f"{contest.scoring_closed_by or LT['nobody']}."])]
    sections.append(Section(heading=LT["jury"], paragraphs=[
        f"{LT['chair'] if m.is_chair else LT['member']} – {m.user}" for m in members]))
    criteria = list(contest.criteria.order_by("order", "pk"))
    total_weight = sum(c.weight for c in criteria) or Decimal(1)
    sections.append(Section(heading=LT["criteria"], tables=[Table(
        LT["criteria"], [Column(LT["criterion"]), Column(LT["range"]),
                         Column(LT["weight"], "decimal", 2), Column(LT["share"], "decimal", 1)],
        [[c.name, f"{c.min_score}–{c.max_score}", _number(c.weight, 2),
          _number(c.weight / total_weight * 100, 1)] for c in criteria])]))
    sections.append(Section(heading=LT["rule"],
                            paragraphs=[LT["rule_1"], LT["rule_2"], LT["rule_3"]]))
    conflicts = (Assessment.objects.filter(nomination__contest=contest, conflict=True,
                                           declared_at__isnull=False)
                 .select_related("juror__user", "nomination__person", "nomination__library",
                                 "nomination__practice").order_by("nomination_id", "juror_id"))
    lines = [f"{a.juror.user} – {a.nomination.nominee_name}: "
             f"{a.get_conflict_reason_display()}"
             f"{' (' + a.conflict_note + ')' if a.conflict_note else ''}" for a in conflicts]
    sections.append(Section(heading=LT["conflicts"], paragraphs=lines or [LT["no_conflicts"]]))
    table = all_scores(contest)
    score_tables, result_tables = [], []
    for entry in table:
        score_tables += _score_tables(entry)
        result_tables.append(Table(entry["category"].name, [
            Column(LT["place"], "int"), Column(LT["nominee"]), Column(LT["library"]),
            Column(LT["score"], "decimal", 2), Column(LT["sheets"], "int"),
            Column(LT["excluded"], "int"), Column(LT["winner"]), Column(LT["tie"])],
            [_result_row(row) for row in entry["rows"]]))
    sections.append(Section(heading=LT["scores"], paragraphs=[LT["scores_how"]],
                            tables=score_tables))
    sections.append(Section(heading=LT["results"], tables=result_tables))
    if contest.protocol_note:
        sections.append(Section(heading=LT["note"], paragraphs=[contest.protocol_note]))
    sections.append(Section(heading=LT["signatures"], paragraphs=[
        f"{LT['chair'] if m.is_chair else LT['member']} {SIGNATURE_LINE} {m.user}"
        for m in ([chair] if chair else []) + [m for m in members if not m.is_chair]]))
    return Document(title=LT["title"], subtitle=f"{contest.title} · {closed:%Y-%m-%d}",
                    sections=sections,
                    filename=f"vertinimo-protokolas-{contest.pk}-{closed:%Y-%m-%d}")


def _score_tables(entry) -> list[Table]:
    """A category's scores: a row per nomination, a column per juror (up to
    ``JURORS_PER_TABLE`` side by side; a larger jury gets more tables), each cell the
    juror's scores by criterion in the list's order and their total. One table per
    nomination took 19 s to lay out as PDF for a 300-nomination contest; this takes 5."""
    members = entry["members"]
    groups = [members[at:at + JURORS_PER_TABLE]
              for at in range(0, len(members), JURORS_PER_TABLE)] or [[]]
    tables = []
    for number, group in enumerate(groups):
        start = number * JURORS_PER_TABLE
        title = entry["category"].name
        if len(groups) > 1:
            title = f"{title} ({number + 1}/{len(groups)})"
        tables.append(Table(title, [Column(LT["nominee"])]
                            + [Column(str(member.user)) for member in group],
                            [[row.nomination.nominee_name,
                              *(_score_cell(cell) for cell in row.cells[start:start + len(group)])]
                             for row in entry["rows"]]))
    return tables


def _text(value, places: int) -> str:
    """A number as the protocol prints it, with a decimal comma whatever the reader's
    language (a score's ",0" left off: "7", "6,5"; a total "73,25")."""
    text = f"{_number(value, places):f}"
    if places == 1 and text.endswith(".0"):
        text = text[:-2]
    return text.replace(".", ",")


def _score_cell(cell) -> str:
    if cell["state"] == "conflict":
        return LT["conflict"]
    if cell["state"] == "none":
        return LT["not_declared"]
    values = " · ".join(_text(v, 1) if v is not None else "–" for v in cell["values"])
    if cell["state"] != "complete":
        return f"{values} ({LT['incomplete']})"
    return f"{values} → {_text(cell['total'], 2)}"


def _result_row(row) -> list:
    result = row.result
    return [result.rank if result else None, row.nomination.nominee_name,
            str(row.nomination.unit) if row.nomination.unit else LT["nobody"],
            _number(result.score, 2) if result and result.score is not None else None,
            result.sheets if result else 0, result.excluded if result else 0,
            LT["yes"] if result and result.won else "", result.tie_note if result else ""]


def _inputs(params) -> str:
    """Changes whenever the protocol would: the closing, the note, the jury, the results
    and the jury's trail."""
    contest = params["contest"]
    stored = Contest.objects.filter(pk=contest.pk).values_list(
        "title", "scoring_closed_at", "protocol_note", "status").first()
    jury = list(JuryMember.objects.filter(contest=contest).order_by("pk")
                .values_list("pk", "role", "user__full_name"))
    results = list(Result.objects.filter(category__contest=contest).order_by("pk")
                   .values_list("nomination_id", "score", "rank", "won", "tie_note"))
    events = JuryEvent.objects.filter(Q(contest=contest)).order_by("-pk").values_list(
        "pk", flat=True).first()
    stamp = repr((stored, jury, results, events, letterhead()))
    return hashlib.sha256(stamp.encode()).hexdigest()[:40]


@report_kind("apdovanojimai.protocol", label=gettext_lazy("Evaluation protocol of a contest"),
             form=ProtocolParams, output="document", formats=("pdf", "docx"), inputs=_inputs,
             archive_audience="staff",   # the jury's scores: filed, staff alone see them
             description=gettext_lazy("The jury's evaluation protocol: the jury, the criteria "
                                      "and weights, the rule, the conflicts declared, every "
                                      "juror's scores, the results per category and the "
                                      "signature lines. After scoring closes; staff and the "
                                      "jury's chair."))
def protocol_report(*, params, user, progress) -> Document:
    document = protocol_document(params["contest"])
    progress(50)
    return document
