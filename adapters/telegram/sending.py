"""Planned messages posted through PTB's Bot, in order, with the ids Telegram gave them.

How a failed call ends depends on the poster's `call`: BotCall (the replies to the person who wrote: a blocked
chat ends the sending, a refusal is logged) or OneAttempt (ChatBackend.send: the failure is raised).
"""

import logging
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message, Poll
from telegram.constants import ParseMode
from telegram.error import BadRequest

from adapters.telegram import texts
from adapters.telegram.calls import Blocked, BotCall, OneAttempt
from adapters.telegram.markup import escape, to_plain
from adapters.telegram.parse import AnsweredQuestion
from adapters.telegram.polls import PollBook, SentPoll
from adapters.telegram.render import DocumentMessage, Outgoing, QuizPoll, TextMessage
from adapters.telegram.splitting import MESSAGE_LIMIT, telegram_length

log = logging.getLogger(__name__)


class TelegramPoster:
    def __init__(self, bot: Bot, polls: PollBook, call: BotCall | OneAttempt | None = None) -> None:
        self.bot = bot
        self.polls = polls
        self.call = call or BotCall()

    async def send_all(self, chat_id: int, platform_user_id: str, messages: Sequence[Outgoing]) -> None:
        """Send in order; stop at a blocked chat, skip (and log) a message that cannot be sent."""
        try:
            for message in messages:
                await self.post(chat_id, platform_user_id, message)
        except Blocked:
            log.info("telegram chat %s blocked the bot; the rest of this reply is not sent", chat_id)

    async def answer_callback(self, callback_query_id: str) -> None:
        # Answer even with no text: the client shows a spinner on the button until we do.
        try:
            await self.call(lambda: self.bot.answer_callback_query(callback_query_id), "answerCallbackQuery")
        except Blocked:
            log.info("telegram callback query %s: the person blocked the bot", callback_query_id)

    async def show_answered(self, answered: AnsweredQuestion) -> None:
        """Mark the question message with the chosen answer and take its keyboard away."""
        marked = f"{answered.question_html}\n\n{texts.ANSWERED.format(choice=escape(answered.chosen_label))}"
        try:
            if telegram_length(marked) <= MESSAGE_LIMIT:
                await self.call(
                    lambda: self.bot.edit_message_text(
                        marked, answered.chat_id, answered.message_id, parse_mode=ParseMode.HTML
                    ),
                    "editMessageText",
                )
            else:
                await self.call(
                    lambda: self.bot.edit_message_reply_markup(answered.chat_id, answered.message_id),
                    "editMessageReplyMarkup",
                )
        except Blocked:
            log.info("telegram chat %s blocked the bot", answered.chat_id)

    async def post(self, chat_id: int, platform_user_id: str, message: Outgoing) -> list[int]:
        """Post one planned message; the ids of the Telegram messages it became (none when it failed)."""
        if isinstance(message, TextMessage):
            sent = [await self._send_text(chat_id, message.html, message.keyboard)]
        elif isinstance(message, QuizPoll):
            sent = await self._send_poll(chat_id, platform_user_id, message)
        else:
            sent = await self._send_document(chat_id, message)
        return [found.message_id for found in sent if found is not None]

    async def _send_text(self, chat_id: int, html: str, markup: InlineKeyboardMarkup | None) -> Message | None:
        try:
            return await self.call(
                lambda: self.bot.send_message(chat_id, html, parse_mode=ParseMode.HTML, reply_markup=markup),
                "sendMessage",
                raise_bad_request=True,
            )
        except BadRequest as error:
            # Markup Telegram refuses would lose the whole message; the plain text still says it.
            log.warning("telegram refused a message's HTML (%s); sending it as plain text", error.message)
            return await self.call(
                lambda: self.bot.send_message(chat_id, to_plain(html), reply_markup=markup), "sendMessage"
            )

    async def _send_poll(self, chat_id: int, platform_user_id: str, poll: QuizPoll) -> list[Message | None]:
        before: list[Message | None] = []
        try:
            sent = await self.call(lambda: self._post_poll(chat_id, poll), "sendPoll", raise_bad_request=True)
        except BadRequest as error:
            if poll.description_html is None:
                self.call.refused("sendPoll", error)
                return []
            # A poll description Telegram does not take: the words go in a message of their own.
            log.warning("telegram refused a poll with a description (%s); sending it apart", error.message)
            before.append(await self._send_text(chat_id, poll.description_html, None))
            sent = await self.call(lambda: self._post_poll(chat_id, replace(poll, description_html=None)), "sendPoll")
        if sent is None or sent.poll is None:
            return before
        await self.polls.remember(
            SentPoll(sent.poll.id, platform_user_id, str(chat_id), sent.message_id, poll.answer_action)
        )
        return [*before, sent]

    async def _post_poll(self, chat_id: int, poll: QuizPoll) -> Message:
        quiz = poll.correct_option is not None
        return await self.bot.send_poll(
            chat_id,
            poll.question,
            list(poll.options),
            # Only a poll that is not anonymous reports each person's answer (poll_answer).
            is_anonymous=False,
            type=Poll.QUIZ if quiz else Poll.REGULAR,
            correct_option_ids=_correct_ids(poll.correct_option),
            explanation=poll.explanation if quiz else None,
            reply_markup=poll.keyboard,
            description=poll.description_html,
            description_parse_mode=ParseMode.HTML if poll.description_html else None,
        )

    async def _send_document(self, chat_id: int, document: DocumentMessage) -> list[Message | None]:
        try:
            sent = await self.call(
                lambda: self.bot.send_document(
                    chat_id,
                    document.url,
                    caption=document.caption_html,
                    parse_mode=ParseMode.HTML,
                    reply_markup=document.keyboard,
                ),
                "sendDocument",
                raise_bad_request=True,
            )
            return [sent]
        except BadRequest as error:
            # Telegram could not fetch the file: offer it as a link instead.
            log.warning("telegram could not send document %s (%s); sending a link", document.url, error.message)
            rows = [*(document.keyboard.inline_keyboard if document.keyboard else ())]
            rows.append((InlineKeyboardButton(document.title, url=document.url),))
            return [await self._send_text(chat_id, document.caption_html, InlineKeyboardMarkup(rows))]


def _correct_ids(correct_option: int | None) -> Any:
    # PTB types these as Literal[0..11]; render only makes polls of up to 12 options.
    return [correct_option] if correct_option is not None else None
