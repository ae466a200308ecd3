"""Ten years of statistics for every demo library (2016–2025), true to the region's
published figures.

What the figures rest on:

- the region (klavb.lt, "Klaipėdos ir Tauragės apskričių savivaldybių viešųjų bibliotekų
  statistika" for 2021 and 2022): 11 municipal libraries with 19 city and about 150 rural
  branches, about 500 staff of whom 81 % professional librarians; registered users
  90 167 (2019), 80 784 (2020), 69 256 (2021); about 3 visits per resident in 2021 and
  18.7 % more visits in 2022; virtual visits 43 % fewer in 2021 after the pandemic's
  jump;
- Tauragė (tauragevb.lt): 9 366 users in 2019 who came 15.3 times and borrowed 19 items
  each, 8 891 users in 2020 with 10.4 visits and 16.3 loans each, a quarter of the
  residents (19 % in town, 32 % in the villages); 837 events with 8 093 attendees in
  2021, 1 036 with 17 414 in 2022; 16 databases and two book lockers;
- Skuodas (lsvba.lt, 2014): 5 980 users, 102 862 visits, 172 852 loans, a collection of
  213 642; Klaipėda city (biblioteka.lt): 24 thousand users, 489 thousand visits,
  728 thousand loans, 350 thousand items, 74 staff; Šilalė (silalesbiblioteka.lt):
  26.4 % of the residents; Jurbarkas (jurbarko-rvb.lt): 276 thousand items in 2011 and
  branches closing one after another; the county library (klavb.lt): about 400 events a
  year, half of them exhibitions, and a collection of 970 thousand items;
- the country (lnb.lt, 2022, all libraries): 33.7 % of the residents used them, 6 visits
  per resident, 16.7 loans per user, 78 % professional librarians, 36 downloads per user
  (2021: 44); osp.stat.gov.lt: 18.2 visits per user;
- residents: ``bibliotekos.demo.POPULATION``.

Every municipality has its own level and trend (``PROFILES``): the big city library, the
fast-growing suburban district whose users do not keep up with its residents, small rural
libraries reaching a third of the residents, the resorts whose summer visitors fill the
reading rooms, Jurbarkas closing branches, Tauragė's strong e-services. The pandemic
(``AFTER``) cuts visits, loans and events in 2020–2021 and leaves fewer registered users
behind. A system's users are its residents times the penetration, shared among its outlets
by a size drawn once per outlet; every other count follows from them, so parts never
exceed totals and the catalogue's checks hold. Special cases the screens must handle: a
branch closed at the end of 2021 (no data after), a branch with no data for 2019, and one
outlier (a branch's loans in 2023 ten times too high: a warning, not an error).

Values are generated for every primary indicator of the catalogue at run time (valid that
year, asked of that kind of library) for which a rule here knows its code — the figures
``Territory`` computes for outlets, systems, the county library and schools; codes without
a rule are skipped, so a new indicator gets values once a rule is added there.
"""

import hashlib
import random
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from functools import cache

from bibliotekos.demo import population
from bibliotekos.models import OUTLET_KINDS, Library, LibraryKind
from statistika.models import Indicator, RecordedAt, Source, Value
from statistika.services.values import ValueWrite, write_values

YEARS = range(2016, 2026)
BASE = 2019  # the profiles' levels are 2019's, the last year before the pandemic
MISSING_YEAR = ("SVB-SKU-F03", 2019)
OUTLIER = ("SVB-TAU-F05", 2023, "loans")
# What a year does not change by itself (the campaign's drafts copy it as it was).
STRUCTURAL = ("outlets", "staff", "population", "computers", "area", "reading_places",
              "opening_hours", "periodical")


@dataclass(frozen=True)
class Profile:
    """A municipality's library service: 2019 levels and yearly trends (0.01 = +1 %)."""

    penetration: float          # registered users per resident
    penetration_trend: float
    visits: float               # physical visits per user
    visits_trend: float
    loans: float                # loans per user
    loans_trend: float
    virtual: float              # virtual visits per user
    virtual_trend: float
    downloads: float            # per user
    downloads_trend: float
    events: float               # per 1000 users
    attendance: float           # per event
    children: float             # children's share of users
    new: float                  # users registered for the first time
    items: float                # collection per resident, end of 2015
    shrink: float               # net weeding of the collection a year
    acquisition_eur: float      # municipal money for documents, € per resident
    central_staff: int          # central library and administration
    professional: float         # professional librarians among staff
    higher_education: float
    fte: float                  # FTE per person
    wage: float                 # against the region's average
    projects: float             # project income, share of expenses
    other_income: float         # paid services, sponsors
    children_residents: float   # residents aged 0–14
    urban: float                # urban residents


