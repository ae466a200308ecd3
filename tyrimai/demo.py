"""Demo user-needs research: last year's library-satisfaction study (closed) and this
year's round (open, copied from last year's so the results compare by question code), both
from the questionnaire shipped with the portal, taken by six demo libraries — the Kretinga
system of the demo director (``bibliotekininkas@demo.lt``) with its central library and the
Darbėnai branch, and three other systems — with a few hundred answers each. This year's
round also has three paper questionnaires the director typed in, a burst of answers from
one address (for the bursts page) and open answers the department tagged.

The answers are written in bulk (``tyrimai.tests.factories.load_responses``) with a fixed
random seed, so the data are the same on every machine; dates are relative to today."""

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from bibliotekos.models import Library, LibraryKind
from paskyros.models import User
from tyrimai import services
from tyrimai.models import (
    Answer,
    Channel,
    Method,
    Participation,
    Response,
    Study,
    StudyStatus,
    Tag,
)
from tyrimai.questionnaire import build, serialize
from tyrimai.tests.factories import EVERY_KIND, load_responses

#: The systems taking part besides Kretinga's (the first ones found are used).
OTHER_SYSTEMS = ["SVB-SKU", "SVB-PLU", "SVB-KLR", "SVB-TAU", "SVB-JUR", "SVB-SIL"]
LIBRARIES = 6
AIM = ("Sužinoti, kaip vartotojai vertina bibliotekos paslaugas, fondą, darbo laiką ir "
       "aplinką, ir pagal tai planuoti kitų metų veiklą.")
TARGET = "Bibliotekų lankytojai nuo 14 metų"
# what the department tags open answers with, and a word that marks them
TAGS = {"Darbo laikas": "darbo laikas", "Fondas": "knyg", "Renginiai": "renginių",
        "Internetas": "internet", "Aplinka": "kėdės"}


def _template() -> tuple[dict, str]:
    try:
        from tyrimai.standard import TEMPLATE
    except ImportError:                     # the shipped questionnaire not there yet
        return EVERY_KIND, ""
    return TEMPLATE, "satisfaction"


def _libraries() -> list[Library]:
    """Kretinga's system, its central library and the Darbėnai branch, then other systems."""
    kretinga = Library.objects.filter(code="SVB-KRE").first()
    if kretinga is None:
        return list(Library.objects.filter(kind=LibraryKind.SYSTEM).order_by("code")
                    [:LIBRARIES])
    chosen = [kretinga]
    chosen += list(Library.objects.filter(code="SVB-KRE-C"))
    chosen += list(Library.objects.filter(municipality=kretinga.municipality,
                                          name__startswith="Darbėnų", closed__isnull=True)[:1])
    others = {lib.code: lib for lib in Library.objects.filter(code__in=OTHER_SYSTEMS)}
    chosen += [others[code] for code in OTHER_SYSTEMS if code in others]
    return chosen[:LIBRARIES]


def _study(*, title: str, opens: date, closes: date, status: str, data: dict, template: str,
           by, libraries, previous=None) -> Study:
    study = Study.objects.create(title=title, aim=AIM, target_group=TARGET,
                                 method=Method.QUESTIONNAIRE, opens_on=opens, closes_on=closes,
                                 status=status, languages=["en", "ru", "pl"],
                                 template=template, created_by=by, previous=previous)
    build(study, data)
    Participation.objects.bulk_create(Participation(study=study, library=library)
                                      for library in libraries)
    return study


def _paper(study: Study, director, rng) -> int:
    """Paper questionnaires the director typed in at their library."""
    participation = study.participations.filter(library__code="SVB-KRE").first()
    if participation is None or director is None:
        return 0
    questions = list(study.questions.prefetch_related("options"))
    typed = 0
    for number in range(1, 4):
        raw = {}
        for question in questions:
            columns = [o.code for o in question.options.all() if not o.row]
            if question.required and question.is_choice:
                raw[question.pk] = {"option": rng.choice(columns[:3]), "other": ""}
            elif question.required:
                raw[question.pk] = rng.choice([4, 5])
            elif question.kind == "nps":
                raw[question.pk] = rng.choice([8, 9, 10])
        services.submit_response(participation=participation, raw=raw, channel=Channel.PAPER,
                                 entered_by=director, paper_number=f"P-{number:03d}")
        typed += 1
    return typed


def _burst(study: Study) -> int:
    """Eight answers from one address within a few minutes yesterday: the bursts page."""
    participation = study.participations.order_by("library__code").last()
    source = services.source_of("192.0.2.77")
    first = Response.objects.filter(study=study).order_by("pk").first()
    answers = list(Answer.objects.filter(response=first))
    when = timezone.make_aware(datetime.combine(timezone.localdate() - timedelta(days=1),
                                                time(21, 5)))
    made = Response.objects.bulk_create(
        Response(study=study, participation=participation, library_id=participation.library_id,
                 channel=Channel.LINK, language="lt", source=source,
                 submitted_at=when + timedelta(seconds=40 * n)) for n in range(8))
    Answer.objects.bulk_create(
        Answer(response=response, question_id=a.question_id, option_id=a.option_id,
               row_id=a.row_id, number=a.number, text=a.text, other=a.other)
        for response in made for a in answers)
    return len(made)


def _tags(study: Study) -> int:
    """The department's tags on open answers, by a word each answer holds."""
    tagged = 0
    texts = Answer.objects.filter(response__study=study).exclude(text="")
    for name, word in TAGS.items():
        tag = Tag.objects.create(study=study, name=name)
        ids = list(texts.filter(text__icontains=word).values_list("pk", flat=True)[:40])
        tag.answers.add(*ids)
        tagged += len(ids)
    return tagged


def load(out) -> None:
    if Study.objects.exists():
        out.write("  research: already there, left alone")
        return
    rng = random.Random(20)
    staff = User.objects.filter(email="darbuotojas@demo.lt").first()
    director = User.objects.filter(email="bibliotekininkas@demo.lt").first()
    libraries = _libraries()
    if not libraries:
        out.write("  research: no libraries, left out")
        return
    data, template = _template()
    today = timezone.localdate()
    last = today.year - 1
    earlier = _study(title=f"Bibliotekų vartotojų pasitenkinimo tyrimas {last}",
                     opens=date(last, 3, 1), closes=date(last, 4, 30),
                     status=StudyStatus.CLOSED, data=data, template=template, by=staff,
                     libraries=libraries)
    load_responses(earlier, 420, seed=21,
                   when=timezone.make_aware(datetime(last, 4, 28, 18, 0)))
    current = _study(title=f"Bibliotekų vartotojų pasitenkinimo tyrimas {today.year}",
                     opens=today - timedelta(days=21), closes=today + timedelta(days=40),
                     status=StudyStatus.OPEN, data=serialize(earlier), template=template,
                     by=staff, libraries=libraries, previous=earlier)
    load_responses(current, 360, seed=22)
    typed = _paper(current, director, rng)
    burst = _burst(current)
    tagged = _tags(current)
    out.write(f"  research: 2 studies for {len(libraries)} libraries, "
              f"{Response.objects.count()} responses ({typed} typed in from paper, "
              f"a burst of {burst}), {tagged} open answers tagged")
