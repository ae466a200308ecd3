"""Routes of the certificates part of the trainings app (included by mokymai/urls.py)."""

from django.urls import path

from mokymai.views import certificates

urlpatterns: list = [
    # the register and one certificate
    path("pazymejimai/", certificates.CertificateListView.as_view(), name="certificate_list"),
    path("pazymejimai/<int:pk>/", certificates.CertificateDetailView.as_view(),
         name="certificate_detail"),
    path("pazymejimai/<int:pk>/pdf/", certificates.certificate_pdf, name="certificate_pdf"),
    path("pazymejimai/<int:pk>/atsaukti/", certificates.certificate_revoke,
         name="certificate_revoke"),
    path("pazymejimai/<int:pk>/isduoti-is-naujo/", certificates.certificate_reissue,
         name="certificate_reissue"),
    # the public check (the QR code's link)
    path("pazymejimai/tikrinti/", certificates.certificate_verify, name="certificate_verify"),
    # the signed-in person's certificates and courses taken elsewhere
    path("mano-pazymejimai/", certificates.my_certificates, name="my_certificates"),
    path("kursai-kitur/", certificates.ExternalCourseListView.as_view(),
         name="external_course_list"),
    path("kursai-kitur/naujas/", certificates.external_course_create,
         name="external_course_create"),
    path("kursai-kitur/<int:pk>/", certificates.external_course_detail,
         name="external_course_detail"),
    path("kursai-kitur/<int:pk>/failas/", certificates.external_course_file,
         name="external_course_file"),
]
