"""The certificate as a PDF (WeasyPrint, through the document engine's safe URL fetcher: the
portal's static files and ``data:`` only), the QR code that checks it, and a file name
for it.

Many certificates (an event's, for the ZIP) are laid out as one document of one page each
and then written page by page: the fonts are loaded and the styles computed once, not
once per certificate."""

import re
import unicodedata
from decimal import Decimal

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from ataskaitos.renderers import _portal_fetcher

BATCH = 50          # certificates laid out together


def qr_svg(url: str) -> str:
    """The verification address as an inline SVG QR code (one path: small and sharp)."""
    return segno.make(url, error="m").svg_inline(scale=1, border=0, omitsize=True,
                                                 dark="#000", light=None)


def _item(certificate) -> dict:
    return {
        "certificate": certificate,
        "issued": timezone.localtime(certificate.issued_at),
        "reissued": (timezone.localtime(certificate.reissued_at)
                     if certificate.reissued_at else None),
        # built by segno from the address only: nothing of the certificate's text in it
        "qr": mark_safe(qr_svg(certificate.verification_url)),  # noqa: S308
        "verify_page": settings.PORTAL_BASE_URL + reverse("mokymai:certificate_verify"),
    }


def _html(certificates) -> str:
    with translation.override("lt"):
        return render_to_string("mokymai/certificate_pdf.html",
                                {"certificates": [_item(c) for c in certificates]})


def _document(certificates):
    from weasyprint import HTML

    return HTML(string=_html(certificates), base_url="portal-static:/",
                url_fetcher=_portal_fetcher()).render()


def render_certificate(certificate) -> bytes:
    """One certificate's PDF (one A4 landscape page)."""
    return _document([certificate]).write_pdf()


def render_certificates(certificates, progress=None) -> list[bytes]:
    """The PDFs of many certificates, in their order. ``progress(done, total)`` is told as
    they are made."""
    certificates = list(certificates)
    out: list[bytes] = []
    for start in range(0, len(certificates), BATCH):
        batch = certificates[start:start + BATCH]
        document = _document(batch)
        if len(document.pages) == len(batch):
            out += [document.copy([page]).write_pdf() for page in document.pages]
        else:  # a certificate that did not fit one page: each on its own
            out += [render_certificate(certificate) for certificate in batch]
        if progress is not None:
            progress(len(out), len(certificates))
    return out


CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
RESERVED = re.compile(r'[/\\:*?"<>|]')


def file_name(certificate, taken: set[str] | None = None) -> str:
    """``KT-2026-0001 Pavardenė Ona.pdf``: the number and the holder's surname and name,
    safe as a file name on any system (no slashes, control characters or characters
    Windows refuses; diacritics kept) and unique among ``taken``."""
    person = certificate.person
    name = f"{certificate.number} {person.last_name} {person.first_name}"
    name = unicodedata.normalize("NFC", RESERVED.sub("-", CONTROL.sub(" ", name)))
    name = " ".join(name.split()).strip(" .")[:150] or "pazymejimas"
    candidate, copy = f"{name}.pdf", 1
    while taken is not None and candidate in taken:
        copy += 1
        candidate = f"{name} ({copy}).pdf"
    if taken is not None:
        taken.add(candidate)
    return candidate


def hours_text(hours) -> str:
    """Academic hours as a Lithuanian certificate writes them: 16, 2,5, 2,25."""
    if hours is None:
        return ""
    value = Decimal(hours).quantize(Decimal("0.01"))
    text = f"{value:f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")
