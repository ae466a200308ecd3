"""What the demo plan says: the Regional Libraries Strategic Development Department of the
Klaipėda county library plans its year in every chapter of its charter (1 planning and
data … 6 general), and the texts of the report on it. ``planavimas.demo`` writes it
through the services and works out the planned values from what the other apps' demo
records count (so fulfilment is realistic on whatever day the demo is loaded).

An indicator (``Ind``) either counts itself from a metric another app declares — its
planned value is the metric's value for the year times ``ratio`` (below 1: the plan is
exceeded), rounded the way a plan is written — or is typed in (``typed``: planned and
actual, the department's own count). A linked indicator whose metric counted nothing last
year (the app was not used yet) is typed in for that year, around ``default``."""

from typing import NamedTuple

LIBRARY = "Klaipėdos apskrities viešoji Ievos Simonaitytės biblioteka"
UNIT = "Regiono bibliotekų strateginės plėtros skyrius"


class Ind(NamedTuple):
    name: str
    unit: str
    metric: str = ""
    ratio: float = 1.0           # planned = the year's count × ratio
    default: float = 10          # when the metric counted nothing
    typed: tuple = ()            # (planned, actual last year, actual this year or None)
    target: float | None = None  # a share planned as a target, not from the counts
    zero_ok: bool = False        # counted nothing last year: a real shortfall, still linked


class Msr(NamedTuple):
    title: str
    who: str                     # "staff" (Rūta) or "methodist" (Jūratė)
    when: object                 # a quarter 1–4, or (month, day) of the deadline
    budget: int | None
    resources: str
    indicators: tuple
    done: str                    # the report's comment when it was done


class Obj(NamedTuple):
    title: str
    measures: tuple


class GoalText(NamedTuple):
    chapter: int
    title: str
    description: str
    objectives: tuple
    narrative: str               # last year's report: what was done (Markdown)


OWN = "Skyriaus darbuotojų darbo laikas"

