"""The full-text document of the signals as a stored, generated column with a GIN index (PostgreSQL
only; see loket/fulltext.py): the core team's search no longer parses every row's text."""

from django.db import migrations

from loket.core.fulltext import add_document

FIELDS = (("title", "A"), ("description", "B"))


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0004_perf_list_indexes"), ("loket", "0008_publication_search_document")]

    operations = [migrations.RunPython(*add_document("monitoring_signal", FIELDS))]
