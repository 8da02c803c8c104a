"""Certificate → PDF bytes: the snapshot in the NĐ 30 frame, A4 landscape, with the QR code and the register number."""

from __future__ import annotations

import base64
import io

import qrcode
from qrcode.constants import ERROR_CORRECT_M

from certificates import pdf, signing
from certificates.documents import DocumentHead, upper_lines
from certificates.models import Certificate


def qr_png(text: str) -> bytes:
    # One pixel a module: the PDF scales the image without smoothing, so the squares stay sharp and the
    # image costs next to nothing to encode and embed. A fixed mask skips scoring all eight (a quarter of
    # the QR time); any mask is valid and readers handle each.
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=1, border=2, mask_pattern=0)
    code.add_data(text)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image().save(buffer, format="PNG")
    return buffer.getvalue()


def qr_data_uri(text: str) -> str:
    return "data:image/png;base64," + base64.b64encode(qr_png(text)).decode("ascii")


def certificate_head(certificate: Certificate) -> DocumentHead:
    return DocumentHead(
        supervising_body=certificate.supervising_body,
        issuing_office=certificate.office_name,
        place=certificate.place_name,
        day=certificate.issued_on,
        title=certificate.certificate_title,
        number=certificate.register_number,
        signer_title_lines=upper_lines(certificate.signer_title_lines),
        signer_name=certificate.signer_name,
        landscape=True,
    )


def period_text(certificate: Certificate) -> str:
    start, end = certificate.start_date, certificate.end_date
    if start and end and start != end:
        return f"từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}"
    if start or end:
        return f"ngày {(start or end):%d/%m/%Y}"
    return ""


def certificate_context(certificate: Certificate) -> dict:
    position_and_unit = ", ".join(p for p in (certificate.learner_position, certificate.learner_unit_name) if p)
    verify_url = certificate.absolute_verify_url()
    return {
        "head": certificate_head(certificate),
        "landscape": True,
        "certificate": certificate,
        "position_and_unit": position_and_unit,
        "period": period_text(certificate),
        "verify_url": verify_url,
        "qr_data_uri": qr_data_uri(verify_url),
    }


def render_certificate_pdf(certificate: Certificate) -> bytes:
    """The certificate as PDF bytes, signed when a signing certificate is configured; reads only the snapshot."""
    data = pdf.render_document("certificates/documents/certificate.html", certificate_context(certificate))
    if signing.is_configured():
        data = signing.sign_pdf(data, reason=f"{certificate.certificate_title} {certificate.register_number}")
    return data
