"""django-two-factor-auth asks for the code of the user's TOTP device named "default".

The earlier own implementation named the linked app "Authenticator-app" (the demo's "demo"): each
user's confirmed app becomes "default", so that everyone keeps their linked app and the demo
authenticators keep working. Unconfirmed devices were half-finished set-ups of that implementation
(two_factor keeps a pending key in the session instead): they are removed. Backup codes
(StaticDevice) are used whatever their name.
"""

from django.db import migrations


def name_primary_devices(apps, schema_editor):
    TOTPDevice = apps.get_model("otp_totp", "TOTPDevice")
    TOTPDevice.objects.filter(confirmed=False).delete()
    with_default = set(TOTPDevice.objects.filter(name="default").values_list("user_id", flat=True))
    primary: dict[int, int] = {}
    for pk, user_id in TOTPDevice.objects.order_by("pk").values_list("pk", "user_id"):
        if user_id not in with_default:
            primary[user_id] = pk  # the most recent confirmed device of the user
    TOTPDevice.objects.filter(pk__in=primary.values()).update(name="default")


class Migration(migrations.Migration):
    dependencies = [
        ("loket", "0014_counter"),
        ("otp_totp", "0003_add_timestamps"),
        ("otp_static", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(name_primary_devices, migrations.RunPython.noop)]
