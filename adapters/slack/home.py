"""The App Home tab: "my courses and progress" as a home view (at most 100 blocks)."""

from typing import Any

from adapters.slack import texts
from adapters.slack.blocks import VIEW_BLOCKS, Block, Encode, ReplyBlocks, context, section
from domain.replies import Reply


def home_view(replies: list[Reply], encode: Encode = str) -> dict[str, Any]:
    blocks: list[Block] = [{"type": "header", "text": {"type": "plain_text", "text": texts.HOME_TITLE}}]
    builder = ReplyBlocks(encode)
    body = [block for reply in replies for block in [*builder.build(reply), {"type": "divider"}]]
    blocks += body or [section(texts.HOME_EMPTY), {"type": "divider"}]
    footer = context(texts.HOME_FOOTER)
    if len(blocks) + 1 > VIEW_BLOCKS:
        blocks = blocks[: VIEW_BLOCKS - 1]
    return {"type": "home", "blocks": [*blocks, footer]}
