"""References from outside, in the article form: the look-up endpoint and the
import page.

The form's "Look up" button (static/js/reference-tools.js) posts an identifier
here and gets the registries' fields back as JSON, with a key made the way
imported keys are; the script fills a new row of the references inline with
them, and nothing is saved until the editor saves the form. The import page
reads a citation-manager file, shows what saving it would do, and saves
through ``workflow.import_references`` once the editor confirms.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from articles import workflow
from articles.evidence.imports import FORMATS
from articles.evidence.imports_keys import key_stem, unique_key
from articles.evidence.records import Name
from articles.evidence.registries import RegistryError, lookup
from articles.models import Article, Reference
from core.refusals import Refusal

MAX_FILE_BYTES = 1024 * 1024
MAX_TYPED_KEYS = 500
# What the editor can fix by typing something else; other failures are the
# registries' (HTTP 502: a gateway that got no usable answer).
THE_EDITORS_TO_FIX = {"identifier", "not-found"}
FORMAT_CHOICES = [
    ("", "Tell from the content"),
    *((name, label) for name, (label, _) in FORMATS.items()),
]


# Looking up one identifier ------------------------------------------------------


def _error(message, status):
    return JsonResponse({"error": message}, status=status)


def generated_key(result, taken):
    """Return a key for the looked-up RESULT, unique among TAKEN (any case).

    The same key an import of the same work would get: surname (or an
    organisation's initials, or the title's first word) and year.
    """
    authors = result.csl.get("author") or []
    first = Name(**authors[0]) if authors else None
    stem = key_stem(first, result.fields.get("title", ""), result.fields.get("year"))
    return unique_key(stem, {key.lower() for key in taken})


def _article_being_edited(request):
    """Return the article the form edits (a new one on the add form), or None."""
    article_id = request.POST.get("article", "")
    if not article_id:
        return Article()
    if not article_id.isdigit():
        return None
    return Article.objects.filter(pk=article_id).first()


@require_POST
def lookup_reference(request):
    """Answer a look-up as JSON: ``{fields, warnings, sources}`` or ``{error}``.

    POST ``identifier`` (a DOI, PMID or PMCID, or its address), ``keys`` (the
    reference keys typed in the form, repeated) and ``article`` (its id; empty
    on the add form). 403 for someone who may not edit the article's
    references, 400 for what the editor can fix, 502 when the registries
    gave no usable answer.
    """
    article = _article_being_edited(request)
    if article is None:
        return _error("There is no such article.", 404)
    verdict = workflow.can_add_references(article, by=request.user)
    if not verdict:
        return _error(verdict.reason, 403)
    identifier = request.POST.get("identifier", "").strip()
    if not identifier:
        return _error("Type a DOI, PMID or PMCID, or paste its address.", 400)
    try:
        result = lookup(identifier)
    except RegistryError as error:
        status = 400 if error.reason in THE_EDITORS_TO_FIX else 502
        return _error(error.message, status)
    taken = request.POST.getlist("keys")[:MAX_TYPED_KEYS]
    fields = {"key": generated_key(result, taken), **result.fields}
    return JsonResponse(
        {"fields": fields, "warnings": result.warnings, "sources": result.sources}
    )


# The import page ----------------------------------------------------------------


def _as_text(data, name):
    """Return DATA (bytes) as text, or raise ValidationError saying what is wrong."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise forms.ValidationError(
            f"{name} is not UTF-8 text: byte {error.start + 1} cannot be read as "
            "UTF-8. Export it again as UTF-8, or paste its text instead."
        ) from error
    if "\x00" in text:
        raise forms.ValidationError(
            f"{name} is not a text file. Choose the file your citation manager "
            "exported (BibTeX, RIS, MEDLINE or CSL-JSON)."
        )
    return text


class ImportFileForm(forms.Form):
    """The file to import: pasted or uploaded, and its format."""

    text = forms.CharField(
        label="Paste the references",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 10, "cols": 80, "spellcheck": "false"}),
        help_text=(
            "As your citation manager exports them: BibTeX, RIS, PubMed "
            "(MEDLINE, .nbib) or CSL-JSON."
        ),
    )
    file = forms.FileField(
        label="Or upload the exported file",
        required=False,
        help_text="A text file of at most 1 MB, in UTF-8 (as Zotero and PubMed save).",
    )
    format = forms.ChoiceField(
        label="Format",
        choices=FORMAT_CHOICES,
        required=False,
        help_text="Leave it to be told from the content unless that fails.",
    )

    def clean_text(self):
        text = self.cleaned_data["text"]
        if len(text.encode("utf-8")) > MAX_FILE_BYTES:
            raise forms.ValidationError(
                "The pasted text is larger than 1 MB; import it in parts."
            )
        return text

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload is None:
            return None
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                f"“{upload.name}” is larger than 1 MB; export fewer references "
                "at a time."
            )
        return _as_text(upload.read(), f"“{upload.name}”")

    def clean(self):
        data = super().clean()
        text, uploaded = data.get("text", ""), data.get("file")
        if self.errors:
            return data
        if text.strip() and uploaded is not None:
            raise forms.ValidationError(
                "Paste the references or upload a file, not both."
            )
        if not text.strip() and uploaded is None:
            raise forms.ValidationError("Paste the references or upload a file.")
        data["content"] = uploaded if uploaded is not None else text
        return data


