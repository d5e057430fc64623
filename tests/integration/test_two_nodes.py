"""Two web nodes, a Celery worker and beat, as production runs them on several machines:
separate processes (gunicorn, `celery worker`, `celery beat`) sharing only PostgreSQL (the
test's database), Redis (broker and cache) and an S3 bucket (moto's server), each web node
with a MEDIA_ROOT of its own. Everything goes through real HTTP, as a browser sends it:

- a session begun on node A serves on node B, and ends on both when it ends on one;
- evidence uploaded through A downloads through B with the same bytes, from the bucket,
  and is on neither node's disk;
- documents the worker renders (a list's evidence ZIP, read from the bucket; the signed
  award dossier, with the certificate's passphrase decrypted by the shared SECRET_KEY)
  reach "done" on the job's page of one node and download through either, the same bytes.
"""

import io
import random
import re
import time
import uuid
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.urls import reverse

from awards import documents as award_documents
from documents.signing import verify_pdf
from initiatives import services
from tests.conftest import TEST_REDIS_URL
from tests.factories import PASSWORD, council, member, signing_certificate
from tests.initiatives import test_results_and_evidence as evidence_tests
from tests.integration.nodes import Browser, Cluster, WebNode, production_env
from units.models import Role
from units.permissions import SYSTEM

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,  # the nodes and the worker must reach the test's database
    # Committed rows (the other processes read them); the unit kinds of the data migration.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# A plan in its result phase and a school's Mẫu 2 in draft, as in the evidence tests.
plan, accepted, report = evidence_tests.plan, evidence_tests.accepted, evidence_tests.report

# 3 MB: above Django's 2.5 MB in memory, so the node spools it to its own temporary file.
EVIDENCE = b"%PDF-1.4\n" + random.Random(23).randbytes(3 * 1024 * 1024) + b"\n%%EOF\n"
JOB_TIMEOUT = 60


@pytest.fixture
def bucket(object_store) -> str:
    return object_store.bucket()[0]


@pytest.fixture
def cluster(tmp_path, object_store, bucket):
    """Nodes A and B (two gunicorn workers each), one worker, one beat, all ready."""
    queue = f"twonode-{uuid.uuid4().hex[:8]}"
    started = Cluster(
        tmp_path,
        queue=queue,
        # The signing certificate's passphrase was encrypted here with this SECRET_KEY.
        env={**production_env(), "CACHE_URL": TEST_REDIS_URL, **object_store.env(bucket)},
    )
    try:
        started.start_web("a")
        started.start_web("b")
        started.start_worker()
        started.start_beat()
        started.wait_ready()
        yield started
    finally:
        started.stop_all()


@pytest.fixture
def site(tree, plan, report):
    """Who acts, on what: Phòng A's list of accepted registrations (school A1's initiative,
    whose Mẫu 2 is in draft), and a closed council of Phòng A with its signing certificate."""
    registration = plan.phases.get(name="Đợt 1").deadlines.get()
    certificate_trusted = signing_certificate(tree["office_a"])[1]
    return SimpleNamespace(
        head=member(tree["a1"], Role.UNIT_HEAD),
        reviewer=member(tree["office_a"], Role.REVIEWER),
        officer=member(tree["office_a"], Role.AWARD_OFFICER),
        initiative_id=report.initiative_id,
        consolidation=services.consolidation_create(actor=SYSTEM, deadline=registration),
        session=council(tree["office_a"], collectives=1, individuals=1),
        trusted=certificate_trusted,
    )


def files_under(*folders: Path) -> list[Path]:
    return [path for folder in folders for path in folder.rglob("*") if path.is_file()]


def wait_until_done(browser: Browser, node: WebNode, status_url: str, cluster: Cluster) -> str:
    """Poll the job's page on `node` (as its htmx does) until the job is done; its HTML."""
    deadline = time.monotonic() + JOB_TIMEOUT
    status = ""
    while time.monotonic() < deadline:
        page = browser.get(node, status_url)
        assert page.status == 200, cluster.report(status_url, page.status)
        found = re.search(r'data-status="(\w+)"', page.text)
        assert found, cluster.report(status_url, page.text[-1500:])
        status = found.group(1)
        if status == "done":
            return page.text
        assert status != "failed", cluster.report(page.text[-1500:])
        time.sleep(0.3)
    raise AssertionError(cluster.report(status_url, "still", status, "after", JOB_TIMEOUT, "s"))


