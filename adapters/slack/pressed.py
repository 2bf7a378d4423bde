"""A message after one of its buttons was pressed: it shows what was chosen, and that button is gone.

An answer to a question (a choices or quiz row) takes the whole row: one answer per question. In other
rows only the pressed button goes, since the others stay useful (a catalog's other Enroll buttons).
"""

from adapters.slack import texts
from adapters.slack.blocks import Block, context
from adapters.slack.mrkdwn import escape

ANSWER_ROWS = ("choices-", "quiz-")


def with_choice_shown(blocks: list[Block], block_id: str, action_id: str, label: str) -> list[Block] | None:
    """The message's blocks updated for the press, or None when the row is not there (any more)."""
    note = context(texts.CHOSE.format(label=escape(label)))
    updated: list[Block] = []
    found = False
    for block in blocks:
        if block.get("type") != "actions" or block.get("block_id") != block_id:
            updated.append(block)
            continue
        found = True
        rest = [element for element in block.get("elements", []) if element.get("action_id") != action_id]
        if rest and not block_id.startswith(ANSWER_ROWS):
            updated.append(block | {"elements": rest})
        updated.append(note)
    return updated if found else None


def notification_text(blocks: list[Block]) -> str:
    return next((str(block["text"]["text"]) for block in blocks if block.get("type") == "section"), texts.CONTINUED)
