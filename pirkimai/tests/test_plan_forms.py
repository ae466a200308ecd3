"""The forms of the plan with bad input: a value typed with spaces, a comma and "€"; zero,
negative and non-numeric values; a CPV code that does not exist, is malformed or out of
use; a quarter out of range; a low-value line at or above the threshold (a warning to
confirm, not a block) and one nearing it (said, saved); a new plan's year."""

from decimal import Decimal

import pytest

from pirkimai.forms_plan import PlanCreateForm, PlannedPurchaseForm
from pirkimai.models import CpvCode, Method, PlanStatus, PurchaseKind
from pirkimai.tests.factories import make_cpv, make_plan, make_planned
from pirkimai.tests.factories_plan import line_fields, load_codes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    settings.PROCUREMENT_LOW_VALUE_GOODS_SERVICES = 70_000
    settings.PROCUREMENT_LOW_VALUE_WORKS = 174_000
    settings.PROCUREMENT_WARNING_PERCENT = 80


@pytest.fixture
def plan(db):
    load_codes()
    return make_plan(2026)


def form(plan, **changes):
    return PlannedPurchaseForm(line_fields(**changes), plan=plan)


@pytest.mark.parametrize(("typed", "value"), [
    ("12 345,67 €", Decimal("12345.67")), ("1234,5", Decimal("1234.50")),
    ("1234.50", Decimal("1234.50")), ("12\u00a0000 EUR", Decimal("12000")),
])
def test_the_value_is_read_as_people_type_it(plan, typed, value):
    bound = form(plan, estimated_value=typed)
    assert bound.is_valid(), bound.errors
    assert bound.cleaned_data["estimated_value"] == value


@pytest.mark.parametrize("typed", ["0", "0,00", "-500", "-1 000,00 €"])
def test_zero_and_negative_values_are_refused(plan, typed):
    bound = form(plan, estimated_value=typed)
    assert not bound.is_valid()
    assert bound.errors["estimated_value"] == ["The estimated value must be more than zero."]


@pytest.mark.parametrize("typed", ["dvylika", "12,345,67", ""])
def test_values_that_are_not_numbers_are_refused(plan, typed):
    assert "estimated_value" in form(plan, estimated_value=typed).errors


@pytest.mark.parametrize(("typed", "error"), [
    ("99999999-9", "The CPV vocabulary has no code 99999999-9."),
    ("2211", "Type a CPV code of eight digits, such as 30190000-7."),
    ("22110000-5", "The CPV vocabulary has no code 22110000-5."),
])
def test_unknown_and_malformed_cpv_codes_are_refused(plan, typed, error):
    assert form(plan, cpv=typed).errors["cpv"] == [error]


def test_a_code_out_of_use_is_refused_for_a_new_line_and_kept_for_its_own(plan):
    CpvCode.objects.filter(code="79952000-2").update(active=False)
    assert form(plan, cpv="79952000-2").errors["cpv"] == [
        "The CPV code 79952000-2 is no longer in use."]
    line = make_planned(plan, cpv=CpvCode.objects.get(code="79952000-2"))
    bound = PlannedPurchaseForm(line_fields(cpv="79952000-2"), plan=plan, instance=line)
    assert bound.is_valid(), bound.errors


def test_a_quarter_out_of_range_is_refused(plan):
    assert "quarter" in form(plan, quarter="5").errors
    assert "quarter" in form(plan, quarter="").errors


def test_a_low_value_line_at_the_threshold_asks_for_confirmation(plan):
    bound = form(plan, estimated_value="70 000,00")
    assert not bound.is_valid()
    assert bound.warning.level == "over"
    assert bound.errors["confirm_method"]
    assert "70,000.00 € is at or above the low-value threshold for goods" in \
        bound.warning_text()
    confirmed = form(plan, estimated_value="70 000,00", confirm_method="on")
    assert confirmed.is_valid(), confirmed.errors
    assert form(plan, estimated_value="70 000,00", method=Method.OPEN).is_valid()


def test_a_line_that_with_the_codes_other_lines_passes_the_threshold_names_the_split(plan):
    books = make_cpv("22110000-4")
    make_planned(plan, cpv=books, value="45000")
    bound = form(plan, estimated_value="30 000")
    assert not bound.is_valid() and bound.warning.level == "over"
    assert "come to 75,000.00 €, 107.1 % of the threshold" in bound.warning_text()
    assert "would split one purchase" in bound.warning_text()


def test_a_line_nearing_the_threshold_is_saved_with_the_warning_said(plan):
    make_planned(plan, cpv=make_cpv("22110000-4"), value="45000")
    bound = form(plan, estimated_value="12 000")
    assert bound.is_valid(), bound.errors
    assert bound.warning.level == "near"
    assert "come to 57,000.00 €, 81.4 %" in bound.warning_text()


def test_an_edited_line_is_not_counted_twice(plan):
    line = make_planned(plan, cpv=make_cpv("22110000-4"), value="50000")
    bound = PlannedPurchaseForm(line_fields(estimated_value="50 000"), plan=plan, instance=line)
    assert bound.is_valid(), bound.errors
    assert bound.warning is None


def test_works_are_warned_against_their_own_threshold(plan):
    fields = {"cpv": "45453000-7", "kind": PurchaseKind.WORKS}
    near = form(plan, estimated_value="150 000", **fields)
    assert near.is_valid() and near.warning.level == "near"
    quiet = form(plan, estimated_value="100 000", **fields)
    assert quiet.is_valid() and quiet.warning is None


def test_the_new_plan_form_offers_the_year_after_the_latest(staff):
    make_plan(2026, status=PlanStatus.APPROVED)
    bound = PlanCreateForm(user=staff)
    assert bound["year"].value() >= 2027 and bound["copy_lines"].value() is True
    assert not PlanCreateForm({"year": "1800"}, user=staff).is_valid()
    assert not PlanCreateForm({"year": "du tūkstančiai"}, user=staff).is_valid()


def test_without_an_earlier_plan_there_is_nothing_to_copy(staff):
    bound = PlanCreateForm({"year": "2026", "copy_lines": "on"}, user=staff)
    assert bound.is_valid() and bound.cleaned_data["copy_lines"] is False
