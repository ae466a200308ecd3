"""Studies, their participating libraries and the questionnaire builder (in the
``tyrimai`` namespace)."""

from django.urls import path

from tyrimai.views import builder, studies

urlpatterns = [
    path("", studies.StudyListView.as_view(), name="study_list"),
    path("naujas/", studies.StudyCreateView.as_view(), name="study_create"),
    path("mano/", studies.my_studies, name="my_studies"),
    path("<int:pk>/", studies.StudyDetailView.as_view(), name="study_detail"),
    path("<int:pk>/redaguoti/", studies.StudyUpdateView.as_view(), name="study_update"),
    path("<int:pk>/istorija/", studies.StudyHistoryView.as_view(), name="study_history"),
    path("<int:pk>/busena/", studies.study_status, name="study_status"),
    path("<int:pk>/bibliotekos/", studies.ParticipantsView.as_view(),
         name="study_participants"),
    # the questionnaire builder: every object is found through its study
    path("<int:pk>/klausimynas/", builder.QuestionnaireView.as_view(), name="questionnaire"),
    path("<int:pk>/klausimynas/skyriai/naujas/", builder.section_create,
         name="section_create"),
    path("<int:pk>/klausimynas/skyriai/<int:section>/", builder.section_update,
         name="section_update"),
    path("<int:pk>/klausimynas/skyriai/<int:section>/trinti/", builder.section_delete,
         name="section_delete"),
    path("<int:pk>/klausimynas/skyriai/<int:section>/perkelti/", builder.section_move,
         name="section_move"),
    path("<int:pk>/klausimynas/skyriai/<int:section>/klausimai/naujas/",
         builder.QuestionEditView.as_view(), name="question_create"),
    path("<int:pk>/klausimynas/klausimai/<int:question>/", builder.QuestionEditView.as_view(),
         name="question_update"),
    path("<int:pk>/klausimynas/klausimai/<int:question>/trinti/", builder.question_delete,
         name="question_delete"),
    path("<int:pk>/klausimynas/klausimai/<int:question>/perkelti/", builder.question_move,
         name="question_move"),
]
