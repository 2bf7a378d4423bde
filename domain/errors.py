"""Domain errors: each carries a message a trainee understands; nothing else reaches the user."""

# What anyone is told when our side failed (a bug, a failed statement): the one wording, for the engine
# and every chat platform.
SOMETHING_WENT_WRONG = "Sorry, something went wrong on our side and nothing was changed. Please try again."


class DomainError(Exception):
    """A request the engine refuses. `message` is shown in the chat as it is; nothing was changed."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    """The thing asked for does not exist, or the person may not see it."""


class PermissionDenied(DomainError):
    """The person's role does not allow the action."""


class InvalidInput(DomainError):
    """The request is malformed: a missing value, a bad date, text too long."""


class Conflict(DomainError):
    """The state does not allow it now: already enrolled, course full, module locked."""


class NotRegistered(DomainError):
    """The person is unknown to LearnBot or has been deactivated."""


class DatabaseUnavailable(Exception):
    """The connection to the database failed, so nothing was committed (or, at COMMIT, the claim of the
    update decides whether it was). Not a refusal: the same update can simply be tried again."""
