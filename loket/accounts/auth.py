from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class UsernameOrEmailBackend(ModelBackend):
    """Log in with a username or an e-mail address (case-insensitive for the address)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user_model = get_user_model()
        username = username.strip()
        if "@" in username:
            matches = list(user_model._default_manager.filter(email__iexact=username)[:2])
            # An address shared by two accounts identifies nobody.
            user = matches[0] if len(matches) == 1 else None
        else:
            user = user_model._default_manager.filter(username=username).first()
        if user is None:
            user_model().set_password(password)  # same work as a real check: no timing hint
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
