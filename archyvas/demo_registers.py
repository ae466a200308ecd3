"""Demo registers: the department's three registers — "Gaunamųjų dokumentų registras" (G),
"Siunčiamųjų dokumentų registras" (S), "Vidaus dokumentų registras" (V) — and a year of
documents registered in them by ``darbuotojas@demo.lt`` through the service (so numbers,
answers and history are real): letters from the Ministry of Culture, the National Library
and the territory's libraries with the department's answers, and internal memos and
orders; some of last year too. Each goes into the file of its year's plan whose title says
what it holds (``demo_plan``'s files), or none when the plan has no such file; some carry a
small generated PDF. One incoming letter's answer is overdue for ``darbuotojas@demo.lt``,
another is due in two days. Dates are this year's (up to today) and last year's; run on a
database that has registers, it adds nothing."""

from datetime import date, timedelta

from django.utils import timezone

from archyvas import services_registers as services
from archyvas.models import PlanFile, PlanStatus, Register, RegisterKind
from archyvas.models.plan import FilePlan
from paskyros.models import User

STAFF = "darbuotojas@demo.lt"
METHODIST = "metodininke@demo.lt"
MANAGER = "vadovas@demo.lt"

REGISTERS = (("Gaunamųjų dokumentų registras", RegisterKind.INCOMING, "G"),
             ("Siunčiamųjų dokumentų registras", RegisterKind.OUTGOING, "S"),
             ("Vidaus dokumentų registras", RegisterKind.INTERNAL, "V"))

MINISTRY = "Lietuvos Respublikos kultūros ministerija"
LNB = "Lietuvos nacionalinė Martyno Mažvydo biblioteka"
KRETINGA = "Kretingos Motiejaus Valančiaus viešoji biblioteka"
SKUODAS = "Skuodo rajono savivaldybės Romualdo Granausko viešoji biblioteka"
SILUTE = "Šilutės Fridricho Bajoraičio viešoji biblioteka"
PALANGA = "Palangos miesto savivaldybės viešoji biblioteka"
KLAIPEDA_DISTRICT = "Klaipėdos rajono savivaldybės Jono Lankučio viešoji biblioteka"
TAURAGE = "Tauragės Birutės Baltrušaitytės viešoji biblioteka"
NERINGA = "Neringos savivaldybės Viktoro Miliūno viešoji biblioteka"
LIBRARIANS = "Lietuvos bibliotekininkų draugija"

#: Words of a plan file's title that say it holds the documents of a topic (first match):
#: letters go into the correspondence file (not the file of the registers themselves).
TOPICS = {
    "letters": ("susirašinėj",),
    "training": ("kvalifikacijos tobulinimo renginių", "susirašinėj"),
    "visits": ("metodinių išvykų",),
    "plans": ("veiklos planai",),
    "internal": ("tarnybini", "vidaus dokumentai"),
}


