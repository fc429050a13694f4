import pytest

from jiefen.testing import build_network


@pytest.fixture
def network(db):
    """A slice of Lianyungang with one person for every persona of the permission matrix."""
    return build_network()
