"""Issue 21: every write to a table the register's results read raises the data version "signals"
(loket.core.data_versions), on which the cached results of /monitoring/ are keyed."""

from django.db import migrations

from loket.core.data_versions import triggers_operation

# monitoring.selectors.register_page.DATA_VERSION_TABLES
TABLES = [
    "monitoring_signal",
    "monitoring_signal_provinces",
    "monitoring_signalaction",
    "loket_theme",
    "loket_province",
    "auth_user",
]


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0009_score_id_index"),
        ("loket", "0021_data_version"),
    ]

    operations = [triggers_operation("signals", TABLES)]
