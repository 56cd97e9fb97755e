from django.urls import path

from oversyn.web.notifications import views as v

urlpatterns = [
    path("inbjudan/<str:token>/", v.invitation, name="invitation"),
    path("arenden/<str:key>/utskick/", v.case_mail, name="case_mail"),
    path("arenden/<str:key>/utskick/kontakt/", v.contact_add, name="contact_add"),
    path(
        "arenden/<str:key>/utskick/kontakt/<int:contact_id>/ta-bort/",
        v.contact_remove,
        name="contact_remove",
    ),
]
