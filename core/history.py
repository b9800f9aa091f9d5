"""An audit trail that records only what changed.

django-simple-history writes a row on every save. Saving an object exactly as it was (the
demo data loaded again, a form submitted unchanged, a bulk re-save) would then show changes
that never happened, so a save that changes no recorded field writes no history row.
"""

from simple_history.models import HistoricalRecords


class ChangeHistory(HistoricalRecords):
    """HistoricalRecords that skips a save which changed none of the recorded fields.

    Fields set by the database on every save (`auto_now` timestamps) are not a change."""

    def create_historical_record(self, instance, history_type, using=None):
        if history_type == "~" and not self.changed_since_last_record(instance):
            return
        super().create_historical_record(instance, history_type, using=using)

    def changed_since_last_record(self, instance) -> bool:
        manager = getattr(instance, self.manager_name)
        latest = manager.order_by("-history_date", "-history_id").first()
        if latest is None:
            return True
        return any(
            getattr(latest, field.attname) != getattr(instance, field.attname)
            for field in self.fields_included(instance)
            if not getattr(field, "auto_now", False)
        )
