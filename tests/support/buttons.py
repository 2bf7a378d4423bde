"""What an engine reply's buttons and prompt run, as the chat registry writes them for every platform."""

from adapters.chat.phrases import full_grammar
from domain.replies import Button, Reply

GRAMMAR = full_grammar()


def action_line(button: Button) -> str:
    """The command line the button runs ("enroll SEC-101")."""
    return GRAMMAR.action_of(button.command) if button.command is not None else button.action


def prompt_line(reply: Reply) -> str | None:
    """The line the reply's typed answer is appended to ("answer <attempt> 1 "), if it waits for one."""
    return GRAMMAR.prompt_line(reply.prompt) if reply.prompt is not None else reply.text_action


def answer_line(reply: Reply) -> str | None:
    """The line a quiz option's index is appended to, if the reply is a quiz."""
    if reply.quiz is None:
        return None
    return GRAMMAR.prompt_line(reply.quiz.answer) if reply.quiz.answer is not None else reply.quiz.answer_action
