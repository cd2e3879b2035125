"""The error every domain operation raises when a rule of the programme refuses it.

Its own module, importing nothing, so that any feature's operations can raise it without importing
the plans' operations (checklists did, and plans import checklists: a cycle).
"""


class ProgrammeError(ValueError):
    """A rule of the programme was broken; the message is Norwegian and for the user."""


class AlreadyDone(ProgrammeError):
    """What the person asked for was already done, most often by the same form sent a moment earlier
    (a double tap): the answer is that it is done, not a form to fill in again."""
