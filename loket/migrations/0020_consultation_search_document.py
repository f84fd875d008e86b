"""The full-text document of consultation rounds as a stored, generated column with a GIN index
(PostgreSQL only; see loket/core/fulltext.py): the core team and the invitees find a round by the
words of its consulted draft."""

from django.db import migrations

from loket.core.fulltext import add_document

FIELDS = (("title", "A"), ("introduction", "B"), ("body", "C"))


class Migration(migrations.Migration):
    dependencies = [("loket", "0019_publication_next_draft")]

    operations = [migrations.RunPython(*add_document("loket_consultation", FIELDS))]
