import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


@pytest.fixture
def api(network):
    """``api("village_a")``: an APIClient authenticated with that persona's token; ``api()``: anonymous."""

    def client_for(persona: str | None = None, language: str | None = None) -> APIClient:
        client = APIClient()
        if persona is not None:
            token, _created = Token.objects.get_or_create(user=network.user(persona))
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        if language is not None:
            client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
        return client

    return client_for
