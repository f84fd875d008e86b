"""Issue 21: every write to a table the core-team dashboard's pending counts read raises the data version
"pending" (loket.core.data_versions), on which the dashboard's list "Wacht verder op actie" is cached."""

from django.db import migrations

from loket.core.data_versions import triggers_operation

# loket.portal.dashboard.DATA_VERSION_TABLES
TABLES = [
    "experts_referral",
    "experts_introductionrequest",
    "monitoring_signaltally",
    "plans_planversion",
    "loket_lessonsubmission",
    "loket_consultation",
    "loket_consultationcomment",
    "plans_supportrequest",
]


class Migration(migrations.Migration):
    dependencies = [
        ("loket", "0022_lesson_submitted_index"),
        ("experts", "0011_referral_to_review_index"),
        ("monitoring", "0010_register_data_version"),
        ("plans", "0013_capacity_data_version"),
    ]

    operations = [triggers_operation("pending", TABLES)]
