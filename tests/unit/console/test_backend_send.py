"""ConsoleBackend.send: what reaches a person who did not write is printed and kept in the transcript."""

import io

from adapters.chat.backend import ChatAddress
from adapters.console.backend import ConsoleBackend
from domain.models.enums import ChatPlatform
from domain.replies import Button, Reply

TOM = ChatAddress(ChatPlatform.CONSOLE, "", "tom.trainee@acme.example")


async def test_send_prints_the_replies_for_the_person_and_keeps_them_in_the_transcript() -> None:
    output = io.StringIO()
    backend = ConsoleBackend(output)

    sent = await backend.send(TOM, [Reply(text="New announcement", buttons=[Button(label="Read", action="read")])])
    again = await backend.send(TOM, [Reply(text="A reminder")])

    printed = output.getvalue()
    assert "[to tom.trainee@acme.example]" in printed
    assert "New announcement" in printed
    assert "[1] Read" in printed
    assert "A reminder" in printed
    assert [delivered.to for delivered in backend.transcript] == [TOM, TOM]
    assert sent.message_ids == ["1"]
    assert again.message_ids == ["2"]


async def test_send_of_nothing_prints_nothing() -> None:
    output = io.StringIO()
    backend = ConsoleBackend(output)

    sent = await backend.send(TOM, [])

    assert sent.message_ids == []
    assert output.getvalue() == ""
    assert backend.transcript == []
