"""Admin forms for articles: every uploaded file goes through ``humas_portal.uploads`` here.

Contract (for news/admin.py and anything else that writes articles from a form):

- ``ArticleAdminForm``: after ``is_valid()``, ``form.cover_fields()`` is the dict of the four
  cover fields to store — ``cover`` (the large re-encoded copy, a ContentFile under a random
  name), ``cover_small``, ``cover_width`` and ``cover_height`` — or, when "clear" was ticked,
  ``{"cover": "", "cover_small": "", "cover_width": None, "cover_height": None}``, or ``{}``
  when the cover did not change. Pass it to the service together with the other cleaned
  fields (``form.cleaned_data["cover"]`` is the same large copy, never the raw upload). The
  same four values are also set on ``form.instance`` before model validation, so
  ``form.save()`` stores them too; use one way or the other, not both (each stores the files).
- ``ArticleImageInlineForm`` (gallery) and ``ArticleAttachmentInlineForm`` (PDF) do the same
  for ``image``/``image_small``/``width``/``height`` (``form.image_fields()``) and
  ``file``/``size`` (``form.file_fields()``). They set ``form.instance`` too, so an inline
  formset's ``save()`` needs nothing more.
- A refused upload is a form error on its field, in Indonesian; nothing is stored.
"""

from django import forms
from django.core.files.uploadedfile import UploadedFile

from humas_portal.uploads import ImageVariants, image_variants, pdf_sanitize
from news.models import Article, ArticleAttachment, ArticleImage

# The two widths every news image is stored in, used through srcset by the public pages.
IMAGE_WIDTHS = (1600, 640)
IMAGE_ACCEPT = "image/jpeg,image/png,image/webp"


def _is_new_upload(value) -> bool:
    # A bound FileField cleans to the stored FieldFile when nothing new was sent, and to
    # False when "clear" was ticked; only an UploadedFile is something to check.
    return isinstance(value, UploadedFile)


def _variant_fields(
    variants: ImageVariants | None, cleaned, *, names: tuple[str, str, str, str]
) -> dict:
    large, small, width, height = names
    if variants is not None:
        return {
            large: variants.large,
            small: variants.small,
            width: variants.width,
            height: variants.height,
        }
    if cleaned is False:
        return {large: "", small: "", width: None, height: None}
    return {}


def _accept(form: forms.BaseForm, field_name: str, accept: str) -> None:
    # The admin may leave a field out (fieldsets): only hint at the types for those present.
    if field_name in form.fields:
        form.fields[field_name].widget.attrs.setdefault("accept", accept)


class ArticleAdminForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = [
            "title", "slug", "kind", "category", "tags", "lead", "body",
            "cover", "cover_alt", "cover_credit", "author", "status", "publish_at",
            "distribute_at", "claim", "verdict", "evidence", "sources",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._cover_variants: ImageVariants | None = None
        _accept(self, "cover", IMAGE_ACCEPT)

    def clean_cover(self):
        cover = self.cleaned_data.get("cover")
        if _is_new_upload(cover):
            self._cover_variants = image_variants(cover, widths=IMAGE_WIDTHS)
            return self._cover_variants.large
        return cover

    def cover_fields(self) -> dict:
        """The cover fields to store (see the module docstring); call after ``is_valid()``."""
        return _variant_fields(
            self._cover_variants,
            self.cleaned_data.get("cover"),
            names=("cover", "cover_small", "cover_width", "cover_height"),
        )

    def _post_clean(self):
        # Before model validation, so Article.clean() sees the cover it will store.
        if "cover" in self.cleaned_data:
            for name, value in self.cover_fields().items():
                setattr(self.instance, name, value)
        super()._post_clean()


class ArticleImageInlineForm(forms.ModelForm):
    class Meta:
        model = ArticleImage
        fields = ["image", "alt", "caption", "position"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._image_variants: ImageVariants | None = None
        _accept(self, "image", IMAGE_ACCEPT)

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if _is_new_upload(image):
            self._image_variants = image_variants(image, widths=IMAGE_WIDTHS)
            return self._image_variants.large
        return image

    def image_fields(self) -> dict:
        """The image fields to store; call after ``is_valid()``."""
        return _variant_fields(
            self._image_variants,
            self.cleaned_data.get("image"),
            names=("image", "image_small", "width", "height"),
        )

    def _post_clean(self):
        if "image" in self.cleaned_data:
            for name, value in self.image_fields().items():
                setattr(self.instance, name, value)
        super()._post_clean()


class ArticleAttachmentInlineForm(forms.ModelForm):
    class Meta:
        model = ArticleAttachment
        fields = ["file", "title"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._sanitized = None
        _accept(self, "file", "application/pdf,.pdf")

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if _is_new_upload(upload):
            self._sanitized = pdf_sanitize(upload)
            return self._sanitized
        return upload

    def file_fields(self) -> dict:
        """``file`` (the cleaned copy) and ``size`` to store, or ``{}``; after ``is_valid()``."""
        if self._sanitized is None:
            return {}
        return {"file": self._sanitized, "size": self._sanitized.size}

    def _post_clean(self):
        for name, value in self.file_fields().items():
            setattr(self.instance, name, value)
        super()._post_clean()
