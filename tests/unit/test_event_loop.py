import asyncio
import sys

import pytest

from bot import event_loop


@pytest.mark.skipif(sys.platform == "win32", reason="uvloop is not installed on Windows")
async def test_tests_run_on_the_loop_learnbot_serve_runs_on() -> None:
    assert type(asyncio.get_running_loop()).__module__.startswith("uvloop")


def test_run_hands_back_the_result_of_the_coroutine_on_a_fresh_loop() -> None:
    async def answer() -> str:
        return type(asyncio.get_running_loop()).__module__

    assert event_loop.run(answer()).startswith("uvloop" if sys.platform != "win32" else "asyncio")
