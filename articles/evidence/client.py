"""HTTP for the registries: one polite, cached GET that fails in plain words.

Every request to Crossref, NCBI E-utilities and the PMC ID converter goes
through ``RegistryClient.get``, which

- answers from Django's cache when the same URL and parameters were fetched
  in the last day (``CACHE_SECONDS``; an answer "no such record" is kept ten
  minutes, a failure not at all), so looking up the same identifier again
  sends nothing;
- otherwise waits for a request slot (``ratelimit.SlotLimiter``, shared by all
  processes through the cache) at a rate below the registry's published limit:
  Crossref allows 5 requests a second in its public pool and 10 in the polite
  pool (requests carrying a contact address), so we send at most 3 or 5; NCBI
  allows 3 without an API key and 10 with one, so we send at most 2 or 8. The
  E-utilities and the ID converter are both NCBI's and share one pace;
- identifies us as the registries ask: Crossref's ``mailto`` parameter and a
  User-Agent naming the site and the contact address, NCBI's ``tool`` and
  ``email`` (and ``api_key`` when set);
- honours ``Retry-After`` on 429 and 503: a wait of at most
  ``MAX_RETRY_AFTER`` seconds is slept and the request tried once more; a longer
  one fails at once with a message saying how long the registry asked for;
- turns every failure (timeout, no connection, 404, 5xx, an answer that does
  not parse as the record asked for) into a ``RegistryError`` with a message an
  editor understands. Nothing else escapes.

``transport`` (module level) or the ``transport`` argument replace the network,
e.g. with ``httpx.MockTransport`` in tests.
"""

import hashlib
import json
import logging
import math
import time
from dataclasses import dataclass
from datetime import UTC
from email.utils import parsedate_to_datetime
from urllib.parse import urlencode

import httpx
from django.conf import settings
from django.core.cache import cache

from .errors import RegistryError
from .ratelimit import SlotLimiter

logger = logging.getLogger(__name__)
# httpx logs every request's URL at INFO, which would write NCBI's api_key into
# the server log; its warnings still get through. A level set on purpose in
# LOGGING wins.
if logging.getLogger("httpx").level == logging.NOTSET:
    logging.getLogger("httpx").setLevel(logging.WARNING)

CACHE_SECONDS = 24 * 3600
# "No such record" is kept too, but briefly: a DOI registered minutes ago
# should not stay unknown for a day.
NOT_FOUND_SECONDS = 600
NOT_FOUND = "evidence:not-found"
MAX_RETRY_AFTER = 5  # seconds we are willing to wait, once, when told to
TOOL_NAME = "vetted"

# Replaced in tests (httpx.MockTransport); None is the network.
transport = None


def _module_transport():
    return transport


@dataclass(frozen=True)
class Registry:
    """One service we ask. NAME reads at the start of a sentence."""

    key: str
    name: str
    bucket: str  # services under one published rate limit share a bucket


CROSSREF = Registry("crossref", "Crossref", "crossref")
PUBMED = Registry("pubmed", "PubMed", "ncbi")
IDCONV = Registry("pmc-idconv", "The PMC ID converter", "ncbi")


def requests_per_second(bucket):
    """Return our pace for BUCKET, below the registry's published limit."""
    if bucket == "crossref":
        return 5 if settings.REGISTRY_CONTACT_EMAIL else 3
    return 8 if settings.NCBI_API_KEY else 2


def polite_params(registry):
    """Return the identifying parameters REGISTRY asks every request to carry."""
    email = settings.REGISTRY_CONTACT_EMAIL
    if registry is CROSSREF:
        return {"mailto": email} if email else {}
    params = {"tool": TOOL_NAME}
    if email:
        params["email"] = email
    if registry is PUBMED and settings.NCBI_API_KEY:
        params["api_key"] = settings.NCBI_API_KEY
    return params


def user_agent():
    email = settings.REGISTRY_CONTACT_EMAIL
    contact = f"; mailto:{email}" if email else ""
    return f"Vetted/1.0 ({settings.SITE_URL}{contact})"


def retry_after_seconds(response, now):
    """Return the seconds a 429/503 RESPONSE asks us to wait, or None if unsaid."""
    value = response.headers.get("Retry-After", "").strip()
    if value.isdigit():
        return int(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, when.timestamp() - now)


def cache_key(url, params):
    """Return the response-cache key of a GET (the identifying params left out)."""
    request = f"{url}?{urlencode(sorted(params.items()))}"
    return "evidence:response:" + hashlib.sha256(request.encode()).hexdigest()


def _cache_call(method, *args):
    try:
        return getattr(cache, method)(*args)
    except Exception:  # a failing cache costs a request, never the look-up
        logger.warning("Cache unavailable for registry answers", exc_info=True)
        return None


