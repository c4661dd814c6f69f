"""The error every layer raises for a problem the user can fix; the CLI prints it without a traceback."""


class SpbeError(Exception):
    """A user-facing error: its message says what is wrong and where."""
