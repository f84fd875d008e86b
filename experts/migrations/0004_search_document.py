"""The full-text document of the experts as a stored, generated column with a GIN index (PostgreSQL
only; see loket/fulltext.py): the core team's search no longer parses every row's text."""

from django.db import migrations

from loket.core.fulltext import add_document

FIELDS = (("name", "A"), ("expertise", "B"))


class Migration(migrations.Migration):
    dependencies = [("experts", "0003_perf_list_indexes"), ("loket", "0008_publication_search_document")]

    operations = [migrations.RunPython(*add_document("experts_expert", FIELDS))]
