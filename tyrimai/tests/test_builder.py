"""The questionnaire builder: sections and questions added, edited, moved and deleted by
staff; the show-if and code rules; once answers came in only texts change (in the forms
and in the service); management reads, a librarian gets 404; the page's queries do not
grow with the questions."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from portalas.testing import count_queries, query_budget
from tyrimai import services, services_builder
from tyrimai.models import Question, QuestionKind, Section, StudyStatus
from tyrimai.tests.factories import answer, make_study, question

pytestmark = pytest.mark.django_db


@pytest.fixture
def study(territory):
    return make_study(libraries=[territory.branch_a], status=StudyStatus.DRAFT)


def url(name, study, *args):
    return reverse(f"tyrimai:{name}", args=[study.pk, *args])


def question_form(**changes) -> dict:
    data = {"kind": "single", "code": "Q20", "text_lt": "Ar naudojatės e. knygomis?",
            "text_en": "Do you use e-books?", "help_lt": "", "help_en": "",
            "scale_points": "5", "minimum": "", "maximum": "", "show_if": "",
            "show_if_codes": "", "options-TOTAL_FORMS": "3", "options-INITIAL_FORMS": "0",
            "options-MIN_NUM_FORMS": "0", "options-MAX_NUM_FORMS": "1000",
            "options-0-code": "1", "options-0-label_lt": "Taip", "options-0-label_en": "Yes",
            "options-1-code": "2", "options-1-label_lt": "Ne", "options-1-label_en": "No",
            "options-2-code": "", "options-2-label_lt": "", "options-2-label_en": ""}
    data.update(changes)
    return data


def existing_form(q: Question, **changes) -> dict:
    """The edit form of ``q`` as the page sends it back."""
    options = list(q.options.all())
    data = {"kind": q.kind, "code": q.code, "scale_points": str(q.scale_points),
            "minimum": "" if q.minimum is None else str(q.minimum),
            "maximum": "" if q.maximum is None else str(q.maximum),
            "show_if": q.show_if_id or "",
            "show_if_codes": ", ".join(str(c) for c in q.show_if_codes or []),
            "options-TOTAL_FORMS": str(len(options)),
            "options-INITIAL_FORMS": str(len(options)), "options-MIN_NUM_FORMS": "0",
            "options-MAX_NUM_FORMS": "1000"}
    for flag in ("required", "allow_other", "personal"):
        if getattr(q, flag):
            data[flag] = "on"
    for language in ("lt", "en"):
        data[f"text_{language}"] = q.text.get(language, "")
        data[f"help_{language}"] = q.help_text.get(language, "")
    for n, option in enumerate(options):
        data[f"options-{n}-id"] = option.pk
        data[f"options-{n}-code"] = option.code
        if option.row:
            data[f"options-{n}-row"] = "on"
        for language in ("lt", "en"):
            data[f"options-{n}-label_{language}"] = option.label.get(language, "")
    data.update(changes)
    return data


# --- sections ---------------------------------------------------------------------------------

def test_staff_add_rename_move_and_delete_a_section(staff_client, study):
    response = staff_client.post(url("section_create", study), {
        "new-title_lt": "Skaitmeninės paslaugos", "new-title_en": "Digital services"})
    section = study.sections.order_by("-order").first()
    assert response.status_code == 302 and section.title == {
        "lt": "Skaitmeninės paslaugos", "en": "Digital services"}
    staff_client.post(url("section_update", study, section.pk),
                      {f"s{section.pk}-title_lt": "E. paslaugos"})
    section.refresh_from_db()
    assert section.title == {"lt": "E. paslaugos"}
    staff_client.post(url("section_move", study, section.pk), {"direction": "up"})
    assert list(study.sections.values_list("pk", flat=True))[1] == section.pk
    staff_client.post(url("section_delete", study, section.pk))
    assert not Section.objects.filter(pk=section.pk).exists()


def test_a_section_needs_a_lithuanian_title(staff_client, study):
    before = study.sections.count()
    staff_client.post(url("section_create", study), {"new-title_en": "Only English"})
    assert study.sections.count() == before


def test_a_section_whose_answers_others_depend_on_is_not_moved_below_them(
        staff_client, study):
    first, second = study.sections.all()
    Question.objects.filter(pk=question(study, "Q4").pk).update(
        show_if=question(study, "Q1"), show_if_codes=[1])
    response = staff_client.post(url("section_move", study, first.pk), {"direction": "down"},
                                 follow=True)
    assert list(study.sections.values_list("pk", flat=True)) == [first.pk, second.pk]
    assert any("turi būti po jo" in str(m) for m in response.context["messages"])
    Question.objects.filter(pk=question(study, "Q4").pk).update(show_if=None)
    staff_client.post(url("section_move", study, first.pk), {"direction": "down"})
    assert list(study.sections.values_list("pk", flat=True)) == [second.pk, first.pk]


# --- questions --------------------------------------------------------------------------------

def test_staff_add_a_choice_question_with_its_answers(staff_client, study):
    section = study.sections.first()
    response = staff_client.post(url("question_create", study, section.pk), question_form())
    assert response.status_code == 302
    q = question(study, "Q20")
    assert q.section == section and q.kind == QuestionKind.SINGLE
    assert q.text == {"lt": "Ar naudojatės e. knygomis?", "en": "Do you use e-books?"}
    assert [(o.code, o.label) for o in q.options.all()] == [
        (1, {"lt": "Taip", "en": "Yes"}), (2, {"lt": "Ne", "en": "No"})]
    assert q.order > section.questions.exclude(pk=q.pk).order_by("-order").first().order


def test_a_likert_question_without_answers_gets_the_agreement_scale(staff_client, study):
    section = study.sections.first()
    staff_client.post(url("question_create", study, section.pk), question_form(
        kind="likert", **{"options-0-code": "", "options-0-label_lt": "",
                          "options-0-label_en": "", "options-1-code": "",
                          "options-1-label_lt": "", "options-1-label_en": ""}))
    q = question(study, "Q20")
    assert [o.code for o in q.options.all()] == [1, 2, 3, 4, 5]
    assert q.options.first().label["lt"] == "Visiškai nesutinku"


@pytest.mark.parametrize(("changes", "field"), [
    ({"code": "Q1"}, "code"),                                     # taken
    ({"code": "1 klausimas"}, "code"),                            # not a variable name
    ({"text_lt": ""}, "text_lt"),
    ({"show_if": "", "show_if_codes": "x"}, "show_if_codes"),
    ({"options-1-code": "1"}, None),                              # two answers coded 1
    ({"options-1-code": "", "options-1-label_lt": "", "options-1-label_en": ""}, None),
])
def test_bad_questions_come_back_with_the_error_and_nothing_is_saved(
        staff_client, study, changes, field):
    section = study.sections.first()
    response = staff_client.post(url("question_create", study, section.pk),
                                 question_form(**changes))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert (field in errors) if field else (errors.get("__all__") or any(
        f.errors for f in response.context["formset"]))
    assert not study.questions.filter(code="Q20").exists()
    assert response.context["form"]["text_en"].value() == changes.get(
        "text_en", "Do you use e-books?")


def test_a_condition_points_only_to_an_earlier_question_and_its_answers(
        staff_client, study):
    q1, q4 = question(study, "Q1"), question(study, "Q4")
    later = staff_client.post(url("question_update", study, q1.pk), existing_form(
        q1, show_if=q4.pk, show_if_codes="4"))
    assert later.status_code == 400 and "show_if" in later.context["form"].errors
    wrong = staff_client.post(url("question_update", study, q4.pk), existing_form(
        q4, show_if=q1.pk, show_if_codes="1, 9"))
    assert wrong.status_code == 400 and "show_if_codes" in wrong.context["form"].errors
    right = staff_client.post(url("question_update", study, q4.pk), existing_form(
        q4, show_if=q1.pk, show_if_codes="1; 2"))
    assert right.status_code == 302
    q4.refresh_from_db()
    assert q4.show_if == q1 and q4.show_if_codes == [1, 2]


def test_answers_swap_codes_and_one_is_deleted(staff_client, study):
    q1 = question(study, "Q1")
    weekly, monthly, never = q1.options.all()
    data = existing_form(q1, **{"options-0-code": "2", "options-1-code": "1",
                                "options-2-DELETE": "on"})
    assert staff_client.post(url("question_update", study, q1.pk), data).status_code == 302
    assert {o.pk: o.code for o in q1.options.all()} == {weekly.pk: 2, monthly.pk: 1}


def test_questions_move_up_and_down_but_not_above_what_they_depend_on(staff_client, study):
    q1, q2, q3 = (question(study, code) for code in ("Q1", "Q2", "Q3"))
    response = staff_client.post(url("question_move", study, q2.pk), {"direction": "up"},
                                 follow=True)       # Q2 depends on Q1
    assert any("turi būti po jo" in str(m) for m in response.context["messages"])
    staff_client.post(url("question_move", study, q3.pk), {"direction": "up"})
    codes = list(study.sections.first().questions.order_by("order")
                 .values_list("code", flat=True))
    assert codes == ["Q1", "Q3", "Q2"]
    staff_client.post(url("question_move", study, q1.pk), {"direction": "up"})   # the edge
    assert study.sections.first().questions.order_by("order").first() == q1


def test_a_question_others_depend_on_is_not_deleted(staff_client, study):
    q1 = question(study, "Q1")
    staff_client.post(url("question_delete", study, q1.pk))
    assert Question.objects.filter(pk=q1.pk).exists()
    q2 = question(study, "Q2")
    staff_client.post(url("question_delete", study, q2.pk))
    assert not Question.objects.filter(pk=q2.pk).exists()


# --- once answers came in ---------------------------------------------------------------------

@pytest.fixture
def answered(territory):
    study = make_study(libraries=[territory.branch_a])
    answer(study.participations.get())
    return study


def test_after_answers_only_texts_change_through_the_form(staff_client, answered):
    q1 = question(answered, "Q1")
    weekly = q1.options.get(code=1)
    data = existing_form(q1, code="Q99", kind="multiple", text_lt="Kaip dažnai ateinate?",
                         **{"options-0-code": "7", "options-0-label_lt": "Kiekvieną savaitę"})
    data["options-TOTAL_FORMS"] = "4"
    data.update({"options-3-code": "4", "options-3-label_lt": "Kasdien"})
    response = staff_client.post(url("question_update", answered, q1.pk), data)
    assert response.status_code == 302, (response.context["form"].errors, [
        f.errors for f in response.context["formset"]])
    q1.refresh_from_db()
    weekly.refresh_from_db()
    assert q1.code == "Q1" and q1.kind == QuestionKind.SINGLE       # disabled fields kept
    assert q1.text["lt"] == "Kaip dažnai ateinate?"
    assert weekly.code == 1 and weekly.label["lt"] == "Kiekvieną savaitę"
    assert q1.options.count() == 3


def test_after_answers_the_service_refuses_structure_changes(staff, answered):
    q1 = question(answered, "Q1")
    q1.code = "Q99"
    with pytest.raises(services.Refused):
        services_builder.save_question(q1, options=None, by=staff)
    q1 = question(answered, "Q1")
    options = [{"id": o.pk, "code": o.code + 10, "label": o.label, "row": o.row}
               for o in q1.options.all()]
    with pytest.raises(services.Refused):
        services_builder.save_question(q1, options=options, by=staff)
    with pytest.raises(services.Refused):
        services_builder.delete_question(question(answered, "Q8"), by=staff)
    with pytest.raises(services.Refused):
        services_builder.add_section(study=answered, title={"lt": "Nauja"}, by=staff)
    with pytest.raises(services.Refused):
        services_builder.move_question(question(answered, "Q3"), up=True, by=staff)
    assert question(answered, "Q1").options.filter(code=1).exists()


def test_after_answers_the_pages_offer_no_new_question_and_deleting_is_refused(
        staff_client, answered):
    section = answered.sections.first()
    page = staff_client.get(url("questionnaire", answered))
    assert page.context["locked"]
    assert url("question_create", answered, section.pk) not in page.content.decode()
    assert staff_client.get(url("question_create", answered, section.pk)).status_code == 302
    response = staff_client.post(url("question_create", answered, section.pk),
                                 question_form())
    assert response.status_code == 400 and not answered.questions.filter(code="Q20").exists()
    staff_client.post(url("question_delete", answered, question(answered, "Q8").pk))
    staff_client.post(url("section_delete", answered, section.pk))
    assert answered.questions.filter(code="Q8").exists()
    assert Section.objects.filter(pk=section.pk).exists()


# --- who may do what --------------------------------------------------------------------------

def test_management_reads_the_builder_but_may_not_change_it(manager_client, manager, study):
    q1 = question(study, "Q1")
    page = manager_client.get(url("questionnaire", study))
    assert page.status_code == 200 and not page.context["can_edit"]
    assert manager_client.get(url("question_update", study, q1.pk)).status_code == 200
    assert manager_client.post(url("question_update", study, q1.pk),
                               existing_form(q1, text_lt="Kita")).status_code == 403
    section = study.sections.first()
    assert manager_client.get(url("question_create", study, section.pk)).status_code == 403
    for name, args in (("section_create", ()), ("section_update", (section.pk,)),
                       ("section_delete", (section.pk,)), ("section_move", (section.pk,)),
                       ("question_delete", (q1.pk,)), ("question_move", (q1.pk,))):
        assert manager_client.post(url(name, study, *args)).status_code == 403
    with pytest.raises(PermissionDenied):
        services_builder.delete_question(q1, by=manager)
    assert question(study, "Q1").text["lt"] == "Kaip dažnai lankotės bibliotekoje?"


def test_a_librarian_gets_404_and_another_studys_objects_are_404(
        client_a, staff_client, study, territory):
    section = study.sections.first()
    q1 = question(study, "Q1")
    assert client_a.get(url("questionnaire", study)).status_code == 404
    assert client_a.get(url("question_update", study, q1.pk)).status_code == 404
    assert client_a.post(url("question_delete", study, q1.pk)).status_code == 404
    other = make_study(libraries=[territory.central_b], title="Kitas tyrimas")
    assert staff_client.get(url("question_update", other, q1.pk)).status_code == 404
    assert staff_client.post(url("section_delete", other, section.pk)).status_code == 404
    assert staff_client.get(url("question_create", other, section.pk)).status_code == 404
    assert Section.objects.filter(pk=section.pk).exists()


def test_the_builder_pages_queries_do_not_grow_with_questions(staff_client, study):
    page = url("questionnaire", study)
    edit = url("question_update", study, question(study, "Q3").pk)
    before = count_queries(lambda: staff_client.get(page))
    before_edit = count_queries(lambda: staff_client.get(edit))
    section = study.sections.last()
    for n in range(5):
        staff_client.post(url("question_create", study, section.pk),
                          question_form(code=f"N{n}"))
    assert study.questions.count() == 14
    with query_budget(before):
        staff_client.get(page)
    with query_budget(before_edit + 1):
        staff_client.get(edit)
    assert before <= 25