def _letters(year: int) -> list[dict]:
    """The current year's documents, in registration order: (month, day) of registration,
    the register's kind, who, what, the file's topic, days to answer, the answer's key."""
    return [
        {"key": "min-stat", "on": (1, 8), "kind": "incoming", "who": MINISTRY,
         "no": "S-48", "title": f"Dėl viešųjų bibliotekų {year - 1} m. statistinių "
                                "ataskaitų pateikimo", "topic": "letters", "answer": 30,
         "pdf": True, "by": STAFF},
        {"key": "v-plan", "on": (1, 12), "kind": "internal", "who": "",
         "title": f"Skyriaus {year} m. veiklos plano tvirtinimo tarnybinis pranešimas",
         "topic": "plans", "by": STAFF},
        {"key": "lnb-seminar", "on": (1, 20), "kind": "incoming", "who": LNB,
         "no": "SD-112", "title": "Dėl kvalifikacijos tobulinimo programų derinimo",
         "topic": "training", "answer": 14, "by": METHODIST},
        {"key": "ans-lnb-seminar", "on": (1, 29), "kind": "outgoing", "who": LNB,
         "title": "Dėl regiono bibliotekininkų kvalifikacijos tobulinimo programų",
         "topic": "letters", "reply": "lnb-seminar", "pdf": True},
        {"key": "kre-stat", "on": (2, 3), "kind": "incoming", "who": KRETINGA,
         "no": "1-15", "title": f"Dėl {year - 1} m. statistinės ataskaitos patikslinimo",
         "topic": "letters", "by": STAFF},
        {"key": "out-reminder", "on": (2, 5), "kind": "outgoing",
         "who": "Savivaldybių viešosios bibliotekos (pagal sąrašą)",
         "title": f"Dėl {year - 1} m. statistinių ataskaitų pateikimo terminų",
         "topic": "letters"},
        {"key": "sku-consult", "on": (2, 17), "kind": "incoming", "who": SKUODAS,
         "no": "S-21", "title": "Dėl konsultacijos rengiant paraišką Lietuvos kultūros "
                                "tarybai", "topic": "letters", "answer": 10,
         "by": METHODIST},
        {"key": "ans-sku-consult", "on": (2, 24), "kind": "outgoing", "who": SKUODAS,
         "title": "Dėl paraiškos Lietuvos kultūros tarybai rengimo", "topic": "letters",
         "reply": "sku-consult"},
        {"key": "ans-min-stat", "on": (3, 2), "kind": "outgoing", "who": MINISTRY,
         "title": f"Dėl Klaipėdos regiono viešųjų bibliotekų {year - 1} m. statistinių "
                  "duomenų", "topic": "letters", "reply": "min-stat", "pdf": True},
        {"key": "v-order-training", "on": (3, 9), "kind": "internal", "who": "",
         "title": "Direktoriaus įsakymas dėl regiono bibliotekininkų seminarų organizavimo",
         "topic": "training", "pdf": True},
        {"key": "sil-visit", "on": (3, 18), "kind": "incoming", "who": SILUTE,
         "no": "2-34", "title": "Dėl metodinės išvykos į kaimo filialus", "topic": "letters",
         "answer": 15, "by": METHODIST},
        {"key": "ans-sil-visit", "on": (3, 27), "kind": "outgoing", "who": SILUTE,
         "title": "Dėl metodinės išvykos į Šilutės kaimo filialus datos",
         "topic": "letters", "reply": "sil-visit"},
        {"key": "min-report", "on": (4, 7), "kind": "incoming", "who": MINISTRY,
         "no": "S-301", "title": "Dėl informacijos apie bibliotekų veiklą rengiant "
                                 "metinį pranešimą", "topic": "letters", "answer": 10,
         "pdf": True, "by": STAFF},
        {"key": "ans-min-report", "on": (4, 15), "kind": "outgoing", "who": MINISTRY,
         "title": "Dėl informacijos apie Klaipėdos regiono bibliotekų veiklą",
         "topic": "letters", "reply": "min-report"},
        {"key": "pal-event", "on": (4, 22), "kind": "incoming", "who": PALANGA,
         "no": "R-40", "title": "Kvietimas dalyvauti Nacionalinės bibliotekų savaitės "
                                "renginyje", "topic": "letters", "by": STAFF},
        {"key": "v-memo-car", "on": (5, 6), "kind": "internal", "who": "",
         "title": "Tarnybinis pranešimas dėl tarnybinio automobilio metodinėms išvykoms",
         "topic": "visits"},
        {"key": "lnb-survey", "on": (5, 14), "kind": "incoming", "who": LNB,
         "no": "SD-388", "title": "Dėl vartotojų poreikių tyrimo regionuose",
         "topic": "letters", "answer": 21, "by": STAFF},
        {"key": "ans-lnb-survey", "on": (6, 2), "kind": "outgoing", "who": LNB,
         "title": "Dėl dalyvavimo vartotojų poreikių tyrime", "topic": "letters",
         "reply": "lnb-survey", "pdf": True},
        {"key": "tau-internship", "on": (6, 10), "kind": "incoming", "who": TAURAGE,
         "no": "1-77", "title": "Dėl stažuotės jauniesiems bibliotekininkams",
         "topic": "training", "answer": 10, "by": METHODIST, "phone": True},
        {"key": "v-summer", "on": (6, 16), "kind": "internal", "who": "",
         "title": "Skyriaus darbuotojų atostogų grafikas", "topic": "internal"},
        {"key": "klr-project", "on": (7, 8), "kind": "incoming", "who": KLAIPEDA_DISTRICT,
         "no": "S-95", "title": "Dėl partnerystės projekte „Skaitanti bendruomenė“",
         "topic": "letters", "answer": 14, "by": STAFF},
        {"key": "ans-klr-project", "on": (7, 17), "kind": "outgoing", "who": KLAIPEDA_DISTRICT,
         "title": "Dėl partnerystės projekte „Skaitanti bendruomenė“",
         "topic": "letters", "reply": "klr-project"},
        {"key": "min-funds", "on": (8, 25), "kind": "incoming", "who": MINISTRY,
         "no": "S-612", "title": "Dėl lėšų bibliotekų fondams papildyti paskirstymo",
         "topic": "letters", "pdf": True, "by": STAFF},
        {"key": "out-seminar", "on": (9, 3), "kind": "outgoing",
         "who": "Savivaldybių viešosios bibliotekos (pagal sąrašą)",
         "title": "Kvietimas į regioninį seminarą „Biblioteka – bendruomenės centras“",
         "topic": "letters", "pdf": True},
        {"key": "ner-consult", "on": (9, 15), "kind": "incoming", "who": NERINGA,
         "no": "12", "title": "Dėl fondo tikrinimo metodikos", "topic": "letters",
         "answer": 10, "by": METHODIST},
        {"key": "ans-ner-consult", "on": (9, 24), "kind": "outgoing", "who": NERINGA,
         "title": "Dėl bibliotekos fondo tikrinimo tvarkos", "topic": "letters",
         "reply": "ner-consult"},
        {"key": "v-order-visits", "on": (10, 1), "kind": "internal", "who": "",
         "title": "Direktoriaus įsakymas dėl metodinių išvykų IV ketvirtį",
         "topic": "visits"},
        {"key": "lbd-award", "on": (10, 8), "kind": "incoming", "who": LIBRARIANS,
         "no": "LBD-56", "title": "Dėl kandidatų teikimo Metų bibliotekininko "
                                  "apdovanojimui", "topic": "letters", "answer": 20,
         "by": MANAGER},
        {"key": "ans-lbd-award", "on": (10, 27), "kind": "outgoing", "who": LIBRARIANS,
         "title": "Dėl regiono kandidatų Metų bibliotekininko apdovanojimui",
         "topic": "letters", "reply": "lbd-award"},
        {"key": "kre-consult", "on": (11, 5), "kind": "incoming", "who": KRETINGA,
         "no": "1-140", "title": "Dėl bibliotekos filialų tinklo optimizavimo",
         "topic": "letters", "answer": 20, "by": METHODIST},
        {"key": "v-memo-plan", "on": (11, 12), "kind": "internal", "who": "",
         "title": f"Tarnybinis pranešimas dėl {year + 1} m. dokumentacijos plano rengimo",
         "topic": "internal", "by": STAFF},
        {"key": "min-analysis", "on": (11, 18), "kind": "incoming", "who": MINISTRY,
         "no": "S-845", "title": "Dėl regiono bibliotekų veiklos analizės pateikimo",
         "topic": "letters", "answer": 30, "pdf": True, "by": MANAGER},
        {"key": "out-calendar", "on": (11, 24), "kind": "outgoing",
         "who": "Savivaldybių viešosios bibliotekos (pagal sąrašą)",
         "title": f"Dėl {year + 1} m. regioninių renginių kalendoriaus",
         "topic": "letters"},
        {"key": "v-inventory", "on": (12, 1), "kind": "internal", "who": "",
         "title": f"Tarnybinis pranešimas dėl {year} m. bylų apyrašų sudarymo",
         "topic": "internal"},
    ]


