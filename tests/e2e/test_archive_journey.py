"""The department's documentation and archive in a real browser, on the demo data (issue
24): staff open the archive from the menu, make the 2027 file plan as a copy of 2026's and
record its approval, and download it as PDF and DOCX (both hold the files' indexes and
"DOKUMENTACIJOS PLANAS"). They register an incoming letter with its PDF (its number is the
register's next of the year) and then the outgoing answer from it, which marks the letter
answered. They ask for the regional analysis as a PDF and, on the document's page, file it
into the file its kind suggests; the filed copy has its own page and file. At year end they
close the 2025 files and produce that year's inventory (the PDF read with pypdf, the XLSX
with openpyxl: both list the 2025 files), appraise the files whose retention ended into a
destruction act and submit it; management approve it, and the destruction (run in-process:
there is no broker in the tests, so Celery runs the task eagerly after the approval's
commit) deletes the stored files of those files' documents, while the act (executed, with
its PDF) and the register rows remain: a destroyed letter's page says so and its download is
a 404. The search finds the incoming letter by a word of its title and by its number; a
librarian has no archive in the menu and is refused its pages. Every page is checked with
axe and for sideways scrolling; the registration form also on a phone. Screenshots go to
var/screenshots/ (160–179)."""

import hashlib
import re
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from archyvas.models import (
    ActStatus,
    DestructionAct,
    FiledDocument,
    FilePlan,
    PlanFile,
    PlanStatus,
    Register,
    RegisterCounter,
    RegisterEntry,
    RegisterKind,
)
from archyvas.tests.factories import pdf_bytes
from ataskaitos import services as engine
from ataskaitos.models import ReportJob
from paskyros.models import User
from tests.e2e.journey import clean, docx_text, new_page, pdf_text, success, visit, xlsx_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STAFF = "darbuotojas@demo.lt"
MANAGEMENT = "vadovas@demo.lt"
LIBRARIAN = "bibliotekininkas@demo.lt"
LETTER_TITLE = "Dėl bibliotekų darbuotojų kvalifikacijos tobulinimo poreikių tyrimo"
LETTER_WORD = "kvalifikacijos"
CORRESPONDENT = "Lietuvos nacionalinė Martyno Mažvydo biblioteka"
THEIR_NUMBER = "SD-1187"
ANSWER_TITLE = "Dėl bibliotekų darbuotojų kvalifikacijos tobulinimo poreikių: atsakymas"
APPROVAL = "Direktoriaus 2026-12-04 įsakymas Nr. V-214"
BASIS = ("Bylas įvertino Metodinės veiklos skyriaus ekspertų komisija: jų saugojimo terminai "
         "baigėsi, dokumentai praktinės ir istorinės vertės nebeturi.")
ACT_APPROVAL = "Direktoriaus 2026-12-04 įsakymas Nr. V-215"


def _document(page, button, fmt: str, where: str) -> bytes:
    """Press a document button of the report engine, wait on the job's page for the file
    and download it; its bytes."""
    button.click()
    page.wait_for_url(re.compile(r".*/dokumentai/[0-9a-f-]+/$"))
    link = page.locator("#job-status a[href$='/atsisiusti/']")
    expect(link).to_be_visible(timeout=240_000)
    clean(page, f"{where}: the document's page")
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename.endswith(f".{fmt}"), download.suggested_filename
    return Path(download.path()).read_bytes()


def _doc_button(scope, fmt: str):
    return scope.locator(f"form[action$='/dokumentai/uzsakyti/']:has(input[name=format]"
                         f"[value={fmt}]) button")


def _open_archive_from_the_menu(page, base: str) -> None:
    link = page.locator("#mainNav a[href='/archyvas/']")
    expect(link).to_have_count(1)
    if not link.is_visible():
        page.locator("#mainNav li.dropdown", has=page.locator("a[href='/archyvas/']")) \
            .locator(".dropdown-toggle").click()
    link.click()
    page.wait_for_url(f"{base}/archyvas/")


