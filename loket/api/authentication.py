"""`Authorization: Token <sleutel>`: the user of an API key made on the profile page."""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from loket.accounts.services import api_token_user


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Geef de sleutel zo mee: Authorization: Token <sleutel>."))
        try:
            key = header[1].decode()
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed(_("Deze API-sleutel is ongeldig.")) from exc
        user = api_token_user(key)
        if user is None:
            raise exceptions.AuthenticationFailed(_("Deze API-sleutel is ongeldig of ingetrokken."))
        return user, None

    def authenticate_header(self, request) -> str:
        return self.keyword
