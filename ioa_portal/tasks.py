"""The job queue's own upkeep: jobs of a killed worker run again; finished jobs go."""

from __future__ import annotations

import logging

from procrastinate.contrib.django import app

logger = logging.getLogger(__name__)

# A worker writes its heartbeat every 10 seconds; one silent for a minute is gone.
STALLED_AFTER_SECONDS = 60


async def retry_stalled_jobs(seconds_since_heartbeat: float = STALLED_AFTER_SECONDS) -> int:
    """Put back in the queue the jobs that a worker took and never finished (killed, its
    machine lost). Returns how many."""
    stalled = list(
        await app.job_manager.get_stalled_jobs(seconds_since_heartbeat=seconds_since_heartbeat)
    )
    for job in stalled:
        logger.warning("Job %s (%s) was left by a stopped worker; again", job.id, job.task_name)
        await app.job_manager.retry_job(job)
    return len(stalled)


@app.periodic(cron="*/2 * * * *")
@app.task(name="jobs.retry_stalled_jobs", queueing_lock="jobs.retry_stalled_jobs")
async def retry_stalled_jobs_task(timestamp: int) -> None:
    await retry_stalled_jobs()


@app.periodic(cron="30 4 * * *")
@app.task(name="jobs.delete_old_jobs", queueing_lock="jobs.delete_old_jobs")
async def delete_old_jobs(timestamp: int) -> None:
    """Daily: succeeded jobs after a week, failed ones after 90 days (their arguments are
    ids and addresses of the site, never personal data)."""
    await app.job_manager.delete_old_jobs(nb_hours=7 * 24)
    await app.job_manager.delete_old_jobs(nb_hours=90 * 24, include_failed=True)
