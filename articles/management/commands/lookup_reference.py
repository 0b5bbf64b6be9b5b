import json

from django.core.management.base import BaseCommand, CommandError

from articles.evidence.registries import RegistryError, lookup


class Command(BaseCommand):
    help = (
        "Look up a reference by DOI, PMID or PMCID (or its doi.org, PubMed or PMC "
        "address) in Crossref, PubMed and PMC, and print it as a CSL-JSON item. "
        "What the editor should check (failed steps, retractions, errata) goes to "
        "standard error."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "identifier", help="e.g. 10.1056/NEJMoa1210384, 23121403, PMC2883744"
        )

    def handle(self, *args, identifier, **options):
        try:
            result = lookup(identifier)
        except RegistryError as error:
            raise CommandError(error.message) from error
        for warning in result.warnings:
            self.stderr.write(f"Note: {warning}")
        self.stdout.write(json.dumps(result.csl, indent=2, ensure_ascii=False))
