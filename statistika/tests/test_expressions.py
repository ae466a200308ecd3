from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from statistika.expressions import Expression

D = Decimal


def test_ratio_and_percent():
    assert Expression("users_registered / population_served * 100").evaluate(
        {"users_registered": D(811), "population_served": D(1970)}).quantize(D("0.1")) == D("41.2")


def test_division_by_zero_and_zero_over_zero_are_not_defined():
    expression = Expression("loans / users_registered")
    assert expression.evaluate({"loans": D(0), "users_registered": D(0)}) is None
    assert expression.evaluate({"loans": D(5), "users_registered": D(0)}) is None


def test_unknown_input_gives_not_defined():
    assert Expression("loans / users_registered").evaluate({"loans": D(5)}) is None


def test_checks_compare_and_do_not_apply_to_unknown_values():
    check = Expression("loans_children <= loans")
    assert check.is_condition
    assert check.evaluate({"loans_children": D(5), "loans": D(10)}) is True
    assert check.evaluate({"loans_children": D(11), "loans": D(10)}) is False
    assert check.evaluate({"loans_children": None, "loans": D(10)}) is None


def test_functions_and_boolean_logic():
    assert Expression("max(a, b) - abs(c)").evaluate({"a": D(1), "b": D(3), "c": D(-1)}) == 2
    assert Expression("a < b and not (b < c)").evaluate({"a": D(1), "b": D(3), "c": D(2)})


@pytest.mark.parametrize("source", [
    "__import__('os').system('id')", "a.b", "a[0]", "lambda: 1", "open('x')", "a if b else c",
    "a ** 999999999", "'text'", "[1, 2]", "a; b", "", "x" * 600, "(a +", "a // b", "a % b",
])
def test_anything_outside_the_whitelist_is_refused(source):
    with pytest.raises(ValidationError):
        Expression(source)


def test_unknown_names_are_reported():
    with pytest.raises(ValidationError) as error:
        Expression("loans / userz").check_names({"loans", "users_registered"})
    assert "userz" in str(error.value)
