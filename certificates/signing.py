"""Optional digital signature of certificate PDFs with pyHanko, from a PKCS#12 file named in the settings."""

from __future__ import annotations

import io
from functools import lru_cache

from django.conf import settings
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers


def is_configured() -> bool:
    return bool(getattr(settings, "LMS_SIGNING_P12", None))


@lru_cache(maxsize=4)
def _signer(path: str, password: str) -> signers.SimpleSigner:
    signer = signers.SimpleSigner.load_pkcs12(pfx_file=path, passphrase=password.encode() if password else None)
    if signer is None:
        raise ValueError(f"the PKCS#12 file {path} could not be read with the configured password")
    return signer


def sign_pdf(data: bytes, *, reason: str = "") -> bytes:
    """The PDF with an approval signature appended as an incremental update."""
    signer = _signer(str(settings.LMS_SIGNING_P12), settings.LMS_SIGNING_PASSWORD or "")
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    metadata = signers.PdfSignatureMetadata(
        field_name="Signature", reason=reason or None, location=getattr(settings, "LMS_SIGNING_LOCATION", None)
    )
    output = signers.sign_pdf(writer, metadata, signer=signer)
    return output.getvalue()
