"""Neutral replies as the Telegram messages to send: HTML text, inline keyboards, quiz polls, documents.

Pure: the poster (adapters/telegram/sending.py) performs what this plans.
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace

from telegram import InlineKeyboardMarkup

from adapters.telegram.keyboards import Encode, keyboard
from adapters.telegram.markup import escape, to_html
from adapters.telegram.splitting import MESSAGE_LIMIT, split_html, telegram_length
from domain.replies import Button, Quiz, Reply, literal, unescaped

CAPTION_LIMIT = 1024
# Bot API limits for quiz polls: the question, the number of options and each one, the explanation, the
# description (the words around the question). A question beyond them is sent as text with option buttons.
POLL_QUESTION_LIMIT, POLL_OPTIONS_LIMIT, POLL_OPTION_LIMIT = 300, 12, 100
POLL_EXPLANATION_LIMIT, POLL_DESCRIPTION_LIMIT = 200, 1024


@dataclass(frozen=True)
class TextMessage:
    html: str
    keyboard: InlineKeyboardMarkup | None = None


@dataclass(frozen=True)
class QuizPoll:
    """A native quiz poll; its poll_answer runs `answer_action` with the chosen index appended."""

    question: str
    options: tuple[str, ...]
    answer_action: str
    correct_option: int | None = None
    explanation: str | None = None
    keyboard: InlineKeyboardMarkup | None = None
    # The words around the question ("Question 2 of 5", the status line), shown with the poll.
    description_html: str | None = None


@dataclass(frozen=True)
class DocumentMessage:
    url: str
    title: str
    caption_html: str
    keyboard: InlineKeyboardMarkup | None = None


Outgoing = TextMessage | QuizPoll | DocumentMessage


def plan(replies: Sequence[Reply], encode: Encode, limit: int = MESSAGE_LIMIT) -> list[Outgoing]:
    """Every message to send for these replies, in order.

    A text with nothing to press is joined to the text or poll after it ("✅ Correct." and the next
    question): fewer notifications, and fewer sends against Telegram's limit of about one message a second
    per chat.
    """
    messages: list[Outgoing] = []
    for message in (message for reply in replies for message in plan_one(reply, encode, limit)):
        previous = messages[-1] if messages else None
        if isinstance(previous, TextMessage) and previous.keyboard is None:
            joined = _joined(previous, message, limit)
            if joined is not None:
                messages[-1] = joined
                continue
        messages.append(message)
    return messages


def _joined(text: TextMessage, following: Outgoing, limit: int) -> Outgoing | None:
    """The text and what follows it as one message, when they fit in one."""
    if isinstance(following, TextMessage):
        html = f"{text.html}\n\n{following.html}"
        return replace(following, html=html) if telegram_length(html) <= limit else None
    if isinstance(following, QuizPoll):
        html = f"{text.html}\n\n{following.description_html}" if following.description_html else text.html
        return replace(following, description_html=html) if telegram_length(html) <= POLL_DESCRIPTION_LIMIT else None
    return None


def plan_one(reply: Reply, encode: Encode, limit: int = MESSAGE_LIMIT) -> list[Outgoing]:
    quiz = reply.quiz
    if quiz is not None and fits_a_poll(quiz):
        return _as_poll(reply, quiz, encode, limit)
    choices = reply.choices
    question = None
    if quiz is not None:
        choices = choices or [
            Button(label=option, action=f"{quiz.answer_action}{index}") for index, option in enumerate(quiz.options)
        ]
        question = None if quiz.question.strip() in reply.text else quiz.question
    html = body_html(reply.text, reply.context, question)
    markup = keyboard(encode, choices, reply.buttons, reply.link)
    if reply.document is not None:
        return _with_document(reply, html, markup, limit)
    return _texts(html, markup, limit)


def fits_a_poll(quiz: Quiz) -> bool:
    """Whether a native quiz poll can show the quiz: the engine allows one (Quiz.native_poll: one right option)
    and it is within the Bot API's limits for polls."""
    return (
        quiz.native_poll
        and 1 <= len(quiz.question) <= POLL_QUESTION_LIMIT
        and 2 <= len(quiz.options) <= POLL_OPTIONS_LIMIT
        and all(1 <= len(option) <= POLL_OPTION_LIMIT for option in quiz.options)
        and (quiz.explanation is None or len(quiz.explanation) <= POLL_EXPLANATION_LIMIT)
        and (quiz.correct_option is None or 0 <= quiz.correct_option < len(quiz.options))
    )


def body_html(text: str, context: str | None = None, question: str | None = None) -> str:
    """The message text as HTML, then a question in bold, then the status line (Reply.context) in italics."""
    blocks = [to_html(text.strip())]
    if question and question.strip():
        blocks.append(f"<b>{escape(question.strip())}</b>")
    if context and context.strip():
        blocks.append(f"<i>{escape(unescaped(context.strip()))}</i>")
    return "\n\n".join(block for block in blocks if block)


def _texts(html: str, markup: InlineKeyboardMarkup | None, limit: int) -> list[Outgoing]:
    parts = split_html(html, limit)
    if not parts:
        # Telegram refuses empty text; a keyboard alone still needs a line to hang from.
        return [TextMessage("…", markup)] if markup is not None else []
    # The keyboard goes under the last part, where the reader ends up.
    return [TextMessage(part, markup if last else None) for last, part in _flag_last(parts)]


def _as_poll(reply: Reply, quiz: Quiz, encode: Encode, limit: int) -> list[Outgoing]:
    """The poll, with the reply's other words as its description (or, when they are too long, a message before)."""
    question = quiz.question.strip()
    intro = reply.text.replace(literal(question), "").replace(question, "") if question else reply.text
    html = body_html(intro, reply.context)
    fits = telegram_length(html) <= POLL_DESCRIPTION_LIMIT
    poll = QuizPoll(
        question=quiz.question,
        options=tuple(quiz.options),
        answer_action=quiz.answer_action,
        correct_option=quiz.correct_option,
        explanation=quiz.explanation,
        keyboard=keyboard(encode, (), reply.buttons, reply.link),
        description_html=html if html and fits else None,
    )
    return [*([] if fits else _texts(html, None, limit)), poll]


def _with_document(reply: Reply, html: str, markup: InlineKeyboardMarkup | None, limit: int) -> list[Outgoing]:
    document = reply.document
    if document is None:
        return _texts(html, markup, limit)
    caption = escape(document.title)
    if html and telegram_length(html) + telegram_length(caption) + 2 <= CAPTION_LIMIT:
        return [DocumentMessage(document.url, document.title, f"{html}\n\n{caption}", markup)]
    texts = _texts(html, None, limit)
    return [*texts, DocumentMessage(document.url, document.title, caption, markup)]


def _flag_last(parts: list[str]) -> list[tuple[bool, str]]:
    return [(index == len(parts) - 1, part) for index, part in enumerate(parts)]
