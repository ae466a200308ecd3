"""Online attendance from Zoom's and Teams' participant reports: reading, matching, the
preview and applying."""

import codecs
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mokymai.attendance_import import (
    MAX_BYTES,
    ReportError,
    match_report,
    parse_duration,
    read_report,
)
from mokymai.models import Attendance
from mokymai.services import mark_attendance, register
from mokymai.tests.factories import make_event, make_lecturer, make_person

DATA = Path(__file__).parent / "data"


def data(name: str) -> bytes:
    return (DATA / name).read_bytes()


# --- reading -------------------------------------------------------------------------------

def by_name(report):
    return {row.name: row for row in report.rows}


def test_zoom_report_skips_the_meeting_summary_and_sums_rejoins():
    report = read_report(data("zoom_participants.csv"))
    assert report.tool == "zoom"
    rows = by_name(report)
    ruta = rows["Rūta Žemaitienė"]
    assert ruta.minutes == 96 + 61 and ruta.lines == 2
    assert ruta.email == "ruta.zemaitiene@kretingosvb.lt"
    assert rows["Petraitis Jonas"].minutes == 151 and rows["Petraitis Jonas"].email == ""
    assert "Topic" not in rows and len(report.rows) == 8


def test_teams_utf16_report_reads_the_participants_section_only():
    raw = data("teams_attendance.csv")
    assert raw.startswith(codecs.BOM_UTF16_LE)
    report = read_report(raw)
    assert report.tool == "teams"
    rows = by_name(report)
    assert rows["Petraitis, Jonas"].minutes == 65          # 1h 5m 3s
    assert rows["Svečias Nežinomas (External)"].minutes == 45   # 45m 12s
    assert rows["Ąžuolas Šileika (Guest)"].minutes == 165        # 02:45:00
    assert rows["Rūta Žemaitienė"].lines == 1              # section 3 is not read
    assert rows["Renginių koordinatorė"].role == "Organizer"


def test_teams_utf8_comma_and_lithuanian_columns():
    text = ("1. Santrauka\r\nSusitikimo pavadinimas,Seminaras\r\n\r\n2. Dalyviai\r\n"
            "Vardas,Pirmas prisijungimas,Paskutinis išėjimas,Trukmė susitikime,"
            "El. paštas,Dalyvio ID (UPN),Vaidmuo\r\n"
            "Jonas Jonaitis,2025-11-20 10:00,2025-11-20 12:00,1 val. 59 min. 40 s,"
            "jonas@test.lt,jonas@test.lt,Dalyvis\r\n"
            "\r\n3. Veikla susitikime\r\nVardas,Prisijungimas,Išėjimas,Trukmė\r\n"
            "Jonas Jonaitis,2025-11-20 10:00,2025-11-20 11:00,1 val.\r\n")
    report = read_report(text.encode("utf-8-sig"))
    assert [(r.name, r.email, r.minutes) for r in report.rows] == \
        [("Jonas Jonaitis", "jonas@test.lt", 120)]


def test_semicolons_and_baltic_encoding():
    text = "Vardas;El. paštas;Trukmė (minutėmis)\nŽydrūnė Šakalienė;z@test.lt;12\n"
    report = read_report(text.encode("cp1257"))
    assert [(r.name, r.minutes) for r in report.rows] == [("Žydrūnė Šakalienė", 12)]


def test_a_workbook_report_is_read_from_its_saved_values():
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["1. Summary"])
    sheet.append(["Meeting title", "Seminaras"])
    sheet.append([])
    sheet.append(["2. Participants"])
    sheet.append(["Name", "In-Meeting Duration", "Email"])
    sheet.append(["Jonas Jonaitis", "1h 2m", "jonas@test.lt"])
    sheet.append(["=1+1", "=A1", "formule@test.lt"])
    out = io.BytesIO()
    book.save(out)
    report = read_report(out.getvalue())
    assert [(r.name, r.minutes) for r in report.rows] == [("Jonas Jonaitis", 62)]
    assert len(report.problems) == 1          # a formula without a saved value is no time


