"""A review card's question as the trainee sees it: in a nudge (delivered), or in reply to `review`.

Options are buttons in their authored order (each carries the option's index, so a typed number or words match
as in the quiz); a short answer is typed. A delivered nudge cannot wait for typed text (the prompt lives in the
chat the person answers from), so its short-answer question has an Answer button that asks it in reply.
"""

import uuid
from dataclasses import dataclass

from domain.assessments.questions import AnyQuestion, MultipleChoice, ShortAnswer, TrueFalse
from domain.nudges import texts
from domain.nudges.commands import AnswerReview, SetNudges, ShowReview
from domain.replies import Button, Prompt, Reply, literal


@dataclass(frozen=True)
class Asked:
    """A card about to be asked: its id, its round (answers so far), its quiz's title and the question."""

    card_id: uuid.UUID
    round: int
    title: str
    question: AnyQuestion


def options_of(question: AnyQuestion) -> list[str]:
    if isinstance(question, MultipleChoice | TrueFalse):
        return question.choices
    return []


def typed_answer(asked: Asked) -> Prompt:
    """What the person's next typed line answers: a short answer, or an option by its number or words."""
    typed = not isinstance(asked.question, ShortAnswer)
    return Prompt.of(AnswerReview, card_id=asked.card_id, round=asked.round, typed=typed)


def choices(asked: Asked) -> list[Button]:
    return [
        Button(label=option, command=AnswerReview(card_id=asked.card_id, round=asked.round, answer=str(index)))
        for index, option in enumerate(options_of(asked.question))
    ]


def stop_button() -> Button:
    return Button(label=texts.STOP_BUTTON, command=SetNudges(switch="off"))


def question_text(asked: Asked) -> str:
    intro = texts.NUDGE_INTRO.format(title=literal(asked.title))
    words = texts.QUESTION.format(intro=intro, question=literal(asked.question.question))
    return f"{words}\n\n{texts.TYPE_HINT}" if isinstance(asked.question, ShortAnswer) else words


def nudge_reply(asked: Asked) -> Reply:
    """The nudge as delivered: the question with its options (or an Answer button), and how to stop them."""
    if isinstance(asked.question, ShortAnswer):
        answer = Button(label=texts.ANSWER_BUTTON, command=ShowReview(card_id=asked.card_id), style="primary")
        words = texts.QUESTION.format(
            intro=texts.NUDGE_INTRO.format(title=literal(asked.title)), question=literal(asked.question.question)
        )
        return Reply(text=words, buttons=[answer, stop_button()], context=texts.STOP_HINT)
    return Reply(text=question_text(asked), choices=choices(asked), buttons=[stop_button()], context=texts.STOP_HINT)


def review_reply(asked: Asked) -> Reply:
    """The question asked in reply: options as buttons, and the person's next text taken as the answer."""
    return Reply(text=question_text(asked), choices=choices(asked), prompt=typed_answer(asked), context=texts.STOP_HINT)
