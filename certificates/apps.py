"""App configuration for certificates: the completion handler and the personal-data section."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def issue_on_completion(*, kind: str, object_id: int, official_id: int | None, user_id: int | None) -> None:
    """Completion hook handler: a learner who completed a course or class gets the certificate after commit."""
    from certificates import sources
    from certificates.tasks import issue_certificate_task
    from lms import outbox

    if official_id is None or not sources.is_registered(kind):
        return
    outbox.enqueue(issue_certificate_task, official_id, kind, object_id)


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Certificates and documents")

    def ready(self):
        from certificates import exports, personal_data
        from lms import completion
        from units import personal_data as units_personal_data

        completion.register(issue_on_completion)
        units_personal_data.register("certificates", _("Certificates"), personal_data.certificates_of)
        exports.register_defaults()
        self.register_class_documents()
        from certificates import report_documents

        report_documents.register()

    @staticmethod
    def register_class_documents():
        from certificates import classes, learning
        from training import documents
        from training.models import TrainingClass

        classes.register()
        learning.register()

        def organiser(training_class, user) -> bool:
            return TrainingClass.objects.organised_by(user).filter(pk=training_class.pk).exists()

        documents.register(
            documents.ClassDocument(
                key="announcement",
                label=_("Announcement of the class (PDF)"),
                url_name="certificates:class_announcement",
                allowed=lambda klass, user: klass.status != "draft" or organiser(klass, user),
            )
        )
        documents.register(
            documents.ClassDocument(
                key="documents",
                label=_("Lists, sign-in sheet, results and certificates"),
                url_name="certificates:class_documents",
                allowed=organiser,
            )
        )
