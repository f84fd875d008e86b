"""Print the current two-factor code of a demo account (demo data only, never in production)."""

from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from loket.core.environment import refuse_production_configuration
from loket.portal.demo import DEMO_TOTP_KEY


class Command(BaseCommand):
    help = "Toont de huidige tweestapscode van een demo-account (alleen met demogegevens)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        refuse_production_configuration("demo_code")
        device = TOTPDevice.objects.filter(user__username=username, key=DEMO_TOTP_KEY, confirmed=True).first()
        if device is None:
            raise CommandError(f"{username} heeft geen demo-authenticator (draai eerst load_demo).")
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{totp.token():0{device.digits}d}")
