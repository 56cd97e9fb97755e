"""URLs — Follow-up: audit recommendations, the responsibility matrix, goals and indicators."""

from django.urls import URLPattern, path

from oversyn.web.followup import views as v

_C = "arenden/<str:key>/"
_IND = _C + "mal/<str:goal_id>/indikatorer/<str:ind_id>/"

urlpatterns: list[URLPattern] = [
    path(_C + "revision/", v.audit, name="followup_audit"),
    path(_C + "revision/ny/", v.audit_edit, name="followup_audit_new"),
    path(_C + "revision/<str:rec_id>/", v.audit_edit, name="followup_audit_edit"),
    path(_C + "revision/<str:rec_id>/ta-bort/", v.audit_delete, name="followup_audit_delete"),
    path(_C + "ansvar/", v.responsibilities, name="followup_responsibilities"),
    path(_C + "ansvar/ny/", v.responsibility_edit, name="followup_responsibility_new"),
    path(_C + "ansvar/<str:area_id>/", v.responsibility_edit, name="followup_responsibility_edit"),
    path(
        _C + "ansvar/<str:area_id>/ta-bort/",
        v.responsibility_delete,
        name="followup_responsibility_delete",
    ),
    path(_C + "mal/", v.goals, name="followup_goals"),
    path(_C + "mal/ny/", v.goal_edit, name="followup_goal_new"),
    path(_C + "mal/<str:goal_id>/", v.goal_edit, name="followup_goal_edit"),
    path(_C + "mal/<str:goal_id>/ta-bort/", v.goal_delete, name="followup_goal_delete"),
    path(
        _C + "mal/<str:goal_id>/indikatorer/ny/",
        v.indicator_edit,
        name="followup_indicator_new",
    ),
    path(_IND, v.indicator_edit, name="followup_indicator_edit"),
    path(_IND + "ta-bort/", v.indicator_delete, name="followup_indicator_delete"),
    path(_IND + "varden/", v.value_add, name="followup_value_add"),
    path(_IND + "varden/ta-bort/", v.value_delete, name="followup_value_delete"),
    path(_IND + "kolada/", v.kolada_upload, name="followup_kolada"),
]