GOALS = (
    GoalText(1, "Užtikrinti kokybišką regiono bibliotekų veiklos duomenų rinkimą ir analizę",
             "Regiono savivaldybių viešųjų ir mokyklų bibliotekų statistiniai duomenys "
             "surenkami laiku, patikrinami ir naudojami planuojant veiklą.", (
                 Obj("Laiku surinkti ir patikrinti regiono bibliotekų statistines ataskaitas", (
                     Msr("Surinkti, patikrinti ir priimti savivaldybių viešųjų bibliotekų "
                         "metines statistines ataskaitas", "staff", (2, 15), None, OWN,
                         (Ind("Priimtos bibliotekų statistinės ataskaitos", "vnt.",
                              "statistika.reports_submitted", 1.0, 11),),
                         "Visos ataskaitos priimtos portale, klaidos ištaisytos kartu su "
                         "bibliotekomis."),
                     Msr("Atnaujinti regiono bibliotekų ir jų padalinių registro duomenis",
                         "staff", 2, None, OWN,
                         (Ind("Patikslinti bibliotekų registro įrašai", "vnt.",
                              typed=(180, 196, 142)),),
                         "Registro duomenys patikslinti pagal savivaldybių sprendimus dėl "
                         "padalinių tinklo."),
                 )),
                 Obj("Planuoti ir koordinuoti skyriaus veiklą", (
                     Msr("Parengti skyriaus metinį veiklos planą ir veiklos ataskaitą",
                         "staff", (1, 31), None, OWN,
                         (Ind("Parengti ir patvirtinti planavimo dokumentai", "vnt.",
                              typed=(2, 2, None)),),
                         "Planas ir ataskaita parengti ir patvirtinti portale."),
                     Msr("Organizuoti savivaldybių viešųjų bibliotekų direktorių pasitarimus",
                         "methodist", 4, 800, "Bibliotekos lėšos",
                         (Ind("Surengti direktorių pasitarimai", "vnt.", typed=(4, 4, 3)),),
                         "Pasitarimuose aptarti bibliotekų tinklo, finansavimo ir paslaugų "
                         "klausimai."),
                 )),
             ),
             "Savivaldybių viešųjų bibliotekų metinės statistinės ataskaitos pirmą kartą "
             "surinktos ir patikrintos portale: bibliotekos matė praėjusių metų reikšmes, "
             "o patikros taisyklės iš karto parodė neatitikimus.\n\n"
             "Surengti keturi direktorių pasitarimai; juose aptarti bibliotekų tinklo "
             "pokyčiai ir **metinių ataskaitų** rengimo tvarka."),
    GoalText(2, "Didinti regiono bibliotekų projektinės veiklos apimtis ir pritraukti "
             "papildomų lėšų",
             "Skyrius pats rengia projektus ir padeda regiono bibliotekoms rengti paraiškas.", (
                 Obj("Rengti ir įgyvendinti skyriaus projektus", (
                     Msr("Parengti ir pateikti projektų paraiškas Lietuvos kultūros tarybai "
                         "ir kitiems finansuotojams", "staff", 1, None, OWN,
                         (Ind("Pateiktos projektų paraiškos", "vnt.", "projektai.submitted",
                              1.0, 3),
                          Ind("Finansuoti projektai", "vnt.", "projektai.granted", 0.75, 2,
                              zero_ok=True)),
                         "Paraiškos pateiktos Lietuvos kultūros tarybai ir savivaldybei."),
                     Msr("Įgyvendinti finansuotus projektus ir laiku pateikti ataskaitas",
                         "staff", 4, 1500, "Projektų ir bibliotekos lėšos",
                         (Ind("Pritraukta projektų lėšų", "Eur", "projektai.funds_attracted",
                              0.85, 25000, zero_ok=True),),
                         "Projektų veiklos įgyvendintos, ataskaitos pateiktos laiku."),
                 )),
                 Obj("Konsultuoti regiono bibliotekas projektų rengimo klausimais", (
                     Msr("Konsultuoti bibliotekas rengiant projektų paraiškas ir ataskaitas",
                         "methodist", 4, None, OWN,
                         (Ind("Konsultacijos projektų klausimais", "vnt.",
                              "konsultacijos.project_consultations", 1.15, 20),
                          Ind("Bibliotekų pateikti projektai", "vnt.",
                              "projektai.library_projects", 1.0, 4)),
                         "Bibliotekos konsultuotos dėl LKT ir savivaldybių programų."),
                 )),
             ),
             "Skyrius pateikė projektų paraiškų Lietuvos kultūros tarybai ir savivaldybei; "
             "bibliotekoms teiktos konsultacijos rengiant paraiškas ir ataskaitas.\n\n"
             "Ne visos paraiškos buvo finansuotos, todėl dalis veiklų ir lėšų pritraukimo "
             "tikslas perkelti į kitų metų planą; paraiškos pataisytos pagal ekspertų "
             "pastabas."),
    GoalText(3, "Stiprinti regiono bibliotekininkų profesines kompetencijas",
             "Kvalifikacijos tobulinimo renginiai pagal bibliotekininkų poreikius: "
             "skaitmeninis raštingumas, paslaugos vaikams, bibliotekų vadyba.", (
                 Obj("Organizuoti kvalifikacijos tobulinimo renginius regiono "
                     "bibliotekininkams", (
                         Msr("Surengti seminarų ir mokymų ciklą skaitmeninio raštingumo ir "
                             "paslaugų vartotojams temomis", "methodist", 4, 2500,
                             "Bibliotekos ir LKT projekto lėšos",
                             (Ind("Įvykę mokymo renginiai", "vnt.", "mokymai.events_held",
                                  0.9, 8),
                              Ind("Mokymų dalyviai", "dalyv.", "mokymai.participants", 1.1,
                                  120)),
                             "Seminarai surengti Klaipėdoje ir nuotoliu; dalyviai gavo "
                             "kvalifikacijos tobulinimo pažymėjimus."),
                         Msr("Užtikrinti, kad kvalifikaciją tobulintų kuo daugiau regiono "
                             "bibliotekų darbuotojų", "staff", 4, None, OWN,
                             (Ind("Kvalifikaciją tobulinusių darbuotojų dalis", "%",
                                  "mokymai.staff_trained_share", 1.2, 20),
                              Ind("Dalyvio valandos", "ak. val.",
                                  "mokymai.participant_hours", 0.95, 400)),
                             "Mokymų pasiūla išplėsta nuotoliniais renginiais."),
                         Msr("Organizuoti stažuotes ir pažintines išvykas į Lietuvos "
                             "bibliotekas", "methodist", (9, 30), 1200, "Bibliotekos lėšos",
                             (Ind("Surengtos stažuotės ir pažintinės išvykos", "vnt.",
                                  typed=(2, 0, 1)),),
                             "Surengta pažintinė išvyka į Šiaulių apskrities biblioteką."),
                 )),
             ),
             "Surengti seminarai skaitmeninio raštingumo, vaikų skaitymo skatinimo ir "
             "bibliotekų statistikos temomis; dalyvių vertinimai – aukšti.\n\n"
             "- Daugiau renginių vyko nuotoliu, todėl juose dalyvavo ir atokių filialų "
             "darbuotojai.\n- Stažuotės nesurengtos: priimančiosios bibliotekos atidėjo "
             "vizitus, jie perkelti į kitus metus."),
    GoalText(3, "Teikti kokybišką metodinę pagalbą regiono bibliotekoms",
             "Konsultacijos, metodinės išvykos ir atsakymai į bibliotekų klausimus.", (
                 Obj("Konsultuoti bibliotekas ir lankytis jose", (
                     Msr("Konsultuoti bibliotekų darbuotojus veiklos organizavimo ir "
                         "apskaitos klausimais", "methodist", 4, None, OWN,
                         (Ind("Suteiktos konsultacijos", "vnt.",
                              "konsultacijos.consultations", 1.1, 150),
                          Ind("Konsultacijų trukmė", "val.", "konsultacijos.hours", 0.9, 80)),
                         "Konsultuota telefonu, el. paštu, nuotoliu ir vietoje."),
                     Msr("Surengti metodines išvykas į savivaldybių viešąsias ir mokyklų "
                         "bibliotekas", "methodist", (11, 30), 900, "Bibliotekos lėšos",
                         (Ind("Surengtos metodinės išvykos", "vnt.", "konsultacijos.visits",
                              1.0, 6),),
                         "Išvykų metu aptarti fondų, paslaugų ir patalpų klausimai, "
                         "sutarti veiksmai."),
                     Msr("Atsakyti į bibliotekų klausimus per portalą", "staff", 4, None, OWN,
                         (Ind("Atsakyti bibliotekų klausimai", "vnt.",
                              "konsultacijos.questions_answered", 0.8, 30),),
                         "Į klausimus atsakyta laiku, dažniausi paskelbti D. U. K."),
                 )),
             ),
             "Metodinė pagalba teikta visoms regiono savivaldybių viešosioms bibliotekoms; "
             "dažniausios temos – statistinė apskaita, fondų komplektavimas ir projektai.\n\n"
             "Metodinių išvykų metu sutarti veiksmai įrašyti portale, jų vykdymas "
             "stebimas."),
    GoalText(4, "Analizuoti regiono bibliotekų veiklą ir tirti vartotojų poreikius",
             "Tyrimai ir analizės, kuriomis remiasi bibliotekų ir steigėjų sprendimai.", (
                 Obj("Atlikti vartotojų poreikių tyrimus", (
                     Msr("Atlikti regiono bibliotekų vartotojų pasitenkinimo paslaugomis "
                         "tyrimą", "staff", (10, 31), 600, "Bibliotekos lėšos",
                         (Ind("Atlikti vartotojų poreikių tyrimai", "vnt.", "tyrimai.studies",
                              1.0, 1),
                          Ind("Gauti tyrimo atsakymai", "vnt.", "tyrimai.responses", 1.2,
                              400)),
                         "Tyrimo rezultatai pristatyti direktorių pasitarime."),
                 )),
                 Obj("Analizuoti bibliotekų veiklos rodiklius", (
                     Msr("Parengti regiono viešųjų bibliotekų veiklos rodiklių analizę",
                         "staff", (5, 31), None, OWN,
                         (Ind("Apsilankymai regiono viešosiose bibliotekose", "vnt.",
                              "statistika.visits", 1.02, 1_400_000),
                          Ind("Išduotis regiono viešosiose bibliotekose", "vnt.",
                              "statistika.loans", 0.98, 1_500_000)),
                         "Analizė paskelbta bibliotekos svetainėje ir išsiųsta steigėjams."),
                     Msr("Parengti analitines apžvalgas vadovybei ir steigėjams", "staff", 4,
                         None, OWN,
                         (Ind("Parengtos analitinės apžvalgos", "vnt.", typed=(3, 4, 2)),),
                         "Parengtos apžvalgos apie bibliotekų tinklą, darbo laiką ir "
                         "skaitmenines paslaugas."),
                 )),
             ),
             "Atliktas vartotojų pasitenkinimo paslaugomis tyrimas; jo rezultatai rodo, kad "
             "vartotojai labiausiai vertina renginius ir konsultacijas.\n\n"
             "Parengta regiono viešųjų bibliotekų veiklos rodiklių analizė: apsilankymų ir "
             "išduoties pokyčiai aptarti su bibliotekų vadovais."),
    GoalText(5, "Viešinti regiono bibliotekų veiklą ir skleisti gerąją patirtį",
             "Publikacijos, gerosios patirties aprašai ir jų sklaida.", (
                 Obj("Informuoti visuomenę ir bibliotekų bendruomenę", (
                     Msr("Rengti publikacijas apie skyriaus ir regiono bibliotekų veiklą",
                         "methodist", 4, None, OWN,
                         (Ind("Publikacijos apie skyriaus ir bibliotekų veiklą", "vnt.",
                              "viesinimas.publications", 1.1, 45),),
                         "Publikuota spaudoje, radijuje, svetainėje ir socialiniuose "
                         "tinkluose."),
                     Msr("Parengti ir paskelbti gerosios patirties aprašus", "methodist", 3,
                         None, OWN,
                         (Ind("Paskelbti gerosios patirties aprašai", "vnt.",
                              "viesinimas.practices_published", 0.8, 6),
                          Ind("Kitų bibliotekų perimtos gerosios patirtys", "vnt.",
                              "viesinimas.adoptions", 1.25, 5)),
                         "Aprašai paskelbti portale, dalį jų perėmė kitos bibliotekos."),
                 )),
             ),
             "Apie skyriaus ir regiono bibliotekų veiklą informuota spaudoje, radijuje ir "
             "socialiniuose tinkluose; parengtas naujienlaiškis bibliotekoms.\n\n"
             "Gerosios patirties aprašai rinkti iš regiono bibliotekų ir paskelbti."),
    GoalText(5, "Plėtoti bendradarbiavimą su partneriais ir bibliotekų bendruomene",
             "Sutartys, darbo grupės ir komisijos, bibliotekininkų apdovanojimai.", (
                 Obj("Stiprinti partnerystes ir bendrą darbą", (
                     Msr("Sudaryti ir vykdyti bendradarbiavimo sutartis su partneriais",
                         "staff", 4, None, OWN,
                         (Ind("Galiojusios bendradarbiavimo sutartys", "vnt.",
                              "bendradarbiavimas.agreements_in_force", 0.8, 5),
                          Ind("Aktyvūs partneriai", "vnt.",
                              "bendradarbiavimas.partners_active", 1.0, 10)),
                         "Bendradarbiauta su universitetais, muziejais ir savivaldybėmis."),
                     Msr("Organizuoti darbo grupių ir komisijų posėdžius ir vykdyti jų "
                         "sprendimus", "staff", 4, None, OWN,
                         (Ind("Įvykę komisijų ir darbo grupių posėdžiai", "vnt.",
                              "bendradarbiavimas.meetings", 1.0, 6),
                          Ind("Įvykdyti komisijų ir darbo grupių sprendimai", "vnt.",
                              "bendradarbiavimas.decisions_done", 1.2, 10)),
                         "Posėdžių protokolai ir sprendimai tvarkomi portale."),
                 )),
                 Obj("Skatinti bibliotekininkų profesinį pripažinimą", (
                     Msr("Organizuoti konkursą „Metų bibliotekininkas“ ir kitus "
                         "apdovanojimus", "methodist", (11, 15), 1000,
                         "Bibliotekos lėšos, rėmėjai",
                         (Ind("Surengti konkursai ir apdovanojimai", "vnt.",
                              "apdovanojimai.contests", 1.0, 1),
                          Ind("Pateiktos nominacijos", "vnt.", "apdovanojimai.nominations",
                              1.25, 6)),
                         "Laureatai apdovanoti Bibliotekininkų dienos renginyje."),
                 )),
             ),
             "Bendradarbiauta su regiono savivaldybėmis, aukštosiomis mokyklomis ir "
             "kultūros įstaigomis; darbo grupių sprendimai vykdyti ir stebėti.\n\n"
             "Surengtas konkursas „Metų bibliotekininkas“."),
    GoalText(6, "Užtikrinti tvarkingą skyriaus dokumentaciją, viešuosius pirkimus ir "
             "pavedimų vykdymą",
             "Bendrosios funkcijos: dokumentai, pirkimai, vadovybės pavedimai.", (
                 Obj("Tvarkyti skyriaus dokumentus ir pirkimus", (
                     Msr("Tvarkyti skyriaus dokumentus pagal dokumentacijos planą ir laiku "
                         "užbaigti bylas", "staff", (1, 31), None, OWN,
                         (Ind("Užbaigtos ir į archyvą perduotos bylos", "vnt.",
                              typed=(15, 14, 15)),),
                         "Bylos užbaigtos ir perduotos saugoti pagal dokumentacijos planą."),
                     Msr("Planuoti ir vykdyti skyriaus viešuosius pirkimus", "staff", 4, None,
                         OWN,
                         (Ind("Patvirtinti pirkimai", "vnt.", "pirkimai.purchases", 1.0, 5),
                          Ind("Sudarytų sutarčių ir sąskaitų vertė be PVM", "Eur",
                              "pirkimai.value", 1.1, 20000)),
                         "Pirkimai atlikti pagal pirkimų planą."),
                 )),
                 Obj("Laiku vykdyti vadovybės pavedimus", (
                     Msr("Vykdyti vadovybės pavedimus ir stebėti jų terminus", "staff", 4,
                         None, OWN,
                         (Ind("Įvykdyti pavedimai", "vnt.", "pavedimai.done", 1.0, 12),
                          Ind("Laiku įvykdytų pavedimų dalis", "%",
                              "pavedimai.done_on_time_share", 1.0, 85, target=80)),
                         "Pavedimų vykdymas stebimas portale."),
                 )),
             ),
             "Dokumentai tvarkyti pagal dokumentacijos planą, bylos užbaigtos laiku; "
             "pirkimai vykdyti pagal patvirtintą planą.\n\n"
             "Vadovybės pavedimai vykdyti, jų terminai stebėti portale."),
)


