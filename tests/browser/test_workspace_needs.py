"""The coordinator workspace's "Behov i fylkene deres" in a real browser: no axe violations
and no sideways scrolling at 320 px, in nb, nn and en (issue 19)."""

import pytest
from django.utils import timezone

from cases.models import Need
from networks.models import Region
from tests.browser.conftest import assert_accessible
from tests.browser.test_network_workspace_narrow import (  # noqa: F401 - fixtures
    LANGUAGES,
    coordinator_page,
    network,
)
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.mark.parametrize(("prefix", "lang"), LANGUAGES, ids=["nb", "nn", "en"])
def test_needs_in_the_counties_have_no_axe_violations(coordinator_page, network, prefix, lang):  # noqa: F811
    rogaland = Region.objects.get(number="11")
    network.regions.set([rogaland])
    Need.objects.create(
        title="Forebygging av fall hos hjemmeboende eldre",
        text="Mange eldre faller hjemme.",
        phase="behovsavklaring",
        region=rogaland,
        organization=OrganizationFactory(name="Gjesdal kommune", region=rogaland),
        open_to_joint=True,
        status="published",
        reviewed_at=timezone.now(),
    )
    page = coordinator_page
    page.goto(f"{prefix}/koordinator/")

    assert page.locator("html").get_attribute("lang") == lang
    assert page.get_by_role("link", name="Forebygging av fall hos hjemmeboende eldre").is_visible()
    assert_accessible(page, f"coordinator-needs-in-counties-{lang}")
