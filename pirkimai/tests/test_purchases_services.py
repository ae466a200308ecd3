"""The purchase's services: numbering per year, the moves from draft to supplier chosen (and
cancelled), approving twice, returning with a comment, the splitting warning, the survey
with three offers picking the cheapest, and the bad values a request or an offer may
carry."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError

from bibliotekos.models import Organisation, OrganisationKind
from pirkimai import services_purchases as services
from pirkimai.models import (
    Criterion,
    FundingSource,
    Purchase,
    PurchaseStatus,
    SupplierOffer,
    SurveyMethod,
)
from pirkimai.services_purchases import OfferRow, Refused
from pirkimai.tests.factories import make_cpv, make_plan, make_planned, manager, staff
from pirkimai.tests.factories_purchases import (
    approved,
    request,
    rows,
    submitted,
    suppliers,
    surveyed,
    today,
)
from projektai.models import BudgetLine, ProjectStatus
from projektai.tests.factories import make_project
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return staff(full_name="Rūta Žemaitienė"), manager(full_name="Vytautas Čėsna")


# --- numbers ---------------------------------------------------------------------------------

def test_requests_are_numbered_per_year_from_one(people):
    worker, _boss = people
    first, second = request(worker), request(worker)
    assert (first.year, first.number, second.number) == (today().year, 1, 2)
    assert second.full_number == f"{today().year}-2"
    earlier = request(worker, year=today().year - 1)
    assert earlier.number == 1
    assert request(worker).number == 3


def test_a_number_taken_meanwhile_makes_the_request_take_the_next(people, monkeypatch):
    worker, _boss = people
    request(worker)
    stale = iter([1, 1])          # the next number read as 1 twice: taken already

    def next_number(year):
        return next(stale, None) or services.Purchase.objects.filter(year=year).count() + 1

    monkeypatch.setattr(services, "_next_number", next_number)
    purchase = request(worker)
    assert purchase.number == 2
    assert Purchase.objects.filter(year=today().year).count() == 2


def test_the_database_refuses_two_purchases_with_one_number(people):
    worker, _boss = people
    purchase = request(worker)
    with pytest.raises(IntegrityError):
        Purchase.objects.create(year=purchase.year, number=purchase.number, title="x",
                                cpv=purchase.cpv, estimated_value=1, need="x",
                                requested_by=worker)


# --- the moves ---------------------------------------------------------------------------------

def test_a_request_goes_from_draft_to_the_supplier_chosen(people):
    worker, boss = people
    purchase = request(worker)
    assert purchase.status == PurchaseStatus.DRAFT
    purchase = services.submit(purchase=purchase, by=worker)
    assert purchase.status == PurchaseStatus.SUBMITTED and purchase.submitted_at
    purchase = services.approve(purchase=purchase, by=boss, note="Pritariu.")
    assert (purchase.status, purchase.decided_by, purchase.decision_note) == (
        PurchaseStatus.APPROVED, boss, "Pritariu.")
    offered = rows()
    purchase = services.record_survey(
        purchase=purchase, by=worker, version=purchase.version, method=SurveyMethod.WRITTEN,
        surveyed_on=today(), criterion=Criterion.PRICE, rows=offered, chosen=1,
        reason="Mažiausia kaina.")
    assert purchase.status == PurchaseStatus.SURVEYED
    history = list(purchase.history.order_by("history_date")
                   .values_list("status", "history_user"))
    assert history == [("draft", worker.pk), ("submitted", worker.pk),
                       ("approved", boss.pk), ("surveyed", worker.pk)]
    contracted = services.mark_contracted(purchase=purchase, by=worker)
    assert contracted.status == PurchaseStatus.CONTRACTED
    with pytest.raises(Refused) as refused:
        services.cancel(purchase=contracted, by=worker, reason="Nebereikia.")
    assert refused.value.code == "moved"
    assert services.reopen_contracted(purchase=contracted, by=worker).status == \
        PurchaseStatus.SURVEYED


def test_a_request_approved_twice_is_refused_naming_who_approved_it(people):
    worker, boss = people
    purchase = submitted(worker)
    services.approve(purchase=purchase, by=boss)
    other = manager(full_name="Asta Pavaduotoja")
    with pytest.raises(Refused) as refused:
        services.approve(purchase=purchase, by=other)
    assert refused.value.code == "approved"
    assert "Vytautas Čėsna" in refused.value.messages[0]
    purchase.refresh_from_db()
    assert purchase.decided_by == boss
    assert purchase.history.filter(status=PurchaseStatus.APPROVED).count() == 1


def test_a_returned_request_carries_the_comment_and_is_submitted_again(people):
    worker, boss = people
    purchase = submitted(worker)
    with pytest.raises(Refused) as refused:
        services.return_request(purchase=purchase, by=boss, comment="  ")
    assert refused.value.code == "comment"
    purchase = services.return_request(purchase=purchase, by=boss,
                                       comment="Patikslinkite kiekį.")
    assert (purchase.status, purchase.decision_note) == (PurchaseStatus.RETURNED,
                                                         "Patikslinkite kiekį.")
    with pytest.raises(Refused):
        services.approve(purchase=purchase, by=boss)
    purchase = services.update_request(purchase=purchase, by=worker, version=purchase.version,
                                       need="Popierius A4: 150 pakuočių.")
    purchase = services.submit(purchase=purchase, by=worker)
    assert purchase.status == PurchaseStatus.SUBMITTED
    assert services.approve(purchase=purchase, by=boss).status == PurchaseStatus.APPROVED


def test_staff_may_not_approve_and_management_may_not_prepare(people):
    worker, boss = people
    purchase = submitted(worker)
    with pytest.raises(PermissionDenied):
        services.approve(purchase=purchase, by=worker)
    with pytest.raises(PermissionDenied):
        services.return_request(purchase=purchase, by=worker, comment="Ne.")
    with pytest.raises(PermissionDenied):
        request(boss)
    librarian = UserFactory(role="librarian")
    with pytest.raises(PermissionDenied):
        services.cancel(purchase=purchase, by=librarian, reason="Ne.")


def test_only_a_draft_or_returned_request_is_edited_or_submitted(people):
    worker, boss = people
    purchase = approved(worker, boss)
    with pytest.raises(Refused) as refused:
        services.update_request(purchase=purchase, by=worker, version=purchase.version,
                                title="Kita")
    assert refused.value.code == "status"
    with pytest.raises(Refused) as refused:
        services.submit(purchase=purchase, by=worker)
    assert refused.value.code == "moved"


def test_a_cancelled_purchase_keeps_its_reason_and_leaves_the_years_sum(people):
    worker, boss = people
    purchase = approved(worker, boss)
    with pytest.raises(Refused):
        services.cancel(purchase=purchase, by=worker, reason="")
    purchase = services.cancel(purchase=purchase, by=boss, reason="Gauta parama daiktais.")
    assert (purchase.status, purchase.cancelled_by, purchase.cancelled_reason) == (
        PurchaseStatus.CANCELLED, boss, "Gauta parama daiktais.")
    from pirkimai.thresholds import purchases_total

    assert purchases_total(purchase.year, purchase.cpv_id) == 0
    with pytest.raises(Refused):
        services.cancel(purchase=purchase, by=boss, reason="Dar kartą.")


def test_a_second_editor_is_refused(people):
    worker, _boss = people
    purchase = request(worker)
    colleague = staff(full_name="Jūratė Šimkienė")
    services.update_request(purchase=purchase, by=colleague, version=1, title="Kolegos")
    with pytest.raises(Refused) as refused:
        services.update_request(purchase=purchase, by=worker, version=1, title="Mano")
    assert refused.value.code == "stale"
    purchase.refresh_from_db()
    assert purchase.title == "Kolegos"


def test_submitting_sends_management_an_email_and_deciding_tells_the_requester(
        people, django_capture_on_commit_callbacks, mailoutbox):
    worker, boss = people
    worker.email, boss.email = "ruta@test.lt", "vytautas@test.lt"
    worker.save(), boss.save()
    UserFactory(role="staff", email="kitas@test.lt")
    purchase = request(worker)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit(purchase=purchase, by=worker)
    assert [message.to for message in mailoutbox] == [["vytautas@test.lt"]]
    assert purchase.full_number in mailoutbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        services.return_request(purchase=purchase, by=boss, comment="Patikslinkite.")
    assert mailoutbox[-1].to == ["ruta@test.lt"]
    assert "Patikslinkite." in mailoutbox[-1].body


# --- the request's values ------------------------------------------------------------------------

@pytest.mark.parametrize("value", [Decimal("0"), Decimal("-5"), None])
def test_a_zero_negative_or_missing_value_is_refused(people, value):
    worker, _boss = people
    with pytest.raises(Refused) as refused:
        request(worker, estimated_value=value)
    assert "estimated_value" in refused.value.error_dict
    assert not Purchase.objects.exists()


def test_a_project_budget_line_must_be_the_projects(people):
    worker, _boss = people
    project = make_project(by=worker, status=ProjectStatus.RUNNING, title="Akademija")
    other = make_project(by=worker, status=ProjectStatus.RUNNING, title="Kitas")
    line = BudgetLine.objects.create(project=other, code="3", title="Priemonės")
    with pytest.raises(Refused) as refused:
        request(worker, funding=FundingSource.PROJECT, project=project,
                project_budget_line=line)
    assert "project_budget_line" in refused.value.error_dict
    with pytest.raises(Refused) as refused:
        request(worker, funding=FundingSource.PROJECT)
    assert "project" in refused.value.error_dict
    own = BudgetLine.objects.create(project=project, code="1", title="Įranga")
    purchase = request(worker, funding=FundingSource.PROJECT, project=project,
                       project_budget_line=own)
    assert (purchase.project, purchase.project_budget_line) == (project, own)


def test_a_line_of_another_years_plan_is_refused(people):
    worker, _boss = people
    line = make_planned(make_plan(today().year - 1))
    with pytest.raises(Refused) as refused:
        request(worker, planned=line)
    assert "planned" in refused.value.error_dict
    current = make_planned(make_plan(today().year))
    assert request(worker, planned=current).planned == current


def test_the_splitting_warning_holds_a_save_until_it_is_confirmed(people, settings):
    worker, _boss = people
    settings.PROCUREMENT_LOW_VALUE_GOODS_SERVICES = 70_000
    settings.PROCUREMENT_WARNING_PERCENT = 80
    cpv = make_cpv("30190000-7")
    request(worker, cpv=cpv, estimated_value=Decimal("40000"), confirmed=False)
    with pytest.raises(Refused) as refused:
        request(worker, cpv=cpv, estimated_value=Decimal("16000"), confirmed=False)
    assert refused.value.code == "threshold"
    assert refused.value.check.level == "near"
    near = request(worker, cpv=cpv, estimated_value=Decimal("16000"), confirmed=True)
    assert near.threshold_confirmed
    with pytest.raises(Refused) as refused:
        request(worker, cpv=cpv, estimated_value=Decimal("15000"), confirmed=False)
    assert refused.value.check.level == "over"
    other = request(worker, cpv=make_cpv("22110000-4"), estimated_value=Decimal("16000"),
                    confirmed=False)
    assert not other.threshold_confirmed
    # the confirmed request is edited without changing its value: not asked again
    services.update_request(purchase=near, by=worker, version=near.version, need="Daugiau")
    with pytest.raises(Refused):
        services.update_request(purchase=near, by=worker, version=near.version + 1,
                                estimated_value=Decimal("17000"))


def test_submitting_asks_for_the_warning_when_it_applies_now(people, settings):
    worker, _boss = people
    settings.PROCUREMENT_WARNING_PERCENT = 80
    cpv = make_cpv("30190000-7")
    first = request(worker, cpv=cpv, estimated_value=Decimal("30000"), confirmed=False)
    request(worker, cpv=cpv, estimated_value=Decimal("30000"), confirmed=True)
    with pytest.raises(Refused) as refused:
        services.submit(purchase=first, by=worker)
    assert refused.value.code == "threshold"
    assert services.submit(purchase=first, by=worker, confirmed=True).threshold_confirmed


# --- the survey ----------------------------------------------------------------------------------

def test_a_survey_with_three_offers_picks_the_cheapest(people):
    worker, boss = people
    purchase = surveyed(worker, boss)
    offers = list(purchase.offers.order_by("position"))
    assert [offer.price for offer in offers] == [Decimal("1450.00"), Decimal("1180.50"),
                                                 Decimal("1320.00")]
    assert [offer.chosen for offer in offers] == [False, True, False]
    assert purchase.chosen_offer == offers[1]
    assert (purchase.status, purchase.criterion, purchase.surveyed_by) == (
        PurchaseStatus.SURVEYED, Criterion.PRICE, worker)


def test_under_the_lowest_price_a_dearer_offer_is_refused(people):
    worker, boss = people
    purchase = approved(worker, boss)
    with pytest.raises(Refused) as refused:
        services.record_survey(purchase=purchase, by=worker, version=purchase.version,
                               method=SurveyMethod.WRITTEN, surveyed_on=today(),
                               criterion=Criterion.PRICE, rows=rows(), chosen=0,
                               reason="Patikimas.")
    assert refused.value.code == "not_cheapest"
    value = services.record_survey(purchase=purchase, by=worker, version=purchase.version,
                                   method=SurveyMethod.WRITTEN, surveyed_on=today(),
                                   criterion=Criterion.VALUE,
                                   rows=rows(people=suppliers(5)[2:]), chosen=0,
                                   reason="Geriausias kainos ir kokybės santykis.")
    assert value.chosen_offer.price == Decimal("1450.00")


def test_the_chosen_offer_must_have_a_price_and_a_reason(people):
    worker, boss = people
    purchase = approved(worker, boss)
    offered = rows(("1200", None, "1300"), answered=[True, False, True])

    def record(**changes):
        arguments = {"purchase": purchase, "by": worker, "version": purchase.version,
                     "method": SurveyMethod.WRITTEN, "surveyed_on": today(),
                     "criterion": Criterion.VALUE, "rows": offered, "chosen": 1,
                     "reason": "Greitas pristatymas."}
        arguments.update(changes)
        return services.record_survey(**arguments)

    with pytest.raises(Refused) as refused:
        record()
    assert refused.value.code == "chosen_price"
    with pytest.raises(Refused) as refused:
        record(chosen=0, reason=" ")
    assert refused.value.code == "reason"
    with pytest.raises(Refused) as refused:
        record(rows=[])
    assert "rows" in refused.value.error_dict
    assert record(chosen=0).status == PurchaseStatus.SURVEYED


@pytest.mark.parametrize(("price", "with_vat", "answered"), [
    ("0", None, True), ("-5", None, True), ("100", "90", True), ("100", None, False)])
def test_bad_prices_are_refused(people, price, with_vat, answered):
    worker, boss = people
    purchase = approved(worker, boss)
    row = OfferRow(supplier=suppliers(1)[0], asked_on=today(), asked_how="email",
                   answered=answered, price=Decimal(price),
                   price_with_vat=Decimal(with_vat) if with_vat else None)
    with pytest.raises(Refused) as refused:
        services.record_survey(purchase=purchase, by=worker, version=purchase.version,
                               method=SurveyMethod.WRITTEN, surveyed_on=today(),
                               criterion=Criterion.PRICE, rows=[row])
    assert refused.value.code == "rows"
    assert not SupplierOffer.objects.exists()


def test_a_new_supplier_is_added_once_by_name_and_company_code(people):
    worker, boss = people
    purchase = approved(worker, boss)
    new = OfferRow(new_name="UAB „Naujas tiekėjas“", new_code="305 123 456", asked_on=today(),
                   asked_how="phone", price=Decimal("900"))
    same = OfferRow(new_name="uab „naujas tiekėjas“", asked_on=today(), asked_how="email",
                    price=Decimal("950"))
    with pytest.raises(Refused) as refused:
        services.record_survey(purchase=purchase, by=worker, version=purchase.version,
                               method=SurveyMethod.ORAL, surveyed_on=today(),
                               criterion=Criterion.PRICE, rows=[new, same])
    assert refused.value.code == "twice"
    bad = OfferRow(new_name="UAB „Kitas“", new_code="12AB", asked_on=today(),
                   asked_how="email", price=Decimal("950"))
    with pytest.raises(Refused) as refused:
        services.record_survey(purchase=purchase, by=worker, version=purchase.version,
                               method=SurveyMethod.ORAL, surveyed_on=today(),
                               criterion=Criterion.PRICE, rows=[new, bad])
    assert refused.value.code == "company_code"
    saved = services.record_survey(purchase=purchase, by=worker, version=purchase.version,
                                   method=SurveyMethod.ORAL, surveyed_on=today(),
                                   criterion=Criterion.PRICE, rows=[new], chosen=0,
                                   reason="Vienintelis pasiūlymas.")
    supplier = Organisation.objects.get(name="UAB „Naujas tiekėjas“")
    assert (supplier.code, supplier.kind) == ("305123456", OrganisationKind.BUSINESS)
    again = OfferRow(new_name="Kitas pavadinimas", new_code="305123456", asked_on=today(),
                     asked_how="email", price=Decimal("880"))
    saved = services.record_survey(purchase=saved, by=worker, version=saved.version,
                                   method=SurveyMethod.ORAL, surveyed_on=today(),
                                   criterion=Criterion.PRICE, rows=[again], chosen=0,
                                   reason="Pigiau.")
    assert saved.chosen_offer.supplier == supplier
    assert Organisation.objects.filter(code="305123456").count() == 1


def test_a_survey_recorded_again_changes_each_suppliers_offer(people):
    worker, boss = people
    purchase = surveyed(worker, boss)
    first = {offer.supplier_id: offer.pk for offer in purchase.offers.all()}
    people_asked = list(Organisation.objects.filter(pk__in=first).order_by("name"))
    again = rows(("1000", "1100"), people=people_asked[:2])
    purchase = services.record_survey(
        purchase=purchase, by=worker, version=purchase.version, method=SurveyMethod.WRITTEN,
        surveyed_on=today(), criterion=Criterion.PRICE, rows=again)
    offers = list(purchase.offers.all())
    assert len(offers) == 2
    assert all(first[offer.supplier_id] == offer.pk for offer in offers)
    assert purchase.status == PurchaseStatus.APPROVED      # nobody chosen now
    assert not purchase.choice_reason


def test_the_survey_waits_for_the_approval_and_for_the_version(people):
    worker, boss = people
    purchase = submitted(worker)
    with pytest.raises(Refused) as refused:
        services.record_survey(purchase=purchase, by=worker, version=purchase.version,
                               method=SurveyMethod.WRITTEN, surveyed_on=today(),
                               criterion=Criterion.PRICE, rows=rows())
    assert refused.value.code == "status"
    purchase = services.approve(purchase=purchase, by=boss)
    with pytest.raises(Refused) as refused:
        services.record_survey(purchase=purchase, by=worker, version=purchase.version - 1,
                               method=SurveyMethod.WRITTEN, surveyed_on=today(),
                               criterion=Criterion.PRICE, rows=rows())
    assert refused.value.code == "stale"
