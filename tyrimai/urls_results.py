from django.urls import path

from tyrimai.views import beside, bursts, open_answers, results

urlpatterns = [
    path("rezultatai/", results.results_list, name="results_list"),
    path("<int:pk>/rezultatai/", results.results, name="results"),
    path("<int:pk>/rezultatai/<str:code>/", results.results_question, name="results_question"),
    path("<int:pk>/atviri/<str:code>/", open_answers.open_answers, name="open_answers"),
    path("<int:pk>/srautai/", bursts.bursts, name="bursts"),
    path("<int:pk>/palyginimas/", beside.beside_statistics, name="beside_statistics"),
]
