"""The open-data API (issue 18, item 5): Django REST framework with drf-spectacular.

Read-only and anonymous: published publications, published prognosis rounds with their split per
province, and the official capacity picture (adopted plan versions) per quarter, province and
location type; JSON or CSV, paged and filtered, described by the OpenAPI 3 schema at /api/schema/
and the page /api/. With an API key (profile page) a partner system reads and changes the locations
of its province's draft plan, through the same selectors, form and services as the web pages.

This room sits in the top layer beside loket.portal: it reads the domain apps, nothing imports it."""
