"""A purchase from the request to the contract in a real browser, on the demo data (issue
25): staff open Procurement from the menu and file a purchase request paid from a demo
project (the project and its budget line chosen in the form, the value typed as
"12 345,67 €"), also checked on a phone, and submit it; management find it on their home
page and approve it. Staff record the supplier survey with three offers — two suppliers of
the organisation list and a new one typed in the form — and press "Choose the supplier"
without choosing: the portal proposes the cheapest offer (the lowest-price criterion), and
the proposal is confirmed. The survey report (tiekėjų apklausos pažyma) comes from the
report engine as DOCX (rendered in a background thread while its page polls, as without a
broker in production) and holds the three suppliers and the chosen price. Staff register
the contract from the purchase (supplier, value and subject filled in from the chosen
offer, the signed copy attached); the year's contract register lists it, on its page and in
its XLSX; the year's summary (pirkimų suvestinė) lists the plan's purchases above the
low-value threshold — on its page and in its XLSX — and neither this purchase nor any
low-value line of the plan. A territory librarian has no Procurement in the menu and gets a
404 on the purchase's pages. Every page is checked with axe and for sideways scrolling.
Screenshots go to var/screenshots/ (180–194)."""

import re
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from archyvas.tests.factories import pdf_bytes
from bibliotekos.models import Organisation, OrganisationKind
from paskyros.models import User
from pirkimai.models import (
    Contract,
    ContractKind,
    Method,
    PlannedPurchase,
    Purchase,
    PurchaseStatus,
    SupplierOffer,
)
from projektai.models import BudgetLine, Project
from tests.e2e.journey import clean, docx_text, new_page, success, visit, xlsx_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STAFF = "darbuotojas@demo.lt"
MANAGEMENT = "vadovas@demo.lt"
LIBRARIAN = "bibliotekininkas@demo.lt"
PROJECT_ACRONYM = "SKA"
PROJECT_LINE = "Mokymų priemonės ir įranga"
PLAN_LINE = "Projektoriai ir daugialypės terpės įranga"
CPV = "38652100-1"
TITLE = "Projektorius ir ekranas mokymams regiono bibliotekose"
NEED = ("Nešiojamasis projektorius (ne mažiau kaip 4000 liumenų), sieninis ekranas ir "
        "laidai skaitmeninių kompetencijų mokymams regiono bibliotekose.")
JUSTIFICATION = ("Mokymai vyksta bibliotekose, kuriose nėra tinkamos demonstravimo įrangos; "
                 "įranga numatyta projekto biudžete.")
TYPED_VALUE = "12 345,67 €"
VALUE = Decimal("12345.67")
APPROVAL_NOTE = "Pritariu, pirkti iš projekto lėšų."
NEW_SUPPLIER = ("UAB „Vaizdo sprendimai“", "306123457")
# (row, price typed, price with VAT typed); the second row is the cheapest
PRICES = (("12 150,00 €", "14 701,50 €"), ("11 890,50 €", "14 387,51"), ("12300", "14 883"))
CHOSEN_PRICE = Decimal("11890.50")
CONTRACT_NUMBER = "PS-2026/118"


def _doc_button(scope, kind: str, fmt: str):
    return scope.locator(f"form[action$='/dokumentai/uzsakyti/']:has(input[name=kind]"
                         f"[value='{kind}']):has(input[name=format][value={fmt}]) button")


def _document(page, button, fmt: str, where: str, shot_name: str | None = None,
              shot=None) -> bytes:
    """Press a document button of the report engine, wait on the job's page for the file
    and download it; its bytes."""
    expect(button).to_have_count(1)
    button.click()
    page.wait_for_url(re.compile(r".*/dokumentai/[0-9a-f-]+/$"))
    link = page.locator("#job-status a[href$='/atsisiusti/']")
    expect(link).to_be_visible(timeout=240_000)
    clean(page, f"{where}: the document's page")
    if shot_name:
        shot(page, shot_name)
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename.endswith(f".{fmt}"), download.suggested_filename
    return Path(download.path()).read_bytes()


