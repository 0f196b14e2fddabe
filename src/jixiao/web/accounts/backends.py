"""Load the user with their profile and department in one query: every request needs all three."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend


class ProfileBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        from django.contrib.auth import get_user_model
        user_model = get_user_model()
        user = (user_model._default_manager.select_related("profile__department")
                .filter(pk=user_id).first())
        return user if self.user_can_authenticate(user) else None
