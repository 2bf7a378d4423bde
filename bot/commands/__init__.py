"""`learnbot` subcommands, one module per area; each module with commands defines `register(commands)`.

Modules here are discovered, so an area adds its commands without touching the others.
"""

import argparse
import importlib
import pkgutil
from collections.abc import Awaitable, Callable
from typing import Any

from bot.runtime import Database

Command = Callable[[Database, argparse.Namespace], Awaitable[int]]


def register_all(commands: Any) -> None:
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "register"):
            module.register(commands)
