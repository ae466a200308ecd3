"""The results' numbers and the rule that fewer than five answers are never shown."""

from decimal import Decimal

import pytest

from tyrimai import selectors
from tyrimai.tests.factories import answer, make_study, question

pytestmark = pytest.mark.django_db


@pytest.fixture
def study(territory):
    return make_study(libraries=[territory.system_a, territory.central_b])


def _link(study, library):
    return study.participations.get(library=library)


def test_counts_percentages_and_the_mean_with_its_interval(study, territory):
    link = _link(study, territory.system_a)
    for value in (5, 5, 5, 5, 5, 5, 4, 4, 4, 4, 4, 4, 3, 2):
        answer(link, Q4=value, Q1={"option": 1 if value >= 4 else 2})
    result = selectors.question_result(question(study, "Q4"), selectors.counted(study))
    assert result.answered == 14 and not result.hidden
    shown = {cell.code: (cell.count, cell.percent) for cell in result.cells}
    assert shown[5] == (6, Decimal("42.9")) and shown[4] == (6, Decimal("42.9"))
    # 3 and 2 are single answers: hidden (two of them: neither can be subtracted)
    assert shown[3] == (None, None) and shown[2] == (None, None) and shown[1] == (0, Decimal(0))
    assert result.mean.mean == Decimal("4.21")               # 59 / 14
    assert result.mean.low < result.mean.mean < result.mean.high
    assert (result.mean.low, result.mean.high) == (Decimal("3.70"), Decimal("4.73"))  # t(13)
    q1 = selectors.question_result(question(study, "Q1"), selectors.counted(study))
    # 12 and 2 of 14: the 2 is hidden, and so is the 12 that would give it away
    assert [(c.code, c.count) for c in q1.cells] == [(1, None), (2, None), (3, 0)]


def test_one_hidden_cell_takes_the_next_smallest_with_it(study, territory):
    link = _link(study, territory.system_a)
    for code, times in ((1, 9), (2, 6), (3, 2)):
        for _ in range(times):
            answer(link, Q1={"option": code})
    result = selectors.question_result(question(study, "Q1"), selectors.counted(study))
    assert [(c.code, c.count) for c in result.cells] == [(1, 9), (2, None), (3, None)]


def test_fewer_than_five_shows_nothing_also_after_a_filter(study, territory):
    link = _link(study, territory.system_a)
    for age in (20, 25, 40, 50, 60, 70):
        answer(link, Q6=age, Q1={"option": 1 if age < 30 else 2})
    q1 = question(study, "Q1")
    everyone = selectors.counted(study)
    assert not selectors.question_result(question(study, "Q6"), everyone).hidden
    young = selectors.filtered(everyone, [(q1, {1})])
    result = selectors.question_result(question(study, "Q6"), young)
    assert result.hidden and result.cells == [] and result.mean is None
    assert selectors.response_count(young) is None


def test_the_net_promoter_score(study, territory):
    link = _link(study, territory.system_a)
    for score in (10, 10, 9, 8, 3, 6, 10, 9, 7, 0):
        answer(link, Q5=score)
    result = selectors.question_result(question(study, "Q5"), selectors.counted(study))
    assert result.nps == Decimal("20.0")          # 5 promoters, 3 detractors of 10


def test_a_crosstab_hides_small_cells_and_what_would_give_them_away(study, territory):
    link = _link(study, territory.system_a)
    plan = ([(1, 4)] * 9 + [(1, 5)] * 8 + [(2, 4)] * 6 + [(2, 5)] * 2 + [(3, 4)] * 7
            + [(3, 5)] * 3)
    for visits, satisfied in plan:
        answer(link, Q1={"option": visits}, Q4=satisfied)
    table = selectors.crosstab(question(study, "Q1"), question(study, "Q4"),
                               selectors.counted(study))
    at = {(code, column): cells[i] for code, _label, cells, _total in table.rows
          for i, (column, _l) in enumerate(table.columns)}
    assert at[(2, 5)] is None and at[(3, 5)] is None        # 2 and 3 answers
    assert at[(1, 4)] == 9 and at[(1, 5)] == 8              # two hidden in the column: safe
    # rows "monthly" and "never" each had one hidden cell: their other cell goes too
    assert at[(2, 4)] is None and at[(3, 4)] is None
    assert at[(1, 1)] == 0 and not table.hidden


def test_the_key_question_by_library(study, territory):
    for _ in range(5):
        answer(_link(study, territory.system_a), Q4=4)
    answer(_link(study, territory.central_b), Q4=2)
    means = selectors.key_mean_by_library(study)
    assert means[territory.system_a.pk].mean == Decimal("4.00")
    assert means[territory.central_b.pk].mean is None


# --- added with the results pages -------------------------------------------------------------

def test_filter_codes_read_lists_and_ranges_and_refuse_what_the_question_has_not(study):
    q1, q5, q6 = (question(study, code) for code in ("Q1", "Q5", "Q6"))
    assert selectors.parse_codes(q1, "1, 3") == {1, 3}
    assert selectors.parse_codes(q6, "18-21,30") == {18, 19, 20, 21, 30}
    for bad_question, text in ((q1, "4"), (q1, ""), (q5, "9-11"), (q6, "30-18"),
                               (q6, "0-5000"), (q6, "a")):
        with pytest.raises(selectors.BadCondition):
            selectors.parse_codes(bad_question, text)
    assert selectors.condition_value(q6, {18, 19, 20, 21, 30}) == "Q6:18-21,30"
    assert selectors.condition_value(q1, {1, 2}) == "Q1:1,2"
    assert selectors.condition_text(q1, {1}) == "Q1: Kas savaitę"
    with pytest.raises(selectors.BadCondition):
        selectors.parse_conditions(selectors.study_questions(study), ["Q9:1"])  # personal


def test_a_question_costs_two_queries_whatever_its_answers(study, territory,
                                                         django_assert_max_num_queries):
    from tyrimai.tests.factories import load_responses

    load_responses(study, 40)
    questions = {q.code: q for q in selectors.study_questions(study)}
    for code in ("Q1", "Q2", "Q3", "Q4", "Q5", "Q6", "Q7"):
        with django_assert_max_num_queries(2):
            selectors.question_result(questions[code], selectors.counted(study))


def test_the_matrix_rows_keep_their_counts_and_means(study, territory):
    link = _link(study, territory.system_a)
    for column in (3, 3, 3, 2, 2, 1):
        answer(link, Q3={1: column, 2: 3})
    result = selectors.question_result(question(study, "Q3"), selectors.counted(study))
    collection, hours = result.rows
    assert collection[2].mean == Decimal("2.33")                  # 14 / 6
    assert [c.count for c in collection[1]] == [None, None, None]  # 1, 2 and 3 answers: all hidden
    assert [c.count for c in hours[1]] == [0, 0, 6] and hours[2].mean == Decimal("3.00")
