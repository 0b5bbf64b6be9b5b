"""Spacing registry requests across every process that shares Django's cache.

Each registry gets ``per_second`` time slots a second (slot N is the interval
[N / per_second, (N + 1) / per_second) of the Unix time); a request may go only
in a slot it claimed with ``cache.add``, which is atomic on Redis (SET NX) and
under local memory's lock, so two app servers never take the same slot. A
process that finds the slot taken sleeps until the next one. Sustained, that is
``per_second`` requests a second; in the worst case a one-second span touches
``per_second + 1`` slots, which is why the rates in ``client.py`` leave room
below each registry's published limit.

Why not django-ratelimit, which the feedback form uses: it counts requests
coming in (keyed by the request, refusing when over), reads ``time.time()``
itself so a test cannot hand it a clock, and shares the ``RATELIMIT_*``
settings, so switching the feedback limit off would switch this one off too.
The limiters that wait (pyrate-limiter, limits) keep their counts in Redis or
memory of their own, not in Django's cache, which is what every app server
here already shares.

If the cache itself fails (Redis down), slots are claimed in this process's
memory instead: each process still keeps the pace, and the look-up goes on.
"""

import logging
import math
import threading

from django.core.cache import cache

from .errors import RegistryError

logger = logging.getLogger(__name__)

# Enough to survive the slot: a later claim of the same slot must still fail.
SLOT_KEY_SECONDS = 5

_local_lock = threading.Lock()
_local_slots = {}


def _claim_locally(key, now):
    with _local_lock:
        for old, until in list(_local_slots.items()):
            if until < now:
                del _local_slots[old]
        if key in _local_slots:
            return False
        _local_slots[key] = now + SLOT_KEY_SECONDS
        return True


class SlotLimiter:
    """Wait for a free request slot of a registry; see the module docstring."""

    def __init__(self, *, clock, sleep, max_wait):
        self.clock = clock
        self.sleep = sleep
        self.max_wait = max_wait

    def _claim(self, key, now):
        try:
            return cache.add(key, 1, timeout=SLOT_KEY_SECONDS)
        except Exception:  # any cache backend's failure: keep the pace locally
            logger.warning("Cache unavailable for registry rate limit", exc_info=True)
            return _claim_locally(key, now)

    def wait(self, bucket, per_second, *, name):
        """Return once this process holds a slot of BUCKET; sleep until then.

        Raises RegistryError ("busy") if no slot is free within ``max_wait``
        seconds, which happens only when many look-ups run at once.
        """
        deadline = self.clock() + self.max_wait
        while True:
            now = self.clock()
            slot = math.floor(now * per_second)
            if self._claim(f"evidence:slot:{bucket}:{per_second}:{slot}", now):
                return
            # A millisecond past the boundary, so rounding cannot land us in
            # the slot we just found taken.
            next_slot = (slot + 1) / per_second + 0.001
            if next_slot > deadline:
                raise RegistryError(
                    f"Too many look-ups are waiting for {name} right now; "
                    "try again in a minute or type the reference by hand.",
                    reason="busy",
                )
            self.sleep(next_slot - now)
