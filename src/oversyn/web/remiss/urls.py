"""URLs — Remiss: the investigator's remiss pages and a party's own inbox and answer page."""

from django.urls import URLPattern, path

from oversyn.web.remiss import views as v

urlpatterns: list[URLPattern] = [
    path("arenden/<str:key>/remiss/", v.remiss_list, name="remiss_list"),
    path("arenden/<str:key>/remiss/ny/", v.remiss_edit, name="remiss_new"),
    path("arenden/<str:key>/remiss/<str:remiss_id>/", v.remiss_edit, name="remiss_edit"),
    path(
        "arenden/<str:key>/remiss/<str:remiss_id>/ta-bort/",
        v.remiss_delete,
        name="remiss_delete",
    ),
    path("arenden/<str:key>/remiss/<str:remiss_id>/skicka/", v.remiss_send, name="remiss_send"),
    path(
        "arenden/<str:key>/remiss/<str:remiss_id>/svar/<str:party_id>/",
        v.remiss_answer_entry,
        name="remiss_answer_entry",
    ),
    path(
        "arenden/<str:key>/remiss/<str:remiss_id>/instanser/",
        v.remiss_party_user,
        name="remiss_party_user",
    ),
    path(
        "arenden/<str:key>/remiss/<str:remiss_id>/skickat-underlag/",
        v.remiss_sent_document,
        name="remiss_sent_document",
    ),
    # a party's own pages (the party's user is not a member of the case)
    path("remiss/", v.party_inbox, name="party_inbox"),
    path("remiss/<int:access_id>/", v.party_remiss, name="party_remiss"),
    path("remiss/<int:access_id>/underlag/", v.party_document, name="party_document"),
]
