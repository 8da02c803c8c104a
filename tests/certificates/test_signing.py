"""Digital signature: with a PKCS#12 file configured, certificate PDFs carry a signature pyHanko validates."""

import datetime
import io

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from certificates import services, signing
from certificates.rendering import render_certificate_pdf
from tests.certificates.pdftext import lines

pytestmark = pytest.mark.django_db


@pytest.fixture
def signing_identity(tmp_path, settings):
    """A self-signed signing certificate made for this test, saved as PKCS#12 with a password."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Phòng Nội vụ huyện Đại Lộc (thử nghiệm)")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    p12 = tmp_path / "signer.p12"
    p12.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"signer", key, cert, None, serialization.BestAvailableEncryption(b"mat-khau-thu")
        )
    )
    pem = tmp_path / "signer.pem"
    pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    settings.LMS_SIGNING_P12 = str(p12)
    settings.LMS_SIGNING_PASSWORD = "mat-khau-thu"
    signing._signer.cache_clear()
    yield pem
    signing._signer.cache_clear()


def test_signed_certificate_validates_with_pyhanko(learner, test_source, signing_identity):
    certificate = services.certificate_issue_from_source(official=learner, kind="class", source_id=7)
    data = render_certificate_pdf(certificate)
    reader = PdfFileReader(io.BytesIO(data))
    assert len(reader.embedded_signatures) == 1
    context = ValidationContext(trust_roots=[load_cert_from_pemder(str(signing_identity))])
    status = validate_pdf_signature(reader.embedded_signatures[0], context)
    assert status.intact and status.valid and status.trusted
    assert status.coverage.name == "ENTIRE_FILE"
    assert "Đặng Lộc Mỹ Nữ" in " ".join(lines(data))


def test_without_configuration_the_pdf_is_not_signed(learner, test_source, settings):
    settings.LMS_SIGNING_P12 = None
    certificate = services.certificate_issue_from_source(official=learner, kind="class", source_id=7)
    assert PdfFileReader(io.BytesIO(render_certificate_pdf(certificate))).embedded_signatures == []
