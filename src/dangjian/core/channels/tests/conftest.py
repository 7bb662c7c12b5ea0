import pytest
from django.test import override_settings

from .stub import Stub


@pytest.fixture
def stub():
    """The local stand-in server; robots may post to it only because it is admitted like an intranet gateway."""
    server = Stub()
    with override_settings(ROBOT_HOSTS=["http://127.0.0.1"]):
        yield server
    server.close()