def _squeezed(text: str) -> str:
    """Without any space (sums are written "11 890,50", with thin or no-break spaces)."""
    return re.sub(r"\s+", "", text.replace("\u00a0", "").replace("\u202f", ""))


def _open_procurement_from_the_menu(page, base: str) -> None:
    link = page.locator("#mainNav a[href='/pirkimai/']")
    expect(link).to_have_count(1)
    if not link.is_visible():
        page.locator("#mainNav li.dropdown", has=page.locator("a[href='/pirkimai/']")) \
            .locator(".dropdown-toggle").click()
    link.click()
    page.wait_for_url(f"{base}/pirkimai/")


def test_a_purchase_from_the_request_to_the_contract_register_and_the_summary(
        browser, live_server, demo, shot, settings):
    settings.OTP_REQUIRED_ROLES = set()
    settings.DOCUMENTS_IN_THREAD = True
    base = live_server.url
    today = timezone.localdate()
    year = today.year

    def url(name: str, *args) -> str:
        return f"{base}{reverse(f'pirkimai:{name}', args=args)}"

    project = Project.objects.get(acronym=PROJECT_ACRONYM)
    budget_line = BudgetLine.objects.get(project=project, title=PROJECT_LINE)
    plan_line = PlannedPurchase.objects.get(plan__year=year, title=PLAN_LINE)
    assert plan_line.method == Method.LOW_VALUE and plan_line.cpv.code == CPV
    suppliers = list(Organisation.objects.filter(
        kind=OrganisationKind.BUSINESS, name__in=("UAB „Biuro pasaulis“",
                                                  "UAB „Spaudos technika“")).order_by("name"))
    assert len(suppliers) == 2
    assert not Organisation.objects.filter(name=NEW_SUPPLIER[0]).exists()
    staff_user = User.objects.get(email=STAFF)

    # 1. staff open Procurement from the menu and file the request, paid from a project
    staff = new_page(browser, live_server, STAFF)
    _open_procurement_from_the_menu(staff, base)
    clean(staff, "the procurement home")
    shot(staff, "180-pirkimai-pradzia")

    create = reverse("pirkimai:purchase_create")
    staff.locator(f"main a[href='{create}']").first.click()
    staff.wait_for_url(url("purchase_create"))
    staff.fill("#id_title", TITLE)
    staff.fill("#id_cpv", CPV)
    staff.select_option("#id_kind", plan_line.kind)
    staff.select_option("#id_planned", str(plan_line.pk))
    staff.fill("#id_need", NEED)
    staff.fill("#id_justification", JUSTIFICATION)
    staff.fill("#id_estimated_value", TYPED_VALUE)
    staff.fill("#id_needed_by", f"{today + timedelta(days=40):%Y-%m-%d}")
    staff.select_option("#id_funding", "project")
    staff.fill("#id_budget_line", "Projekto lėšos, 3 eilutė")
    staff.select_option("#id_project", str(project.pk))
    staff.select_option("#id_project_budget_line", str(budget_line.pk))
    clean(staff, "the new request, filled in")
    shot(staff, "181-paraiska-pildoma")

    # the request's form on a phone
    phone = new_page(browser, live_server, STAFF, phone=True)
    visit(phone, f"{url('purchase_create')}?project={project.pk}", "the request on a phone")
    expect(phone.locator("#id_project")).to_have_value(str(project.pk))
    shot(phone, "182-paraiska-telefone")
    phone.context.close()

    staff.locator("#purchase-save").click()
    staff.wait_for_url(re.compile(r"/pirkimai/paraiskos/\d+/$"))
    success(staff)
    purchase = Purchase.objects.get(title=TITLE)
    assert (purchase.status, purchase.year, purchase.estimated_value, purchase.project_id,
            purchase.project_budget_line_id, purchase.planned_id, purchase.cpv.code,
            purchase.funding, purchase.requested_by_id) == (
        PurchaseStatus.DRAFT, year, VALUE, project.pk, budget_line.pk, plan_line.pk, CPV,
        "project", staff_user.pk)
    assert staff.url == f"{base}{purchase.get_absolute_url()}"
    expect(staff.locator("#purchase-title")).to_contain_text(purchase.full_number)
    expect(staff.locator("main dd[data-figure=value]")).to_have_text(
        re.compile(r"12\s345,67\s€"))
    expect(staff.locator(f"main a[href='{project.get_absolute_url()}']")).to_have_count(1)
    clean(staff, "the request saved as a draft")

    staff.locator("#purchase-submit").click()
    staff.wait_for_url(f"{base}{purchase.get_absolute_url()}")
    success(staff)
    purchase.refresh_from_db()
    assert purchase.status == PurchaseStatus.SUBMITTED and purchase.submitted_at is not None
    expect(staff.locator("#purchase-submit")).to_have_count(0)
    expect(staff.locator("#purchase-approve")).to_have_count(0)   # staff do not approve
    clean(staff, "the request submitted")
    shot(staff, "183-paraiska-pateikta")

    # 2. management find it on their home page and approve it
    manager = new_page(browser, live_server, MANAGEMENT)
    awaiting = manager.locator("section[aria-labelledby=home-purchases-awaiting]")
    row = awaiting.locator(f"[data-purchase='{purchase.pk}']")
    expect(row).to_contain_text(purchase.full_number)
    expect(row).to_contain_text(TITLE)
    clean(manager, "management's home page")
    shot(manager, "184-vadovo-pradzia-laukia-tvirtinimo")
    row.locator(f"a[href='{purchase.get_absolute_url()}']").click()
    manager.wait_for_url(f"{base}{purchase.get_absolute_url()}")
    expect(manager.locator("#purchase-edit")).to_have_count(0)
    expect(manager.locator("#purchase-survey")).to_have_count(0)
    clean(manager, "the submitted request for management")
    manager.fill("#purchase-approve-form textarea[name=note]", APPROVAL_NOTE)
    manager.locator("#purchase-approve").click()
    manager.wait_for_url(f"{base}{purchase.get_absolute_url()}")
    success(manager)
    purchase.refresh_from_db()
    assert (purchase.status, purchase.decided_by.email, purchase.decision_note) == (
        PurchaseStatus.APPROVED, MANAGEMENT, APPROVAL_NOTE)
    expect(manager.locator("#purchase-approve")).to_have_count(0)
    expect(manager.locator("main")).to_contain_text(APPROVAL_NOTE)
    clean(manager, "the approved request")
    shot(manager, "185-paraiska-patvirtinta")
    manager.context.close()

    # 3. the supplier survey: three offers; the portal proposes the cheapest, confirmed
    staff.goto(f"{base}{purchase.get_absolute_url()}")
    staff.locator("#purchase-survey").click()
    staff.wait_for_url(url("purchase_survey", purchase.pk))
    expect(staff.locator("fieldset[id^=survey-row-]")).to_have_count(3)
    staff.select_option("#id_method", "written")
    expect(staff.locator("#id_surveyed_on")).to_have_value(f"{today:%Y-%m-%d}")
    expect(staff.locator("#id_criterion")).to_have_value("price")
    staff.select_option("#id_rows-0-supplier", str(suppliers[0].pk))
    staff.fill("#id_rows-1-new_name", NEW_SUPPLIER[0])
    staff.fill("#id_rows-1-new_code", NEW_SUPPLIER[1])
    staff.select_option("#id_rows-2-supplier", str(suppliers[1].pk))
    for index, (price, with_vat) in enumerate(PRICES):
        staff.fill(f"#id_rows-{index}-price", price)
        staff.fill(f"#id_rows-{index}-price_with_vat", with_vat)
        expect(staff.locator(f"#id_rows-{index}-answered")).to_be_checked()
    staff.fill("#id_rows-1-note", "Pristatymas ir sumontavimas per 10 darbo dienų")
    clean(staff, "the survey, three offers typed")
    shot(staff, "186-apklausa-pildoma")
    phone = new_page(browser, live_server, STAFF, phone=True)
    visit(phone, url("purchase_survey", purchase.pk), "the survey on a phone")
    shot(phone, "186-apklausa-telefone")
    phone.context.close()

    staff.locator("#survey-choose").click()                # nothing chosen yet
    expect(staff.locator("#survey-proposal")).to_be_visible()
    assert not SupplierOffer.objects.filter(purchase=purchase).exists()   # nothing saved
    expect(staff.locator("#id_chosen_1")).to_be_checked()  # the cheapest, row 2
    expect(staff.locator("#survey-row-1")).to_have_class(re.compile(r"\bborder-success\b"))
    expect(staff.locator("#id_rows-1-new_name")).to_have_value(NEW_SUPPLIER[0])
    assert staff.locator("#id_reason").input_value().strip()
    clean(staff, "the survey with the cheapest offer proposed")
    shot(staff, "187-apklausa-pasiulomas-pigiausias")
    staff.locator("#survey-choose").click()
    staff.wait_for_url(f"{base}{purchase.get_absolute_url()}")
    success(staff)
    purchase.refresh_from_db()
    assert purchase.status == PurchaseStatus.SURVEYED
    assert purchase.surveyed_by_id == staff_user.pk and purchase.surveyed_on == today
    offers = list(purchase.offers.select_related("supplier").order_by("position", "pk"))
    assert [(o.supplier.name, o.price, o.chosen) for o in offers] == [
        (suppliers[0].name, Decimal("12150.00"), False),
        (NEW_SUPPLIER[0], CHOSEN_PRICE, True),
        (suppliers[1].name, Decimal("12300.00"), False)]
    assert offers[1].price_with_vat == Decimal("14387.51")
    new_supplier = offers[1].supplier
    assert (new_supplier.code, new_supplier.kind) == (NEW_SUPPLIER[1], OrganisationKind.BUSINESS)
    chosen_row = staff.locator(f"#purchase-offers tr[data-offer='{offers[1].pk}']")
    expect(chosen_row).to_have_class(re.compile(r"\btable-success\b"))
    expect(chosen_row).to_contain_text(NEW_SUPPLIER[0])
    expect(staff.locator("#purchase-offers tbody tr")).to_have_count(3)
    clean(staff, "the purchase with its supplier chosen")
    shot(staff, "188-tiekejas-pasirinktas")

    # the survey report (tiekėjų apklausos pažyma) as DOCX, through the report engine
    text = docx_text(_document(
        staff, _doc_button(staff.locator("main"), "pirkimai.survey", "docx"), "docx",
        "the survey report as DOCX", "189-apklausos-pazyma-docx", shot))
    for name in (suppliers[0].name, NEW_SUPPLIER[0], suppliers[1].name):
        assert name in text, (name, text[:3000])
    flat = _squeezed(text)
    for price in ("12150,00", "11890,50", "12300,00"):
        assert price in flat, (price, text[:3000])
    assert purchase.full_number in text and TITLE in text, text[:2000]
    # the choice, in the report's own words: the supplier and the price chosen
    assert re.search(r"Pasirinktas tiekėjas:?\s*" + re.escape(NEW_SUPPLIER[0]), text), text
    assert re.search(r"Pasiūlymo kaina:?\s*11\s?890,50", text.replace("\u00a0", " ")), text

    # 4. staff register the contract from the purchase
    staff.goto(f"{base}{purchase.get_absolute_url()}")
    staff.locator("#purchase-contract-create").click()
    staff.wait_for_url(re.compile(re.escape(url("contract_create"))
                                  + rf"\?purchase={purchase.pk}$"))
    expect(staff.locator("#contract-purchase")).to_contain_text(purchase.full_number)
    expect(staff.locator("#id_supplier")).to_have_value(str(new_supplier.pk))
    expect(staff.locator("#id_subject")).to_have_value(TITLE)
    expect(staff.locator("#id_signed_on")).to_have_value(f"{today:%Y-%m-%d}")
    staff.fill("#id_number", CONTRACT_NUMBER)
    staff.fill("#id_ends_on", f"{today + timedelta(days=365):%Y-%m-%d}")
    staff.fill("#id_payment", "Per 30 dienų nuo sąskaitos faktūros gavimo")
    staff.set_input_files("#id_file", files=[{
        "name": f"sutartis-{CONTRACT_NUMBER.replace('/', '-')}.pdf",
        "mimeType": "application/pdf",
        "buffer": pdf_bytes(f"Pirkimo–pardavimo sutartis Nr. {CONTRACT_NUMBER}")}])
    clean(staff, "the contract's registration")
    shot(staff, "190-sutartis-registruojama")
    staff.locator("#contract-submit").click()
    staff.wait_for_url(re.compile(r"/pirkimai/sutartys/\d+/$"))
    expect(staff.locator("#contract-warnings")).to_have_count(0)
    success(staff)
    contract = Contract.objects.get(purchase=purchase)
    assert (contract.number, contract.kind, contract.supplier_id, contract.value,
            contract.value_with_vat, contract.signed_on, contract.subject) == (
        CONTRACT_NUMBER, ContractKind.CONTRACT, new_supplier.pk, CHOSEN_PRICE,
        Decimal("14387.51"), today, TITLE)
    assert contract.has_file
    purchase.refresh_from_db()
    assert purchase.status == PurchaseStatus.CONTRACTED
    expect(staff.locator("#contract-value")).to_have_text(re.compile(r"11\s890,50\s€"))
    expect(staff.locator("#contract-file")).to_be_visible()
    clean(staff, "the registered contract")
    shot(staff, "191-sutartis-uzregistruota")

    # 5. the year's register lists it (the page and its XLSX)
    visit(staff, url("contract_list"), "the contract register")
    register_row = staff.locator(f"#contract-table tr[data-contract='{contract.pk}']")
    expect(register_row).to_contain_text(CONTRACT_NUMBER)
    expect(register_row).to_contain_text(NEW_SUPPLIER[0])
    expect(register_row).to_contain_text(re.compile(r"11\s890,50\s€"))
    shot(staff, "192-sutarciu-registras")
    register = xlsx_text(_document(
        staff, _doc_button(staff.locator("main"), "pirkimai.register", "xlsx"), "xlsx",
        "the contract register as XLSX"))
    assert CONTRACT_NUMBER in register and NEW_SUPPLIER[0] in register, register[:3000]

    # 6. the year's summary: the planned purchases above low-value; not this one
    above = list(PlannedPurchase.objects.filter(plan__year=year).above_low_value())
    low = list(PlannedPurchase.objects.filter(plan__year=year, method=Method.LOW_VALUE))
    assert above and low
    visit(staff, url("summary", year), "the summary of the year's plan")
    table = staff.locator("#summary-table")
    expect(table.locator("tbody tr")).to_have_count(len(above))
    for line in above:
        expect(table).to_contain_text(line.title)
    table_text = table.inner_text()
    assert TITLE not in table_text
    for line in low:
        assert line.title not in table_text, line.title
    shot(staff, "193-pirkimu-suvestine")
    phone = new_page(browser, live_server, STAFF, phone=True)
    visit(phone, url("summary", year), "the summary on a phone")
    shot(phone, "193-pirkimu-suvestine-telefone")
    phone.context.close()
    summary = xlsx_text(_document(
        staff, _doc_button(staff.locator("main"), "pirkimai.summary", "xlsx"), "xlsx",
        "the summary as XLSX"))
    for line in above:
        assert line.title in summary, (line.title, summary[:3000])
    assert TITLE not in summary
    for line in low:
        assert line.title not in summary, (line.title, summary[:3000])
    staff.context.close()

    # 7. a territory librarian: no Procurement in the menu; its pages are a 404
    librarian = new_page(browser, live_server, LIBRARIAN)
    expect(librarian.locator("#mainNav a[href^='/pirkimai/']")).to_have_count(0)
    visit(librarian, f"{base}{purchase.get_absolute_url()}", "a purchase for a librarian",
           404)
    shot(librarian, "194-bibliotekininkas-pirkimas-404")
    for path in (reverse("pirkimai:home"), reverse("pirkimai:purchase_survey",
                                                   args=[purchase.pk]),
                 contract.get_absolute_url(), reverse("pirkimai:contract_file",
                                                      args=[contract.pk]),
                 reverse("pirkimai:contract_list"), reverse("pirkimai:summary", args=[year])):
        visit(librarian, f"{base}{path}", f"{path} for a librarian", 404)
    librarian.context.close()
