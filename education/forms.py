"""The admin form of education items: every uploaded file goes through humas_portal.uploads
here, before the model sees it (as news.forms does for articles).

- ``image`` (infographic, video thumbnail or card image): re-encoded in two widths; the four
  image fields are set on the instance.
- ``video``: the evidence-grade hygiene (``evidence_process``: the type told by its first
  bytes, remuxed by ffmpeg without metadata), refused unless it is a video; at most
  ``VIDEO_MAX_BYTES`` so the whole form stays under nginx's body limit.
- ``captions``: a WebVTT file (starts with "WEBVTT", UTF-8, at most ``CAPTIONS_MAX_BYTES``),
  stored under a random name.
- ``document``: ``pdf_sanitize``; its size and page count are measured from the cleaned copy.
- ``youtube_id``: a pasted YouTube address becomes its 11-character id.

A refused upload is a form error on its field, in Indonesian; nothing is stored.
"""

import re
from io import BytesIO
from urllib.parse import parse_qs, urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from education.models import EducationItem
from humas_portal.uploads import (
    ImageVariants,
    evidence_process,
    image_variants,
    pdf_sanitize,
    random_name,
)

IMAGE_WIDTHS = (1600, 640)
IMAGE_ACCEPT = "image/jpeg,image/png,image/webp"
VIDEO_ACCEPT = "video/mp4,video/quicktime,video/webm"
# deploy/nginx.conf accepts 25 MB per request outside the complaint desk (the admin's path is
# a setting, so it cannot have a location of its own): the video, its thumbnail and captions
# must fit in that. A longer video belongs on YouTube (youtube_id).
VIDEO_MAX_BYTES = 20 * 1024 * 1024
CAPTIONS_MAX_BYTES = 512 * 1024

YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
YOUTUBE_HOSTS = frozenset(
    {"youtube.com", "www.youtube.com", "m.youtube.com", "youtube-nocookie.com",
     "www.youtube-nocookie.com", "youtu.be"}
)  # fmt: skip
# Paths that carry the id as their second part: /embed/<id>, /shorts/<id>, /live/<id>, /v/<id>.
YOUTUBE_ID_PATHS = frozenset({"embed", "shorts", "live", "v"})


def youtube_id_from(value: str) -> str:
    """The video id in a pasted YouTube address (watch?v=, youtu.be/, /embed/, /shorts/), or
    the value itself when it is not an address (the id typed alone, checked by the model)."""
    value = value.strip()
    if "/" not in value and "." not in value:
        return value
    parts = urlsplit(value if "://" in value else "https://" + value)
    host = (parts.hostname or "").lower()
    if host not in YOUTUBE_HOSTS:
        raise ValidationError(
            _(
                "Alamat ini bukan alamat video YouTube. Tempel alamat dari youtube.com atau "
                "youtu.be."
            ),
            code="not_youtube",
        )
    segments = [segment for segment in parts.path.split("/") if segment]
    if host == "youtu.be":
        candidate = segments[0] if segments else ""
    elif len(segments) >= 2 and segments[0] in YOUTUBE_ID_PATHS:
        candidate = segments[1]
    else:
        candidate = (parse_qs(parts.query).get("v") or [""])[0]
    if not YOUTUBE_ID.match(candidate):
        raise ValidationError(
            _(
                "ID video tidak ditemukan di alamat ini. Buka videonya di YouTube lalu salin "
                "alamatnya."
            ),
            code="youtube_id_missing",
        )
    return candidate


def webvtt_clean(upload) -> ContentFile:
    """A WebVTT captions file checked (size, UTF-8, the "WEBVTT" signature) and stored under a
    random name; refused with an Indonesian ValidationError otherwise."""
    if upload.size > CAPTIONS_MAX_BYTES:
        raise ValidationError(
            _("Berkas teks terjemahan terlalu besar; batasnya %(kb)s KB."),
            params={"kb": CAPTIONS_MAX_BYTES // 1024},
            code="too_large",
        )
    upload.seek(0)
    data = upload.read(CAPTIONS_MAX_BYTES + 1)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            _("Teks terjemahan harus berkas teks UTF-8 (.vtt)."), code="not_utf8"
        ) from None
    # The WebVTT signature: "WEBVTT" alone or followed by a space, a tab or a line break.
    if not re.match(r"WEBVTT(?:[ \t\r\n]|$)", text):
        raise ValidationError(
            _("Ini bukan berkas WebVTT: baris pertamanya harus WEBVTT."), code="not_webvtt"
        )
    return ContentFile(text.encode("utf-8"), name=random_name(".vtt"))


