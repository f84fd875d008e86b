"""The full-text document of the questions as a stored, generated column with a GIN index (PostgreSQL
only; see loket/fulltext.py): the core team's search no longer parses every row's text."""

from django.db import migrations

from loket.core.fulltext import add_document

FIELDS = (("subject", "A"), ("body", "B"), ("reference", "B"))


class Migration(migrations.Migration):
    dependencies = [("questions", "0003_list_and_dashboard_indexes"), ("loket", "0008_publication_search_document")]

    operations = [migrations.RunPython(*add_document("questions_question", FIELDS))]
