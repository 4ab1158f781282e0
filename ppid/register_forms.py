"""The admin form of register entries: an uploaded PDF goes through humas_portal.uploads
(``pdf_sanitize``: no active content, no password, no metadata, under a random name) before the
model sees it, and its size is measured from the cleaned copy. A refused upload is a form error
on its field, in Indonesian; nothing is stored. The exempt rules (ground and consequence test,
never a document or a link) are the model's (InformationEntry.clean) and the database's."""

from django import forms
from django.core.files.uploadedfile import UploadedFile

from humas_portal.uploads import pdf_sanitize
from ppid.models import InformationEntry


class InformationEntryAdminForm(forms.ModelForm):
    class Meta:
        model = InformationEntry
        fields = [
            "title", "slug", "category", "summary", "responsible_unit", "format", "period",
            "year", "document", "link", "exempt_ground", "consequence_test_on", "status",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._document = None
        if "document" in self.fields:
            self.fields["document"].widget.attrs.setdefault("accept", "application/pdf,.pdf")

    def clean_document(self):
        document = self.cleaned_data.get("document")
        # A bound FileField cleans to the stored file when nothing new was sent and to False
        # when "clear" was ticked: only an upload is something to check.
        if isinstance(document, UploadedFile):
            self._document = pdf_sanitize(document)
            return self._document
        return document

    def _post_clean(self):
        # Before model validation, so InformationEntry.clean() sees the file it will store.
        if self._document is not None:
            self.instance.document = self._document
            self.instance.document_size = self._document.size
        elif self.cleaned_data.get("document") is False:
            self.instance.document = ""
            self.instance.document_size = None
        super()._post_clean()
