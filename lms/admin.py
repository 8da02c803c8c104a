"""Admin views shared by the apps' viewsets: a deletion that a protected reference blocks is refused with a message."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.db.models import ProtectedError
from django.shortcuts import redirect
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from wagtail.admin.views.generic import DeleteView
from wagtail.admin.viewsets.model import ModelViewSet


class ProtectedDeleteView(DeleteView):
    """Wagtail checks only the references it indexes; records such as yearly reports must still block a deletion."""

    def form_valid(self, form):
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except ProtectedError as error:
            kinds = sorted({str(obj._meta.verbose_name_plural) for obj in error.protected_objects})
            messages.error(
                self.request,
                _("%(object)s cannot be deleted: %(kinds)s still refer to it.")
                % {"object": capfirst(str(self.object)), "kinds": ", ".join(kinds)},
            )
            return redirect(self.index_url_name)


class ProtectedModelViewSet(ModelViewSet):
    """The project's admin viewsets: every deletion goes through ProtectedDeleteView."""

    delete_view_class = ProtectedDeleteView
