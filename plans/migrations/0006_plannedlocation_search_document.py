"""The full-text document of the planned locations as a stored, generated column with a GIN index
(PostgreSQL only; see loket/core/fulltext.py): the search box finds plan locations by name and
municipality."""

from django.db import migrations

from loket.core.fulltext import add_document

FIELDS = (("name", "A"), ("municipality", "A"))


class Migration(migrations.Migration):
    dependencies = [("plans", "0005_version_withdrawn_superseded"), ("loket", "0008_publication_search_document")]

    operations = [migrations.RunPython(*add_document("plans_plannedlocation", FIELDS))]
