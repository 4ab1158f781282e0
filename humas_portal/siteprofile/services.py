import csv
import gzip
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from humas_portal.audit import audit_record
from humas_portal.cache_invalidation import cache_pages_invalidate
from humas_portal.siteprofile.models import REGION_CODE_VALIDATOR, OfficeProfile, Region
from humas_portal.siteprofile.selectors import office_villages_forget

# The dataset's "tingkat" column, mapped to our stored values.
LEVELS = {
    "provinsi": Region.Level.PROVINCE,
    "kabupaten": Region.Level.REGENCY,
    "kota": Region.Level.CITY,
    "kecamatan": Region.Level.DISTRICT,
    "desa": Region.Level.VILLAGE,
    "kelurahan": Region.Level.URBAN_VILLAGE,
}


@dataclass(frozen=True)
class RegionRow:
    code: str
    name: str
    level: str

    @property
    def parent_code(self) -> str | None:
        return self.code.rsplit(".", 1)[0] if "." in self.code else None


def region_rows_read(*, office_code: str, data_file: Path | None = None) -> list[RegionRow]:
    """The rows of one regency or city office: its province, itself, kecamatan and villages."""
    REGION_CODE_VALIDATOR(office_code)
    province_code = office_code.split(".", 1)[0]
    prefix = office_code + "."
    rows = []
    with gzip.open(
        data_file or settings.REGION_DATA_FILE, "rt", encoding="utf-8", newline=""
    ) as fh:
        for record in csv.DictReader(fh):
            code = record["kode"]
            if code in (province_code, office_code) or code.startswith(prefix):
                rows.append(
                    RegionRow(code=code, name=record["nama"], level=LEVELS[record["tingkat"]])
                )
    office = next((row for row in rows if row.code == office_code), None)
    if office is None or office.level not in (Region.Level.REGENCY, Region.Level.CITY):
        raise ValidationError(
            _("Kode %(code)s bukan kabupaten atau kota dalam data wilayah resmi."),
            params={"code": office_code},
        )
    # Parents before children, so each foreign key points at a row that already exists.
    return sorted(rows, key=lambda row: (row.code.count("."), row.code))


@transaction.atomic
def region_load(*, office_code: str, data_file: Path | None = None) -> dict[str, int]:
    """Insert or update one office's region; running it again changes nothing."""
    rows = region_rows_read(office_code=office_code, data_file=data_file)
    Region.objects.bulk_create(
        [
            Region(code=row.code, name=row.name, level=row.level, parent_id=row.parent_code)
            for row in rows
        ],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "level", "parent"],
        batch_size=500,
    )
    # The villages are cached for the complaint form; a failing cache must not undo the load.
    transaction.on_commit(office_villages_forget, robust=True)
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.level] = counts.get(row.level, 0) + 1
    return counts


@transaction.atomic
def office_profile_update(*, actor=None, **fields) -> OfficeProfile:
    """Create or update the single office profile; a change made by a person is audited."""
    profile = OfficeProfile.objects.select_for_update().filter(pk=1).first() or OfficeProfile()
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.full_clean()
    profile.save()
    cache_pages_invalidate(instance=profile)
    if actor is not None:
        audit_record(actor, "officeprofile.changed", profile, fields=sorted(fields))
    return profile
