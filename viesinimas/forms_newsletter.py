"""The newsletter's forms: a new issue, the draft's own fields, its items (a formset: the
items gathered and the composer's own news) — plain forms, the service writes."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from viesinimas.models import Newsletter, NewsletterItem

_MARKDOWN = _("Markdown: **bold**, *italic*, lists, links.")


def check_link(value: str) -> str:
    """A portal path (``/mokymai/12/``) or an http(s) address."""
    value = (value or "").strip()
    if not value:
        return ""
    if value.startswith("/") and not value.startswith("//"):
        if any(ch.isspace() for ch in value):
            raise ValidationError(_("A link has no spaces."), code="link")
        return value
    URLValidator(schemes=["http", "https"])(value)
    return value


class LinkField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", NewsletterItem._meta.get_field("url").max_length)
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("An address (https://…) or a page of the portal "
                                         "(/mokymai/12/)."))
        super().__init__(**kwargs)

    def clean(self, value):
        return check_link(super().clean(value))


class NewsletterCreateForm(forms.Form):
    covers_from = forms.DateField(label=_("News since"),
                                  widget=forms.DateInput(attrs={"type": "date"}),
                                  help_text=_("The day the last issue went out, unless you "
                                              "choose another."))
    title = forms.CharField(label=_("Title"), required=False,
                            max_length=Newsletter._meta.get_field("title").max_length,
                            help_text=_("Empty: “Newsletter No. … (year month)”."))
    intro = forms.CharField(label=_("Introduction"), required=False, widget=forms.Textarea(
        attrs={"rows": 5}), help_text=_MARKDOWN)


class NewsletterForm(forms.Form):
    title = forms.CharField(label=_("Title"),
                            max_length=Newsletter._meta.get_field("title").max_length)
    covers_from = forms.DateField(label=_("News since"),
                                  widget=forms.DateInput(attrs={"type": "date"}))
    intro = forms.CharField(label=_("Introduction"), required=False, widget=forms.Textarea(
        attrs={"rows": 5}), help_text=_MARKDOWN)


class ItemForm(forms.Form):
    """One item of the issue (the composer renders these fields by hand, in a table)."""

    pk = forms.IntegerField(required=False, widget=forms.HiddenInput)
    order = forms.IntegerField(label=_("Order"), required=False, min_value=0,
                               max_value=10_000, widget=forms.NumberInput(
                                   attrs={"class": "form-control form-control-sm"}))
    title = forms.CharField(label=_("Title"),
                            max_length=NewsletterItem._meta.get_field("title").max_length,
                            widget=forms.TextInput(attrs={"class": "form-control"}))
    text = forms.CharField(label=_("Text"), required=False, help_text=_MARKDOWN,
                           widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}))
    url = LinkField(label=_("Link"), widget=forms.TextInput(
        attrs={"class": "form-control form-control-sm"}))


class BaseItemFormSet(forms.BaseFormSet):
    def rows(self) -> list[dict]:
        """The items as the service takes them (blank extra forms left out)."""
        found = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data or (not form.has_changed() and not data.get("pk")):
                continue
            found.append({"pk": data.get("pk"), "order": data.get("order"),
                          "title": data.get("title", ""), "text": data.get("text", ""),
                          "url": data.get("url", ""), "delete": data.get("DELETE", False)})
        return found


ItemFormSet = forms.formset_factory(ItemForm, formset=BaseItemFormSet, extra=2,
                                    can_delete=True, max_num=200, validate_max=True)


def item_initial(items) -> list[dict]:
    return [{"pk": item.pk, "order": item.order, "title": item.title, "text": item.text,
             "url": item.url} for item in items]
