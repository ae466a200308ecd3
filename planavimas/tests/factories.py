"""Plain builders of plans for tests (straight into the database, no service), and an
approved plan through the services (a snapshot and the log, as the portal makes them)."""

from decimal import Decimal

from planavimas import services_workflow as workflow
from planavimas.models import Chapter, Goal, Indicator, Measure, Objective, Plan


def make_plan(*, year=2026, by=None, goals=1, objectives=1, measures=1, indicators=1,
              metric="", planned=Decimal("10"), chapter=Chapter.METHODOLOGY, **kwargs) -> Plan:
    """A draft plan with ``goals`` goals, each with ``objectives`` objectives of
    ``measures`` measures of ``indicators`` indicators (linked to ``metric`` when given)."""
    plan = Plan.objects.create(year=year, created_by=by, **kwargs)
    for g in range(1, goals + 1):
        goal = Goal.objects.create(plan=plan, position=g, chapter=chapter,
                                   title=f"Stiprinti bibliotekininkų kompetencijas {g}")
        for o in range(1, objectives + 1):
            objective = Objective.objects.create(
                goal=goal, position=o, title=f"Organizuoti mokymus regiono specialistams {o}")
            for m in range(1, measures + 1):
                measure = Measure.objects.create(
                    objective=objective, position=m, title=f"Surengti seminarų ciklą {m}",
                    responsible_unit="Regiono bibliotekų strateginės plėtros skyrius",
                    quarter=4, budget=Decimal("1500"))
                for i in range(1, indicators + 1):
                    Indicator.objects.create(measure=measure, position=i,
                                             name=f"Surengti mokymai {i}", unit="vnt.",
                                             planned=planned, metric=metric)
    return plan


def approved_plan(*, staff, manager, **kwargs) -> Plan:
    """A plan submitted by ``staff`` and approved by ``manager`` (version 1 frozen)."""
    plan = make_plan(by=staff, **kwargs)
    plan = workflow.submit(plan, by=staff)
    return workflow.approve(plan, by=manager)


def first(plan: Plan, model):
    """The plan's first goal, objective, measure or indicator."""
    path = {Goal: "plan", Objective: "goal__plan", Measure: "objective__goal__plan",
            Indicator: "measure__objective__goal__plan"}[model]
    return model.objects.filter(**{path: plan}).order_by("pk").first()
