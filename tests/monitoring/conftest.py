import pytest

from loket.core.models import Theme


@pytest.fixture
def theme(db):
    return Theme.objects.order_by("code").first()
