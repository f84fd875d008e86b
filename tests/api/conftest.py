import pytest
from rest_framework.test import APIClient

from loket.accounts.services import api_token_create


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def api_for(users):
    """api_for("prt_utrecht") -> an API client with that role user's API key (None: no key)."""

    def _client(name: str | None):
        client = APIClient()
        if name is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_create(user=users[name])}")
        return client

    return _client
