"""Print the current two-factor code of a demo account (demo data only, never in production)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Toont de huidige tweestapscode van een demo-account (alleen met demogegevens)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        if not (settings.DEBUG or settings.TESTING or settings.LOCAL_DEVELOPMENT):
            raise CommandError("demo_code draait niet op een productieconfiguratie.")
        device = TOTPDevice.objects.filter(user__username=username, name="demo", confirmed=True).first()
        if device is None:
            raise CommandError(f"{username} heeft geen demo-authenticator (draai eerst load_demo).")
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{totp.token():0{device.digits}d}")
