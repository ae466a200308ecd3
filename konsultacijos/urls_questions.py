from django.urls import path

from konsultacijos.views import questions

urlpatterns = [
    path("klausimai/", questions.QuestionListView.as_view(), name="question_list"),
    path("klausimai/naujas/", questions.QuestionCreateView.as_view(), name="question_create"),
    path("klausimai/<int:pk>/", questions.QuestionDetailView.as_view(),
         name="question_detail"),
    path("klausimai/<int:pk>/prisegtukas/", questions.question_attachment,
         name="question_attachment"),
    path("klausimai/<int:pk>/priskirti/", questions.question_assign, name="question_assign"),
    path("klausimai/<int:pk>/atsakyti/", questions.question_answer, name="question_answer"),
    path("klausimai/<int:pk>/atsiimti/", questions.question_withdraw,
         name="question_withdraw"),
]
