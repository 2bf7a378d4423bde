"""Start-up failures that end the program with one clear line instead of a traceback."""


class StartupError(Exception):
    """A problem with configuration, the database server or a migration; the message names it."""
