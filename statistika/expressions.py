"""Formulas and checks as data: a small, safe evaluator over indicator codes.

An expression is parsed with Python's ``ast`` and only a whitelist of nodes is accepted:
numbers, indicator codes, + - * /, unary minus, comparisons, ``and``/``or``/``not`` and the
functions ``abs``, ``min``, ``max``. Nothing is ever passed to ``eval``. Arithmetic is in
Decimal; a division by zero, or an input that is not known (None), gives None — "not
defined" — never 0 and never an exception.
"""

import ast
import operator
from decimal import Decimal, DivisionByZero, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_BINARY = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
           ast.Div: operator.truediv}
_COMPARE = {ast.Lt: operator.lt, ast.LtE: operator.le, ast.Gt: operator.gt,
            ast.GtE: operator.ge, ast.Eq: operator.eq, ast.NotEq: operator.ne}
_FUNCTIONS = {"abs", "min", "max"}
MAX_LENGTH = 500


class Expression:
    """A parsed, checked expression. ``names`` are the indicator codes it reads."""

    def __init__(self, source: str):
        self.source = source.strip()
        if not self.source:
            raise ValidationError(_("The formula is empty."))
        if len(self.source) > MAX_LENGTH:
            raise ValidationError(_("The formula is too long."))
        try:
            tree = ast.parse(self.source, mode="eval")
        except SyntaxError:
            raise ValidationError(_("The formula cannot be read: check the brackets and "
                                    "operators.")) from None
        self.names: set[str] = set()
        self._check(tree.body)
        self.tree = tree.body
        self.is_condition = isinstance(self.tree, (ast.Compare, ast.BoolOp)) or (
            isinstance(self.tree, ast.UnaryOp) and isinstance(self.tree.op, ast.Not))

    def __repr__(self) -> str:
        return f"Expression({self.source!r})"

    def _check(self, node) -> None:
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) \
                and not isinstance(node.value, bool):
            return
        if isinstance(node, ast.Name):
            self.names.add(node.id)
            return
        if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
            self._check(node.left)
            self._check(node.right)
            return
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd, ast.Not)):
            self._check(node.operand)
            return
        if isinstance(node, ast.Compare) and all(type(op) in _COMPARE for op in node.ops):
            self._check(node.left)
            for comparator in node.comparators:
                self._check(comparator)
            return
        if isinstance(node, ast.BoolOp):
            for value in node.values:
                self._check(value)
            return
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id in _FUNCTIONS and not node.keywords and node.args):
            for argument in node.args:
                self._check(argument)
            return
        raise ValidationError(_("“%(part)s” is not allowed in a formula.")
                              % {"part": ast.get_source_segment(self.source, node) or "?"})

    def check_names(self, known: set[str]) -> None:
        unknown = sorted(self.names - known)
        if unknown:
            raise ValidationError(_("Unknown indicator codes: %(codes)s")
                                  % {"codes": ", ".join(unknown)})

    def evaluate(self, values: dict):
        """The result for ``values`` (code → Decimal or None)."""
        try:
            return self._eval(self.tree, values)
        except (DivisionByZero, InvalidOperation, ZeroDivisionError):
            return None

    def _eval(self, node, values):
        if isinstance(node, ast.Constant):
            return Decimal(str(node.value))
        if isinstance(node, ast.Name):
            value = values.get(node.id)
            return None if value is None else Decimal(value)
        if isinstance(node, ast.BinOp):
            left, right = self._eval(node.left, values), self._eval(node.right, values)
            if left is None or right is None:
                return None
            if isinstance(node.op, ast.Div) and right == 0:
                return None  # 0/0 and x/0 are "not defined"
            return _BINARY[type(node.op)](left, right)
        if isinstance(node, ast.UnaryOp):
            operand = self._eval(node.operand, values)
            if operand is None:
                return None
            if isinstance(node.op, ast.Not):
                return not operand
            return -operand if isinstance(node.op, ast.USub) else operand
        if isinstance(node, ast.Compare):
            left = self._eval(node.left, values)
            for op, comparator in zip(node.ops, node.comparators, strict=True):
                right = self._eval(comparator, values)
                if left is None or right is None:
                    return None  # a check on a value that is not known does not apply
                if not _COMPARE[type(op)](left, right):
                    return False
                left = right
            return True
        if isinstance(node, ast.BoolOp):
            results = [self._eval(value, values) for value in node.values]
            if any(r is None for r in results):
                return None
            return all(results) if isinstance(node.op, ast.And) else any(results)
        if isinstance(node, ast.Call):
            arguments = [self._eval(argument, values) for argument in node.args]
            if any(a is None for a in arguments):
                return None
            return {"abs": lambda a: abs(a[0]), "min": min, "max": max}[node.func.id](
                arguments)
        raise ValidationError("unreachable")  # _check rejected everything else


_cache: dict[str, Expression] = {}


def compile_expression(source: str) -> Expression:
    expression = _cache.get(source)
    if expression is None:
        expression = _cache[source] = Expression(source)
    return expression
