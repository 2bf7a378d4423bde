"""The base of every command: an intent, named as a verb, validated before any handler runs."""

from typing import Annotated, Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

# Every command class by its name, so a command kept as JSON (a delivered reply's button) reads back as itself.
_BY_NAME: dict[str, type["Command"]] = {}


class Command(BaseModel):
    """An intent, named as a verb (Enroll, CompleteItem). Validated before any handler runs."""

    model_config = ConfigDict(frozen=True, str_strip_whitespace=True)

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        _BY_NAME[cls.__name__] = cls


Result = TypeVar("Result")


class Operation(Command, Generic[Result]):
    """A command an operator runs (the command line, a job): no chat user acts, and the handler's `Result` (data,
    not replies) is what MessageBus.handle_as_operator returns."""


def command_named(name: str) -> type[Command]:
    kind = _BY_NAME.get(name)
    if kind is None:
        raise ValueError(f"no command is named {name!r}")
    return kind


def command_as_json(command: Command) -> dict[str, Any]:
    """The command as JSON can hold it: its class's name and its fields."""
    return {"command": type(command).__name__, "fields": command.model_dump(mode="json")}


def command_from_json(value: Any) -> Any:
    """The command that `command_as_json` wrote (anything else is left for validation to judge)."""
    if isinstance(value, dict) and value.keys() == {"command", "fields"}:
        return command_named(str(value["command"])).model_validate(value["fields"])
    return value


# The start of a row's id as a button writes it or a person copies it (at least 4 characters of the UUID's text):
# hex digits and dashes only, so it is never read as a pattern.
IdPrefix = Annotated[str, Field(pattern=r"^[0-9A-Fa-f-]{4,36}$")]