PROFILES = {
    # the big city library: a low share of the city's residents, but they read a lot
    "KLM": Profile(0.170, -0.015, 21.0, 0.005, 27.0, -0.008, 9.0, 0.10, 2.0, 0.12, 70, 24,
                   0.30, 0.11, 2.4, 0.010, 0.35, 56, 0.74, 0.80, 0.93, 1.05, 0.04, 0.02,
                   0.176, 1.00),
    # suburbs growing fast: users do not keep up with the new residents
    "KLR": Profile(0.190, -0.035, 16.0, 0.0, 17.5, 0.005, 4.0, 0.08, 0.8, 0.10, 95, 17,
                   0.33, 0.13, 4.6, 0.012, 0.30, 39, 0.80, 0.70, 0.90, 1.00, 0.03, 0.015,
                   0.190, 0.30),
    "KRE": Profile(0.235, -0.010, 18.5, 0.005, 21.0, 0.0, 5.0, 0.09, 1.0, 0.12, 110, 18,
                   0.28, 0.09, 7.0, 0.015, 0.40, 33, 0.84, 0.72, 0.92, 1.00, 0.04, 0.015,
                   0.155, 0.52),
    # the resort: summer visitors fill the reading rooms and register anew every year
    "PAL": Profile(0.235, -0.010, 30.0, 0.010, 14.0, -0.005, 7.0, 0.08, 1.2, 0.10, 120, 28,
                   0.24, 0.22, 5.5, 0.010, 0.60, 20, 0.78, 0.78, 0.93, 1.03, 0.05, 0.04,
                   0.150, 1.00),
    # small and rural: a third of the residents are readers, and heavy ones
    "SKU": Profile(0.310, -0.002, 19.0, 0.005, 28.5, -0.005, 3.0, 0.07, 0.5, 0.08, 130, 16,
                   0.24, 0.07, 11.5, 0.020, 0.25, 24, 0.86, 0.65, 0.88, 0.96, 0.03, 0.01,
                   0.140, 0.36),
    "NER": Profile(0.330, -0.035, 26.0, 0.010, 15.0, 0.0, 8.0, 0.08, 1.5, 0.10, 160, 25,
                   0.20, 0.18, 10.0, 0.010, 0.90, 8, 0.71, 0.85, 0.95, 1.05, 0.08, 0.04,
                   0.140, 1.00),
    "SIL": Profile(0.235, -0.008, 17.5, 0.0, 20.0, 0.0, 3.5, 0.07, 0.7, 0.09, 100, 17,
                   0.29, 0.08, 7.5, 0.018, 0.25, 33, 0.83, 0.66, 0.90, 0.97, 0.03, 0.01,
                   0.160, 0.417),
    # strong e-services: databases, book lockers; physical visits slowly give way
    "TAU": Profile(0.240, -0.008, 15.3, -0.015, 19.0, 0.0, 12.0, 0.17, 3.0, 0.18, 120, 17,
                   0.30, 0.10, 7.0, 0.012, 0.40, 35, 0.82, 0.75, 0.92, 1.00, 0.06, 0.02,
                   0.155, 0.60),
    # branches close one after another (bibliotekos.demo.CLOSED)
    "JUR": Profile(0.220, -0.010, 15.0, 0.0, 18.0, 0.0, 3.0, 0.06, 0.6, 0.08, 90, 16,
                   0.28, 0.08, 9.5, 0.025, 0.20, 27, 0.85, 0.66, 0.88, 0.96, 0.02, 0.01,
                   0.145, 0.45),
    "PAG": Profile(0.370, 0.003, 22.0, 0.010, 13.0, 0.005, 2.5, 0.06, 0.4, 0.08, 150, 15,
                   0.27, 0.09, 11.0, 0.015, 0.30, 14, 0.83, 0.70, 0.90, 0.95, 0.05, 0.01,
                   0.150, 0.25),
    "SLA": Profile(0.270, -0.005, 17.5, 0.005, 24.0, 0.0, 3.0, 0.07, 0.6, 0.09, 110, 16,
                   0.27, 0.08, 9.0, 0.018, 0.25, 25, 0.86, 0.68, 0.90, 0.96, 0.03, 0.01,
                   0.160, 0.30),
}

# The pandemic and after, against the trend (registered users never came back in full).
AFTER = {
    "users": {2020: 0.90, 2021: 0.78, 2022: 0.82, 2023: 0.85, 2024: 0.86, 2025: 0.86},
    "new": {2020: 0.70, 2021: 0.80, 2022: 1.10},
    "visits": {2020: 0.68, 2021: 0.95, 2022: 1.08, 2023: 1.06, 2024: 1.05, 2025: 1.04},
    "loans": {2020: 0.86, 2021: 0.86},
    "events": {2020: 0.50, 2021: 0.80},
    "attendance": {2020: 0.60, 2021: 0.60},
    "exhibitions": {2020: 0.60, 2021: 0.80},
    # virtual visits doubled in 2020 and fell by 43 % in 2021 (klavb.lt), then grew again
    "virtual": {2020: 2.0, 2021: 1.05, 2022: 1.05, 2023: 1.05, 2024: 1.05, 2025: 1.05},
    "downloads": {2020: 1.40, 2021: 1.40, 2022: 1.15, 2023: 1.10, 2024: 1.05},
    "internet": {2020: 0.50, 2021: 0.70},
    "training": {2020: 0.60, 2021: 0.80},
}

# What an outlet of a kind is like: its share of the system's users (drawn once), and how
# its use differs from the system's average.
KIND = {
    LibraryKind.CENTRAL: {"weight": (5.0, 7.0), "visits": 1.0, "loans": 1.05, "virtual": 4.0,
                          "events": 0.7, "children": 0.9, "collection": 1.5,
                          "exhibitions": (30, 60), "computers": (8, 20),
                          "area": (700, 1900), "places": (40, 120), "hours": (50, 60),
                          "titles": (0.55, 0.65), "reference": 2.5, "training": 0.004},
    LibraryKind.CITY_BRANCH: {"weight": (1.2, 2.0), "visits": 1.0, "loans": 1.0,
                              "virtual": 1.0, "events": 1.0, "children": 1.0,
                              "collection": 1.0, "exhibitions": (10, 20), "computers": (3, 8),
                              "area": (150, 420), "places": (12, 40), "hours": (40, 46),
                              "titles": (0.45, 0.55), "reference": 1.5, "training": 0.005},
    LibraryKind.RURAL_BRANCH: {"weight": (0.55, 1.45), "visits": 1.1, "loans": 0.95,
                               "virtual": 0.35, "events": 1.4, "children": 1.1,
                               "collection": 1.0, "exhibitions": (5, 12), "computers": (2, 4),
                               "area": (40, 160), "places": (4, 16), "hours": (20, 40),
                               "titles": (0.40, 0.50), "reference": 1.2, "training": 0.006},
    LibraryKind.SERVICE_POINT: {"weight": (0.08, 0.22), "visits": 0.8, "loans": 0.9,
                                "virtual": 0.1, "events": 1.2, "children": 1.0,
                                "collection": 1.0, "exhibitions": (1, 3), "computers": (0, 1),
                                "area": (15, 45), "places": (2, 6), "hours": (6, 12),
                                "titles": (0.70, 0.90), "reference": 0.8, "training": 0.0},
    LibraryKind.MOBILE: {"weight": (0.5, 0.8), "visits": 0.7, "loans": 1.2, "virtual": 0.1,
                         "events": 0.6, "children": 0.8, "collection": 0.6,
                         "exhibitions": (1, 2), "computers": (1, 1), "area": None,
                         "places": None, "hours": (24, 32), "titles": (0.80, 0.90),
                         "reference": 0.8, "training": 0.0},
}
RURAL_HOURS = [20, 24, 30, 32, 40, 40]
TOWN = {LibraryKind.CENTRAL, LibraryKind.CITY_BRANCH}


