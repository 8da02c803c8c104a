"""The certificates section of a person's data: what they were issued, as printed."""

from django.utils.translation import gettext as _


def certificates_of(user) -> list[dict]:
    from certificates.models import Certificate

    return [
        {
            str(_("Register number")): c.register_number,
            str(_("Course or class")): c.title,
            str(_("Issued on")): c.issued_on.strftime("%d/%m/%Y"),
            str(_("Issuing office")): c.office_name,
            str(_("Status")): c.get_status_display(),
        }
        for c in Certificate.objects.of_user(user).order_by("issued_on", "pk")
    ]