class ImportConfirmForm(forms.Form):
    """What the confirmation page carries back: the text, as planned."""

    text = forms.CharField(widget=forms.HiddenInput, strip=False)
    format = forms.ChoiceField(
        choices=FORMAT_CHOICES, required=False, widget=forms.HiddenInput
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
    skip_problems = forms.BooleanField(
        label="Skip the entries that could not be read", required=False
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")  # the checkbox's label follows it
        super().__init__(*args, **kwargs)


def _field_label(name):
    return Reference._meta.get_field(name).verbose_name


def _identifiers(entry):
    labelled = (("DOI", "doi"), ("PMID", "pmid"), ("PMCID", "pmcid"))
    return [f"{label} {entry[name]}" for label, name in labelled if entry.get(name)]


def plan_context(planned):
    """Return what the confirmation page shows of PLANNED."""
    return {
        "planned": planned,
        "new_entries": [
            {**entry, "identifiers": _identifiers(entry)} for entry in planned.plan.new
        ],
        "merges": [
            {
                "merge": merge,
                # "Lists only the first authors" goes with the authors it describes.
                "fills": [
                    _field_label(name)
                    for name in merge.fields
                    if name != "first_authors_only"
                ],
            }
            for merge in planned.plan.merges
        ],
    }


class ImportPage:
    """One request to the import page of ARTICLE, for ArticleAdmin."""

    template = "admin/articles/import_references.html"

    def __init__(self, model_admin, request, article):
        self.model_admin, self.request, self.article = model_admin, request, article

    def render(self, **context):
        title = f"Import references into “{self.article.title}”"
        return TemplateResponse(
            self.request,
            self.template,
            {
                **self.model_admin.admin_site.each_context(self.request),
                "opts": self.model_admin.opts,
                "title": title,
                "article": self.article,
                **context,
            },
        )

    def confirmation(self, text, format, *, error="", skip_problems=False):
        """Render the plan of TEXT against the article as it is now."""
        self.article.refresh_from_db()
        planned = workflow.plan_import(self.article, text, format or None)
        confirm = ImportConfirmForm(
            initial={
                "text": text,
                "format": format,
                "version": self.article.version,
                "skip_problems": skip_problems,
            }
        )
        return self.render(confirm=confirm, error=error, **plan_context(planned))

    def save(self, data):
        """Save the confirmed import, or show the plan again with the reason."""
        text, format = data["text"], data["format"]
        try:
            planned = workflow.import_references(
                self.article,
                by=self.request.user,
                text=text,
                format=format or None,
                skip_problems=data["skip_problems"],
                opened_version=data["version"],
            )
        except workflow.EditConflict:
            return self.confirmation(text, format, error=CONFLICT)
        except workflow.ImportHasProblems:
            return self.confirmation(text, format, error=TICK_TO_SKIP)
        except (Refusal, PermissionDenied) as refusal:
            return self.confirmation(
                text, format, error=str(refusal), skip_problems=data["skip_problems"]
            )
        if not planned.saved:
            messages.warning(self.request, NOTHING_TO_IMPORT)
        else:
            messages.success(
                self.request,
                f"Saved: {planned.added} new reference(s); {planned.filled} "
                "existing reference(s) filled in. Cite them in the text by key.",
            )
        return redirect("admin:articles_article_change", self.article.pk)


CONFLICT = (
    "Someone else saved this article while you were reading the plan. Nothing "
    "was saved. The plan below is made again against the article as it is now: "
    "check it, then save."
)
TICK_TO_SKIP = (
    "Nothing was saved: some entries could not be read. Tick “Skip the entries "
    "that could not be read” to save the others, or fix the file and import it "
    "again."
)
NOTHING_TO_IMPORT = (
    "Nothing to import: the article already has every reference of the file, "
    "with nothing to fill in. Nothing was saved."
)


def import_page(model_admin, request, pk):
    """The import page: choose a file, see the plan, confirm to save it."""
    article = get_object_or_404(Article, pk=pk)
    verdict = workflow.can_add_references(article, by=request.user)
    if not verdict:
        raise PermissionDenied(verdict.reason)
    page = ImportPage(model_admin, request, article)
    if request.method == "POST" and request.POST.get("step") == "save":
        confirm = ImportConfirmForm(request.POST)
        if confirm.is_valid():
            return page.save(confirm.cleaned_data)
        upload = ImportFileForm()
        return page.render(
            upload=upload,
            error="The import to confirm was incomplete; nothing was saved. "
            "Choose the file again.",
        )
    if request.method == "POST":
        upload = ImportFileForm(request.POST, request.FILES)
        if upload.is_valid():
            data = upload.cleaned_data
            return page.confirmation(data["content"], data["format"])
        return page.render(upload=upload)
    return page.render(upload=ImportFileForm())
