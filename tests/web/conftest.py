"""Fixtures for the web tests: users with roles in the seed-000 case (IA → IFO)."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
from django.db import connections

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by fixtures
# and assertions in the browser tests are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from oversyn.io.casefile import load_case
from oversyn.web.cases import services
from oversyn.web.cases.models import Role
from oversyn.web.jobs.models import Job, JobStatus

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SEED = EXAMPLES / "ia-till-ifo.yaml"


@pytest.fixture(autouse=True)
def swedish():
    """Every test starts in Swedish: a request in English (LocaleMiddleware) leaves the
    thread's language active after it, which would leak into the next test."""
    from django.utils import translation

    with translation.override("sv"):
        yield


@pytest.fixture
def users(django_user_model):
    """Four users; ``utredare`` and ``outsider`` may create cases in any municipality (the
    permission ``cases.add_caserecord``), the others may not create cases at all."""
    from django.contrib.auth.models import Permission

    out = {
        name: django_user_model.objects.create_user(username=name, password="pw-" + name)
        for name in ("utredare", "bedomare", "lasare", "outsider")
    }
    create = Permission.objects.get(codename="add_caserecord", content_type__app_label="cases")
    for name in ("utredare", "outsider"):
        out[name].user_permissions.add(create)
    return out


@pytest.fixture
def seed_case():
    return load_case(SEED)


@pytest.fixture
def record(users, seed_case):
    """The IA → IFO case: utredare created it, bedömare and läsare have their roles."""
    row = services.case_create(actor=users["utredare"], case=seed_case)
    services.membership_set(
        actor=users["utredare"], record=row, user=users["bedomare"], role=Role.BEDOMARE
    )
    services.membership_set(
        actor=users["utredare"], record=row, user=users["lasare"], role=Role.LASARE
    )
    row.refresh_from_db()
    return row


@pytest.fixture
def other_record(users, seed_case):
    """A second case that only ``outsider`` has a role in."""
    other = seed_case.model_copy(
        update={"case": seed_case.case.model_copy(update={"id": "annat", "title": "Annat ärende"})}
    )
    return services.case_create(actor=users["outsider"], case=other)


# -- the process pages (status, SWOT, costs, decisions, checklist) -----------------------------

SEED_2018 = EXAMPLES / "flyktingverksamhet-2018.yaml"


@pytest.fixture
def record_2018(users):
    """Seed 003 (UN 2018-02-21 § 13): utredare created it, bedömare and läsare have roles."""
    row = services.case_create(actor=users["utredare"], case=load_case(SEED_2018))
    for name, role in (("bedomare", Role.BEDOMARE), ("lasare", Role.LASARE)):
        services.membership_set(actor=users["utredare"], record=row, user=users[name], role=role)
    row.refresh_from_db()
    return row


MOTALA = EXAMPLES / "motala-2018.yaml"
KOLADA_FILE = Path(__file__).resolve().parents[1] / "io" / "data" / "kolada_v3_N00000_0583.json"


@pytest.fixture
def motala_record(users):
    """Seed 004 (Motala, the answer to the auditors): utredare created it, bedömare and
    läsare have their roles."""
    row = services.case_create(actor=users["utredare"], case=load_case(MOTALA))
    for name, role in (("bedomare", Role.BEDOMARE), ("lasare", Role.LASARE)):
        services.membership_set(actor=users["utredare"], record=row, user=users[name], role=role)
    row.refresh_from_db()
    return row


@pytest.fixture
def kolada_file():
    """A recorded Kolada v3 response: KPI N00000 for Motala (0583), 2017–2019."""
    return KOLADA_FILE


# -- browser helpers for new browser tests (test_browser.py keeps its own) --------------------

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).parent / "vendor" / "axe.min.js"


