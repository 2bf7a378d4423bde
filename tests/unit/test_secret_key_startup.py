"""A button-signing key that cannot be kept or used ends start-up with one line naming the problem."""

import os
from pathlib import Path

import pytest

from bot.bootstrap import build_codec
from bot.errors import StartupError
from bot.settings import Settings


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_an_unwritable_data_directory_is_a_startup_error_naming_it_and_the_fix(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    data_dir.chmod(0o500)
    with pytest.raises(StartupError, match="LEARNBOT_SECRET_KEY or make LEARNBOT_DATA_DIR writable"):
        build_codec(Settings(data_dir=data_dir))


def test_a_data_directory_that_is_a_file_is_a_startup_error_naming_it(tmp_path: Path) -> None:
    not_a_directory = tmp_path / "data"
    not_a_directory.write_text("")
    with pytest.raises(StartupError, match=f"cannot keep the button-signing key in {not_a_directory}"):
        build_codec(Settings(data_dir=not_a_directory))


def test_a_too_short_configured_key_is_a_startup_error() -> None:
    with pytest.raises(StartupError, match="LEARNBOT_SECRET_KEY is unusable"):
        build_codec(Settings(secret_key="short"))


def test_a_configured_key_needs_no_data_directory(tmp_path: Path) -> None:
    codec = build_codec(Settings(secret_key="k" * 32, data_dir=tmp_path / "missing"))
    assert codec.decode(codec.encode("help", for_user="u1"), pressed_by="u1") == "help"
    assert not (tmp_path / "missing").exists()
