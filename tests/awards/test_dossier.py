"""The award dossier of a council session: its documents, numbers, signatures and the job."""

import io
import zipfile

import pytest

from awards import documents as award_documents
from awards import services
from documents.models import RenderJob
from documents.services import pdf_text
from documents.signing import certificate_save, verify_pdf
from tests.factories import council, signing_pkcs12

pytestmark = pytest.mark.django_db


def build(session, progress=None):
    steps = []
    filename, data = award_documents.build_dossier(session.pk, progress or steps.append)
    return filename, zipfile.ZipFile(io.BytesIO(data)), steps


def test_smoke(tree, settings):
    session = council(tree["office_a"])
    services.dossier_start(actor=None, session=session)
    filename, archive, steps = build(session)
    for name in archive.namelist():
        open("/tmp/dossier/" + name.replace("/", "-"), "wb").write(archive.read(name))
    print(archive.namelist(), steps)
