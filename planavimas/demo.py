"""Demo annual plans and reports of the Regional Libraries Strategic Development Department
(``planavimas.demo_content``), written through the services by ``darbuotojas@demo.lt``
(Rūta Žemaitienė, staff; ``metodininke@demo.lt`` is responsible for some measures) and
decided by ``vadovas@demo.lt`` (Vytautas Čėsna, management):

- last year's plan: returned once with comments, then approved; its report approved with
  every measure's result, each goal's narrative, the problems and the directions — its
  actual values counted from the other apps' demo records (an indicator whose app recorded
  nothing that year typed in, as the department counted it);
- this year's plan: a copy of last year's with every indicator linked to the portal's
  counts, approved as version 1, then amended (a reason) and approved as version 2; its
  report started as a draft with the results of the measures already due.

``demo_data`` runs this last (planavimas is the last app), so every other app's records
are there. The planned values are the year's counts times each indicator's ratio, rounded
as a plan is written, so some indicators are exceeded and some fall short on whatever day
the demo is loaded. The workflow's times are set to the days of the story. Run on a
database that has a plan, or without the demo accounts, it adds nothing."""

from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from paskyros.models import User
from planavimas import demo_content as content
from planavimas import services_results as results
from planavimas import services_structure as structure
from planavimas import services_workflow as workflow
from planavimas import tree
from planavimas.models import (
    Event,
    EventAction,
    Goal,
    Indicator,
    Measure,
    MeasureStatus,
    Objective,
    Plan,
    Snapshot,
    SnapshotKind,
)
from portalas.metrics import Period

MANAGER = "vadovas@demo.lt"
STAFF = "darbuotojas@demo.lt"
METHODIST = "metodininke@demo.lt"
FALLBACK = ("Suskaičiuota skyriaus žurnaluose: tais metais šie įrašai portale dar nebuvo "
            "vedami.")


def load(out) -> None:
    if Plan.objects.exists():
        out.write("  annual plans: already there, left alone\n")
        return
    people = {user.email: user for user in User.objects.filter(
        email__in=(MANAGER, STAFF, METHODIST), is_active=True)}
    if STAFF not in people or MANAGER not in people:
        out.write("  annual plans: no demo accounts, none loaded\n")
        return
    story = Story(staff=people[STAFF], methodist=people.get(METHODIST, people[STAFF]),
                  manager=people[MANAGER], today=timezone.localdate())
    story.last_year()
    story.this_year()
    out.write(f"  annual plans: {Plan.objects.count()} plans, {Goal.objects.count()} goals, "
              f"{Measure.objects.count()} measures, {Indicator.objects.count()} indicators, "
              f"{Snapshot.objects.count()} approved versions\n")


