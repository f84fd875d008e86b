"""Login with a username or an e-mail address, and the one name the login lock counts against."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


def _account_for(name: str):
    """The one account `name` resolves to (an address: case-insensitive, shared by two: nobody)."""
    user_model = get_user_model()
    if "@" in name:
        matches = list(user_model._default_manager.filter(email__iexact=name)[:2])
        return matches[0] if len(matches) == 1 else None
    return user_model._default_manager.filter(username=name).first()


def canonical_login_name(raw: str | None) -> str:
    """The name a login attempt counts against in the lock (django-axes, AXES_USERNAME_CALLABLE):
    the account's username for every spelling that reaches it (its username in any capitalisation,
    its e-mail address in any capitalisation); any other name in lower case, so that "Onbekend" and
    "onbekend" count as one."""
    name = (raw or "").strip()
    if not name:
        return ""
    user = _account_for(name)
    if user is None and "@" not in name:
        matches = list(get_user_model()._default_manager.filter(username__iexact=name)[:2])
        user = matches[0] if len(matches) == 1 else None
    return user.get_username() if user is not None else name.lower()


def lockout_username(request, credentials: dict | None = None) -> str:
    """AXES_USERNAME_CALLABLE: the tried name from the credentials (or the login form), canonical."""
    if credentials and credentials.get("username") is not None:
        raw = credentials.get("username")
    else:
        raw = getattr(request, "POST", {}).get("username", "") if request is not None else ""
    return canonical_login_name(str(raw or ""))


class UsernameOrEmailBackend(ModelBackend):
    """Log in with a username or an e-mail address (case-insensitive for the address)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user = _account_for(username.strip())
        if user is None:
            get_user_model()().set_password(password)  # same work as a real check: no timing hint
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id):
        """The logged-in user of a request, with their profile, province and organisation in the same
        query: most pages ask for the province (scoping) and the menu and headings for the organisation,
        which otherwise cost up to three more queries per request."""
        user_model = get_user_model()
        try:
            user = user_model._default_manager.select_related("profile__province", "profile__organisation").get(
                pk=user_id
            )
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
