import time

from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from practice.models import User


class Command(BaseCommand):
    help = "Print the current two-factor code of a DEMO account (refused for any other)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        user = User.objects.filter(username=username).first()
        if user is None or not user.is_demo:
            raise CommandError(
                f"'{username}' is not a demo account: codes are printed only for the demo "
                "practice's accounts."
            )
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            raise CommandError(f"'{username}' has no authenticator (it was reset).")
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        totp.time = time.time()
        self.stdout.write(f"{totp.token():0{device.digits}d}")
        self.stderr.write(
            f"valid for about {device.step - int(totp.time) % device.step} more seconds"
        )