def _pdf_pages(content: ContentFile) -> int:
    import pikepdf

    with pikepdf.open(BytesIO(content.read())) as pdf:
        pages = len(pdf.pages)
    content.seek(0)
    return pages


def _video_clean(upload) -> ContentFile:
    if upload.size > VIDEO_MAX_BYTES:
        raise ValidationError(
            _(
                "Berkas video terlalu besar; batasnya %(mb)s MB. Unggah video yang lebih panjang "
                "ke YouTube lalu tempel alamatnya."
            ),
            params={"mb": VIDEO_MAX_BYTES // (1024 * 1024)},
            code="too_large",
        )
    try:
        processed = evidence_process(upload)
    except ValidationError as error:
        if error.code in {"video_unsupported", "unreadable", "video_timeout"}:
            # Its own words address a person filing a complaint; staff need these.
            raise ValidationError(
                _(
                    "Video tidak dapat diproses di server ini (rusak, terlalu lama diproses, "
                    "atau pengolah video tidak tersedia). Unggah ke YouTube lalu tempel "
                    "alamatnya."
                ),
                code=error.code,
            ) from None
        raise
    if processed.kind != "video":
        raise ValidationError(
            _("Berkas ini bukan video. Unggah video MP4, MOV atau WebM."), code="not_video"
        )
    return processed.content


def _is_new_upload(value) -> bool:
    # A bound FileField cleans to the stored FieldFile when nothing new was sent, and to False
    # when "clear" was ticked; only an UploadedFile is something to check.
    return isinstance(value, UploadedFile)


class EducationItemAdminForm(forms.ModelForm):
    class Meta:
        model = EducationItem
        fields = [
            "title", "slug", "format", "segments", "themes", "lead", "easy_read", "body",
            "stage", "image", "image_alt", "image_description", "youtube_id", "video",
            "captions", "transcript", "document", "language", "reading_level", "version_of",
            "publish_at",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._image_variants: ImageVariants | None = None
        self._document = None
        # The admin may leave a field out (fieldsets): only hint at the types of those present.
        for name, accept in (
            ("image", IMAGE_ACCEPT),
            ("video", VIDEO_ACCEPT),
            ("captions", "text/vtt,.vtt"),
            ("document", "application/pdf,.pdf"),
        ):
            if name in self.fields:
                self.fields[name].widget.attrs.setdefault("accept", accept)
        if "stage" in self.fields:
            # Stages of different elections share names ("Kampanye"): say whose each is.
            stage = self.fields["stage"]
            stage.queryset = stage.queryset.select_related("election").order_by(
                "-election__voting_day", "election__name", "order", "start_date"
            )
            stage.label_from_instance = lambda choice: (
                "%s · %s"
                % (
                    choice.election.name,
                    choice.name,
                )
            )
        if "youtube_id" in self.fields:
            # A pasted address is longer than the 11-character id it becomes.
            self.fields["youtube_id"].max_length = 300
            self.fields["youtube_id"].widget.attrs["maxlength"] = 300
            self.fields["youtube_id"].validators = []

    def clean_youtube_id(self):
        return youtube_id_from(self.cleaned_data.get("youtube_id") or "")

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if _is_new_upload(image):
            self._image_variants = image_variants(image, widths=IMAGE_WIDTHS)
            return self._image_variants.large
        return image

    def clean_video(self):
        video = self.cleaned_data.get("video")
        return _video_clean(video) if _is_new_upload(video) else video

    def clean_captions(self):
        captions = self.cleaned_data.get("captions")
        return webvtt_clean(captions) if _is_new_upload(captions) else captions

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if _is_new_upload(document):
            self._document = pdf_sanitize(document)
            return self._document
        return document

    def file_fields(self) -> dict:
        """The fields computed from the uploads (image copies and sizes, the PDF's size and
        pages) to set on the instance; call after ``is_valid()``."""
        fields = {}
        image = self.cleaned_data.get("image")
        if self._image_variants is not None:
            fields.update(
                image=self._image_variants.large,
                image_small=self._image_variants.small,
                image_width=self._image_variants.width,
                image_height=self._image_variants.height,
            )
        elif image is False:
            fields.update(image="", image_small="", image_width=None, image_height=None)
        if self._document is not None:
            fields.update(
                document=self._document,
                document_size=self._document.size,
                document_pages=_pdf_pages(self._document),
            )
        elif self.cleaned_data.get("document") is False:
            fields.update(document="", document_size=None, document_pages=None)
        return fields

    def _post_clean(self):
        # Before model validation, so EducationItem.clean() sees the files it will store.
        for name, value in self.file_fields().items():
            setattr(self.instance, name, value)
        super()._post_clean()
