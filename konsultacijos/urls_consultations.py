"""The consultation records, their attachments and the topics list."""

from django.urls import path

from konsultacijos.views import consultations, topics

urlpatterns = [
    path("", consultations.ConsultationListView.as_view(), name="consultation_list"),
    path("nauja/", consultations.ConsultationCreateView.as_view(), name="consultation_create"),
    path("<int:pk>/", consultations.ConsultationDetailView.as_view(),
         name="consultation_detail"),
    path("<int:pk>/keisti/", consultations.ConsultationUpdateView.as_view(),
         name="consultation_update"),
    path("<int:pk>/istorija/", consultations.ConsultationHistoryView.as_view(),
         name="consultation_history"),
    path("<int:pk>/trinti/", consultations.consultation_delete, name="consultation_delete"),
    path("<int:pk>/tolesnis-veiksmas/", consultations.consultation_follow_up_done,
         name="consultation_follow_up_done"),
    path("<int:pk>/prisegti/", consultations.attachment_add, name="attachment_add"),
    path("prisegtukai/<int:pk>/", consultations.attachment_download,
         name="attachment_download"),
    path("prisegtukai/<int:pk>/trinti/", consultations.attachment_delete,
         name="attachment_delete"),
    path("temos/", topics.TopicListView.as_view(), name="topic_list"),
    path("temos/nauja/", topics.TopicCreateView.as_view(), name="topic_create"),
    path("temos/<int:pk>/keisti/", topics.TopicUpdateView.as_view(), name="topic_update"),
]
