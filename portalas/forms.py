"""Forms every app shares: a report kind's parameters, a bounded year, choices limited to
what the user may see."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from portalas.converters import YEAR_MAX, YEAR_MIN


class YearField(forms.IntegerField):
    """A reporting year the portal knows (1990–2100)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Year"))
        super().__init__(min_value=YEAR_MIN, max_value=YEAR_MAX, **kwargs)


class ScopedChoiceField(forms.ModelChoiceField):
    """A choice among the ``model``'s rows the user may see (``visible_to``), matched by
    ``to_field_name`` (a code travels better in a URL or a job's parameters than an id).
    The form fills the queryset when it knows the user."""

    def __init__(self, model, *, to_field_name: str = "pk", **kwargs):
        self.scoped_model = model
        super().__init__(queryset=model.objects.none(), to_field_name=to_field_name, **kwargs)


class ScopedFormMixin:
    """Gives every ``ScopedChoiceField`` of the form its queryset within ``user``'s scope."""

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        for form_field in self.fields.values():
            if isinstance(form_field, ScopedChoiceField):
                form_field.queryset = form_field.scoped_model.objects.visible_to(user)


class ReportParamsForm(ScopedFormMixin, forms.Form):
    """A report kind's parameters. The engine validates a request with it (a value outside
    the user's scope is an invalid form, answered with 404) and again when the worker
    builds the document (access may have changed since); the builder gets ``cleaned_data``.
    ``params()`` is what the job row keeps: the submitted strings of the declared fields."""

    def params(self) -> dict:
        kept = {}
        for name, form_field in self.fields.items():
            raw = self.data.get(name)
            if raw in (None, ""):
                continue
            if isinstance(form_field, ScopedChoiceField):
                raw = getattr(self.cleaned_data[name], form_field.to_field_name or "pk")
            kept[name] = str(raw)
        return kept


class NoParams(ReportParamsForm):
    """A kind without parameters."""


def form_helper(*layout) -> FormHelper:
    """A crispy helper laying the fields out without a <form> tag of its own (the kit's
    form template has it): ``form_helper(Row(Column("code"), Column("name")), "email")``."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*layout)
    return helper