def _u(*parts) -> float:
    """A stable pseudo-random number in [0, 1) for these parts (the same on every run and
    whatever else the catalogue holds)."""
    digest = hashlib.blake2b(":".join(map(str, parts)).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


def _between(low, high, *parts) -> float:
    return low + (high - low) * _u(*parts)


def _jitter(spread, *parts) -> float:
    return 1 + spread * (2 * _u(*parts) - 1)


def _trend(level: float, trend: float, year: int) -> float:
    return level * (1 + trend) ** (year - BASE)


def _after(metric: str, year: int) -> float:
    return AFTER[metric].get(year, 1.0)


def _wage(year: int) -> float:
    """A year's cost of an employee (pay and social insurance), € — the culture sector's
    pay rose about 10 % a year in 2016–2025."""
    return 8_900 * 1.103 ** (year - 2016)


def _state_acquisition(year: int) -> float:
    """The Ministry of Culture's money for public libraries' documents, € per resident."""
    return 0.70 * 1.05 ** (year - 2016)


def _document_price(year: int) -> float:
    return 9.0 * 1.04 ** (year - 2016)


def _split(raws: dict, target: float) -> dict:
    """Scale ``raws`` so that they add up to ``target``."""
    whole = sum(raws.values())
    return {key: (value * target / whole if whole else 0.0) for key, value in raws.items()}


class Territory:
    """Every library's figures by year, computed once per system (its outlets together)."""

    def __init__(self, libraries):
        by_pk = {library.pk: library for library in libraries}
        self.outlets: dict[int, list[Library]] = {}
        self.system_of: dict[int, Library] = {}
        for library in libraries:
            if library.kind in OUTLET_KINDS:
                node = library
                while node.parent_id and node.kind != LibraryKind.SYSTEM:
                    node = by_pk[node.parent_id]
                self.outlets.setdefault(node.pk, []).append(library)
                self.system_of[library.pk] = node

    # --- a system and its outlets -------------------------------------------------------

    @staticmethod
    def weight(outlet) -> float:
        low, high = KIND[outlet.kind]["weight"]
        return _between(low, high, outlet.code, "weight")

    @cache  # noqa: B019
    def _shares(self, system) -> list[tuple[float, dict]]:
        """The outlets' shares of the system's users: the town's (the central library and
        city branches) and the countryside's. Town residents use the library less
        (Tauragė, 2020: 17.3 % in town, 27.2 % in the villages)."""
        urban = PROFILES[system.municipality.code].urban
        outlets = self.outlets.get(system.pk, [])
        town = {o.code: self.weight(o) for o in outlets if o.kind in TOWN}
        country = {o.code: self.weight(o) for o in outlets if o.kind not in TOWN}
        if not country:
            return [(1.0, town)]
        in_town = max(0.3, urban * 0.65 / (urban * 0.65 + 1 - urban))  # the seat draws
        return [(in_town, town), (1 - in_town, country)]                # from around it

    @cache  # noqa: B019 - one Territory per load(); the cache goes with it
    def system_year(self, system, year) -> dict:
        """Figures of the system's outlets (by code) and of the system itself."""
        code = system.municipality.code
        profile = PROFILES[code]
        residents = population(code, year)
        outlets = self.outlets.get(system.pk, [])
        users_all = residents * _trend(profile.penetration, profile.penetration_trend,
                                       year) * _after("users", year)
        open_now = [o for o in outlets if o.is_open_in(year)]
        users, moved = {}, 0.0
        for group, share in self._shares(system):
            whole = sum(share.values())
            for outlet in outlets:
                if outlet.code not in share:
                    continue
                amount = users_all * group * share[outlet.code] / whole
                if outlet.is_open_in(year):
                    users[outlet.code] = amount
                elif outlet.closed and outlet.closed.year < year:
                    moved += amount * 0.4  # readers who went on to the central library
        for outlet in open_now:
            extra = moved if outlet.kind == LibraryKind.CENTRAL else 0.0
            users[outlet.code] = max(8.0, (users[outlet.code] + extra)
                                     * _jitter(0.04, outlet.code, "users", year))
        total_users = sum(users.values())
        # e-services follow the readership, not the registrations the pandemic cut
        base = total_users / _after("users", year)
        figures = {o.code: {"users_registered": round(users[o.code])} for o in open_now}
        rates = {
            "visits": _trend(profile.visits, profile.visits_trend, year) * _after("visits", year),
            "loans": _trend(profile.loans, profile.loans_trend, year) * _after("loans", year),
            "visits_virtual": _trend(profile.virtual, profile.virtual_trend, year)
            * _after("virtual", year) * base / total_users,
            "events": profile.events / 1000 * _after("events", year),
        }
        factor = {"visits": "visits", "loans": "loans", "visits_virtual": "virtual",
                  "events": "events"}
        for metric, rate in rates.items():
            raws = {o.code: users[o.code] * KIND[o.kind][factor[metric]]
                    * _between(0.8, 1.25, o.code, "activity", metric)
                    * _jitter(0.06, o.code, metric, year) for o in open_now}
            for outlet_code, amount in _split(raws, total_users * rate).items():
                figures[outlet_code][metric] = round(amount)
        for outlet in open_now:
            self._outlet_details(outlet, year, profile, figures[outlet.code], total_users)
        if (OUTLIER[0], OUTLIER[1]) in {(o.code, year) for o in open_now}:
            figures[OUTLIER[0]][OUTLIER[2]] *= 10
        self._collections(system, year, figures)
        return {"outlets": figures,
                "system": self._system_figures(system, year, profile, residents, open_now,
                                               figures, base)}

    def _outlet_details(self, outlet, year, profile, f, system_users) -> None:
        kind = KIND[outlet.kind]
        code = outlet.code
        users = f["users_registered"]
        f["users_children"] = round(users * min(0.85, profile.children * kind["children"]
                                                * _jitter(0.08, code, "children", year)))
        f["users_new"] = round(users * min(0.5, profile.new * _after("new", year)
                                           * _jitter(0.15, code, "new", year)))
        share = min(0.85, profile.children * kind["children"] * 1.15
                    * _jitter(0.06, code, "visits_children", year))
        f["visits_children"] = round(f["visits"] * share)
        share = min(0.8, profile.children * kind["children"] * 0.9
                    * _jitter(0.08, code, "loans_children", year))
        f["loans_children"] = round(f["loans"] * share)  # before the outlier's tenfold
        attendance = profile.attendance * _after("attendance", year) * (
            1.3 if outlet.kind == LibraryKind.CENTRAL else 0.9)
        f["event_attendance"] = round(f["events"] * attendance
                                      * _jitter(0.15, code, "attendance", year))
        low, high = kind["exhibitions"]
        f["exhibitions"] = round(_between(low, high, code, "exhibitions")
                                 * _after("exhibitions", year)
                                 * _jitter(0.2, code, "exhibitions", year))
        strong = 1.6 if outlet.municipality.code == "TAU" else 1.0
        f["training_sessions"] = round(users * kind["training"] * strong
                                       * _after("training", year)
                                       * _jitter(0.3, code, "training", year))
        f["training_participants"] = round(f["training_sessions"]
                                           * _between(5, 10, code, "trainees", year))
        f["reference_questions"] = round(users * kind["reference"]
                                         * _jitter(0.15, code, "reference", year))
        low, high = kind["computers"]
        computers = round(_between(low, high + 0.99, code, "computers") - 0.49)
        if computers and year >= 2019 and _u(code, "computers renewed") < 0.4:
            computers += 1  # "Bibliotekos pažangai 2" brought more workstations
        f["computers_public"] = f["computers_internet"] = computers
        sessions = {LibraryKind.CENTRAL: 900, LibraryKind.CITY_BRANCH: 600}.get(outlet.kind, 300)
        f["internet_sessions"] = round(computers * sessions * 0.96 ** (year - 2016)
                                       * _after("internet", year)
                                       * _jitter(0.15, code, "internet", year))
        if kind["area"]:
            low, high = kind["area"]
            size = 1.4 if outlet.municipality.code == "KLM" and outlet.kind == "central" else 1
            renovated = 1.15 if year >= 2020 and _u(code, "renovated") < 0.2 else 1.0
            f["area_m2"] = round(_between(low, high, code, "area") * size * renovated, 1)
            low, high = kind["places"]
            f["reading_places"] = round(_between(low, high, code, "places") * size * renovated)
        if outlet.kind == LibraryKind.RURAL_BRANCH:
            f["opening_hours_week"] = RURAL_HOURS[int(_u(code, "hours") * len(RURAL_HOURS))]
        else:
            low, high = kind["hours"]
            f["opening_hours_week"] = round(_between(low, high, code, "hours"))
        f["staff_outlet"] = self._outlet_staff(outlet, profile)
        if outlet.kind == LibraryKind.CENTRAL:  # interlibrary loans go through it
            late = outlet.municipality.code == "TAU" and year < 2022  # ILL renewed in 2022
            f["ill_received"] = round(system_users * (0.002 if late else 0.012)
                                      * _jitter(0.2, code, "ill_received", year))
            f["ill_given"] = round(system_users * 0.004 * _jitter(0.3, code, "ill_given", year))

    @staticmethod
    def _outlet_staff(outlet, profile) -> int:
        if outlet.kind == LibraryKind.CENTRAL:
            return profile.central_staff
        if outlet.kind == LibraryKind.CITY_BRANCH:
            return 2 + (_u(outlet.code, "staff") < 0.5)
        if outlet.kind == LibraryKind.RURAL_BRANCH:
            return 1 + (_u(outlet.code, "staff") < 0.2)
        if outlet.kind == LibraryKind.MOBILE:
            return 2
        return 0  # a service point is kept by a branch's librarian

    @cache  # noqa: B019
    def acquisition(self, system, year) -> dict:
        """The system's money for documents, € (state, municipal, other)."""
        code = system.municipality.code
        residents = population(code, year)
        state = residents * _state_acquisition(year) * _jitter(0.05, code, "acq state", year)
        municipal = residents * PROFILES[code].acquisition_eur * 1.03 ** (year - 2016) \
            * _jitter(0.2, code, "acq municipal", year)
        other = residents * 0.05 * _jitter(0.8, code, "acq other", year)
        return {"state": round(state), "municipal": round(municipal), "other": round(other)}

    def _collections(self, system, year, figures) -> None:
        """Stock and flow: this year's collection is last year's plus acquired less
        withdrawn; what is acquired follows the money (with donations)."""
        stock = self._stock(system)
        for outlet_code, f in figures.items():
            flow = stock.get((outlet_code, year))
            if flow:
                f.update(flow)

    @cache  # noqa: B019
    def _stock(self, system) -> dict:
        code = system.municipality.code
        profile = PROFILES[code]
        outlets = self.outlets.get(system.pk, [])
        weights = {o.code: self.weight(o) * KIND[o.kind]["collection"] for o in outlets}
        start = population(code, YEARS[0]) * profile.items
        founded = {o.code: start * weights[o.code] / sum(weights.values())
                   * _jitter(0.15, o.code, "collection") for o in outlets}
        found = {}
        stock = {}
        for year in YEARS:
            open_now = [o for o in outlets if o.is_open_in(year)]
            for outlet in open_now:
                if outlet.code not in stock:
                    first = outlet.opened and outlet.opened.year == year
                    stock[outlet.code] = (_between(800, 2500, outlet.code, "first books")
                                          if first else founded[outlet.code])
            money = sum(self.acquisition(system, year).values())
            donated = (1.0, 1.1) if profile.urban == 1 else (1.2, 1.45)  # gifts to villages
            items = money / _document_price(year) * _between(*donated, code, "donated", year)
            raws = {o.code: stock[o.code] * (1.3 if o.kind == LibraryKind.CENTRAL else 1.0)
                    * _jitter(0.2, o.code, "acquired", year) for o in open_now}
            acquired = _split(raws, items)
            for outlet in open_now:
                before = stock[outlet.code]
                got = round(acquired[outlet.code])
                weeded = round(got + before * profile.shrink
                               * _jitter(0.5, outlet.code, "weeded", year))
                after = round(before + got - weeded)
                stock[outlet.code] = after
                low, high = KIND[outlet.kind]["titles"]
                titles = round(got * _between(0.5, 0.75, outlet.code, "acquired titles", year))
                new_share = 0.6 if outlet.kind == LibraryKind.CENTRAL else 0.3
                found[(outlet.code, year)] = {
                    "collection_items": after, "acquired_items": got, "withdrawn_items": weeded,
                    "collection_titles": round(after * _between(low, high, outlet.code,
                                                                "titles")),
                    "acquired_titles": titles,
                    "acquired_new_titles": round(titles * new_share
                                                 * _jitter(0.2, outlet.code, "new titles",
                                                           year)),
                }
        return found

    def _system_figures(self, system, year, profile, residents, open_now, figures,
                        readers) -> dict:
        code = system.municipality.code
        count = {kind: sum(1 for o in open_now if o.kind == kind) for kind in KIND}
        f = {"outlets_central": count[LibraryKind.CENTRAL],
             "outlets_city": count[LibraryKind.CITY_BRANCH],
             "outlets_rural": count[LibraryKind.RURAL_BRANCH],
             "outlets_service_points": count[LibraryKind.SERVICE_POINT],
             "outlets_mobile": count[LibraryKind.MOBILE]}
        f["outlets_with_computers"] = sum(1 for o in open_now
                                          if figures[o.code]["computers_public"])
        f["outlets_with_internet"] = f["outlets_with_computers"]
        f["population_served"] = residents
        f["population_children"] = round(residents * profile.children_residents
                                         * 0.995 ** (year - 2016))
        f["population_city"] = round(residents * profile.urban)
        f["population_rural"] = residents - f["population_city"]
        per_reader = _trend(profile.downloads, profile.downloads_trend, year)
        f["downloads"] = round(readers * per_reader * _after("downloads", year)
                               * _jitter(0.08, code, "downloads", year))
        f["db_sessions"] = round(f["downloads"] * _between(0.35, 0.55, code, "sessions", year))
        f["db_searches"] = round(f["db_sessions"] * _between(2.5, 4.0, code, "searches", year))
        virtual = sum(figures[o.code]["visits_virtual"] for o in open_now)
        f["website_visits"] = round(virtual * _between(0.45, 0.6, code, "website", year))
        f["periodical_titles"] = round((30 + 6 * len(open_now) + readers / 250)
                                       * 0.97 ** (year - 2016))
        staff = sum(figures[o.code]["staff_outlet"] for o in open_now)
        self._staff(f, staff, profile, code, year)
        self._finance(f, system, year, profile, code)
        return f

    @staticmethod
    def _staff(f, staff, profile, code, year) -> None:
        professional = min(staff, round(staff * min(0.95, profile.professional
                                                    + 0.003 * (year - 2016))))
        f["staff"] = staff
        f["staff_professional"] = professional
        f["staff_higher_education"] = min(staff, round(staff * profile.higher_education))
        f["staff_professional_part_time"] = round(professional * _between(0.18, 0.3, code,
                                                                          "part time", year))
        f["staff_professional_lis"] = round(professional * _between(0.6, 0.8, code, "lis"))
        f["staff_fte"] = round(staff * profile.fte * _jitter(0.02, code, "fte", year), 2)
        f["staff_professional_fte"] = round(f["staff_fte"] * professional / staff
                                            * _between(0.95, 1.0, code, "pfte", year), 2) \
            if staff else 0
        f["staff_trained"] = round(staff * _between(0.55, 0.9, code, "trained", year))

    def _finance(self, f, system, year, profile, code) -> None:
        acquisition = self.acquisition(system, year)
        buying = sum(acquisition.values())
        staff_costs = round(f["staff_fte"] * _wage(year) * profile.wage)
        expenses = round((staff_costs + buying) / _between(0.80, 0.86, code, "other costs",
                                                            year))
        projects = round(expenses * profile.projects * _jitter(0.6, code, "projects", year))
        other = round(expenses * profile.other_income * _jitter(0.3, code, "other", year))
        state = acquisition["state"] + round(expenses * 0.01)  # and the ministry's programmes
        municipal = round(expenses * _between(0.99, 1.02, code, "balance", year)) \
            - projects - other - state
        f.update({"expenses_staff": staff_costs, "expenses_acquisitions": buying,
                  "expenses_acq_state": acquisition["state"],
                  "expenses_acq_municipal": acquisition["municipal"],
                  "expenses_acq_other": acquisition["other"], "expenses_total": expenses,
                  "income_municipal": max(0, municipal), "income_state": state,
                  "income_projects": projects, "income_other": other})
        f["income_total"] = (f["income_municipal"] + state + projects + other)

    # --- the county library and the schools ---------------------------------------------

    @cache  # noqa: B019
    def county(self, year) -> dict:
        """The county library: one building, a regional collection, the state's money."""
        code = "KAVB"
        users = 16_500 * 0.985 ** (year - BASE) * _after("users", year) \
            * _jitter(0.03, code, "users", year)
        f = {"users_registered": round(users)}
        f["users_children"] = round(users * 0.18)
        f["users_new"] = round(users * 0.12 * _after("new", year))
        f["visits"] = round(users * 21 * _after("visits", year) * _jitter(0.05, code, "v", year))
        f["visits_children"] = round(f["visits"] * 0.15)
        f["visits_virtual"] = round(users * _trend(40, 0.09, year) * _after("virtual", year))
        f["loans"] = round(users * 24 * _after("loans", year) * _jitter(0.05, code, "l", year))
        f["loans_children"] = round(f["loans"] * 0.12)
        f["ill_given"] = round(6_000 * 0.97 ** (year - 2016) * _jitter(0.1, code, "illg", year))
        f["ill_received"] = round(900 * _jitter(0.2, code, "illr", year))
        f["downloads"] = round(users * _trend(12, 0.12, year) * _after("downloads", year))
        f["db_sessions"] = round(f["downloads"] * 0.5)
        f["db_searches"] = round(f["db_sessions"] * 3.2)
        f["website_visits"] = round(f["visits_virtual"] * 0.6)
        f["events"] = round(200 * _after("events", year) * _jitter(0.1, code, "e", year))
        f["event_attendance"] = round(f["events"] * 45 * _after("attendance", year))
        f["exhibitions"] = round(200 * _after("exhibitions", year) * _jitter(0.1, code, "x", year))
        f["training_sessions"] = round(60 * _after("training", year))
        f["training_participants"] = round(f["training_sessions"] * 12)
        f["reference_questions"] = round(users * 1.5)
        f["periodical_titles"] = round(380 * 0.97 ** (year - 2016))
        f["computers_public"] = f["computers_internet"] = 60
        f["internet_sessions"] = round(60 * 450 * 0.96 ** (year - 2016) * _after("internet", year))
        f["area_m2"], f["reading_places"], f["opening_hours_week"] = 9_800.0, 320, 62
        residents = population("KLM", year)
        f["population_served"] = residents
        f["population_children"] = round(residents * PROFILES["KLM"].children_residents)
        f["population_city"], f["population_rural"] = residents, 0
        collection = 970_000 * 0.99 ** (year - 2015)
        money = round(110_000 * 1.06 ** (year - 2016))
        acquired = round(money / _document_price(year) * 1.1)
        f.update({"collection_items": round(collection), "acquired_items": acquired,
                  "withdrawn_items": round(acquired + collection * 0.01),
                  "collection_titles": round(collection * 0.45),
                  "acquired_titles": round(acquired * 0.6),
                  "acquired_new_titles": round(acquired * 0.6 * 0.55)})
        staff = 98
        f["staff"], f["staff_professional"], f["staff_higher_education"] = staff, 71, 84
        f["staff_professional_part_time"], f["staff_professional_lis"] = 9, 52
        f["staff_fte"] = round(staff * 0.95, 2)
        f["staff_professional_fte"] = round(71 * 0.95, 2)
        f["staff_trained"] = 70
        staff_costs = round(f["staff_fte"] * _wage(year) * 1.05)
        expenses = round((staff_costs + money) / 0.8)
        projects, other = round(expenses * 0.03), round(expenses * 0.02)
        f.update({"expenses_staff": staff_costs, "expenses_acquisitions": money,
                  "expenses_acq_state": round(money * 0.9), "expenses_acq_municipal": 0,
                  "expenses_acq_other": money - round(money * 0.9), "expenses_total": expenses,
                  "income_municipal": 0, "income_state": expenses - projects - other,
                  "income_projects": projects, "income_other": other,
                  "income_total": expenses})
        return f

    @staticmethod
    def school(school, year) -> dict:
        code = school.code
        base = {"progimnazija": (400, 850), "gimnazija": (450, 1000),
                "pagrindinė mokykla": (120, 380), "pradinė mokykla": (150, 450)}
        kind = next((k for k in base if school.school_name.endswith(k)), "pagrindinė mokykla")
        low, high = base[kind]
        city = school.municipality.code in {"KLM", "PAL", "NER"}
        pupils = _between(low, high, code, "pupils") * (1.2 if school.municipality.code == "KLM"
                                                        else 1.0)
        pupils *= (1.005 if city else 0.985) ** (year - BASE)
        readers = pupils * _between(0.75, 0.95, code, "readers")
        teachers = pupils / 12 * _between(0.7, 1.0, code, "teachers")
        users = round(readers + teachers)
        f = {"users_registered": users, "users_pupils": round(readers),
             "users_teachers": users - round(readers)}
        f["visits"] = round(users * _between(8, 16, code, "visits") * _after("visits", year)
                            * (0.75 if year in (2020, 2021) else 1.0)
                            * _jitter(0.08, code, "v", year))
        f["loans"] = round(users * _between(6, 14, code, "loans") * _after("loans", year)
                           * _jitter(0.08, code, "l", year))
        f["loans_pupils"] = round(f["loans"] * _between(0.8, 0.92, code, "pupil loans"))
        f["textbook_items"] = round(pupils * _between(8, 14, code, "textbooks"))
        f["textbook_loans"] = round(pupils * _between(6, 10, code, "textbook loans", year))
        collection = _between(6_000, 22_000, code, "collection") * (pupils / 600) ** 0.5
        collection *= 0.985 ** (year - 2016)
        acquired = round(collection * _between(0.02, 0.045, code, "acquired", year))
        f.update({"collection_items": round(collection), "acquired_items": acquired,
                  "withdrawn_items": round(acquired + collection * 0.015)})
        f["events"] = round(_between(8, 40, code, "events") * _after("events", year))
        f["event_attendance"] = round(f["events"] * _between(15, 35, code, "attendance"))
        f["training_sessions"] = round(_between(5, 30, code, "training") * _after("training",
                                                                                  year))
        f["training_participants"] = round(f["training_sessions"]
                                           * _between(12, 25, code, "trainees"))
        f["reference_questions"] = round(users * _between(0.5, 1.5, code, "reference", year))
        f["periodical_titles"] = round(_between(3, 15, code, "periodicals"))
        computers = round(_between(2, 10, code, "computers"))
        f["computers_public"] = f["computers_internet"] = computers
        f["internet_sessions"] = round(computers * _between(300, 700, code, "sessions")
                                       * 0.96 ** (year - 2016) * _after("internet", year))
        f["area_m2"] = round(_between(40, 160, code, "area"), 1)
        f["reading_places"] = round(_between(10, 40, code, "places"))
        staff = 2 if kind == "gimnazija" and _u(code, "staff") < 0.5 else 1
        professional = staff if _u(code, "professional") < 0.85 else staff - 1
        fte = round(staff * _between(0.5, 1.0, code, "fte"), 2)
        f.update({"staff": staff, "staff_professional": professional,
                  "staff_higher_education": staff, "staff_fte": fte,
                  "staff_professional_part_time": min(professional, int(fte < staff)),
                  "staff_professional_lis": professional if _u(code, "lis") < 0.6 else 0,
                  "staff_professional_fte": round(fte * professional / staff, 2),
                  "staff_trained": staff if _u(code, "trained", year) < 0.7 else 0})
        return f

    # --- one library's figures for a year -----------------------------------------------

    def figures(self, library, year) -> dict:
        if library.kind == LibraryKind.COUNTY:
            return self.county(year)
        if library.kind == LibraryKind.SCHOOL:
            return self.school(library, year)
        if library.kind == LibraryKind.SYSTEM:
            return self.system_year(library, year)["system"]
        system = self.system_of[library.pk]
        return self.system_year(system, year)["outlets"].get(library.code, {})


def _answers(library, indicator) -> bool:
    """Whether the library's form asks the indicator: a system reports its per-system
    indicators, an outlet its per-outlet ones; other libraries all of their kind's."""
    if library.kind not in indicator.kinds:
        return False
    if library.kind == LibraryKind.SYSTEM:
        return indicator.recorded_at == RecordedAt.SYSTEM
    if library.kind in OUTLET_KINDS:
        return indicator.recorded_at == RecordedAt.OUTLET
    return True


def _number(indicator, amount) -> Decimal:
    if indicator.value_type in {"count", "boolean", "money"}:
        return Decimal(max(0, round(amount)))
    places = indicator.decimals or 2
    return Decimal(str(round(max(0.0, float(amount)), places)))


def load(out) -> None:
    indicators = list(Indicator.objects.filter(derived=False).exclude(value_type="text")
                      .order_by("code"))
    libraries = list(Library.objects.select_related("municipality").order_by("code"))
    territory = Territory(libraries)
    values: list[ValueWrite] = []
    for library in libraries:
        asked = [i for i in indicators if _answers(library, i)]
        for year in YEARS:
            if not library.is_open_in(year) or (library.code, year) == MISSING_YEAR:
                continue
            figures = territory.figures(library, year)
            for indicator in asked:
                amount = figures.get(indicator.code)
                if amount is None or not indicator.is_valid_in(year):
                    continue  # no rule for this code (yet)
                values.append(ValueWrite(library_id=library.pk, indicator_id=indicator.pk,
                                         year=year, value=_number(indicator, amount)))
    write_values(values, by=None, source=Source.IMPORT)
    out.write(f"  statistics: {len(values)} values for {len(YEARS)} years "
              f"({YEARS[0]}–{YEARS[-1]})")
    _open_demo_campaign(out)
    _national_figures()
    _narratives()


def _narratives() -> None:
    """The department's text for a few chapters of the 2025 regional analysis."""
    from paskyros.models import User
    from statistika.services.analysis import save_narrative

    staff = User.objects.get(email="darbuotojas@demo.lt")
    texts = {
        "users": "Registruotų vartotojų po pandemijos **nebegrįžo tiek, kiek buvo**: 2025 m. "
                 "jų apie penktadaliu mažiau nei 2019 m. Labiausiai sumažėjo Jurbarko "
                 "rajone, kur per dešimtmetį uždaryti keturi kaimo filialai. Sutelktis "
                 "išlieka aukščiausia mažiausiose savivaldybėse – Pagėgių ir Skuodo, "
                 "žemiausia – Klaipėdos mieste ir sparčiai augančiame Klaipėdos rajone.",
        "visits": "Apsilankymai atsigavo po 2020–2021 m. nuosmukio; dažniausiai lankosi "
                  "kurortų – Palangos ir Neringos – vartotojai, vasarą bibliotekos tampa "
                  "poilsiautojų skaityklomis. Pandemijos metais išaugę **virtualūs "
                  "apsilankymai** 2021 m. sumažėjo, bet nuo 2022 m. vėl auga kasmet, "
                  "sparčiausiai Tauragės rajone, plečiančiame e. paslaugas.",
        "loans": "Skaitomumas išlieka stabilus – apie 20 fiz. vnt. vienam vartotojui; "
                 "daugiausia skaito Skuodo ir Klaipėdos miesto vartotojai. Rekomenduojame:"
                 "\n\n- stiprinti vaikų skaitymo skatinimo programas;\n- plėsti e. knygų "
                 "pasiūlą.",
    }
    for section, text in texts.items():
        save_narrative(year=2025, section=section, text=text, by=staff)


LNB_2022 = ("LNB, 2023-03-20: https://www.lnb.lt/naujienos/9761-per-praejusius-metus-"
            "lietuvoje-isaugo-biblioteku-lankytoju-skaicius")
NATIONAL_FIGURES = [  # (year, code, value, source): published figures for all libraries
    (2022, "penetration_pct", "33.7", LNB_2022),
    (2022, "visits_per_resident", "6.0", LNB_2022 + " („vidutiniškai 6“)"),
    (2022, "users_registered", "945892", LNB_2022),
    (2022, "loans", "15775310", LNB_2022),
    (2022, "loans_per_user", "16.7", "Apskaičiuota iš LNB sumų: 15 775 310 ÷ 945 892 "
                                     "(LNB rašo „daugiau nei 16“); " + LNB_2022),
    (2022, "downloads_per_resident", "12", LNB_2022),
    (2022, "downloads_per_user", "36", LNB_2022),
    (2022, "visits_per_user", "18.2", "Valstybės duomenų agentūra, Lietuva skaičiais 2023: "
                                      "https://osp.stat.gov.lt/kultura-spauda-ir-sportas"),
    (2022, "professional_share_pct", "78.0",
     "LNB duomenys, kaip cituoja KLAVB: https://klavb.lt/naujienos-regionui/487/2022-m.-"
     "klaipedos-ir-taurages-apskriciu-savivaldybiu-viesuju-biblioteku-statistika:1033"),
    (2021, "visits_per_resident", "3.8", LNB_2022),
    (2021, "downloads_per_resident", "15", LNB_2022),
    (2021, "downloads_per_user", "44", LNB_2022),
]
KAUNAS_2021 = ("Kauno apskrities viešoji biblioteka, Kauno regiono bibliotekų 2019–2021 m. "
               "veiklos statistika: https://regionas.azuolynobiblioteka.lt/straipsniai/"
               "uncategorized/page/51")
COUNTY_FIGURES = [  # (county, year, code, value, source): public libraries
    ("kaunas", 2021, "outlets_central", "8", KAUNAS_2021),
    ("kaunas", 2021, "outlets_city", "31", KAUNAS_2021 + " („31 miesto padalinys“)"),
    ("kaunas", 2021, "outlets_rural", "141", KAUNAS_2021),
]
DEMO_2025 = {"penetration_pct": "33.5", "loans_per_user": "16.2", "visits_per_user": "14.1",
             "visits_per_resident": "5.8", "professional_share_pct": "79.0"}
# The other eight counties' municipal public libraries in 2025, illustrative only (labelled
# "demonstraciniai duomenys"): enough for the dashboards and the analysis to place the
# territory's two counties among the ten, as staff would once they copy the published ones.
DEMO_COUNTIES_2025 = {
    #              penetration, visits/resident, loans/user, professional share
    "alytus": ("21.4", "4.1", "19.8", "83.0"),
    "kaunas": ("15.2", "3.0", "22.6", "86.5"),
    "marijampole": ("19.6", "3.6", "20.1", "81.2"),
    "panevezys": ("20.8", "3.9", "21.7", "84.9"),
    "siauliai": ("18.1", "3.5", "23.4", "85.6"),
    "telsiai": ("22.9", "4.4", "18.9", "80.4"),
    "utena": ("24.7", "4.8", "20.5", "82.1"),
    "vilnius": ("11.9", "2.4", "24.8", "88.3"),
}
DEMO_COUNTY_CODES = ["penetration_pct", "visits_per_resident", "loans_per_user",
                     "professional_share_pct"]


def _national_figures() -> None:
    """Published figures as staff would copy them: LNB's and Statistics Lithuania's for 2021
    and 2022 (all libraries; the source of each in its ``source``), a county library's network
    counts for Kaunas county, and 2025 national and other counties' figures that are
    illustrative only (labelled "demonstraciniai duomenys")."""
    from statistika.models import CountyFigure, LibraryType, NationalFigure

    indicators = {i.code: i for i in Indicator.objects.all()}
    for year, code, value, source in NATIONAL_FIGURES:
        if code in indicators:
            NationalFigure.objects.update_or_create(
                indicator=indicators[code], year=year, library_type=LibraryType.ALL,
                defaults={"value": Decimal(value), "source": source[:255]})
    for code, value in DEMO_2025.items():
        NationalFigure.objects.update_or_create(
            indicator=indicators[code], year=2025, library_type=LibraryType.ALL,
            defaults={"value": Decimal(value), "source": "demonstraciniai duomenys"})
    for county, year, code, value, source in COUNTY_FIGURES:
        CountyFigure.objects.update_or_create(
            county=county, indicator=indicators[code], year=year,
            library_type=LibraryType.PUBLIC,
            defaults={"value": Decimal(value), "source": source[:255]})
    for county, values in DEMO_COUNTIES_2025.items():
        for code, value in zip(DEMO_COUNTY_CODES, values, strict=True):
            CountyFigure.objects.update_or_create(
                county=county, indicator=indicators[code], year=2025,
                library_type=LibraryType.PUBLIC,
                defaults={"value": Decimal(value), "source": "demonstraciniai duomenys"})


def _open_demo_campaign(out) -> None:
    """An open reporting year: a few school libraries have submitted, one system has a
    draft, the demo librarian's system has not started."""
    from datetime import datetime, time, timedelta

    from django.utils import timezone

    from paskyros.models import User
    from statistika.models import Submission, SubmissionStatus
    from statistika.scoping import form_units
    from statistika.services.campaign import create_campaign

    today = timezone.localdate()
    year = today.year if today.month >= 11 else today.year - 1
    deadline = timezone.make_aware(datetime.combine(today + timedelta(days=60), time(23, 59)))
    staff = User.objects.get(email="darbuotojas@demo.lt")
    campaign = create_campaign(year=year, kinds=[LibraryKind.SYSTEM, LibraryKind.SCHOOL,
                                                 LibraryKind.COUNTY],
                               deadline=deadline, reminder_days=[7, 3, 1], by=staff)
    rng = random.Random(year)  # noqa: S311
    chosen = list(campaign.submissions.filter(library__kind=LibraryKind.SCHOOL)
                  .exclude(library__code="MB-KRE-001").order_by("library__code")[:8])
    chosen.append(campaign.submissions.get(library__code="SVB-TAU"))
    for submission in chosen:
        units = form_units(submission)
        last = {(v.library_id, v.indicator_id): v.value
                for v in Value.objects.filter(year=year - 1,
                                              library__in=[u.library for u in units])}
        new = []
        for unit in units[: 1 if submission.library.kind == LibraryKind.SYSTEM else None]:
            # One change for the whole unit, rounded down: parts stay within their totals.
            factor = Decimal(str(round(rng.uniform(0.97, 1.04), 3)))
            for indicator in unit.indicators:
                before = last.get((unit.library.pk, indicator.pk))
                if before is None:
                    continue
                amount = before if indicator.code.startswith(STRUCTURAL) else before * factor
                places = Decimal(1).scaleb(-(indicator.decimals or 0))
                new.append(ValueWrite(library_id=unit.library.pk, indicator_id=indicator.pk,
                                      year=year, value=amount.quantize(places, ROUND_FLOOR)))
        write_values(new, by=staff, source=Source.FORM)  # the submission becomes a draft
        if submission.library.kind == LibraryKind.SCHOOL:
            Submission.objects.filter(pk=submission.pk).update(
                status=SubmissionStatus.SUBMITTED, submitted_at=timezone.now())
    out.write(f"  campaign {year}: {campaign.submissions.count()} reports, deadline "
              f"{deadline:%Y-%m-%d}")
