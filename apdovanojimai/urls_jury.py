"""The jury's pages (vertinimas): the juror's juries and worklist, the declaration and the
score sheet of a nomination, the chair's closing and note, the audit trail and the score
table."""

from django.urls import path

from apdovanojimai import views_jury as views
from apdovanojimai import views_jury_chair as chair

urlpatterns = [
    path("vertinimas/", views.my_juries, name="my_juries"),
    path("vertinimas/konkursas/<int:pk>/", views.jury_worklist, name="jury_worklist"),
    path("vertinimas/<int:pk>/deklaracija/", views.assessment_declare,
         name="assessment_declare"),
    path("vertinimas/<int:pk>/balai/", views.assessment_score, name="assessment_score"),
    path("vertinimas/konkursas/<int:pk>/uzdaryti/", chair.scoring_close, name="scoring_close"),
    path("vertinimas/konkursas/<int:pk>/pastaba/", chair.protocol_note, name="protocol_note"),
    path("vertinimas/konkursas/<int:pk>/zurnalas/", chair.jury_audit, name="jury_audit"),
    path("vertinimas/konkursas/<int:pk>/balai/", chair.score_table_view, name="score_table"),
    path("vertinimas/deklaracijos/<int:pk>/atstatyti/", chair.declaration_reset,
         name="declaration_reset"),
]
