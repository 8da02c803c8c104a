"""The private storage on local disk: certificates and exports have no address, only permission-checked views."""

from __future__ import annotations

from django.core.files.storage import FileSystemStorage


class PrivateFileSystemStorage(FileSystemStorage):
    """A link to a private file would bypass the views that check who may read it, so none can be made."""

    def url(self, name):
        raise ValueError("Private files have no public address; hand them out through a permission-checked view.")
