"""The department's review, its reads: whether a submission raised a warning, its
timeline, and the files handed on to LNB. The writes are in ``statistika.services.review``."""

import io
import zipfile

from bibliotekos.models import Library
from portalas.tables import write_workbook
from statistika.models import Indicator, Submission, SubmissionStatus, ValueChange
from statistika.scoping import SubmissionScope, form_units_many
from statistika.selectors.campaign import field_states_many
from statistika.selectors.values import primary_table


def has_warnings(submission: Submission) -> bool:
    return submission.pk in with_warnings([submission])


def with_warnings(submissions) -> set[int]:
    """The ids of the submissions any of whose fields raise a warning or an error, in a fixed
    number of queries however many submissions."""
    submissions = list(submissions)
    units = form_units_many(submissions)
    states = field_states_many((s, units[s.pk]) for s in submissions)
    return {pk for pk, fields in states.items()
            if any(state.warnings or state.errors for state in fields.values())}


def timeline(scope: SubmissionScope) -> list[dict]:
    """The submission's steps and every change of a value in the units the person sees,
    newest first."""
    submission = scope.submission
    entries = [{"at": e.created_at, "who": e.created_by, "event": e} for e in
               submission.events.select_related("created_by")]
    changes = (ValueChange.objects
               .filter(value__year=submission.campaign.year,
                       value__library_id__in=scope.library_ids)
               .select_related("value__indicator", "value__library", "changed_by")[:2000])
    entries += [{"at": c.changed_at, "who": c.changed_by, "change": c} for c in changes]
    return sorted(entries, key=lambda e: e["at"], reverse=True)


# --- the hand-off to LNB ----------------------------------------------------------------------

HANDOFF_HEADER = ["lnb_code", "indicator_code", "indicator", "unit", "value"]


def _lnb_rows(values: dict, indicators: list[Indicator], lnb: dict[int, str]):
    for indicator in indicators:
        yield [lnb[indicator.pk], indicator.code, indicator.name_lt, indicator.unit,
               values.get(indicator.pk)]


def handoff_files(*, year: int, by=None) -> dict[str, bytes]:
    """Per accepted library an XLSX in the per-library form's layout (rows in LNB code order;
    a system's values with outlets summed), and the consolidated sheet for the territory.
    Each indicator carries the LNB code valid in ``year``; one without a code that year is
    left out (the LNB codes page lists them)."""
    from statistika.selectors.lnb_codes import codes_in_year

    submissions = list(Submission.objects.filter(campaign__year=year, status__in=[
        SubmissionStatus.ACCEPTED, SubmissionStatus.HANDED_ON]).select_related("library")
        .order_by("library__code"))
    lnb = codes_in_year(year)
    indicators = sorted((i for i in Indicator.objects.valid_in(year).filter(derived=False)
                         if lnb.get(i.pk)), key=lambda i: (lnb[i.pk], i.code))
    codes = [i.code for i in indicators]
    files = {}
    consolidated = []
    for submission in submissions:
        library = submission.library
        level = "system" if library.kind == "system" else "library"
        table = primary_table(codes=codes, years=[year], level=level,
                              libraries=Library.objects.filter(pk=library.pk))
        values = {i.pk: table.get(library.code, year, i.code) for i in indicators}
        rows = list(_lnb_rows(values, indicators, lnb))
        files[f"{year}-{library.code}.xlsx"] = write_workbook(
            [(library.code, HANDOFF_HEADER, rows)],
            widths={"indicator": 55, "indicator_code": 26})
        consolidated.append([library.code, library.name] + [values[i.pk] for i in indicators])
    files[f"{year}-suvestine.xlsx"] = write_workbook(
        [(str(year), ["library_code", "library"] + [lnb[i.pk] for i in indicators],
          consolidated)])
    return files


def handoff_zip(*, year: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in handoff_files(year=year).items():
            archive.writestr(name, data)
    return out.getvalue()
