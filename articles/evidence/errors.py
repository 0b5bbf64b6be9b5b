"""The one exception a registry look-up raises, worded for the editor."""

from core.refusals import Refusal


class RegistryError(Refusal):
    """A registry could not give the record; ``str(error)`` says why, plainly.

    A ``Refusal``: an expected "no" that the admin shows as the form's error,
    with what the editor typed kept. ``reason`` names the kind of failure for
    code that wants to tell them apart: "identifier" (not a DOI, PMID or
    PMCID), "not-found", "timeout", "unreachable", "busy" (the registry asked
    us to slow down), "server" (an HTTP 5xx), "refused" (another HTTP error),
    "garbage" (an answer that is not a record), "unsupported" or "unexpected".
    """

    def __init__(self, message, *, reason):
        super().__init__(message)
        self.reason = reason
