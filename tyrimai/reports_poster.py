"""A participating library's poster through the report engine (``tyrimai.poster``): a
printable A4 page with a big QR code to the library's own answer link, the library's name,
the study's title, the link in text and an invitation in each of the study's languages.

The parameter form offers the participations the user may see
(``Participation.objects.visible_to``: staff and management all, a library's people their
own library's); anything else is an invalid form, which the engine answers with a 404.

Also the two helpers every page showing a link uses: the absolute public link
(``PORTAL_BASE_URL``, since a poster and an e-mail leave the portal) and its QR code."""

import hashlib
from dataclasses import dataclass, field

import segno
from django.conf import settings
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ataskaitos.document import Document, Section
from portalas.forms import ReportParamsForm, ScopedChoiceField
from portalas.registry import report_kind
from tyrimai.models import LANGUAGES, Participation, pick

__all__ = ["PosterDocument", "PosterParams", "poster", "poster_document", "public_link",
           "qr_svg"]

POSTER_TEMPLATE = "tyrimai/poster_pdf.html"

#: The poster's own words, in the questionnaire's languages (a respondent's language, not
#: the portal's: not gettext).
POSTER_TEXTS = {
    "heading": {"lt": "Jūsų nuomonė svarbi!", "en": "Your opinion matters!",
                "ru": "Ваше мнение важно!", "pl": "Twoja opinia jest ważna!"},
    "invite": {"lt": "Nuskenuokite kodą telefonu ir atsakykite į kelis klausimus apie "
                     "biblioteką.",
               "en": "Scan the code with your phone and answer a few questions about the "
                     "library.",
               "ru": "Отсканируйте код телефоном и ответьте на несколько вопросов о "
                     "библиотеке.",
               "pl": "Zeskanuj kod telefonem i odpowiedz na kilka pytań o bibliotece."},
    "or_link": {"lt": "Arba atsidarykite nuorodą:", "en": "Or open the link:",
                "ru": "Или откройте ссылку:", "pl": "Lub otwórz link:"},
    "anonymous": {"lt": "Apklausa anoniminė.", "en": "The survey is anonymous.",
                  "ru": "Опрос анонимный.", "pl": "Ankieta jest anonimowa."},
    "until": {"lt": "Atsakymų laukiame iki {date}.", "en": "Answers are welcome until {date}.",
              "ru": "Ждём ответов до {date}.", "pl": "Czekamy na odpowiedzi do {date}."},
}


def public_link(participation: Participation) -> str:
    """The library's public answer link, absolute."""
    return settings.PORTAL_BASE_URL + participation.get_public_url()


def qr_svg(url: str, *, scale: int = 1) -> str:
    """``url`` as an inline SVG QR code (built by segno from the address only; it scales
    with its box)."""
    return mark_safe(segno.make(url, error="m").svg_inline(  # noqa: S308
        scale=scale, border=0, omitsize=True, dark="#000", light=None))


@dataclass
class PosterDocument(Document):
    """A Document with its own printed layout (the engine's PDF renderer draws
    ``template`` with ``context``); the sections carry the same text for tests."""

    template: str = ""
    context: dict = field(default_factory=dict)


class ParticipationChoiceField(ScopedChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.study.title} — {obj.library.name}"


class PosterParams(ReportParamsForm):
    participation = ParticipationChoiceField(Participation,
                                             label=gettext_lazy("Participating library"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        form_field = self.fields["participation"]
        form_field.queryset = form_field.queryset.select_related("study", "library")


def _texts(language: str, closes_on) -> dict:
    texts = {key: pick(value, language) for key, value in POSTER_TEXTS.items()}
    texts["until"] = texts["until"].format(date=closes_on.isoformat())
    return texts


def poster_document(participation: Participation) -> PosterDocument:
    study, library = participation.study, participation.library
    link = public_link(participation)
    languages = study.all_languages
    names = dict(LANGUAGES)
    blocks = [{"language": code, "name": names[code], **_texts(code, study.closes_on)}
              for code in languages]
    about = Section(heading=study.title, facts=[
        (_("Library"), library.name), (_("Link"), link),
        (_("Answers until"), study.closes_on.isoformat())],
        paragraphs=[f"{block['heading']} {block['invite']}" for block in blocks])
    return PosterDocument(
        title=study.title, subtitle=library.name, sections=[about],
        filename=f"plakatas-{library.code}-{study.pk}".lower(),
        template=POSTER_TEMPLATE, context={
            "study": study, "library": library, "link": link,
            "qr": qr_svg(link), "main": blocks[0], "others": blocks[1:],
        })


def _inputs(params) -> str:
    """Changes whenever the poster would: the link, the library's name, the study's title,
    end and languages."""
    participation = params["participation"]
    study = participation.study
    stamp = repr((participation.token, participation.library.name, study.title,
                  study.closes_on.isoformat(), study.all_languages, settings.PORTAL_BASE_URL))
    return hashlib.sha256(stamp.encode()).hexdigest()[:40]


@report_kind("tyrimai.poster", label=gettext_lazy("Study poster with a QR code"),
             form=PosterParams, output="document", formats=("pdf",), inputs=_inputs,
             description=gettext_lazy("A printable A4 poster: the library's own answer link "
                                      "as a big QR code, in the study's languages."))
def poster(*, params, user, progress) -> Document:
    document = poster_document(params["participation"])
    progress(50)
    return document
