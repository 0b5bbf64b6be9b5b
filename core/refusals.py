"""The one base class for a refused action, shared by every app.

A refusal is an expected "no" (wrong state, someone else's newer save, a rule
of the workflow or of moderation): it carries a message written for the person
who tried. Every admin screen that runs a transition catches ``Refusal`` and
shows its message the same way, as the form's error beside what they were
doing, with what they typed kept. ``PermissionDenied`` is caught beside it
when a person's role allows the screen but not this object.
"""


class Refusal(Exception):
    """An action was refused; ``str(error)`` says why, in plain words."""

    @property
    def message(self):
        return str(self)
