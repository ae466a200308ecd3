from dataclasses import dataclass
from datetime import date

import factory

from bibliotekos.models import County, Library, LibraryKind, Municipality, MunicipalityPopulation
from paskyros.models import User

PASSWORD = "labai-slaptas-slaptazodis-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@test.lt")
    full_name = factory.Faker("name", locale="lt_LT")
    role = "librarian"
    password = factory.django.Password(PASSWORD)


class LibraryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Library

    code = factory.Sequence(lambda n: f"LIB-{n:04d}")
    name = factory.Sequence(lambda n: f"Biblioteka Nr. {n}")
    kind = LibraryKind.SCHOOL
    school_name = factory.Sequence(lambda n: f"Mokykla Nr. {n}")


@dataclass
class Territory:
    county: County
    municipality_a: Municipality
    municipality_b: Municipality
    system_a: Library
    central_a: Library
    branch_a: Library
    service_point_a: Library
    system_b: Library
    central_b: Library
    school_b: Library


def build_territory() -> Territory:
    county = County.objects.create(code="KLA", name="Klaipėdos apskritis")
    mun_a = Municipality.objects.create(code="KRE", name="Kretingos rajono savivaldybė",
                                        county=county)
    mun_b = Municipality.objects.create(code="SKU", name="Skuodo rajono savivaldybė",
                                        county=county)
    for mun, population in ((mun_a, 39_800), (mun_b, 15_200)):
        MunicipalityPopulation.objects.create(municipality=mun, year=2025, population=population)
    system_a = Library.objects.create(code="SVB-KRE", name="Kretingos viešoji biblioteka",
                                      kind=LibraryKind.SYSTEM, municipality=mun_a)
    central_a = Library.objects.create(code="SVB-KRE-C", name="Kretingos centrinė biblioteka",
                                       kind=LibraryKind.CENTRAL, parent=system_a,
                                       municipality=mun_a)
    branch_a = Library.objects.create(code="SVB-KRE-F01", name="Darbėnų filialas",
                                      kind=LibraryKind.RURAL_BRANCH, parent=central_a,
                                      municipality=mun_a)
    point_a = Library.objects.create(code="SVB-KRE-P01", name="Jokūbavo paslaugų punktas",
                                     kind=LibraryKind.SERVICE_POINT, parent=branch_a,
                                     municipality=mun_a, closed=date(2021, 12, 31))
    system_b = Library.objects.create(code="SVB-SKU", name="Skuodo viešoji biblioteka",
                                      kind=LibraryKind.SYSTEM, municipality=mun_b)
    central_b = Library.objects.create(code="SVB-SKU-C", name="Skuodo centrinė biblioteka",
                                       kind=LibraryKind.CENTRAL, parent=system_b,
                                       municipality=mun_b)
    school_b = Library.objects.create(code="MB-SKU-001", name="Skuodo gimnazijos biblioteka",
                                      kind=LibraryKind.SCHOOL, municipality=mun_b,
                                      school_name="Skuodo Pranciškaus Žadeikio gimnazija")
    return Territory(county, mun_a, mun_b, system_a, central_a, branch_a, point_a, system_b,
                     central_b, school_b)