def _waiting(today: date) -> list[dict]:
    """Two letters waiting for ``darbuotojas@demo.lt``'s answer: one overdue, one due in
    two days."""
    return [
        {"key": "sku-overdue", "at": today - timedelta(days=16), "kind": "incoming",
         "who": SKUODAS, "no": "S-118",
         "title": "Dėl bibliotekos darbuotojų kvalifikacijos kėlimo poreikio",
         "topic": "letters", "due": today - timedelta(days=3), "by": STAFF, "pdf": True},
        {"key": "pal-soon", "at": today - timedelta(days=5), "kind": "incoming",
         "who": PALANGA, "no": "R-203",
         "title": "Dėl metinių statistinių ataskaitų formų pakeitimų",
         "topic": "letters", "due": today + timedelta(days=2), "by": STAFF},
    ]


def _last_year(year: int) -> list[dict]:
    return [
        {"key": "p-min", "on": (2, 10), "kind": "incoming", "who": MINISTRY, "no": "S-77",
         "title": f"Dėl viešųjų bibliotekų {year - 1} m. statistinių ataskaitų",
         "topic": "letters", "answer": 30, "by": STAFF},
        {"key": "p-ans-min", "on": (3, 5), "kind": "outgoing", "who": MINISTRY,
         "title": f"Dėl Klaipėdos regiono bibliotekų {year - 1} m. statistinių duomenų",
         "topic": "letters", "reply": "p-min"},
        {"key": "p-v-plan", "on": (1, 14), "kind": "internal", "who": "",
         "title": f"Skyriaus {year} m. veiklos plano tvirtinimo tarnybinis pranešimas",
         "topic": "plans"},
        {"key": "p-kre", "on": (5, 20), "kind": "incoming", "who": KRETINGA, "no": "1-60",
         "title": "Dėl metodinės pagalbos rengiant bibliotekos strategiją",
         "topic": "letters", "answer": 14, "by": METHODIST},
        {"key": "p-ans-kre", "on": (6, 2), "kind": "outgoing", "who": KRETINGA,
         "title": "Dėl bibliotekos strategijos rengimo", "topic": "letters",
         "reply": "p-kre"},
        {"key": "p-seminar", "on": (9, 9), "kind": "outgoing",
         "who": "Savivaldybių viešosios bibliotekos (pagal sąrašą)",
         "title": "Kvietimas į regioninį bibliotekininkų forumą", "topic": "letters"},
        {"key": "p-v-order", "on": (10, 6), "kind": "internal", "who": "",
         "title": "Direktoriaus įsakymas dėl bibliotekininkų forumo organizavimo",
         "topic": "training"},
        {"key": "p-lnb", "on": (11, 3), "kind": "incoming", "who": LNB, "no": "SD-512",
         "title": "Dėl bibliotekų duomenų perdavimo į LIBIS", "topic": "letters",
         "by": STAFF},
    ]


