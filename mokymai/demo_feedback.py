"""Demo feedback: every attendee of the demo's completed events (and of the held one whose
questionnaire is still open) is invited, and 6–15 of them answer each event, in
Lithuanian, mostly well, with a few critical remarks — so the summaries show charts. The
open event keeps some invitations unanswered, so a demo questionnaire link can be tried.

Answers go through ``submit_answer`` (one answer per invitation, the ratings checked), on
the day they would have been given; no e-mail is sent. Called by ``mokymai.demo``."""

import random
from datetime import time, timedelta

from django.db import transaction
from django.utils import timezone

from mokymai.models import EventStatus, TrainingEvent
from mokymai.models_feedback import (
    FeedbackAnswer,
    FeedbackInvitation,
    feedback_closes_on,
    feedback_open,
)
from mokymai.services_feedback import attendees, lecturers_of, submit_answer
from portalas.clock import aware

MOST_USEFUL = [
    "Praktiniai pavyzdžiai, kuriuos galima iš karto pritaikyti savo bibliotekoje.",
    "Lektoriaus patirtis ir išsamūs atsakymai į mūsų klausimus.",
    "Dalomoji medžiaga ir nuorodos į šaltinius – jau pasidalinau su kolegomis.",
    "Darbas grupėse: sužinojau, kaip tą patį daro kitų savivaldybių bibliotekos.",
    "Aiškiai paaiškinta, nuo ko pradėti ir kokių klaidų vengti.",
    "Praktinės užduotys kompiuteriu.",
    "Pokalbiai per pertraukas su kolegomis iš kitų bibliotekų.",
    "Konkretūs skaičiai ir pavyzdžiai iš mūsų regiono.",
    "Idėjos renginiams vaikams – išbandysime vasarą.",
    "Struktūruota informacija apie finansavimo galimybes.",
    "Patarimai, kaip kalbėtis su lankytojais, kurie bijo technologijų.",
    "Gerosios patirties pristatymai – įkvėpė pabandyti ir pas mus.",
    "Trumpos, aiškios skaidrės ir užduočių lapai.",
    "Galimybė užduoti klausimų apie savo bibliotekos situaciją.",
]
TO_IMPROVE = [
    "Norėtųsi daugiau laiko praktinėms užduotims.",
    "Per daug informacijos vienai dienai – geriau padalinti į dvi dalis.",
    "Nuotoliniu būdu kartais strigo garsas.",
    "Medžiagą atsiųsti iš anksto.",
    "Salėje buvo per šilta, trūko pertraukų.",
    "Daugiau pavyzdžių iš mažų kaimo bibliotekų.",
    "Pradėti vėliau – iš tolimesnių bibliotekų sunku atvykti iki devintos.",
    "Įrašą ir skaidres paskelbti portale, kad galėtume grįžti.",
    "Mažesnės grupės praktiniams užsiėmimams.",
]
# the demo's skew: most participants are content; a few are not
WEIGHTS = {"content": [1, 2, 8, 30, 40], "lecturers": [1, 1, 6, 25, 50],
           "organisation": [2, 4, 12, 30, 30], "usefulness": [1, 3, 12, 30, 35]}


def _rating(chooser: random.Random, question: str) -> int:
    return chooser.choices([1, 2, 3, 4, 5], weights=WEIGHTS[question])[0]


def _events():
    """The completed demo events and the held ones whose window is still open."""
    events = list(TrainingEvent.objects.filter(status=EventStatus.COMPLETED).order_by("pk"))
    events += [event for event in TrainingEvent.objects.filter(status=EventStatus.HELD)
               .order_by("pk") if feedback_open(event)]
    return events


@transaction.atomic
def load(staff=None) -> int:
    """Invitations and answers for the demo's events held; returns the answers stored. An
    event that already has answers is left alone."""
    stored = 0
    for number, event in enumerate(_events()):
        if FeedbackAnswer.objects.filter(event=event).exists():
            continue
        chooser = random.Random(2000 + number)   # the same demo every time
        registrations = list(attendees(event).order_by("pk"))
        if not registrations:
            continue
        held = aware(event.ends_on, time(18, 0))
        invitations = [FeedbackInvitation.objects.get_or_create(
            registration=registration, defaults={"created_at": held, "sent_at": held})[0]
            for registration in registrations]
        invitations = [invitation for invitation in invitations if not invitation.answered]
        is_open = event.status == EventStatus.HELD
        wanted = chooser.randint(6, 9) if is_open else chooser.randint(6, 15)
        # an open event keeps at least three links unused, for trying the questionnaire
        count = min(wanted, len(invitations) - 3 if is_open else len(invitations))
        lecturers = lecturers_of(event)
        closes = feedback_closes_on(event)
        useful = chooser.sample(MOST_USEFUL, len(MOST_USEFUL))
        improve = chooser.sample(TO_IMPROVE, len(TO_IMPROVE))
        for invitation in chooser.sample(invitations, max(count, 0)):
            day = min(event.ends_on + timedelta(days=chooser.randint(0, 6)), closes,
                      timezone.localdate())
            ratings = {question: _rating(chooser, question) for question in WEIGHTS}
            per_lecturer = ({lecturer.pk: min(5, max(1, ratings["lecturers"]
                                                     + chooser.choice([-1, 0, 0, 1])))
                             for lecturer in lecturers} if len(lecturers) > 1 else {})
            submit_answer(invitation=invitation, ratings=ratings,
                          most_useful=useful.pop() if useful and chooser.random() < .75
                          else "",
                          to_improve=improve.pop() if improve and chooser.random() < .5
                          else "",
                          lecturer_ratings=per_lecturer,
                          now=aware(day, time(chooser.randint(8, 21), chooser.randrange(60))))
            stored += 1
    return stored