@pytest.mark.parametrize(("text", "seconds"), [
    ("1h 5m 3s", 3903), ("45m 12s", 2712), ("01:05:03", 3903), ("1 val. 5 min. 3 s", 3903),
    ("2 hours 3 minutes", 7380), ("95", 5700), ("95,5", 5730), ("5s", 5),
    ("", None), ("abc", None), ("-5", None), ("1h 5 bananas", None), ("99:00:00", None),
])
def test_durations(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize(("content", "words"), [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj", "PDF"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "picture"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, ".xls"),
    (bytes(range(256)) * 4, "not text"),
    (b"Name,Email\nJonas,j@test.lt\n", "participant table"),
    (b"   \n", "empty"),
    (b"Full Name\tUser Action\tTimestamp\nJonas Jonaitis\tJoined\t11/20/2025, 10:00:00 AM\n",
     "joins and leaves"),
])
def test_files_that_are_not_reports_are_refused(content, words):
    from django.utils import translation

    with translation.override("en"), pytest.raises(ReportError, match=words):
        read_report(content)


def test_an_oversize_file_is_refused():
    with pytest.raises(ReportError):
        read_report(b"Name,Duration (Minutes)\n" + b"a,1\n" * (MAX_BYTES // 4 + 1))


def test_formulas_are_kept_as_text_never_evaluated():
    report = read_report(b'Name,User Email,Duration (Minutes)\n"=1+1",a@test.lt,5\n'
                         b'"+SUM(A1)",,6\n@SUM(1),,7\n')
    assert [r.name for r in report.rows] == ["=1+1", "+SUM(A1)", "@SUM(1)"]


def test_bad_duration_rows_are_left_out_with_a_reason():
    report = read_report(b"Name,Duration (Minutes)\nJonas Jonaitis,daug\nOna Onaite,12\n")
    assert [r.name for r in report.rows] == ["Ona Onaite"]
    assert report.problems[0][0] == 2


# --- matching ----------------------------------------------------------------------------------

@pytest.fixture
def event(db):
    return make_event(capacity=None, format="online", title="Skaitmeninis raštingumas")


@pytest.fixture
def people(event, staff, territory):
    def add(first, last, email, library=territory.central_a):
        return register(event=event, person=make_person(library, first=first, last=last,
                                                        email=email), by=staff)

    return {
        "ruta": add("Rūta", "Žemaitienė", "ruta.zemaitiene@kretingosvb.lt"),
        "jonas": add("Jonas", "Petraitis", "jonas.p@kretingosvb.lt"),
        "azuolas": add("Ąžuolas", "Šileika", "azuolas@skuodovb.lt", territory.central_b),
        "ona1": add("Ona", "Kazlauskienė", "ona.k@kretingosvb.lt"),
        "ona2": add("Ona", "Kazlauskienė", "kazlauskiene@skuodovb.lt", territory.central_b),
        "milda": add("Milda", "Vaitkutė", "milda@skuodovb.lt", territory.central_b),
    }


def registered(event):
    return event.registrations.registered().select_related("person", "person__user")


def test_matching_by_email_then_name_never_guessing(event, people):
    report = read_report(data("zoom_participants.csv"))
    matching = match_report(report.rows, registered(event))
    found = {m.registration.pk: m for m in matching.matched}
    assert found[people["ruta"].pk].how == "email" and found[people["ruta"].pk].minutes == 157
    assert found[people["jonas"].pk].how == "name"             # "Petraitis Jonas"
    assert found[people["azuolas"].pk].how == "name"           # "Azuolas Sileika (…)"
    assert people["ona1"].pk not in found and people["ona2"].pk not in found
    unmatched = {u.row.name: u for u in matching.unmatched}
    assert unmatched["Ona Kazlauskienė"].ambiguous
    assert not unmatched["Svečias Nežinomas"].ambiguous
    assert "Renginių koordinatorė" in unmatched
    assert {r.pk for r in matching.missing} == {people[k].pk for k in ("ona1", "ona2",
                                                                        "milda")}


def test_teams_rows_match_too(event, people):
    matching = match_report(read_report(data("teams_attendance.csv")).rows, registered(event))
    found = {m.registration.pk: m.minutes for m in matching.matched}
    assert found == {people["ruta"].pk: 177, people["jonas"].pk: 65,
                     people["azuolas"].pk: 165}


def test_a_shared_mailbox_is_decided_by_the_name(event, staff, territory):
    shared = "biblioteka@test.lt"
    first = register(event=event, person=make_person(territory.central_a, first="Asta",
                                                     last="Pirmoji", email=shared), by=staff)
    register(event=event, person=make_person(territory.central_a, first="Eglė",
                                             last="Antroji", email=shared), by=staff)
    report = read_report(b"Name,User Email,Duration (Minutes)\n"
                         b"Asta Pirmoji,BIBLIOTEKA@test.lt,100\nKazkas,biblioteka@test.lt,5\n")
    matching = match_report(report.rows, registered(event))
    assert [m.registration.pk for m in matching.matched] == [first.pk]
    assert matching.unmatched[0].ambiguous


# --- the upload, the preview and applying ------------------------------------------------------

def import_url(event):
    return reverse("mokymai:attendance_import", args=[event.pk, event.sessions.get().pk])


def upload(client, event, name, content=None):
    content = data(name) if content is None else content
    return client.post(import_url(event), {"file": SimpleUploadedFile(name, content)})


def apply(client, event):
    preview = client.get(import_url(event)).context["preview"]
    return client.post(import_url(event), {"apply": "1", "digest": preview["digest"]})


def test_upload_preview_apply_and_apply_again(staff_client, event, people):
    session = event.sessions.get()
    response = upload(staff_client, event, "zoom_participants.csv")
    assert response.status_code == 302
    assert not Attendance.objects.exists()                       # nothing before Apply
    response = staff_client.get(import_url(event))
    preview = response.context["preview"]
    assert response.context["threshold"] == 144                  # 80 % of 180 minutes
    planned = {p.match.registration.pk: p for p in preview["planned"]}
    assert planned[people["ruta"].pk].present and planned[people["jonas"].pk].present
    assert not planned[people["azuolas"].pk].present             # 101 minutes
    html = response.content.decode()
    assert "Svečias Nežinomas" in html and "svecias@gmail.com" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    assert "=HYPERLINK(&quot;http://pavojinga.example/&quot;" in html
    assert 'href="http://pavojinga' not in html

    assert apply(staff_client, event).status_code == 302
    marks = {a.registration_id: a for a in Attendance.objects.filter(session=session)}
    assert set(marks) == {people["ruta"].pk, people["jonas"].pk, people["azuolas"].pk}
    assert all(m.source == Attendance.Source.IMPORT for m in marks.values())
    assert (marks[people["ruta"].pk].present, marks[people["ruta"].pk].minutes) == (True, 157)
    assert (marks[people["azuolas"].pk].present,
            marks[people["azuolas"].pk].minutes) == (False, 101)

    changes = Attendance.history.count()
    upload(staff_client, event, "zoom_participants.csv")
    assert staff_client.get(import_url(event)).context["preview"]["writes"] == 0
    assert apply(staff_client, event).status_code == 302
    assert Attendance.history.count() == changes
    assert Attendance.objects.filter(session=session).count() == 3


def test_a_mark_on_site_is_not_undone_by_a_short_online_stay(staff_client, staff, event,
                                                             people):
    session = event.sessions.get()
    mark_attendance(registration=people["azuolas"], session=session, by=staff)
    upload(staff_client, event, "zoom_participants.csv")
    apply(staff_client, event)
    mark = Attendance.objects.get(registration=people["azuolas"], session=session)
    assert mark.present and mark.source == Attendance.Source.LIST


def test_the_teams_report_uploads(staff_client, event, people):
    assert upload(staff_client, event, "teams_attendance.csv").status_code == 302
    apply(staff_client, event)
    jonas = Attendance.objects.get(registration=people["jonas"])
    assert (jonas.present, jonas.minutes) == (False, 65)


@pytest.mark.parametrize(("name", "content"), [
    ("ataskaita.pdf", b"%PDF-1.4\n%binary\x00\x01\x02"),
    ("ataskaita.csv", bytes(range(256)) * 8),
    ("didelis.csv", b"Name,Duration (Minutes)\n" + b"Jonas Jonaitis,1\n" * (MAX_BYTES // 17 + 1)),
])
def test_uploads_that_are_not_reports_are_refused_with_a_message(staff_client, event, people,
                                                                 name, content):
    response = upload(staff_client, event, name, content)
    assert response.status_code == 400
    assert response.context["form"].errors["file"]
    assert staff_client.get(import_url(event)).context["preview"] is None


def test_apply_with_a_stale_digest_does_nothing(staff_client, event, people):
    upload(staff_client, event, "zoom_participants.csv")
    response = staff_client.post(import_url(event), {"apply": "1", "digest": "forged"})
    assert response.status_code == 302
    assert not Attendance.objects.exists()


def test_only_staff_import(manager_client, client_b, librarian_b, event):
    make_lecturer(event, user=librarian_b)
    assert client_b.get(import_url(event)).status_code == 403
    assert manager_client.get(import_url(event)).status_code == 403
    response = client_b.post(import_url(event), {"file": SimpleUploadedFile(
        "z.csv", data("zoom_participants.csv"))})
    assert response.status_code == 403


def test_the_import_page_within_a_query_budget(staff_client, event, people):
    from portalas.testing import query_budget

    upload(staff_client, event, "zoom_participants.csv")
    with query_budget(14, "import preview"):
        assert staff_client.get(import_url(event)).status_code == 200


# --- rows matched by hand ------------------------------------------------------------------------

def unmatched_lines(client, event) -> dict[str, int]:
    preview = client.get(import_url(event)).context["preview"]
    return {entry["item"].row.name: entry["item"].row.line for entry in preview["unmatched"]}


def test_an_unmatched_row_offers_only_the_registered_not_yet_matched(staff_client, event,
                                                                     people):
    upload(staff_client, event, "zoom_participants.csv")
    response = staff_client.get(import_url(event))
    preview = response.context["preview"]
    assert preview["choosable"]
    [ona] = [e for e in preview["unmatched"] if e["item"].row.name == "Ona Kazlauskienė"]
    offered = {value for value, _label in ona["field"].field.choices if value}
    assert offered == {str(people[k].pk) for k in ("ona1", "ona2", "milda")}
    html = response.content.decode()
    assert f'name="row-{ona["item"].row.line}"' in html and 'form="import-apply"' in html
    assert 'id="import-apply"' in html
    # the names in the select are escaped like the rest of the page
    assert "<script>alert" not in html


def test_staff_match_an_unmatched_row_by_hand_and_apply_records_it(staff_client, staff, event,
                                                                  people):
    session = event.sessions.get()
    upload(staff_client, event, "zoom_participants.csv")
    lines = unmatched_lines(staff_client, event)
    preview = staff_client.get(import_url(event)).context["preview"]
    response = staff_client.post(import_url(event), {
        "apply": "1", "digest": preview["digest"],
        f"row-{lines['Ona Kazlauskienė']}": str(people["ona2"].pk),     # 181 min: present
        f"row-{lines['Svečias Nežinomas']}": str(people["milda"].pk),   # 30 min: too short
        f"row-{lines['Renginių koordinatorė']}": "",                     # left unmatched
    })
    assert response.status_code == 302
    ona = Attendance.objects.get(registration=people["ona2"], session=session)
    assert (ona.present, ona.minutes, ona.source, ona.marked_by) == (
        True, 181, Attendance.Source.IMPORT, staff)
    milda = Attendance.objects.get(registration=people["milda"], session=session)
    assert (milda.present, milda.minutes) == (False, 30)
    assert not Attendance.objects.filter(registration=people["ona1"]).exists()
    # the preview now shows them found by hand, and applying again changes nothing
    preview = staff_client.get(import_url(event)).context["preview"]
    hand = {p.match.registration.pk: p for p in preview["planned"]
            if p.match.how == "manual"}
    assert set(hand) == {people["ona2"].pk, people["milda"].pk}
    assert all(p.action == "same" for p in hand.values())
    assert "Ona Kazlauskienė" not in {e["item"].row.name for e in preview["unmatched"]}
    assert {r.pk for r in preview["missing"]} == {people["ona1"].pk}
    changes = Attendance.history.count()
    assert apply(staff_client, event).status_code == 302
    assert Attendance.history.count() == changes


def test_a_forged_choice_of_an_already_matched_participant_is_refused(staff_client, event,
                                                                       people):
    upload(staff_client, event, "zoom_participants.csv")
    lines = unmatched_lines(staff_client, event)
    preview = staff_client.get(import_url(event)).context["preview"]
    response = staff_client.post(import_url(event), {
        "apply": "1", "digest": preview["digest"],
        f"row-{lines['Svečias Nežinomas']}": str(people["ruta"].pk)}, follow=True)
    errors = [str(m) for m in response.context["messages"] if m.level_tag == "error"]
    assert len(errors) == 1    # "Choose the participants from the lists offered."
    assert not Attendance.objects.exists()


def test_two_rows_given_to_one_person_are_added_up(event, people):
    from mokymai.attendance_import import add_manual_matches

    report = read_report(data("zoom_participants.csv"))
    matching = match_report(report.rows, registered(event))
    rows = {u.row.name: u.row for u in matching.unmatched}
    milda = people["milda"].pk
    merged = add_manual_matches(matching, {rows["Svečias Nežinomas"].line: milda,
                                           rows["Renginių koordinatorė"].line: milda,
                                           999: people["ona1"].pk,             # no such row
                                           rows["Ona Kazlauskienė"].line: people["ruta"].pk})
    [by_hand] = [m for m in merged.matched if m.how == "manual"]
    assert by_hand.registration.pk == milda and by_hand.minutes == 30 + 194
    assert milda not in {r.pk for r in merged.missing}
    assert "Ona Kazlauskienė" in {u.row.name for u in merged.unmatched}  # ruta: matched
