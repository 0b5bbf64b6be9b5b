from django.db import models


class JobRun(models.Model):
    """One run of a daily job on one local day: the row that claims the job.

    The unique (job, day) pair is the lock between schedulers: the scheduler
    whose INSERT wins runs the job, any other gets an IntegrityError and skips
    it (cms/scheduler.py).
    """

    job = models.CharField(max_length=100)
    day = models.DateField(help_text="The day, in the site's time zone, of this run.")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(
        null=True, blank=True, help_text="Empty while the job runs, or if it died."
    )
    failed = models.BooleanField(default=False)
    result = models.TextField(
        blank=True, help_text="What the job did, or the error that stopped it."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "day"], name="one_run_per_job_a_day")
        ]
        ordering = ["-day", "job"]

    def __str__(self):
        return f"{self.job} on {self.day:%Y-%m-%d}"
