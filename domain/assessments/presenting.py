"""Replies for quiz taking: a question, the feedback on an answer, the summary of a submitted attempt."""

import math
from decimal import Decimal
from typing import Any

from domain.assessments import texts
from domain.assessments.attempt_state import AttemptState
from domain.assessments.commands import AnswerQuestion, StartAttempt
from domain.assessments.grading import Entry, Scored, percentage
from domain.assessments.loaded import LoadedAttempt
from domain.assessments.questions import AnyQuestion, Essay, MultipleChoice, ShortAnswer, TrueFalse
from domain.assessments.settings import AssessmentSettings
from domain.replies import Button, Prompt, Quiz, Reply, literal


def answer_prompt(attempt: LoadedAttempt, number: int, *, typed: bool = False) -> Prompt:
    """Answering question `number`: the option's position (a button, a poll) or the typed text completes it; a
    `typed` reply to a question with options is its number as shown or its words."""
    given = {"typed": True} if typed else {}
    return Prompt.of(AnswerQuestion, attempt_id=attempt.id, number=number, **given)


def pick_hint(typed: str, options: list[str]) -> str:
    """What to say when typed text names none of the question's options."""
    numbered = (
        texts.OR.join(f"{n} ({literal(option)})" for n, option in enumerate(options, 1)) if len(options) <= 2 else ""
    )
    pick = texts.PICK_ONE_OF.format(choices=numbered) if numbered else texts.PICK_NUMBER.format(last=len(options))
    return texts.NOT_AN_OPTION.format(typed=literal(short_text(typed))) + " " + pick


