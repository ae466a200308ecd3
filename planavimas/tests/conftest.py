import pytest

from planavimas.tests.docs_support import campaign, county_library, plan_with_chapters


@pytest.fixture
def setting(territory, staff):
    """The documents' tests' world: the county library (the title page's name), the
    year's statistics campaign and a plan with a goal in every chapter."""
    county_library(territory)
    campaign(territory)
    return plan_with_chapters(by=staff)