def _pdf(spec: dict, number_hint: str, day: date) -> bytes:
    """A small letter as the correspondent (or the department) printed it."""
    from django.utils.html import escape
    from weasyprint import HTML

    sender = spec["who"] if spec["kind"] == "incoming" else \
        "Klaipėdos apskrities viešoji Ievos Simonaitytės biblioteka"
    addressee = "Klaipėdos apskrities viešosios Ievos Simonaitytės bibliotekos " \
                "Bibliotekų veiklos skyriui" if spec["kind"] == "incoming" else spec["who"]
    body = ("Informuojame, kad klausimas nagrinėjamas. Prašome pateikti informaciją "
            "nurodytu terminu. Pridedama medžiaga ir kontaktai pasiteirauti.")
    html = (f"<html><body style='font-family: sans-serif; font-size: 11pt'>"
            f"<p style='text-align:center'><strong>{escape(sender)}</strong></p>"
            f"<p>{escape(addressee)}</p>"
            f"<p>{day.isoformat()} Nr. {escape(number_hint)}</p>"
            f"<h1 style='font-size: 13pt'>{escape(spec['title']).upper()}</h1>"
            f"<p>{body}</p><p>Pagarbiai</p></body></html>")
    return HTML(string=html).write_pdf()


def _file_for(year: int, topic: str, cache: dict):
    if year not in cache:
        plan = FilePlan.objects.filter(year=year, status=PlanStatus.APPROVED).first()
        cache[year] = list(PlanFile.objects.open_for_filing().filter(plan=plan)
                           .order_by("position", "index", "pk")) if plan else []
    for word in TOPICS.get(topic, ()):
        found = next((f for f in cache[year] if word in f.title.lower()), None)
        if found is not None:
            return found
    return None


