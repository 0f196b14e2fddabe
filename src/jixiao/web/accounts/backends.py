"""Authentication backends: login throttling (django-axes) in front of the profile-loading backend."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.contrib.auth.backends import ModelBackend


class ThrottledLogin(AxesStandaloneBackend):
    """Refuses a locked-out user or address before any password is checked.

    Only logins that arrive with a request (the login page) are throttled; ``authenticate``
    called from code without a request (management commands, tests) passes straight on.
    """

    def authenticate(self, request: Any, username: str | None = None, password: str | None = None,
                     **kwargs: Any) -> Any:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


class ProfileBackend(ModelBackend):
    """Load the user with their profile and department in one query: every request needs all three."""

    def get_user(self, user_id: Any) -> Any:
        from django.contrib.auth import get_user_model
        user_model = get_user_model()
        user = (user_model._default_manager.select_related("profile__department")
                .filter(pk=user_id).first())
        return user if self.user_can_authenticate(user) else None