def plan_introduction(year: int) -> str:
    return (f"{LIBRARY} {UNIT.lower()} {year} m. veiklos planas parengtas vadovaujantis "
            "bibliotekos nuostatais, skyriaus nuostatais ir bibliotekos strateginiu veiklos "
            "planu.\n\n"
            "**Skyriaus misija** – padėti regiono savivaldybių viešosioms ir mokyklų "
            "bibliotekoms teikti kokybiškas paslaugas: rinkti ir analizuoti jų veiklos "
            "duomenis, konsultuoti, mokyti ir skleisti gerąją patirtį.\n\n"
            f"**{year} m. prioritetai:**\n\n"
            "1. Skaitmeninis bibliotekininkų raštingumas ir nuotoliniai mokymai.\n"
            "2. Duomenimis grįstas bibliotekų veiklos planavimas.\n"
            "3. Projektinės veiklos plėtra ir partnerystės.")


def report_introduction(year: int) -> str:
    return (f"{year} m. skyrius vykdė visas nuostatuose numatytas funkcijas. Didžioji dalis "
            "veiklos rodiklių skaičiuojama portale iš skyriaus įrašų – mokymų, konsultacijų, "
            "projektų, tyrimų, publikacijų ir kitų, todėl kiekvieną faktinę reikšmę galima "
            "patikrinti pagal įrašus.\n\n"
            "Ataskaitoje pateikiami planuoti ir pasiekti rodikliai, priemonių įvykdymas ir "
            "kiekvieno tikslo įgyvendinimo aprašymas.")


