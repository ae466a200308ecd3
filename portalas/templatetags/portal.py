"""Formatting helpers for templates. They format; they never query."""

import re
from decimal import InvalidOperation

from django import template
from django.forms import BoundField
from django.template.loader import render_to_string
from django.utils import formats
from django.utils.translation import get_language

from portalas.numbers import rounded as round_half_up

register = template.Library()


@register.simple_tag(takes_context=True)
def query_transform(context, **changes):
    """The current query string with some parameters replaced (for pagination links)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


@register.filter
def add_class(field, css: str):
    if not isinstance(field, BoundField):
        return field
    existing = field.field.widget.attrs.get("class", "")
    return field.as_widget(attrs={"class": f"{existing} {css}".strip()})


@register.filter
def number(value, decimals=0):
    """Half-up rounding to ``decimals``, grouped the way the active language writes numbers
    (Lithuanian: ``1 234 567,8``). None means not known / not defined: shown as an en dash."""
    if value is None or value == "":
        return "–"
    try:
        rounded = round_half_up(value, int(decimals))
    except (InvalidOperation, ValueError, TypeError):
        return value
    return formats.number_format(rounded, decimal_pos=int(decimals), use_l10n=True,
                                 force_grouping=True)


@register.simple_tag
def current_language():
    return get_language()


@register.filter
def get(mapping, key):
    """``values|get:code`` — a dictionary's item in a template."""
    if mapping is None:
        return None
    return mapping.get(key)


@register.simple_tag(takes_context=True)
def document_button(context, kind: str, format: str, label, css: str = "btn-outline-secondary",
                    **params):
    """A button that asks the document engine for ``kind`` in ``format`` with ``params``
    (whatever the kind's parameter form declares), then shows the job's progress."""
    return render_to_string("portalas/_document_button.html", {
        "kind": kind, "format": format, "label": label, "css": css,
        "params": {k: v for k, v in params.items() if v not in (None, "")},
        "back": context["request"].path,
    }, request=context["request"])


_user_markdown = None


@register.filter(is_safe=True)
def markdown(text):
    """Markdown typed by a user (a description, an introduction) as safe HTML: raw HTML is
    not HTML (shown as the text it is), links only to http(s) and e-mail addresses and
    marked ``nofollow``, no images or scripts."""
    global _user_markdown
    import nh3
    from django.utils.safestring import mark_safe
    from markdown_it import MarkdownIt

    if _user_markdown is None:
        _user_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False})
    html = re.sub(r"<(/?)h[12]>", r"<\1h3>", _user_markdown.render(str(text or "")))
    html = nh3.clean(html, tags={"p", "em", "strong", "ul", "ol", "li", "h3", "h4", "h5",
                                 "br", "blockquote", "code", "pre", "a", "hr"},
                     attributes={"a": {"href"}, "ol": {"start"}},
                     url_schemes={"http", "https", "mailto"}, link_rel="nofollow noopener")
    return mark_safe(html)  # noqa: S308 - cleaned by nh3 above