def test_two_nodes_share_the_session_the_files_and_the_worker_s_documents(
    site, cluster, object_store, bucket
):
    node_a, node_b = cluster.nodes
    media = [node_a.media_root, node_b.media_root, cluster.worker_media]

    # 1. A session begun on A serves on B.
    head = Browser()
    assert head.get(node_b, "/").location.startswith("/login/")  # no session yet
    login = head.log_in(node_a, site.head.username, PASSWORD)
    assert (login.status, login.location) == (302, "/"), cluster.report(login.status)
    home = head.get(node_b, "/")
    assert home.status == 200, cluster.report(home.status, home.location)
    assert site.head.full_name in home.text

    # 2. Evidence uploaded through A downloads through B, from the bucket only.
    result_page = reverse("initiatives:result", kwargs={"initiative_id": site.initiative_id})
    sent = head.submit(
        node_a,
        result_page,
        result_page,
        {
            "work_done": "Đã triển khai ở 3 lớp",
            "effect_after": "Giảm 80% giấy tờ",
            "completion": "90",
            "evidence_kind": "plan",
        },
        files={"evidence_file": ("kế hoạch.pdf", EVIDENCE, "application/pdf")},
    )
    assert (sent.status, sent.location) == (302, result_page), cluster.report(sent.text[-2000:])
    links = re.findall(r'href="(/initiatives/evidence/\d+/)"', head.get(node_b, result_page).text)
    assert len(links) == 1, cluster.report(links)
    download = head.get(node_b, links[0])
    assert download.status == 200, cluster.report(download.status)
    assert download.body == EVIDENCE
    assert "attachment" in download.headers["Content-Disposition"]
    (key,) = object_store.keys(bucket)
    assert key.startswith("evidence/") and object_store.read(bucket, key) == EVIDENCE
    assert files_under(*media) == []

    # 3a. The list's evidence ZIP: asked on B, built by the worker from the bucket, followed
    # on A, downloaded through both.
    reviewer = Browser()
    assert reviewer.log_in(node_b, site.reviewer.username, PASSWORD).status == 302
    list_page = reverse("initiatives:consolidation", args=[site.consolidation.pk])
    queued = reviewer.submit(
        node_b,
        list_page,
        reverse("initiatives:consolidation_evidence_zip", args=[site.consolidation.pk]),
        {},
    )
    assert "/documents/jobs/" in queued.location, cluster.report(queued.status)
    done = wait_until_done(reviewer, node_a, queued.location, cluster)
    (zip_link,) = set(re.findall(r'href="(/documents/jobs/\d+/file/)"', done))
    zip_a, zip_b = reviewer.get(node_a, zip_link), reviewer.get(node_b, zip_link)
    assert (zip_a.status, zip_b.status) == (200, 200), cluster.report(zip_a.status, zip_b.status)
    assert zip_a.body == zip_b.body
    archive = zipfile.ZipFile(io.BytesIO(zip_a.body))
    assert [archive.read(name) for name in archive.namelist()] == [EVIDENCE]

    # 3b. The signed award dossier: asked on A, followed on B, downloaded through both.
    officer = Browser()
    assert officer.log_in(node_a, site.officer.username, PASSWORD).status == 302
    session_id = site.session.pk
    started = officer.submit(
        node_a,
        reverse("awards:council", args=[session_id]),
        reverse("awards:dossier_start", args=[session_id]),
        {},
    )
    assert started.status == 302, cluster.report(started.status)
    wait_until_done(officer, node_b, reverse("awards:dossier_status", args=[session_id]), cluster)
    dossier_url = reverse("awards:dossier_zip", args=[session_id])
    dossier_a, dossier_b = officer.get(node_a, dossier_url), officer.get(node_b, dossier_url)
    assert (dossier_a.status, dossier_b.status) == (200, 200), cluster.report(
        dossier_a.status, dossier_b.status
    )
    assert dossier_a.body == dossier_b.body
    dossier = zipfile.ZipFile(io.BytesIO(dossier_a.body))
    (signature,) = verify_pdf(
        dossier.read(award_documents.merged_member(dossier)), trust_roots=[site.trusted]
    )
    assert signature.ok and signature.covers_whole_file

    # What the worker wrote is in the bucket, and nothing is on any process's disk.
    written = {object_store.read(bucket, k) for k in object_store.keys(bucket) if k.endswith("zip")}
    assert written == {zip_a.body, dossier_a.body}
    assert files_under(*media) == []

    # A session ended on B is ended on A: its old cookie no longer opens a page there.
    ended = Browser(cookies=dict(head.cookies))
    assert head.submit(node_b, "/", reverse("logout"), {}).status == 302
    assert ended.get(node_a, "/").location.startswith("/login/")
    assert cluster.dead() == [], cluster.report(cluster.dead())
