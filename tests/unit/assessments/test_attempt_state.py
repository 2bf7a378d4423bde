"""Per-attempt state: asking order, shuffled options mapped back to the original, short ids."""

import uuid
from datetime import UTC, datetime

from domain.assessments.attempt_state import AttemptState, new_state, shuffled
from domain.assessments.ids import parse_id, short_id
from domain.assessments.questions import AnyQuestion, MultipleChoice, ShortAnswer, TrueFalse
from domain.assessments.settings import AssessmentSettings

CHOICE = MultipleChoice(id="q1", type="multiple_choice", question="?", options=["a", "b", "c", "d"], correct_answer=1)
FLAG = TrueFalse(id="q2", type="true_false", question="?", correct_answer=True)
WORDS = ShortAnswer(id="q3", type="short_answer", question="?", correct_answer=["x"])
BY_ID: dict[str, AnyQuestion] = {q.id: q for q in (CHOICE, FLAG, WORDS)}


def test_a_shuffle_always_changes_the_order_when_it_can() -> None:
    for _ in range(50):
        assert shuffled([0, 1]) == [1, 0]
    assert shuffled([7]) == [7]
    assert shuffled([]) == []


def test_a_new_state_keeps_the_authored_order_unless_asked_to_shuffle() -> None:
    assert new_state([CHOICE, FLAG, WORDS], AssessmentSettings()) == {"answers": [], "order": ["q1", "q2", "q3"]}
    state = new_state([CHOICE, FLAG, WORDS], AssessmentSettings(shuffle_questions=True, shuffle_options=True))
    assert sorted(state["order"]) == ["q1", "q2", "q3"]
    assert state["order"] != ["q1", "q2", "q3"]
    assert list(state["options"]) == ["q1"]  # only multiple choice options are shuffled
    assert sorted(state["options"]["q1"]) == [0, 1, 2, 3]


def test_shown_options_follow_the_permutation_and_map_back_to_the_original_index() -> None:
    state = AttemptState.from_json({"answers": [], "order": ["q1"], "options": {"q1": [2, 0, 3, 1]}})
    assert state.shown_options(CHOICE) == ["c", "a", "d", "b"]
    assert state.shown_position(CHOICE, 1) == 3
    assert state.shown_options(FLAG) == ["True", "False"]


def test_the_next_question_is_the_first_unanswered_one_in_asking_order() -> None:
    state = AttemptState.from_json(
        {
            "answers": [{"question_id": "q3", "answer": "x"}],
            "order": ["q3", "q1", "q2"],
            "deadline": "2030-01-01T00:00:00+00:00",
        }
    )
    assert state.next_question(BY_ID) == (2, CHOICE)
    assert state.deadline == datetime(2030, 1, 1, tzinfo=UTC)
    removed: dict[str, AnyQuestion] = {"q3": WORDS, "q2": FLAG}
    assert state.next_question(removed) == (3, FLAG)  # q1 left the assessment: it is skipped


def test_short_ids_are_22_characters_and_read_back() -> None:
    value = uuid.uuid4()
    assert len(short_id(value)) == 22
    assert parse_id(short_id(value)) == value
    assert parse_id(str(value)) == str(value)  # the canonical form is left to pydantic
    assert parse_id("!" * 22) == "!" * 22