def nice(value, unit: str) -> Decimal:
    """A planned value as a plan writes it: a share or a small count whole, larger numbers
    to two or three significant digits; never below one."""
    value = Decimal(str(value))
    if value <= 0:
        return Decimal(0)
    steps = ((20, 1), (200, 5), (2_000, 10), (20_000, 100), (200_000, 1_000))
    step = 1 if unit == "%" else next((s for limit, s in steps if value < limit), 10_000)
    found = (value / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step
    return max(found, Decimal(1))


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


class Story:
    def __init__(self, *, staff, methodist, manager, today: date):
        self.staff, self.methodist, self.manager = staff, methodist, manager
        self.today = today
        self.this = today.year
        self.last = today.year - 1
        self.cache: dict = {}

    # --- helpers ------------------------------------------------------------------------------

    def past(self, day: date) -> date:
        """``day``, or today when it has not come yet (a demo loaded early in the year)."""
        return min(day, self.today)

    def count(self, metric: str, year: int) -> Decimal | None:
        found = tree.metric_value(metric, date(year, 1, 1), date(year, 12, 31), self.cache)
        return tree.number(found)

    def who(self, key: str):
        return self.methodist if key == "methodist" else self.staff

    def dated(self, document, action: str, day: date) -> None:
        """The times of the workflow step just taken: on the plan (or report), its log and,
        for an approval, its snapshot."""
        plan = document if isinstance(document, Plan) else document.plan
        kind = SnapshotKind.PLAN if isinstance(document, Plan) else SnapshotKind.REPORT
        moment = min(at(day, 9 if action == EventAction.CREATED else 11), timezone.now())
        event = Event.objects.filter(plan=plan, kind=kind, action=action).order_by("-pk").first()
        Event.objects.filter(pk=event.pk).update(at=moment)
        model = type(document)
        if action == EventAction.CREATED:
            model.objects.filter(pk=document.pk).update(created_at=moment)
        elif action == EventAction.SUBMITTED:
            model.objects.filter(pk=document.pk).update(submitted_at=moment)
        elif action in (EventAction.APPROVED, EventAction.RETURNED):
            model.objects.filter(pk=document.pk).update(decided_at=moment)
        if action == EventAction.APPROVED:
            fresh = model.objects.get(pk=document.pk)
            Snapshot.objects.filter(plan=plan, kind=kind, number=fresh.number).update(
                approved_at=moment, submitted_at=fresh.submitted_at)

    def fresh(self, document):
        return type(document).objects.get(pk=document.pk)

    # --- the plan's structure -----------------------------------------------------------------

    def add_measure(self, objective: Objective, spec: content.Msr, year: int) -> Measure:
        when = spec.when
        measure = structure.save_measure(measure=Measure(
            objective=objective, title=spec.title, responsible_unit=content.UNIT,
            responsible=self.who(spec.who),
            quarter=when if isinstance(when, int) else None,
            deadline=date(year, *when) if isinstance(when, tuple) else None,
            budget=Decimal(spec.budget) if spec.budget is not None else None,
            resources=spec.resources), by=self.staff)
        for item in spec.indicators:
            planned, metric = self.planned_last(item)
            structure.save_indicator(indicator=Indicator(
                measure=measure, name=item.name, unit=item.unit, planned=planned,
                metric=metric), by=self.staff)
        return measure

    def planned_last(self, item: content.Ind) -> tuple[Decimal, str]:
        """Last year's planned value and link: a metric that counted something then is
        linked; otherwise the value is typed in."""
        if item.typed:
            return Decimal(item.typed[0]), ""
        found = self.count(item.metric, self.last)
        if item.target is not None:
            return Decimal(str(item.target)), item.metric if found else ""
        if found:
            return nice(found * Decimal(str(item.ratio)), item.unit), item.metric
        planned = nice(Decimal(str(item.default)) * Decimal(str(item.ratio)), item.unit)
        return planned, item.metric if item.zero_ok else ""

    def planned_this(self, item: content.Ind) -> Decimal:
        """This year's planned value: the count of this year (or last, or the default)
        times the ratio."""
        if item.typed:
            return Decimal(item.typed[0])
        if item.target is not None:
            return Decimal(str(item.target))
        base = self.count(item.metric, self.this) or self.count(item.metric, self.last) \
            or Decimal(str(item.default))
        return nice(base * Decimal(str(item.ratio)), item.unit)

    def build_plan(self, plan: Plan, *, leave_out: str = "") -> None:
        for spec in content.GOALS:
            goal = structure.save_goal(goal=Goal(plan=plan, chapter=spec.chapter,
                                                 title=spec.title,
                                                 description=spec.description), by=self.staff)
            for objective_spec in spec.objectives:
                objective = structure.save_objective(objective=Objective(
                    goal=goal, title=objective_spec.title), by=self.staff)
                for measure_spec in objective_spec.measures:
                    if measure_spec.title != leave_out:
                        self.add_measure(objective, measure_spec, plan.year)

    def rows(self, plan: Plan):
        """(spec, measure, [(indicator spec, indicator)]) of every measure of the plan, in
        order, matched to the content by title."""
        specs = {m.title: m for g in content.GOALS for o in g.objectives for m in o.measures}
        specs[content.AMENDED_MEASURE.title] = content.AMENDED_MEASURE
        measures = Measure.objects.filter(objective__goal__plan=plan).order_by(
            "objective__goal__chapter", "objective__goal__position", "objective__position",
            "position").select_related("objective__goal__plan").prefetch_related("indicators")
        for measure in measures:
            spec = specs[measure.title]
            items = {item.name: item for item in spec.indicators}
            indicators = sorted(measure.indicators.all(), key=lambda i: i.position)
            yield spec, measure, [(items[i.name], i) for i in indicators]

    # --- the report ---------------------------------------------------------------------------

    def record_values(self, plan: Plan, *, last: bool) -> None:
        """The typed-in values: the department's own counts."""
        for _spec, _measure, indicators in self.rows(plan):
            for item, indicator in indicators:
                if indicator.metric:
                    continue
                if item.typed:
                    actual = item.typed[1] if last else item.typed[2]
                    comment = ""
                elif last:
                    actual, comment = nice(item.default, item.unit), FALLBACK
                else:
                    continue
                if actual is None:
                    continue
                results.record_indicator_value(
                    indicator=indicator, by=self.staff, seen_version=indicator.version,
                    actual=Decimal(actual), comment=comment)

    def record_results(self, plan: Plan, *, due_by: date | None = None) -> int:
        """Each measure's result as its indicators show it (every one at 95 % or more: done;
        half of the plan, or one met: partly; less: not done); with ``due_by`` only the
        measures due by then."""
        answered = 0
        found = tree.build(self.fresh(plan), actuals=True)
        shares = {m["pk"]: [tree.number(i["fulfilment"]) for i in m["indicators"]
                            if i["fulfilment"] is not None]
                  for g in found["goals"] for o in g["objectives"] for m in o["measures"]}
        for spec, measure, _indicators in self.rows(plan):
            if due_by is not None and self.due(measure) > due_by:
                continue
            if not spec.done:
                continue
            met = shares.get(measure.pk, [])
            if not met or min(met) >= 95:
                result, comment = MeasureStatus.DONE, spec.done
            elif min(met) >= 50 or max(met) >= 100:
                result, comment = MeasureStatus.PARTLY, f"{spec.done} {content.PARTLY}"
            else:
                result, comment = MeasureStatus.NOT_DONE, content.NOT_DONE
            results.record_measure_result(measure=measure, by=self.staff,
                                          seen_version=measure.version, result=result,
                                          comment=comment)
            answered += 1
        return answered

    def due(self, measure: Measure) -> date:
        if measure.deadline:
            return measure.deadline
        return Period.quarter(measure.objective.goal.plan.year, measure.quarter or 4).end

    def narratives(self, plan: Plan, texts: dict[int, str]) -> None:
        goals = list(Goal.objects.filter(plan=plan).order_by("chapter", "position"))
        for index, goal in enumerate(goals):
            if index in texts:
                results.update_goal_narrative(goal=goal, by=self.staff,
                                              seen_version=goal.version,
                                              narrative=texts[index])

    # --- the story ----------------------------------------------------------------------------

    def last_year(self) -> None:
        year = self.last
        plan = workflow.create_plan(year=year, by=self.staff, copy=False,
                                    introduction=content.plan_introduction(year))
        self.dated(plan, EventAction.CREATED, date(year - 1, 11, 25))
        self.build_plan(plan, leave_out=content.ADDED_AFTER_RETURN)
        plan = workflow.submit(self.fresh(plan), by=self.staff)
        self.dated(plan, EventAction.SUBMITTED, date(year - 1, 12, 5))
        plan = workflow.return_with_comments(plan, by=self.manager,
                                             comment=content.RETURN_COMMENT)
        self.dated(plan, EventAction.RETURNED, date(year - 1, 12, 9))
        # what management asked for
        for spec in content.GOALS:
            for objective_spec in spec.objectives:
                for measure_spec in objective_spec.measures:
                    if measure_spec.title == content.ADDED_AFTER_RETURN:
                        objective = Objective.objects.get(goal__plan=plan,
                                                          title=objective_spec.title)
                        self.add_measure(objective, measure_spec, year)
        plan = workflow.submit(self.fresh(plan), by=self.staff)
        self.dated(plan, EventAction.SUBMITTED, date(year - 1, 12, 12))
        plan = workflow.approve(plan, by=self.manager)
        self.dated(plan, EventAction.APPROVED, date(year - 1, 12, 19))

        report = workflow.start_report(plan, by=self.staff)
        self.dated(report, EventAction.CREATED, self.past(date(self.this, 1, 12)))
        results.update_report_texts(
            report=report, by=self.staff, seen_version=report.version,
            introduction=content.report_introduction(year), problems=content.REPORT_PROBLEMS,
            directions=content.REPORT_DIRECTIONS)
        self.record_values(plan, last=True)
        self.record_results(plan)
        self.narratives(plan, {i: g.narrative for i, g in enumerate(content.GOALS)})
        report = workflow.submit(self.fresh(report), by=self.staff)
        self.dated(report, EventAction.SUBMITTED, self.past(date(self.this, 1, 28)))
        report = workflow.approve(report, by=self.manager)
        self.dated(report, EventAction.APPROVED, self.past(date(self.this, 2, 6)))

    def this_year(self) -> None:
        year = self.this
        plan = workflow.create_plan(year=year, by=self.staff,
                                    introduction=content.plan_introduction(year))
        self.dated(plan, EventAction.CREATED, date(year - 1, 11, 24))
        # every indicator the portal can count is linked now, planned against this year
        for _spec, _measure, indicators in self.rows(plan):
            for item, indicator in indicators:
                indicator.planned = self.planned_this(item)
                indicator.metric = item.metric
                structure.save_indicator(indicator=indicator, by=self.staff,
                                         seen_version=indicator.version)
        plan = workflow.submit(self.fresh(plan), by=self.staff)
        self.dated(plan, EventAction.SUBMITTED, date(year - 1, 12, 4))
        plan = workflow.approve(plan, by=self.manager)
        self.dated(plan, EventAction.APPROVED, date(year - 1, 12, 18))

        plan = workflow.amend(plan, by=self.staff, reason=content.AMENDMENT_REASON)
        self.dated(plan, EventAction.AMENDED, self.past(date(year, 5, 26)))
        self.amend(plan)
        plan = workflow.submit(self.fresh(plan), by=self.staff)
        self.dated(plan, EventAction.SUBMITTED, self.past(date(year, 6, 3)))
        plan = workflow.approve(plan, by=self.manager)
        self.dated(plan, EventAction.APPROVED, self.past(date(year, 6, 10)))

        report = workflow.start_report(plan, by=self.staff)
        self.dated(report, EventAction.CREATED, self.past(date(year, 11, 17)))
        results.update_report_texts(
            report=report, by=self.staff, seen_version=report.version,
            introduction=content.report_introduction(year), problems="", directions="")
        self.record_values(plan, last=False)
        self.record_results(plan, due_by=self.today)
        self.narratives(plan, content.THIS_YEAR_NARRATIVES)

    def amend(self, plan: Plan) -> None:
        """Version 2: more trainings and project money, and the project's own measure."""
        raised = {"mokymai.events_held": Decimal("1.25"), "mokymai.participants":
                  Decimal("1.25"), "projektai.funds_attracted": Decimal("1.3")}
        for _spec, _measure, indicators in self.rows(plan):
            for _item, indicator in indicators:
                if indicator.metric in raised:
                    indicator.planned = nice(indicator.planned * raised[indicator.metric],
                                             indicator.unit)
                    structure.save_indicator(indicator=indicator, by=self.staff,
                                             seen_version=indicator.version)
        projects = Objective.objects.filter(goal__plan=plan, goal__chapter=2).order_by(
            "goal__position", "position").first()
        spec = content.AMENDED_MEASURE
        measure = structure.save_measure(measure=Measure(
            objective=projects, title=spec.title, responsible_unit=content.UNIT,
            responsible=self.who(spec.who), quarter=spec.when, budget=Decimal(spec.budget),
            resources=spec.resources), by=self.staff)
        for item in spec.indicators:
            structure.save_indicator(indicator=Indicator(
                measure=measure, name=item.name, unit=item.unit, metric=item.metric,
                planned=self.planned_this(item)), by=self.staff)

