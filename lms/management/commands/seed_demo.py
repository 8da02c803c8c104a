"""Load the demo data of every app (idempotent) and print the demo logins."""

from importlib import import_module

from django.core.management.base import BaseCommand
from django.test.utils import override_settings

# Each app with demo data has a demo module whose seed(stdout) returns [(username, role label), ...].
DEMO_APPS = ("units", "courses", "training", "certificates")


class Command(BaseCommand):
    help = "Load demo data (safe to run again) and print the demo logins."

    def handle(self, *args, **options):
        # Demo data notifies nobody: the emails its services would send are kept in memory and dropped.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            self.seed_all()

    def seed_all(self):
        from units.demo import DEMO_PASSWORD

        logins: list[tuple[str, str]] = []
        for app in DEMO_APPS:
            try:
                module = import_module(f"{app}.demo")
            except ModuleNotFoundError as error:
                if error.name != f"{app}.demo":
                    raise
                continue
            logins.extend(module.seed(stdout=self.stdout) or [])
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Tài khoản dùng thử (mật khẩu chung: {DEMO_PASSWORD}):"))
        for username, label in logins:
            self.stdout.write(f"  {username:<18} {label}")
