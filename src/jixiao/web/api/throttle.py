"""API rate limits: requests per user, and bearer tokens that match nobody per client address.

django-ninja checks its throttles after authentication, so a flood of wrong tokens would never
reach them: ``BadTokens`` counts those failures itself, per client address (the trusted-proxy
address of ``audit.client``, not ninja's own reading of ``X-Forwarded-For``, which a client
can forge), and refuses that address for a while once it is over the limit.

Counts live in Django's cache (in-process memory by default), so with several server
processes each counts on its own; configure a shared cache for one limit across them.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from ninja.errors import Throttled
from ninja.throttling import BaseThrottle

from ..audit.client import client_ip

WINDOW = 60       # seconds: both limits are per minute


class PerUser(BaseThrottle):
    """``API_REQUESTS_PER_MINUTE`` per authenticated user (token or session), else per client address.

    ninja's ``SimpleRateThrottle`` keeps the request's history on the shared instance, which
    threads serving two requests at once would overwrite; here it stays local, and the wait
    for ``Retry-After`` is kept per thread. The setting is read on every request.
    """

    def __init__(self) -> None:
        self._local = threading.local()

    def allow_request(self, request: HttpRequest) -> bool:
        limit = int(settings.API_REQUESTS_PER_MINUTE)
        user: Any = getattr(request, "auth", None) or getattr(request, "user", None)
        ident = user.pk if getattr(user, "is_authenticated", False) else (client_ip(request) or "unknown")
        key = f"api_user_{ident}"
        now = time.time()
        history = [t for t in cache.get(key, []) if t > now - WINDOW]
        if len(history) >= limit:
            self._local.wait = max(1.0, history[-1] + WINDOW - now)    # until the oldest one leaves the window
            return False
        cache.set(key, [now, *history], WINDOW)
        return True

    def wait(self) -> float | None:
        return getattr(self._local, "wait", None)


class BadTokens:
    """Wrong bearer tokens per client address: ``API_BAD_TOKENS_PER_MINUTE`` then a minute's refusal."""

    @staticmethod
    def _key(request: HttpRequest) -> str:
        return f"api_bad_token_{client_ip(request) or 'unknown'}"

    @classmethod
    def check(cls, request: HttpRequest) -> None:
        """Raise Throttled (429, Retry-After) if this address has used up its wrong tokens."""
        if cache.get(cls._key(request), 0) >= int(settings.API_BAD_TOKENS_PER_MINUTE):
            raise Throttled(wait=WINDOW)

    @classmethod
    def failed(cls, request: HttpRequest) -> None:
        key = cls._key(request)
        if not cache.add(key, 1, WINDOW):
            try:
                cache.incr(key)
            except ValueError:          # expired between add and incr
                cache.add(key, 1, WINDOW)