REPORT_PROBLEMS = (
    "- **Žmogiškieji ištekliai.** Dalį metų skyriuje trūko vieno metodininko, todėl "
    "stažuotės ir dalis išvykų perkeltos. *Sprendimas:* daugiau mokymų rengta nuotoliu.\n"
    "- **Duomenų kokybė.** Kai kurios bibliotekos vėlavo pateikti statistines ataskaitas. "
    "*Sprendimas:* priminimai ir konsultacijos portale.\n"
    "- **Finansavimas.** Ne visos projektų paraiškos finansuotos.")

REPORT_DIRECTIONS = (
    "1. Plėsti nuotolinių mokymų pasiūlą ir stiprinti skaitmenines kompetencijas.\n"
    "2. Daugiau dėmesio skirti mokyklų bibliotekoms: konsultacijos ir išvykos.\n"
    "3. Teikti daugiau projektų paraiškų kartu su regiono bibliotekomis.\n"
    "4. Visus plano rodiklius susieti su portale kaupiamais duomenimis.")

RETURN_COMMENT = ("Prašome papildyti kvalifikacijos tobulinimo renginius stažuotėmis ir "
                  "pažintinėmis išvykomis į kitų regionų bibliotekas.")
# the measure added after management returned last year's plan with that comment
ADDED_AFTER_RETURN = "Organizuoti stažuotes ir pažintines išvykas į Lietuvos bibliotekas"
AMENDMENT_REASON = ("Gautas papildomas Lietuvos kultūros tarybos finansavimas projektui "
                    "„Skaitmeninis raštingumas regione“: padidinti mokymų ir projektų "
                    "rodikliai, papildyta projekto priemone.")
AMENDED_MEASURE = Msr(
    "Įgyvendinti projektą „Skaitmeninis raštingumas regione“", "methodist", 4, 6000,
    "Lietuvos kultūros tarybos ir bibliotekos lėšos",
    (Ind("Apmokyti asmenys", "asm.", "mokymai.people_trained", 1.1, 80),),
    "Projekto mokymai ir konsultacijos vyksta pagal projekto planą.")
PARTLY = "Suplanuota apimtis pasiekta iš dalies: dalis veiklų perkelta į kitus metus."
NOT_DONE = "Priemonė neįgyvendinta: pasikeitė prioritetai ir trūko išteklių."
# this year's report draft: what is written so far, by the goal's place in GOALS
THIS_YEAR_NARRATIVES = {
    0: "Statistinės ataskaitos surinktos ir priimtos portale; registro duomenys "
       "atnaujinami.",
    2: "Seminarų ciklas vyksta pagal planą; daugiau renginių rengiama nuotoliu.",
}