# What goes wrong inside a parser fed something that is not the record.
PARSE_ERRORS = (
    ValueError,
    TypeError,
    KeyError,
    AttributeError,
    IndexError,
    SyntaxError,
)


class RegistryClient:
    """A session with the registries; use as a context manager, or ``close()``."""

    def __init__(self, *, transport=None, clock=time.time, sleep=time.sleep):
        self.clock = clock
        self.sleep = sleep
        self.timeout = float(settings.REGISTRY_TIMEOUT)
        self.limiter = SlotLimiter(clock=clock, sleep=sleep, max_wait=self.timeout)
        self.http = httpx.Client(
            transport=transport if transport is not None else _module_transport(),
            timeout=self.timeout,
            headers={"User-Agent": user_agent()},
            follow_redirects=True,
        )

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def close(self):
        self.http.close()

    def get(self, registry, url, params, *, parse, what, not_found):
        """Return ``parse(body)`` of a GET of URL with PARAMS, from cache if known.

        PARSE takes the body (bytes) and returns the record, or None when the
        answer says there is no such record; it raises (ValueError, KeyError...)
        on anything else. WHAT names the record ("a work record") in the message
        about an answer that is not one; NOT_FOUND is the message for a 404 or a
        None. Records are cached for a day, "no such record" for ten minutes,
        failures not at all.
        """
        key = cache_key(url, params)
        body = _cache_call("get", key)
        fresh = body is None
        if fresh:
            try:
                body = self._fetch(registry, url, params, not_found=not_found)
            except RegistryError as error:
                if error.reason == "not-found":
                    _cache_call("set", key, NOT_FOUND, NOT_FOUND_SECONDS)
                raise
        if body == NOT_FOUND:
            raise RegistryError(not_found, reason="not-found")
        try:
            record = parse(body)
        except PARSE_ERRORS as error:
            logger.info("%s sent an unreadable answer: %r", registry.name, error)
            raise RegistryError(
                f"{registry.name} answered with something that is not {what}.",
                reason="garbage",
            ) from error
        if fresh:
            timeout = CACHE_SECONDS if record is not None else NOT_FOUND_SECONDS
            _cache_call("set", key, body if record is not None else NOT_FOUND, timeout)
        if record is None:
            raise RegistryError(not_found, reason="not-found")
        return record

    def _fetch(self, registry, url, params, *, not_found):
        response = self._send(registry, url, {**params, **polite_params(registry)})
        status = response.status_code
        if 200 <= status < 300:
            return response.content
        if status == 404:
            raise RegistryError(not_found, reason="not-found")
        if status >= 500:
            raise RegistryError(
                f"{registry.name} had a problem answering (HTTP {status}); "
                "try again later or type the reference by hand.",
                reason="server",
            )
        raise RegistryError(
            f"{registry.name} did not accept the request (HTTP {status}); "
            "check the identifier or type the reference by hand.",
            reason="refused",
        )

    def _send(self, registry, url, params):
        """Return the response, after one short wait if the registry asked for it."""
        for attempt in range(2):
            self.limiter.wait(
                registry.bucket,
                requests_per_second(registry.bucket),
                name=registry.name,
            )
            response = self._request(registry, url, params)
            if response.status_code not in (429, 503):
                return response
            wait = retry_after_seconds(response, self.clock())
            if wait is None and response.status_code == 503:
                return response  # an outage, not a request to slow down
            if wait is None:
                raise RegistryError(
                    f"{registry.name} is receiving too many requests from this "
                    "site; try again in a minute or type the reference by hand.",
                    reason="busy",
                )
            if attempt == 0 and wait <= MAX_RETRY_AFTER:
                self.sleep(wait)
                continue
            raise RegistryError(
                f"{registry.name} asked us to wait {math.ceil(wait)} seconds before "
                "asking again; try again later or type the reference by hand.",
                reason="busy",
            )

    def _request(self, registry, url, params):
        try:
            return self.http.get(url, params=params)
        except httpx.TimeoutException as error:
            raise RegistryError(
                f"{registry.name} did not answer within {self.timeout:g} seconds; "
                "type the reference by hand or try again later.",
                reason="timeout",
            ) from error
        except (httpx.HTTPError, httpx.InvalidURL) as error:
            logger.warning("%s could not be reached: %r", registry.name, error)
            raise RegistryError(
                f"{registry.name} could not be reached; type the reference by "
                "hand or try again later.",
                reason="unreachable",
            ) from error


def load_json(body):
    """Return BODY parsed as a JSON object; ValueError for anything else."""
    data = json.loads(body)
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    return data
