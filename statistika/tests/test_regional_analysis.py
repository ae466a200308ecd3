"""The regional analysis and the library profile, rendered and read back."""

import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from conftest import require_program
from statistika.models import Narrative
from statistika.selectors.values import primary_table
from statistika.services.analysis import save_narrative

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(territory, put):
    for year in range(2020, 2025):
        put(territory.central_a, {"users_registered": 1000 + year, "loans": 16_000 + year,
                                  "visits": 14_000}, year=year)
        put(territory.central_b, {"users_registered": 400, "loans": 5_000, "visits": 6_000},
            year=year)


def text_of(path: Path) -> str:
    program = require_program("pdftotext")
    out = subprocess.run([program, "-layout", str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    return " ".join(out.replace("\xa0", " ").split())


def libreoffice_pdf(path: Path) -> Path:
    program = require_program("soffice", "libreoffice")
    subprocess.run([program, "--headless", "--convert-to", "pdf", "--outdir",
                    str(path.parent / "lo"), str(path)], capture_output=True, check=True,
                   timeout=180)
    return path.parent / "lo" / (path.stem + ".pdf")


def test_numbers_agree_in_pdf_docx_xlsx_and_the_selector(history, staff, tmp_path):
    save_narrative(year=2024, section="loans", text="Išduotis **auga** Kretingoje.", by=staff)
    files = {}
    for fmt in ("pdf", "docx", "xlsx"):
        files[fmt] = tmp_path / f"analize.{fmt}"
        call_command("render_report", "regional_analysis", "--year", "2024", "--format", fmt,
                     "--output", str(files[fmt]))
    table = primary_table(codes=["loans", "users_registered"], years=[2024],
                          level="territory")
    loans = int(table.get("territory", 2024, "loans"))          # 21 024
    expected = f"{loans:,}".replace(",", " ")
    pdf = text_of(files["pdf"])
    assert expected in pdf
    assert "Turinys" in pdf and "Išduotis auga Kretingoje." in pdf
    assert "Kretingos rajono savivaldybė" in pdf
    docx = text_of(libreoffice_pdf(files["docx"]))
    assert expected in docx and "Išduotis auga Kretingoje." in docx
    xlsx = text_of(libreoffice_pdf(files["xlsx"]))
    # A count's cell has the format #,##0: grouped as the office program's locale groups.
    assert f"{loans:,}" in xlsx or expected in xlsx


def test_library_profile_places_the_library_among_peers(history, librarian_a, tmp_path):
    path = tmp_path / "profile.pdf"
    call_command("render_report", "library_profile", "--library", "SVB-KRE", "--year", "2024",
                 "--format", "pdf", "--output", str(path), "--as-user", "a@test.lt")
    text = text_of(path)
    assert "Kretingos viešoji biblioteka" in text and "3 024" in text  # users in 2024
    assert "Skuodo" not in text


def test_staff_write_versions_of_the_narrative_and_management_reads(staff_client,
                                                                   manager_client, client_a):
    url = reverse("statistika:analysis_narrative", args=[2024])
    staff_client.post(url, {"section": "users", "text": "Pirmas variantas"})
    staff_client.post(url, {"section": "users", "text": "Antras variantas"})
    assert list(Narrative.objects.filter(section="users").values_list("version", flat=True)
                ) == [2, 1]
    page = manager_client.get(url).content.decode()
    assert "Antras variantas" in page
    assert manager_client.post(url, {"section": "users", "text": "x"}).status_code == 403
    assert client_a.get(url).status_code == 403
    assert staff_client.post(url, {"section": "nera", "text": "x"}).status_code == 404
