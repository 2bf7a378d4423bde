"""On Telegram, the answers a new user gets where the platform shapes them: buttons that carry typed words."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.bootstrap import Services, build_services
from bot.commands.serve import platform_setups
from bot.web import create_app
from tests.e2e.telegram.demo import COURSE_CODE, INSTRUCTOR, TRAINEE, Demo, load_demo
from tests.e2e.telegram.harness import TelegramHarness, served, telegram_settings
from tests.e2e.telegram.journey import TelegramUser, buttons
from tests.support.fake_telegram import FakeTelegram, Person


@pytest.fixture
async def demo(db: async_sessionmaker[AsyncSession]) -> Demo:
    return await load_demo(db)


@pytest.fixture
async def app(
    fake_telegram: FakeTelegram, db: async_sessionmaker[AsyncSession], tmp_path: Path
) -> AsyncIterator[TelegramHarness]:
    settings = telegram_settings(fake_telegram).model_copy(update={"data_dir": tmp_path})
    services: Services = build_services(settings, db)
    async with served(create_app(services, platform_setups(services)), fake_telegram) as harness:
        yield harness


async def linked(app: TelegramHarness, demo: Demo, person: Person, email: str) -> TelegramUser:
    user = TelegramUser(person, app.fake, app.deliver)
    await user.say(f"/start {await demo.invite(email)}")
    return user


def text_of(messages: list[dict[str, object]]) -> str:
    return "\n".join(str(message.get("text", "")) for message in messages)


async def test_a_lone_number_typed_as_homework_is_asked_about_and_its_button_hands_it_in(
    app: TelegramHarness, demo: Demo
) -> None:
    tom = await linked(app, demo, Person(911, "Tom", "Trainee"), TRAINEE)
    await tom.say(f"/enroll {COURSE_CODE}")
    (listing,) = await tom.say("/assignments")
    await tom.press("Open: Secure your own accounts", on=listing)

    asked = await tom.say("1")
    assert "looks too short to be your work" in text_of(asked), tom.transcript
    assert [button["text"] for button in buttons(asked[-1])] == ["Hand in “1”"]

    handed_in = await tom.press("Hand in “1”", on=asked[-1])
    assert "Submitted" in text_of(handed_in), tom.transcript
    assert "You can replace it until it is graded" in text_of(handed_in)


async def test_an_unknown_command_suggests_the_closest_one_with_a_button_on_telegram(
    app: TelegramHarness, demo: Demo
) -> None:
    irene = await linked(app, demo, Person(912, "Irene", "Instructor"), INSTRUCTOR)
    answer = await irene.say("/gradin")
    assert "Did you mean grading?" in text_of(answer), irene.transcript
    labels = [button["text"] for button in buttons(answer[-1])]
    assert labels[:2] == ["grading", "Help"]
    assert "Nothing is waiting for grading" in text_of(await irene.press("grading", on=answer[-1]))


async def test_a_stray_reply_during_a_quiz_poll_shows_the_options_again_and_typed_words_answer_it(
    app: TelegramHarness, demo: Demo
) -> None:
    tom = await linked(app, demo, Person(913, "Tom", "Trainee"), TRAINEE)
    await tom.say(f"/enroll {COURSE_CODE}")
    await tom.say(f"/continue {COURSE_CODE}")
    for _ in range(8):
        await tom.press("Done ✓")
        await tom.press("Continue")
    await tom.press("Start the quiz")
    assert any("poll" in message for message in tom.messages), tom.transcript

    stray = await tom.say("9")
    assert "“9” is not one of the options. Pick a number from 1 to 4" in text_of(stray), tom.transcript
    assert [button["text"] for button in buttons(stray[-1])] == [
        "P@ssw0rd!",
        "Summer2024",
        "copper-lantern-velvet-orbit",
        "qwerty123456",
    ]
    answered = await tom.say("copper-lantern")
    assert "Correct" in "\n".join(tom.transcript[-3:]), tom.transcript
    assert answered
