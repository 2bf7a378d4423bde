"""Chat words for review nudges: `nudges off|on`, `review`, and the answers a review question takes."""

from adapters.chat.grammar import Grammar, Phrase, Words, Writes
from domain.assessments.references import as_uuid
from domain.messagebus import Command
from domain.nudges.commands import AnswerReview, SetNudges, ShowReview

SWITCHES = {"on": "on", "off": "off", "stop": "off", "start": "on"}
REVIEW_BY_BUTTON = "Review questions are answered with their buttons, or by typing the answer when one is asked."


def nudges(words: Words) -> Command:
    """nudges (how they stand), nudges off, nudges on."""
    tokens = words.at_most(1)
    if not tokens:
        return SetNudges()
    switch = SWITCHES.get(tokens[0].lower())
    if switch is None:
        words.fail()
    return words.make(SetNudges, switch=switch)


def review(words: Words) -> Command:
    """review (the most overdue missed question), or review CARD (a nudge's Answer button)."""
    tokens = words.at_most(1)
    if tokens and as_uuid(tokens[0]) is None:
        words.fail()
    return words.make(ShowReview, card_id=tokens[0] if tokens else None)


def answer(words: Words, *, typed: bool = False) -> Command:
    """review-answer CARD ROUND ANSWER: the option's index, or the typed text (kept as typed)."""
    tokens = words.tokens
    if len(tokens) < 3 or not tokens[1].isdigit():
        words.fail()
    return words.make(AnswerReview, card_id=tokens[0], round=int(tokens[1]), answer=words.rest_after(2), typed=typed)


def choose(words: Words) -> Command:
    """review-choose CARD ROUND TEXT: a typed reply to a question with options (its number or words)."""
    return answer(words, typed=True)


def register(grammar: Grammar) -> None:
    add = grammar.add
    add(
        Phrase(
            ("nudges", "nudge"),
            SetNudges,
            nudges,
            "nudges [off|on]",
            "stop (or restart) the review questions I send about quiz questions you missed",
            example="nudges off",
            arguments=("switch",),
        )
    )
    add(
        Phrase(
            ("review",),
            ShowReview,
            review,
            "review",
            "review a quiz question you missed, now",
            arguments=("card_id",),
        )
    )
    add(
        Phrase(
            ("review-answer",),
            AnswerReview,
            answer,
            "review-answer CARD ROUND ANSWER",
            "answer a review question",
            listed=False,
            writes=(Writes(AnswerReview, ("card_id", "round", "answer"), when={"typed": False}),),
            explain=REVIEW_BY_BUTTON,
        )
    )
    add(
        Phrase(
            ("review-choose",),
            AnswerReview,
            choose,
            "review-choose CARD ROUND OPTION",
            "answer a review question by typing its option",
            listed=False,
            writes=(Writes(AnswerReview, ("card_id", "round", "answer"), when={"typed": True}),),
            explain=REVIEW_BY_BUTTON,
        )
    )