@pytest.fixture
def demo_day(time_machine, settings):
    """The archive's demo is written for its day, 4 December 2026 (plans up to 2026, 2025
    approved and waiting to be closed, files whose retention ended by then): the portal's
    clock is set to that day before the demo loads. The browser's clock is not, so the
    session cookie lives until the browser closes rather than to a date of the portal's."""
    time_machine.move_to(datetime(2026, 12, 4, 10, 0, tzinfo=ZoneInfo("Europe/Vilnius")),
                         tick=True)
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True


def test_the_archive_from_the_file_plan_to_the_destruction_act(browser, live_server, demo_day,
                                                               demo, shot, settings):
    settings.OTP_REQUIRED_ROLES = set()
    # As without a broker in production: a document is rendered in a background thread
    # while its page polls (Celery tasks — the text extraction, the destruction — run
    # eagerly in the server's process, after the commit that queued them).
    settings.DOCUMENTS_IN_THREAD = True
    base = live_server.url
    today = timezone.localdate()
    assert today == date(2026, 12, 4)

    def url(name: str, *args) -> str:
        return f"{base}{reverse(f'archyvas:{name}', args=args)}"

    source = FilePlan.objects.get(year=2026)
    assert not FilePlan.objects.filter(year=2027).exists()
    source_files = list(source.files.order_by("position", "index"))
    assert len(source_files) >= 10

    # 1. staff open the archive from the menu, copy last year's plan, record its approval
    staff = new_page(browser, live_server, STAFF)
    _open_archive_from_the_menu(staff, base)
    expect(staff.locator("main table")).to_contain_text("2026")
    clean(staff, "the archive's landing page")
    shot(staff, "160-archyvas-dokumentacijos-planai")

    staff.locator(f"main a[href='{reverse('archyvas:plan_create')}']").first.click()
    staff.wait_for_url(url("plan_create"))
    expect(staff.locator("#id_year")).to_have_value("2027")
    expect(staff.locator("#id_source")).to_have_value(str(source.pk))
    clean(staff, "a new year's plan")
    staff.locator("#plan-create-form [type=submit]").click()
    staff.wait_for_url(url("plan_detail", 2027))
    success(staff)
    plan = FilePlan.objects.get(year=2027)
    assert (plan.status, plan.copied_from_id) == (PlanStatus.DRAFT, source.pk)
    copied = list(plan.files.order_by("position", "index"))
    assert [(f.index, f.title, f.permanent, f.retention_years, f.kinds) for f in copied] == [
        (f.index, f.title, f.permanent, f.retention_years, f.kinds) for f in source_files]
    rows = staff.locator("#files table tbody tr")
    expect(rows).to_have_count(len(source_files))
    for plan_file in (source_files[0], source_files[-1]):
        expect(staff.locator("#files")).to_contain_text(plan_file.title)
    clean(staff, "the copied plan (a draft)")
    shot(staff, "161-planas-2027-nukopijuotas")

    staff.locator("#plan-approve").click()
    staff.wait_for_url(url("plan_approve", 2027))
    expect(staff.locator("#id_approved_on")).to_have_value(f"{today:%Y-%m-%d}")
    staff.fill("#id_approval_reference", APPROVAL)
    clean(staff, "the plan's approval")
    staff.locator("main form [type=submit]").first.click()
    staff.wait_for_url(url("plan_detail", 2027))
    success(staff)
    plan.refresh_from_db()
    assert (plan.status, plan.approved_on, plan.approval_reference, plan.approved_by.email) == (
        PlanStatus.APPROVED, today, APPROVAL, STAFF)
    expect(staff.locator("#plan-approval")).to_contain_text(APPROVAL)
    expect(staff.locator("#plan-approve")).to_have_count(0)
    clean(staff, "the approved plan")
    shot(staff, "162-planas-2027-patvirtintas")

    for fmt, read in (("pdf", pdf_text), ("docx", docx_text)):
        staff.goto(url("plan_detail", 2027))
        text = read(_document(staff, _doc_button(staff.locator("main"), fmt), fmt,
                              f"the plan as {fmt}"))
        assert "DOKUMENTACIJOS PLANAS" in text, (fmt, text[:2000])
        for plan_file in copied:
            assert plan_file.index in text, (fmt, plan_file.index, text[:2000])
        assert copied[0].title in text and "2027" in text, (fmt, text[:2000])

    # 2. an incoming letter, quickly registered with its PDF; then the outgoing answer
    incoming_register = Register.objects.get(kind=RegisterKind.INCOMING, active=True)
    outgoing_register = Register.objects.get(kind=RegisterKind.OUTGOING, active=True)
    counter = RegisterCounter.objects.filter(register=incoming_register, year=2026).first()
    next_number = (counter.last_number if counter else 0) + 1
    letters_file = PlanFile.objects.get(plan=source, index="7.11")
    responsible = User.objects.get(email=STAFF)
    due = today + timedelta(days=14)

    visit(staff, url("entry_list"), "the registers' documents")
    staff.locator("#entry-register").click()
    staff.locator(".dropdown-menu a", has_text=incoming_register.name).click()
    staff.wait_for_url(re.compile(re.escape(url("entry_create")) + r"\?register="))
    expect(staff.locator("#id_register")).to_have_value(str(incoming_register.pk))
    staff.fill("#id_document_date", f"{today - timedelta(days=2):%Y-%m-%d}")
    staff.fill("#id_their_number", THEIR_NUMBER)
    staff.fill("#id_correspondent", CORRESPONDENT)
    staff.fill("#id_title", LETTER_TITLE)
    staff.select_option("#id_plan_file", str(letters_file.pk))
    staff.select_option("#id_responsible", str(responsible.pk))
    staff.fill("#id_answer_due", f"{due:%Y-%m-%d}")
    staff.set_input_files("#id_file", files=[{
        "name": "LNB-rastas-SD-1187.pdf", "mimeType": "application/pdf",
        "buffer": pdf_bytes(f"{LETTER_TITLE}. Prašome iki {due:%Y-%m-%d} pateikti "
                            "bibliotekų poreikių apžvalgą.")}])
    clean(staff, "the quick registration")
    shot(staff, "163-gaunamasis-registruojamas")
    staff.locator("#entry-submit").click()
    staff.wait_for_url(re.compile(r"/archyvas/dokumentai/\d+/$"))
    success(staff)
    letter = RegisterEntry.objects.get(title=LETTER_TITLE)
    assert (letter.register_id, letter.year, letter.number) == (
        incoming_register.pk, 2026, next_number)
    assert (letter.correspondent, letter.their_number, letter.plan_file_id,
            letter.responsible_id, letter.answer_due, letter.registered_on) == (
        CORRESPONDENT, THEIR_NUMBER, letters_file.pk, responsible.pk, due, today)
    assert letter.file_kind == "pdf" and letter.has_file
    number = letter.full_number
    assert number == f"{incoming_register.prefix}-{next_number}"
    expect(staff.locator("#entry-title")).to_contain_text(number)
    expect(staff.locator("#entry-file")).to_be_visible()
    clean(staff, "the registered letter")
    shot(staff, "164-gaunamasis-uzregistruotas")

    staff.locator("a#entry-reply").click()
    staff.wait_for_url(re.compile(re.escape(url("entry_create")) + rf"\?reply_to={letter.pk}$"))
    expect(staff.locator("section#entry-reply")).to_contain_text(number)
    expect(staff.locator("#id_register")).to_have_value(str(outgoing_register.pk))
    expect(staff.locator("#id_correspondent")).to_have_value(CORRESPONDENT)
    expect(staff.locator("#id_plan_file")).to_have_value(str(letters_file.pk))
    staff.fill("#id_title", ANSWER_TITLE)
    clean(staff, "the answer's registration")
    shot(staff, "165-atsakymas-registruojamas")
    staff.locator("#entry-submit").click()
    staff.wait_for_url(re.compile(r"/archyvas/dokumentai/\d+/$"))
    success(staff)
    answer = RegisterEntry.objects.get(title=ANSWER_TITLE)
    assert (answer.register_id, answer.reply_to_id, answer.correspondent) == (
        outgoing_register.pk, letter.pk, CORRESPONDENT)
    letter.refresh_from_db()
    assert letter.answered_on == today
    expect(staff.locator("#answers")).to_contain_text(number)
    staff.locator(f"#answers a[href='{letter.get_absolute_url()}']").click()
    staff.wait_for_url(f"{base}{letter.get_absolute_url()}")
    expect(staff.locator("#entry-answers")).to_contain_text(answer.full_number)
    expect(staff.locator("#entry-answered")).to_have_count(0)   # answered: nothing to mark
    expect(staff.locator("#answer")).to_contain_text(f"{today:%Y-%m-%d}")
    clean(staff, "the letter answered")
    shot(staff, "166-gaunamasis-atsakytas")

    # the registration form on a phone
    phone = new_page(browser, live_server, STAFF, phone=True)
    visit(phone, f"{url('entry_create')}?register={incoming_register.pk}",
           "the quick registration on a phone")
    shot(phone, "167-registravimas-telefone")
    phone.context.close()

    # 3. the regional analysis as a PDF, filed from the document's page
    analysis_file = PlanFile.objects.get(plan=source, index="7.3")
    assert "ataskaitos.document:regional_analysis" in analysis_file.kinds
    # (the demo has filed 2025's already: asked again, the engine hands that one out)
    visit(staff, f"{base}/statistika/analize/?year=2024", "the regional analysis")
    staff.locator("form[action$='/dokumentai/uzsakyti/']:has(input[name=kind]"
                  "[value=regional_analysis]):has(input[name=format][value=pdf]) button").click()
    staff.wait_for_url(re.compile(r".*/dokumentai/[0-9a-f-]+/$"))
    job_url = staff.url
    expect(staff.locator("#job-status a[href$='/atsisiusti/']")).to_be_visible(timeout=240_000)
    panel = staff.locator("#archive-filing-panel")
    expect(panel).to_be_visible()
    select = panel.locator("select[name=plan_file]")
    expect(select).to_have_value(str(analysis_file.pk))
    expect(panel.locator(".filing-form")).to_contain_text(analysis_file.index)
    clean(staff, "the analysis with “File it”")
    shot(staff, "168-analize-ibyluoti")
    panel.locator(".filing-form [type=submit]").click()
    staff.wait_for_url(job_url)
    success(staff)
    filed = FiledDocument.objects.get(source_model="ataskaitos.reportjob",
                                      source_key=job_url.rstrip("/").rsplit("/", 1)[1])
    assert filed.plan_file_id == analysis_file.pk and filed.subkind == "regional_analysis"
    assert filed.has_file and filed.file_kind == "pdf" and filed.filed_by.email == STAFF
    filed_line = staff.locator(f"#archive-filing-panel [data-filed='{filed.pk}']")
    expect(filed_line).to_contain_text(analysis_file.index)
    expect(filed_line).to_contain_text(analysis_file.title)
    clean(staff, "the analysis filed")
    shot(staff, "169-analize-ibyluota")
    filed_line.locator(f"a[href='{filed.get_absolute_url()}']").click()
    staff.wait_for_url(f"{base}{filed.get_absolute_url()}")
    expect(staff.locator("#filed-file")).to_contain_text(analysis_file.index)
    clean(staff, "the filed copy")
    shot(staff, "170-ibyluota-kopija")
    # the archive keeps its own copy: the engine deleting its file after its retention
    # days (its periodic sweep) leaves the filed copy as it was
    job = ReportJob.objects.get(pk=filed.source_key)
    with job.file.storage.open(job.file.name, "rb") as handle:
        original = handle.read()
    engine_file = Path(job.file.path)
    assert hashlib.sha256(original).hexdigest() == filed.sha256
    ReportJob.objects.filter(pk=job.pk).update(
        finished_at=timezone.now() - timedelta(days=settings.REPORT_RETENTION_DAYS + 1))
    engine.sweep()
    assert not ReportJob.objects.filter(pk=job.pk).exists() and not engine_file.exists()
    visit(staff, f"{base}{filed.get_absolute_url()}", "the filed copy, its source gone")
    expect(staff.locator("#filed-source a")).to_have_count(0)
    with staff.expect_download() as info:
        staff.locator("#filed-download").click()
    copy = Path(info.value.path()).read_bytes()
    assert copy == original
    copy_text = pdf_text(copy)
    assert "2024" in copy_text and "veiklos analizė" in copy_text, copy_text[:1000]

    # 4. year end: close 2025, its inventory; a destruction act for the expired files
    year_2025 = FilePlan.objects.get(year=2025)
    assert year_2025.status == PlanStatus.APPROVED
    files_2025 = list(year_2025.files.order_by("position", "index"))
    visit(staff, url("year_end"), "the year end")
    staff.locator("#close-2025").click()
    staff.wait_for_url(url("year_close", 2025))
    expect(staff.locator("#close-file-count")).to_have_text(str(len(files_2025)))
    clean(staff, "closing 2025 (confirmation)")
    staff.locator("#year-close-form [type=submit]").click()
    staff.wait_for_url(url("year_end"))
    success(staff)
    year_2025.refresh_from_db()
    assert year_2025.status == PlanStatus.CLOSED and year_2025.closed_on == today
    assert not year_2025.files.filter(closed_on=None).exists()
    row = staff.locator("#yearend-closed-table tbody tr", has=staff.locator(
        f"a[href='{year_2025.get_absolute_url()}']"))
    expect(row).to_have_count(1)
    expect(staff.locator("#close-2025")).to_have_count(0)
    clean(staff, "the year end with 2025 closed")
    shot(staff, "171-metu-pabaiga-2025-uzdaryta")

    temporary = [f for f in files_2025 if not f.permanent and (f.retention_years or 0) <= 10]
    assert temporary
    inventory = {}
    for fmt in ("pdf", "xlsx"):
        staff.goto(url("year_end"))
        buttons = row.locator("form:has(input[name=retention][value=temporary])"
                              f":has(input[name=format][value={fmt}]) button")
        inventory[fmt] = _document(staff, buttons, fmt, f"the 2025 inventory as {fmt}")
    for fmt, text in (("pdf", pdf_text(inventory["pdf"])),
                      ("xlsx", xlsx_text(inventory["xlsx"]))):
        assert "2025" in text, (fmt, text[:1500])
        flat = text.replace(" ", "")
        for plan_file in temporary:
            assert plan_file.title.replace(" ", "") in flat, (fmt, plan_file.title, text[:3000])

    expired = list(PlanFile.objects.expired(today).select_related("plan")
                   .order_by("plan__year", "position"))
    assert expired and all(f.plan.year < 2025 for f in expired)
    destroyed_letters = list(RegisterEntry.objects.filter(plan_file__in=expired)
                             .exclude(file="").order_by("pk"))
    assert destroyed_letters, "the demo's expired files hold no stored document"
    stored_paths = [Path(e.file.path) for e in destroyed_letters]
    assert all(path.exists() for path in stored_paths)
    victim = destroyed_letters[0]

    staff.goto(url("year_end"))
    staff.locator(f"main a[href='{reverse('archyvas:expired_list')}']").click()
    staff.wait_for_url(url("expired_list"))
    for plan_file in expired:
        staff.locator(f"input[name=pick_{plan_file.pk}]").check()
        staff.locator(f"input[name=decision_{plan_file.pk}][value=destroy]").check()
    staff.fill("#id_basis", BASIS)
    clean(staff, "the files whose retention ended")
    shot(staff, "172-saugojimas-baigesi-vertinimas")
    staff.locator("#appraisal-form button[type=submit]").last.click()
    staff.wait_for_url(re.compile(r"/archyvas/aktai/\d+/$"))
    success(staff)
    act = DestructionAct.objects.get(pk=int(staff.url.rstrip("/").rsplit("/", 1)[1]))
    assert act.status == ActStatus.DRAFT and act.basis == BASIS
    assert sorted(act.items.values_list("plan_file_id", flat=True)) == sorted(
        f.pk for f in expired)
    expect(staff.locator("#act-items tbody tr")).to_have_count(len(expired))
    staff.locator("#act-submit").click()
    staff.wait_for_url(url("act_submit", act.pk))
    clean(staff, "submitting the act (confirmation)")
    staff.locator("#act-confirm-form [type=submit]").click()
    staff.wait_for_url(f"{base}{act.get_absolute_url()}")
    success(staff)
    act.refresh_from_db()
    assert act.status == ActStatus.SUBMITTED
    expect(staff.locator("#act-approve")).to_have_count(1)   # staff too (an approval on paper)
    # nothing is deleted before the act is approved
    assert all(path.exists() for path in stored_paths)
    clean(staff, "the act submitted")
    shot(staff, "173-naikinimo-aktas-pateiktas")

    # management find it on their home page
    manager = new_page(browser, live_server, MANAGEMENT)
    awaiting = manager.locator("section[aria-labelledby=home-yearend-acts]")
    awaiting.locator(f"a[href='{act.get_absolute_url()}']").click()
    manager.wait_for_url(f"{base}{act.get_absolute_url()}")
    expect(manager.locator("#act-edit")).to_have_count(0)
    clean(manager, "the submitted act for management")
    manager.locator("#act-approve").click()
    manager.wait_for_url(url("act_approve", act.pk))
    manager.fill("#id_reference", ACT_APPROVAL)
    clean(manager, "approving the act (confirmation)")
    shot(manager, "174-naikinimo-akto-tvirtinimas")
    manager.locator("#act-confirm-form [type=submit]").click()
    manager.wait_for_url(f"{base}{act.get_absolute_url()}")
    success(manager)
    act.refresh_from_db()
    assert (act.status, act.approved_by.email, act.approval_reference) == (
        ActStatus.EXECUTED, MANAGEMENT, ACT_APPROVAL)
    assert act.executed_at is not None and act.file

    # the expired files are gone, the act remains
    assert not any(path.exists() for path in stored_paths), stored_paths
    for entry in destroyed_letters:
        entry.refresh_from_db()
        assert entry.file_destroyed_on == today and entry.destruction_act_id == act.pk
    assert not PlanFile.objects.expired(today).exists()
    manager.reload()
    step = manager.locator("li[aria-current=step]")
    expect(step).to_contain_text(str(ActStatus.EXECUTED.label))
    expect(step).to_contain_text(f"{today:%Y-%m-%d}")
    expect(manager.locator("#act-file")).to_be_visible()
    clean(manager, "the executed act")
    shot(manager, "175-naikinimo-aktas-ivykdytas")
    with manager.expect_download() as info:
        manager.locator("#act-file").click()
    act_text = pdf_text(Path(info.value.path()).read_bytes())
    assert victim.plan_file.index in act_text and str(act.number) in act_text, act_text[:2000]
    manager.context.close()

    visit(staff, f"{base}{victim.get_absolute_url()}", "a destroyed letter's page")
    expect(staff.locator("#entry-file")).to_have_count(0)
    expect(staff.locator(f"main a[href='{act.get_absolute_url()}']")).to_have_count(1)
    expect(staff.locator("#entry-file-heading + p")).to_contain_text(f"{today:%Y-%m-%d}")
    shot(staff, "176-sunaikinto-dokumento-puslapis")
    visit(staff, url("entry_file", victim.pk), "a destroyed letter's file", 404)
    visit(staff, f"{url('entry_list')}?register={victim.register_id}&year={victim.year}",
           "the register of a destroyed letter")
    expect(staff.locator(f"main table a[href='{victim.get_absolute_url()}']")).to_have_count(1)
    shot(staff, "177-registro-eilute-lieka")

    # 5. the search finds the letter by a word of its title and by its number
    for query in (LETTER_WORD, number):
        visit(staff, f"{url('search')}?q={query}", f"the search for {query}")
        hit = staff.locator(f"#results [data-entry='{letter.pk}']")
        expect(hit).to_have_count(1)
        expect(hit).to_contain_text(LETTER_TITLE)
        if query == number:
            shot(staff, "178-paieska-pagal-numeri")
    staff.context.close()

    # 6. a librarian: no archive in the menu; its pages are closed
    librarian = new_page(browser, live_server, LIBRARIAN)
    expect(librarian.locator("#mainNav a[href^='/archyvas/']")).to_have_count(0)
    visit(librarian, url("plan_list"), "the archive for a librarian", 403)
    shot(librarian, "179-bibliotekininkas-archyvas-uzdarytas")
    for path in (letter.get_absolute_url(), act.get_absolute_url(), filed.get_absolute_url(),
                 reverse("archyvas:entry_file", args=[letter.pk])):
        visit(librarian, f"{base}{path}", f"{path} for a librarian", 404)
    librarian.context.close()
