"""Evaluation: criteria (gates, principles, metrics), weights, scoring and results."""

from django.urls import path

from oversyn.web.evaluation import views as views_evaluation

urlpatterns = [
    path(
        "arenden/<str:key>/utvardering/kriterier/",
        views_evaluation.criteria,
        name="eval_criteria",
    ),
    path(
        "arenden/<str:key>/utvardering/alternativ/",
        views_evaluation.alternatives_save,
        name="eval_alternatives",
    ),
    path("arenden/<str:key>/utvardering/krav/", views_evaluation.gate_save, name="gate_save"),
    path(
        "arenden/<str:key>/utvardering/krav/<str:gate_id>/ta-bort/",
        views_evaluation.gate_delete,
        name="gate_delete",
    ),
    path(
        "arenden/<str:key>/utvardering/principer/",
        views_evaluation.principle_save,
        name="principle_save",
    ),
    path(
        "arenden/<str:key>/utvardering/principer/<str:principle_id>/ta-bort/",
        views_evaluation.principle_delete,
        name="principle_delete",
    ),
    path(
        "arenden/<str:key>/utvardering/matt/",
        views_evaluation.metric_save,
        name="metric_save",
    ),
    path(
        "arenden/<str:key>/utvardering/matt/<str:metric_id>/ta-bort/",
        views_evaluation.metric_delete,
        name="metric_delete",
    ),
    path(
        "arenden/<str:key>/utvardering/vikter/", views_evaluation.weights_save, name="weights_save"
    ),
    path("arenden/<str:key>/utvardering/poang/", views_evaluation.scoring, name="eval_scoring"),
    path(
        "arenden/<str:key>/utvardering/slutsats/",
        views_evaluation.conclusion,
        name="eval_conclusion",
    ),
    path("arenden/<str:key>/utvardering/skala/", views_evaluation.scale, name="eval_scale"),
    path("arenden/<str:key>/utvardering/", views_evaluation.results, name="eval_results"),
    path(
        "arenden/<str:key>/utvardering/robusthet/",
        views_evaluation.smaa_job_start,
        name="eval_smaa_job",
    ),
]