def _register(spec, day, *, registers, users, staff, made, files) -> None:
    register = registers[spec["kind"]]
    reply_to = made.get(spec.get("reply", ""))
    answer_due = spec.get("due")
    if answer_due is None and spec.get("answer"):
        answer_due = day + timedelta(days=spec["answer"])
    data = file_name = None
    if spec.get("pdf"):
        their = spec.get("no") or f"{register.prefix}-…"
        data = _pdf(spec, their, day - timedelta(days=2) if spec["kind"] == "incoming"
                    else day)
        file_name = f"{spec['title'][:60]}.pdf"
    entry = services.register_document(
        register=register, by=staff, registered_on=day, title=spec["title"],
        correspondent=spec["who"], their_number=spec.get("no", "")
        if spec["kind"] == "incoming" else "",
        document_date=day - timedelta(days=2) if spec["kind"] == "incoming" else day,
        plan_file=_file_for(day.year, spec["topic"], files),
        responsible=users.get(spec.get("by", "")) or (reply_to.responsible if reply_to
                                                      else None),
        answer_due=answer_due, reply_to=reply_to, file=data, file_name=file_name or "")
    made[spec["key"]] = entry
    if spec.get("phone"):
        services.mark_answered(entry=entry, by=staff, answered_on=day + timedelta(days=3),
                               note="Atsakyta telefonu: stažuotė suderinta birželio "
                                    "pabaigai.")


def load(out) -> None:
    if Register.objects.exists():
        out.write("  registers: already there, left alone\n")
        return
    staff = User.objects.filter(email=STAFF).first()
    if staff is None:
        out.write("  registers: no demo accounts, none loaded\n")
        return
    registers = {}
    for position, (name, kind, prefix) in enumerate(REGISTERS):
        registers[kind.value] = services.save_register(
            register=Register(name=name, kind=kind, prefix=prefix, position=position),
            by=staff)
    users = {user.email: user for user in
             User.objects.filter(email__in=(STAFF, METHODIST, MANAGER))}
    today = timezone.localdate()
    year = today.year
    dated = [(date(year - 1, *spec["on"]), spec) for spec in _last_year(year)]
    dated += [(date(year, *spec["on"]), spec) for spec in _letters(year)
              if date(year, *spec["on"]) <= today]
    dated += [(spec["at"], spec) for spec in _waiting(today)]
    dated.sort(key=lambda pair: pair[0])
    made, files, skipped = {}, {}, 0
    for day, spec in dated:
        if spec.get("reply") and spec["reply"] not in made:
            continue
        try:
            _register(spec, day, registers=registers, users=users, staff=staff, made=made,
                      files=files)
        except services.Refused as refusal:    # a closed year: its documents stay out
            skipped += 1
            out.write(f"  registers: skipped {day.isoformat()} \"{spec['title']}\" — "
                      f"{' '.join(refusal.messages)}\n")
    filed = sum(1 for entry in made.values() if entry.plan_file_id)
    out.write(f"  registers: 3 registers, {len(made)} registered documents ({filed} in the "
              f"plans' files, {skipped} skipped)\n")
