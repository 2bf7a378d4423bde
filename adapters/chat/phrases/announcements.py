"""Chat words for announcements and delivery preferences.

announce <audience> <title> | <text>   audience: a course code, dept:CODE or all
flags anywhere before the text's end: !urgent !high !low !pin, at YYYY-MM-DD HH:MM, until YYYY-MM-DD HH:MM
"""

import re
from datetime import datetime

from adapters.chat.grammar import Audience, Grammar, Phrase, Words, Writes
from domain.announcements.commands import (
    ChooseNotificationPlatform,
    EditDraft,
    ListAnnouncements,
    PostAnnouncement,
    StartAnnouncement,
    WithdrawAnnouncement,
)
from domain.messagebus import Command
from domain.models.enums import Priority

PRIORITY_FLAGS = {"!urgent": Priority.URGENT, "!high": Priority.HIGH, "!low": Priority.LOW, "!normal": Priority.NORMAL}
WHEN = re.compile(r"(?:^|\s)(at|until)\s+(\d{4}-\d{2}-\d{2})\s+(\d{1,2}:\d{2})(?=\s|$)", re.IGNORECASE)
FLAG = re.compile(r"(?:^|\s)(![a-z]+)(?=\s|$)", re.IGNORECASE)


def announce(words: Words) -> Command:
    if not words.text:
        return StartAnnouncement()
    head, bar, body = words.text.partition("|")
    if not bar:
        words.fail()
    values: dict[str, object] = {}
    head = _take_flags(words, head, values)
    body = _take_flags(words, body, values)
    audience, _, title = head.strip().partition(" ")
    if not audience or not title.strip() or not body.strip():
        words.fail()
    return words.make(PostAnnouncement, audience=audience, title=title.strip(), text=body.strip(), **values)


def _take_flags(words: Words, part: str, values: dict[str, object]) -> str:
    for match in WHEN.finditer(part):
        try:
            moment = datetime.strptime(f"{match.group(2)} {match.group(3)}", "%Y-%m-%d %H:%M")
        except ValueError:
            words.fail()
        values["publish_at" if match.group(1).lower() == "at" else "expires_at"] = moment
    part = WHEN.sub(" ", part)
    for match in FLAG.finditer(part):
        flag = match.group(1).lower()
        if flag == "!pin":
            values["pinned"] = True
        elif flag in PRIORITY_FLAGS:
            values["priority"] = PRIORITY_FLAGS[flag]
        else:
            words.fail()
    return FLAG.sub(" ", part)


def draft(words: Words) -> Command:
    """draft new AUDIENCE | draft ID FIELD [VALUE] (the guided flow's buttons and prompts write these)."""
    tokens = words.tokens
    if len(tokens) < 2:
        words.fail()
    if tokens[0].lower() == "new":
        return words.make(EditDraft, draft_id="new", field="audience", value=words.rest_after(1))
    value = words.rest_after(2) if len(tokens) > 2 else ""
    return words.make(EditDraft, draft_id=tokens[0], field=tokens[1].lower(), value=value)


def announcements(words: Words) -> Command:
    words.none()
    return ListAnnouncements()


WITHDRAW_BY_BUTTON = (
    "To withdraw an announcement, type *announcements* and press *Withdraw* under yours (it shows while some "
    "of it is still to be sent)."
)
WRITE_WITH_ANNOUNCE = "To write an announcement step by step, type *announce*: it asks for each part in turn."


def withdraw(words: Words) -> Command:
    return words.make(WithdrawAnnouncement, announcement_id=words.exactly(1)[0])


def notify(words: Words) -> Command:
    tokens = [token.lower() for token in words.tokens]
    if len(tokens) != 2 or tokens[0] != "via":
        words.fail()
    return words.make(ChooseNotificationPlatform, platform=tokens[1])


def register(grammar: Grammar) -> None:
    staff = Audience.STAFF
    grammar.add(
        Phrase(
            ("announce",),
            PostAnnouncement,
            announce,
            "announce COURSE|dept:CODE|all TITLE | TEXT [!urgent|!high|!low] [!pin] [at YYYY-MM-DD HH:MM] "
            "[until YYYY-MM-DD HH:MM]",
            "post an announcement",
            staff,
            example="announce SEC-101 Exam moved !urgent | The exam is on Friday at 10:00.",
            writes=(Writes(StartAnnouncement),),
        )
    )
    grammar.add(
        Phrase(
            ("draft",),
            EditDraft,
            draft,
            "draft ID FIELD VALUE",
            "write an announcement",
            staff,
            listed=False,
            writes=(
                Writes(EditDraft, ("draft_id", "value"), when={"draft_id": "new", "field": "audience"}),
                Writes(EditDraft, ("draft_id", "field", "value")),
            ),
            explain=WRITE_WITH_ANNOUNCE,
        )
    )
    grammar.add(
        Phrase(
            ("announcements", "news"),
            ListAnnouncements,
            announcements,
            "announcements",
            "current news",
            arguments=(),
        )
    )
    grammar.add(
        Phrase(
            ("withdraw",),
            WithdrawAnnouncement,
            withdraw,
            "withdraw ID",
            "stop an announcement",
            staff,
            arguments=("announcement_id",),
            explain=WITHDRAW_BY_BUTTON,
        )
    )
    grammar.add(
        Phrase(
            ("notify",),
            ChooseNotificationPlatform,
            notify,
            "notify via telegram|slack",
            "where announcements and messages reach you",
        )
    )
