"""Django admin for staff: cases and memberships; the audit trail is read-only."""

from django.contrib import admin

from oversyn.web.cases.models import (
    AuditRecord,
    CaseRecord,
    Membership,
    Municipality,
    MunicipalityMembership,
    RemissAccess,
    RemissSnapshot,
)


class _ReadOnly:
    """Case content and roles change only through the services (which write the audit)."""

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


class MembershipInline(_ReadOnly, admin.TabularInline):
    model = Membership


@admin.register(CaseRecord)
class CaseRecordAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = ("key", "title", "owner", "version", "updated_at")
    list_filter = ("owner",)
    search_fields = ("key", "case_id", "title", "municipality")
    readonly_fields = ("content", "version", "created_at", "updated_at", "created_by")
    inlines = [MembershipInline]


@admin.register(AuditRecord)
class AuditRecordAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = ("time", "user_name", "case_key", "action", "object_type", "object_repr")
    list_filter = ("action", "object_type")
    search_fields = ("case_key", "object_id", "user_name", "request_id")


@admin.register(RemissSnapshot)
class RemissSnapshotAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = ("case", "remiss_id", "created_at", "created_by", "case_version")
    search_fields = ("case__key", "remiss_id")
    exclude = ("html",)


@admin.register(RemissAccess)
class RemissAccessAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = ("case", "remiss_id", "party_id", "user")
    search_fields = ("case__key", "remiss_id", "party_id", "user__username")


class MunicipalityMembershipInline(admin.TabularInline):
    """Municipality roles are given here by staff (Django's admin log records who and when)."""

    model = MunicipalityMembership
    extra = 1
    autocomplete_fields = ("user",)


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("name", "code")
    search_fields = ("name", "code")
    inlines = [MunicipalityMembershipInline]

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return obj is None or not obj.cases.exists()  # a municipality with cases stays
