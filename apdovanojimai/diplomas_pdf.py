"""Diplomas and thank-you letters as PDF (WeasyPrint, through the document engine's safe URL
fetcher: the portal's static files and ``data:`` only), modelled on the training
certificates (``mokymai.certificates_pdf``): one A4 landscape page each, in Lithuanian
whatever the reader's language, with the department's letterhead
(``bibliotekos.selectors.letterhead``). The recipient is printed exactly as staff typed it.

Many awards (a contest's ZIP) are laid out as one document and written page by page: the
fonts load and the styles compute once."""

import re
import unicodedata

from django.template.loader import render_to_string
from django.utils import translation

from ataskaitos.renderers import _portal_fetcher
from bibliotekos.selectors import letterhead

BATCH = 50


def _item(award) -> dict:
    return {"award": award, "contest": award.contest,
            "diploma": award.kind == "diploma"}


def _html(awards) -> str:
    with translation.override("lt"):
        return render_to_string("apdovanojimai/diploma_pdf.html",
                                {"awards": [_item(award) for award in awards],
                                 "letterhead": letterhead()})


def _document(awards):
    from weasyprint import HTML

    return HTML(string=_html(awards), base_url="portal-static:/",
                url_fetcher=_portal_fetcher()).render()


def render_award(award) -> bytes:
    """One award's PDF (one A4 landscape page)."""
    return _document([award]).write_pdf()


def render_awards(awards) -> list[bytes]:
    """The PDFs of many awards, in their order."""
    awards = list(awards)
    out: list[bytes] = []
    for start in range(0, len(awards), BATCH):
        batch = awards[start:start + BATCH]
        document = _document(batch)
        if len(document.pages) == len(batch):
            out += [document.copy([page]).write_pdf() for page in document.pages]
        else:  # one that did not fit a page: each on its own
            out += [render_award(award) for award in batch]
    return out


CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
RESERVED = re.compile(r'[/\\:*?"<>|]')


def file_name(award, taken: set[str] | None = None) -> str:
    """``AP-2026-001 Aušrai Petrauskienei.pdf``: the number and the recipient as printed,
    safe as a file name on any system (diacritics kept), unique among ``taken``."""
    name = f"{award.number} {award.recipient_text}"
    name = unicodedata.normalize("NFC", RESERVED.sub("-", CONTROL.sub(" ", name)))
    name = " ".join(name.split()).strip(" .")[:150] or "diplomas"
    candidate, copy = f"{name}.pdf", 1
    while taken is not None and candidate in taken:
        copy += 1
        candidate = f"{name} ({copy}).pdf"
    if taken is not None:
        taken.add(candidate)
    return candidate
