"""Issue 21: every write to a table the directory's search and results read raises the data version
"experts" (loket.core.data_versions), on which the cached results are keyed."""

from django.db import migrations

from loket.core.data_versions import triggers_operation

# experts.selectors.DATA_VERSION_TABLES
TABLES = [
    "experts_expert",
    "experts_expert_themes",
    "experts_expert_provinces",
    "loket_theme",
    "loket_organisation",
    "loket_province",
]


class Migration(migrations.Migration):
    dependencies = [
        ("experts", "0009_directory_listed_name_index"),
        ("loket", "0021_data_version"),
    ]

    operations = [triggers_operation("experts", TABLES)]