def short_text(typed: str, limit: int = 40) -> str:
    flat = " ".join(typed.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def context_line(attempt: LoadedAttempt) -> str:
    of = texts.OF_ATTEMPTS.format(max=attempt.max_attempts) if attempt.max_attempts else ""
    line = texts.ATTEMPT_CONTEXT.format(title=literal(attempt.title), number=attempt.round_number, of=of)
    if attempt.deadline is not None:
        minutes = max(math.ceil((attempt.deadline - attempt.now).total_seconds() / 60), 0)
        line += texts.TIME_LEFT.format(minutes=minutes)
    return line


def question_reply(attempt: LoadedAttempt, state: AttemptState, number: int, question: AnyQuestion) -> Reply:
    """The question with its options as choices (and as a quiz poll when it fits), or a free-text prompt."""
    points = texts.points(question.points)
    text = texts.QUESTION.format(
        number=number, total=len(state.order), points=points, question=literal(question.question)
    )
    if isinstance(question, MultipleChoice | TrueFalse):
        options = state.shown_options(question)
        settings = attempt.assessment_settings()
        reveal = settings.feedback_after_each and settings.reveals_correct_answers
        correct = state.shown_position(question, correct_original(question))
        quiz = Quiz(
            question=question.question,
            options=options,
            answer=answer_prompt(attempt, number),
            correct_option=correct if reveal else None,
            explanation=question.explanation if reveal else None,
            native_poll=True,
        )
        choices = [
            Button(label=option, command=AnswerQuestion(attempt_id=attempt.id, number=number, answer=str(position)))
            for position, option in enumerate(options)
        ]
        # Typed text answers too (the option's number or words), so a stray reply stays on this question.
        typed = answer_prompt(attempt, number, typed=True)
        return Reply(text=text, choices=choices, quiz=quiz, context=context_line(attempt), prompt=typed)
    hint = texts.ESSAY_HINT if isinstance(question, Essay) else texts.SHORT_ANSWER_HINT
    return Reply(text=f"{text}\n\n{hint}", prompt=answer_prompt(attempt, number), context=context_line(attempt))


def correct_original(question: MultipleChoice | TrueFalse) -> int:
    if isinstance(question, TrueFalse):
        return 0 if question.correct_answer else 1
    return question.correct_answer


def describe_answer(question: AnyQuestion, answer: Any) -> str:
    """An answer as the trainee would recognise it."""
    if answer is None:
        return texts.NO_ANSWER
    if isinstance(question, MultipleChoice) and type(answer) is int and 0 <= answer < len(question.options):
        return question.options[answer]
    if isinstance(question, TrueFalse) and isinstance(answer, bool):
        return texts.TRUE if answer else texts.FALSE
    return str(answer)


def correct_answer_text(question: AnyQuestion) -> str:
    if isinstance(question, MultipleChoice):
        return question.options[question.correct_answer]
    if isinstance(question, TrueFalse):
        return texts.TRUE if question.correct_answer else texts.FALSE
    if isinstance(question, ShortAnswer):
        return texts.OR.join(question.correct_answer)
    return ""


def feedback_reply(question: AnyQuestion, entry: Entry, settings: AssessmentSettings) -> Reply | None:
    """Right or wrong (and the explanation) straight after an answer, when the settings say so."""
    if isinstance(question, Essay):
        return Reply(text=texts.ESSAY_SAVED)
    if not settings.feedback_after_each:
        return None
    verdict = texts.CORRECT if entry["is_correct"] else texts.INCORRECT
    if question.explanation:
        verdict += f"\n{question.explanation}"
    return Reply(text=verdict)


def summary_reply(
    attempt: LoadedAttempt, scored: Scored, questions: list[AnyQuestion], *, timed_out: bool = False
) -> Reply:
    """What the trainee sees when an attempt is handed in: score, pass or not, attempts left, what was wrong."""
    settings = attempt.assessment_settings()
    lines = [texts.TIME_UP] if timed_out else []
    lines.append(texts.SUBMITTED.format(title=literal(attempt.title), number=attempt.round_number))
    reachable = best_reachable(scored, questions)
    cannot_pass = scored.score is None and reachable < (attempt.passing_score or 0)
    if cannot_pass:
        lines.append(
            texts.CANNOT_PASS.format(
                count=scored.pending,
                s="" if scored.pending == 1 else "s",
                verb="s" if scored.pending == 1 else "",
                best=texts.percent(reachable),
            )
        )
    elif scored.score is None:
        lines.append(texts.AWAITS_GRADING.format(count=scored.pending, s="" if scored.pending == 1 else "s"))
    else:
        verdict = texts.PASSED if scored.is_passed else texts.NOT_PASSED
        lines.append(texts.SCORE.format(score=texts.percent(scored.score), mark=attempt.passing_score or 0) + verdict)
    left = attempt.attempts_left
    lines.append(texts.ATTEMPTS_LEFT.format(left=texts.UNLIMITED if left is None else left))
    lines += wrong_lines(scored, questions, settings)
    buttons = []
    if (scored.is_passed is False or cannot_pass) and left != 0:
        # `retake` when essays still wait: `quiz` would only say that the attempt waits for its grade.
        again = StartAttempt(assessment_id=attempt.assessment_id, again=cannot_pass)
        buttons.append(Button(label=texts.TRY_AGAIN, command=again, style="primary"))
    return Reply(text="\n".join(lines), buttons=buttons)


def best_reachable(scored: Scored, questions: list[AnyQuestion]) -> Decimal:
    """The score the attempt reaches if every essay still waiting gets full points."""
    waiting = sum(
        question.points
        for question, entry in zip(questions, scored.entries, strict=True)
        if entry["points_earned"] is None
    )
    return percentage(scored.earned + waiting, scored.total)


def wrong_lines(scored: Scored, questions: list[AnyQuestion], settings: AssessmentSettings) -> list[str]:
    wrong = [
        (n, q, e) for n, (q, e) in enumerate(zip(questions, scored.entries, strict=True), 1) if e["is_correct"] is False
    ]
    if not wrong:
        return [texts.NOTHING_WRONG] if scored.score is not None else []
    lines = [texts.WHAT_WAS_WRONG]
    for number, question, entry in wrong:
        line = texts.WRONG_LINE.format(number=number, question=literal(question.question))
        line += texts.YOUR_ANSWER.format(answer=literal(describe_answer(question, entry["answer"])))
        if settings.reveals_correct_answers and not isinstance(question, Essay):
            line += texts.RIGHT_ANSWER.format(answer=literal(correct_answer_text(question)))
        if not settings.feedback_after_each and question.explanation:
            line += f" {question.explanation}"
        lines.append(line)
    return lines
