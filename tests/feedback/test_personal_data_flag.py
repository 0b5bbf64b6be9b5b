"""The personal-data flag: phones and e-mail addresses, not dates or citations."""

import pytest
from django.urls import reverse

from feedback.models import FeedbackReport
from feedback.services import looks_personal


@pytest.mark.parametrize(
    "text",
    [
        "Call me on +44 20 7946 0958.",
        "My number is (555) 123-4567",
        "Ring 07700 900123 after six",
        "Mobile: 07700900123",
        "+44 7700 900123",
        "+1 555-123-4567",
        "+44 (0)20 7946 0958",
        "555.123.4567",
        "tel:+33 1 23 45 67 89",
        "Email me at jo@example.org",
        "jo.bloggs+health@mail.example.co.uk wrote this",
    ],
)
def test_phone_numbers_and_email_addresses_are_flagged(text):
    assert looks_personal(text), text


@pytest.mark.parametrize(
    "text",
    [
        "The guideline was updated on 2023-01-15.",
        "Published 15.01.2023 and revised 2024/03/01.",
        "Seen 01-02-2024 and 2024.02.01",
        "PMID 12345678",
        "PMID: 12345678, PMCID: PMC1234567",
        "See pubmed 12345678 (PMID:87654321)",
        "doi:10.1001/jama.2020.1234",
        "https://doi.org/10.1016/S0140-6736(20)30183-5",
        "10.1001/jama.2020.1234",
        "Trial NCT01234567 and ISRCTN12345678",
        "ISBN 978-0-12-345678-9",
        "https://pubmed.ncbi.nlm.nih.gov/12345678/",
        "The 2019 trial enrolled 1,200 people.",
        "Between 2010-2020 the rate fell.",
        "Studies from 2015 2016 2017 agree.",
        "About 12.000.000 people, 95% CI 1.234-5.678.",
        "pi is 3.14159265",
        "pp. 1234-1240",
        "Dose 400 mg twice daily for 12 weeks.",
    ],
)
def test_dates_citations_and_identifiers_are_not_flagged(text):
    assert not looks_personal(text), text


def test_the_flag_says_what_it_means_wherever_it_is_shown(client, cast, article):
    flagged = FeedbackReport.objects.create(
        article=article,
        revision=article.live_revision,
        helpful=False,
        reason="other",
        details="Call me on 07700 900123",
        has_personal_data=True,
    )
    client.force_login(cast.moderator)
    listing = client.get(reverse("admin:feedback_feedbackreport_changelist"))
    html = listing.content.decode()
    # The list marks the row in words, and the filter says what it filters on.
    assert "May contain personal data" in html
    assert "personal data in the details" in html
    assert "May contain some (e-mail or phone detected)" in html
    assert "None detected" in html
    assert "has personal data" not in html.lower()
    page = client.get(
        reverse("admin:feedback_feedbackreport_change", args=[flagged.pk])
    ).content.decode()
    assert "May contain personal data" in page
    assert "An e-mail address or phone number was detected in the details" in page
