"""API rate limits: requests per user, and bearer tokens that match nobody per client address.

django-ninja checks its throttles after authentication, so a flood of wrong tokens would never
reach them: ``BadTokens`` counts those failures itself, per client address (the trusted-proxy
address of ``audit.client``, not ninja's own reading of ``X-Forwarded-For``, which a client
can forge), and refuses that address for a while once it is over the limit.

Counts live in Django's cache (in-process memory by default), so with several server
processes each counts on its own; configure a shared cache for one limit across them.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from ninja.errors import Throttled
from ninja.throttling import SimpleRateThrottle

from ..audit.client import client_ip

WINDOW = 60       # seconds: both limits are per minute


class PerUser(SimpleRateThrottle):
    """``API_REQUESTS_PER_MINUTE`` per authenticated user (token or session), read on every request
    so a changed setting applies without rebuilding the API."""

    scope = "api_user"

    def __init__(self) -> None:
        super().__init__(self._rate())

    @staticmethod
    def _rate() -> str:
        return f"{int(settings.API_REQUESTS_PER_MINUTE)}/m"

    def allow_request(self, request: HttpRequest) -> bool:
        self.rate = self._rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_ident(self, request: HttpRequest) -> str | None:
        return client_ip(request) or "unknown"

    def get_cache_key(self, request: HttpRequest) -> str:
        user: Any = getattr(request, "auth", None) or getattr(request, "user", None)
        ident = user.pk if getattr(user, "is_authenticated", False) else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


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
