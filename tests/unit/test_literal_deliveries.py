"""Text people typed (titles, bodies, names, messages) reaches every platform as typed, never as markup."""

from domain.announcements.rendering import announcement_reply
from domain.replies import unescaped


def test_an_announcement_title_and_body_with_marks_are_escaped_inside_the_bold_title() -> None:
    reply = announcement_reply("*Exam* _moved_", "Bring `pens` and ~snacks~", "urgent", pinned=True)
    title_line, body = reply.text.split("\n", 1)
    assert title_line == "🚨 *URGENT* · *\\*Exam\\* \\_moved\\_*"
    assert unescaped(body) == "Bring `pens` and ~snacks~"
    assert body != "Bring `pens` and ~snacks~"