@pytest.fixture(scope="module")
def chromium():
    """Debian's Chromium through Playwright, headless (one per test module)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--no-sandbox", "--disable-background-networking", "--disable-component-update"],
        )
        yield b
        b.close()


@pytest.fixture
def screenshot_dir(tmp_path):
    """$OVERSYN_SCREENSHOTS if set, else the test's tmp dir."""
    import os

    folder = Path(os.environ.get("OVERSYN_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def browser_login(chromium, live_server):
    """``browser_login(username)`` → a logged-in page (Swedish locale, 1366×900)."""

    def login(username):
        context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="sv-SE")
        page = context.new_page()
        page.goto(live_server.url + "/logga-in/")
        page.fill("#id_username", username)
        page.fill("#id_password", "pw-" + username)
        page.get_by_role("button", name="Logga in").click()
        page.wait_for_url(live_server.url + "/")
        return page

    return login


@pytest.fixture
def axe_serious():
    """``axe_serious(page)`` → serious or critical WCAG 2.1 A/AA violations on the page."""

    def run(page):
        # evaluated through the DevTools protocol: the app's CSP forbids inline script, which
        # add_script_tag would insert
        page.evaluate(AXE.read_text(encoding="utf-8"))
        result = page.evaluate(
            "() => axe.run(document, {runOnly: {type: 'tag', values: "
            "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
        )
        return [
            (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]

    return run


# -- a job worker in a thread, for the browser tests of job pages ----------------------------


class ThreadWorker:
    """Runs queued jobs (``runner.execute``) in a thread until stopped.

    The thread has its own database connection (the SQLite test database is a file, see
    settings_test; or PostgreSQL), in autocommit like a real worker's, so each progress report
    is committed at once and the live server's requests see it.  django-tasks-db's own worker
    is tested in tests/web/jobs (``jobs_worker --batch``, and two processes on PostgreSQL);
    here the thread takes the job rows directly."""

    def __init__(self) -> None:
        self.running = True
        self.running_task = False
        self.paused = False  # a test holds the queue (a job stays queued) while it looks

    def run(self) -> None:
        from oversyn.web.jobs.runner import execute

        try:
            while self.running:
                queued = Job.objects.filter(status=JobStatus.QUEUED)
                job = None if self.paused else queued.order_by("created_at").first()
                if job is None:
                    time.sleep(0.3)
                    continue
                self.running_task = True
                try:
                    execute(str(job.pk))
                finally:
                    self.running_task = False
        finally:
            connections.close_all()  # this thread's own connection


@pytest.fixture
def job_files(settings, tmp_path):
    """OVERSYN_JOB_FILES (the uploads that wait for their job, the files jobs write) in the
    test's own folder; the path."""
    settings.OVERSYN_JOB_FILES = tmp_path / "jobbfiler"
    return settings.OVERSYN_JOB_FILES


@pytest.fixture
def large_uploads(settings, job_files):
    """Every upload above 1 kB is "large" (OVERSYN_JOB_INLINE_BYTES): imported by a job.
    The seed case file (~20 kB) and its organisation workbook are large; the path of
    OVERSYN_JOB_FILES."""
    settings.OVERSYN_JOB_INLINE_BYTES = 1024
    return job_files


@pytest.fixture
def org_workbook():
    """``org_workbook(baseline, fte=None, name="org.xlsx")``: an upload of the organisation in
    the export's layout, the first unit's (row 3) årsarbetare set to ``fte`` if given — a word
    such as "många" gives the located error "org.xlsx, blad Enheter, rad 3, kolumn I
    (årsarbetare)"."""
    import io

    from openpyxl import load_workbook

    from oversyn.web.organisation.tabular import organisation_to_xlsx

    def make(baseline, fte=None, name="org.xlsx"):
        wb = load_workbook(io.BytesIO(organisation_to_xlsx(baseline)))
        if fte is not None:
            sheet = wb["Enheter"]
            headers = [c.value for c in sheet[1]]
            sheet.cell(row=3, column=headers.index("årsarbetare") + 1).value = fte
        upload = io.BytesIO()
        wb.save(upload)
        upload.seek(0)
        upload.name = name
        return upload

    return make


@pytest.hookimpl(tryfirst=True)  # before ``-m`` selects by marks
def pytest_collection_modifyitems(items):
    """A test with a job worker (the job pages' browser tests) is a browser test on a
    transactional database (the worker thread and the live server see each other's writes),
    skipped without Debian's Chromium: the marks are set here once, not per module."""
    for item in items:
        if "job_worker" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.django_db(transaction=True))
            if not CHROMIUM.exists():
                item.add_marker(pytest.mark.skip(reason="needs Debian chromium"))


@pytest.fixture
def job_worker(live_server, job_files):
    """A job worker in a thread of the test process (:class:`ThreadWorker`), with
    OVERSYN_JOB_FILES in the test's folder (``job_files``)."""
    w = ThreadWorker()
    thread = threading.Thread(target=w.run, daemon=True)
    thread.start()
    yield w
    w.running = False
    thread.join(60)
