"""Screenshots for a human look: a full-page PNG of every main page of every role (the page list of
test_accessibility.py) at 1280 x 800 and 390 x 844, saved in var/screens/<role>/<width>-<page>.png (not
committed). It asserts only that each page opens; the mechanical checks are in test_layout.py.

    make screens

(marked `screens`, so `make e2e` and CI leave it out: it takes pictures for a person to look at).

`LOKET_SCREENS=<folder>` saves elsewhere."""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from tests.e2e.test_accessibility import ROLES, pages_for

pytestmark = [pytest.mark.e2e, pytest.mark.screens, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SIZES = {"1280": {"width": 1280, "height": 800}, "390": {"width": 390, "height": 844}}
FOLDER = Path(os.environ.get("LOKET_SCREENS") or Path(django_settings.BASE_DIR) / "var" / "screens")


def shot_name(path: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", path.strip("/").lower()).strip("-") or "home"


@pytest.mark.parametrize("role", ROLES)
def test_screenshots_of_the_main_pages(page, live_url, login_as, role):
    if role != "anonymous":
        login_as(page, role)
    folder = FOLDER / role
    folder.mkdir(parents=True, exist_ok=True)
    for path in pages_for(role):
        for label, size in SIZES.items():
            page.set_viewport_size(size)
            response = page.goto(live_url(path))
            assert response.status == 200, f"{path}: {response.status}"
            page.screenshot(path=str(folder / f"{label}-{shot_name(path)}.png"), full_page=True)
