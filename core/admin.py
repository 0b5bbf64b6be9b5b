"""The outgoing-mail queue, for the operator: what left, what waits, and why."""

from django.contrib import admin, messages
from django.utils import timezone

from .mail import _queue
from .models import OutgoingMail


class SentFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("waiting", "Waiting to be sent"), ("sent", "Sent")]

    def queryset(self, request, queryset):
        if self.value() in {"waiting", "sent"}:
            return queryset.filter(sent_at__isnull=self.value() == "waiting")
        return queryset


@admin.register(OutgoingMail)
class OutgoingMailAdmin(admin.ModelAdmin):
    list_display = ["subject", "state", "created_at", "sent_at", "attempts"]
    list_filter = [SentFilter]
    search_fields = ["subject"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "subject",
        "body",
        "recipients",
        "created_at",
        "sent_at",
        "attempts",
        "next_attempt_at",
        "last_error",
    ]
    actions = ["send_again_now"]

    @admin.display(description="state")
    def state(self, mail):
        if mail.sent_at:
            return "Sent"
        if not mail.attempts:
            return "Waiting"
        when = timezone.localtime(mail.next_attempt_at)
        tries = f"{mail.attempts} attempt{'s' if mail.attempts > 1 else ''}"
        return f"Failed ({tries}), next {when:%d %b %H:%M}: {mail.last_error[:80]}"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # an e-mail is never dropped: it is sent, or it waits

    @admin.action(description="Try the selected unsent e-mail again now")
    def send_again_now(self, request, queryset):
        unsent = list(
            queryset.filter(sent_at__isnull=True).values_list("pk", flat=True)
        )
        OutgoingMail.objects.filter(pk__in=unsent).update(
            next_attempt_at=timezone.now()
        )
        for pk in unsent:
            _queue(pk)
        self.message_user(
            request, f"Queued {len(unsent)} e-mail to send again.", messages.SUCCESS
        )
