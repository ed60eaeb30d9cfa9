"""The administrator's view of background work: the health figures and the jobs that failed, with a
button to run a failed job again. (Failed e-mails have their own page: the outbox.)"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from rq.exceptions import InvalidJobOperation, NoSuchJobError
from rq.job import Job

from app.audit.services import record
from app.auth.access import role_required
from app.auth.models import Role
from app.extensions import db
from app.jobs import QUEUES, get_queue
from app.jobs.health import queue_health, recovered, work_health
from app.outbox.views import STATUS_LABELS

bp = Blueprint("jobs", __name__, url_prefix="/admin/jobs", template_folder="templates")
SHOWN = 50


QUEUE_LABELS = {"default": _l("Follow-ups and other work"), "mail": _l("E-mails")}


def exception_line(trace: str | None) -> str:
    """The line of a traceback that names the exception (not SQLAlchemy's "Background on this error")."""
    lines = [line.strip() for line in (trace or "").splitlines() if line.strip()]
    named = [line for line in lines if not line.startswith(("(", "File ", "^", "~")) and ":" in line
             and line.split(":", 1)[0].replace(".", "").replace("_", "").isalnum()]
    return (named or lines or [""])[-1][:300]


@bp.route("/")
@role_required(Role.ADMIN)
def index():
    failed = []
    for name in QUEUES:
        queue = get_queue(name)
        if queue is None:
            break
        registry = queue.failed_job_registry
        ids = registry.get_job_ids()
        done = recovered(ids)  # e-mails sent by a later attempt: nothing to do about them
        for job in Job.fetch_many([i for i in ids if i not in done][:SHOWN], connection=queue.connection):
            if job is not None:
                result = job.latest_result()
                failed.append({"id": job.id, "queue": name, "func": job.args[0] if job.args else job.func_name,
                               "ended_at": job.ended_at, "error": exception_line(result.exc_string if result else "")})

    return render_template("jobs/index.html", work=work_health(), queues=queue_health(), failed=failed,
                           queue_labels=QUEUE_LABELS,
                           email_labels={status.value: label for status, label in STATUS_LABELS.items()})


@bp.route("/<queue_name>/<job_id>/retry", methods=["POST"])
@role_required(Role.ADMIN)
def retry(queue_name: str, job_id: str):
    queue = get_queue(queue_name) if queue_name in QUEUES else None
    if queue is None:
        abort(404)
    try:
        queue.failed_job_registry.requeue(job_id)
    except (NoSuchJobError, InvalidJobOperation, ValueError):  # gone meanwhile, or not failed any more
        flash(_("That job is no longer among the failed ones."), "error")
        return redirect(url_for("jobs.index"))
    record(current_user, "retry_job", "job", 0, None, job=job_id)
    db.session.commit()
    flash(_("The job is queued again."), "success")
    return redirect(url_for("jobs.index"))
