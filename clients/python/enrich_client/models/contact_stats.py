from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.contact_stats_by_language import ContactStatsByLanguage
    from ..models.contact_stats_by_source import ContactStatsBySource
    from ..models.contact_stats_by_status import ContactStatsByStatus
    from ..models.contact_stats_by_validation import ContactStatsByValidation


T = TypeVar("T", bound="ContactStats")


@_attrs_define
class ContactStats:
    """The organisation's contacts counted: exact (moved with every write of a contact), read in one
    BatchGetItem whatever their number.

        Attributes:
            by_language (ContactStatsByLanguage): Languages held by at least one contact (`none`: no language). Example:
                {'en': 700, 'none': 50, 'pt': 250}.
            by_source (ContactStatsBySource): Sources held by at least one contact (`none`: no source). Example: {'api':
                200, 'import': 800}.
            by_status (ContactStatsByStatus): Every status, 0 included. Example: {'bounced': 24, 'complained': 5,
                'subscribed': 940, 'unsubscribed': 31}.
            by_validation (ContactStatsByValidation): Every validation status, 0 included. Example: {'invalid': 12,
                'pending': 600, 'risky': 8, 'valid': 380}.
            total (int):
    """

    by_language: ContactStatsByLanguage
    by_source: ContactStatsBySource
    by_status: ContactStatsByStatus
    by_validation: ContactStatsByValidation
    total: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        by_language = self.by_language.to_dict()

        by_source = self.by_source.to_dict()

        by_status = self.by_status.to_dict()

        by_validation = self.by_validation.to_dict()

        total = self.total

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "by_language": by_language,
                "by_source": by_source,
                "by_status": by_status,
                "by_validation": by_validation,
                "total": total,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.contact_stats_by_language import ContactStatsByLanguage  # noqa: PLC0415
        from ..models.contact_stats_by_source import ContactStatsBySource  # noqa: PLC0415
        from ..models.contact_stats_by_status import ContactStatsByStatus  # noqa: PLC0415
        from ..models.contact_stats_by_validation import ContactStatsByValidation  # noqa: PLC0415

        d = dict(src_dict)
        by_language = ContactStatsByLanguage.from_dict(d.pop("by_language"))

        by_source = ContactStatsBySource.from_dict(d.pop("by_source"))

        by_status = ContactStatsByStatus.from_dict(d.pop("by_status"))

        by_validation = ContactStatsByValidation.from_dict(d.pop("by_validation"))

        total = d.pop("total")

        contact_stats = cls(
            by_language=by_language,
            by_source=by_source,
            by_status=by_status,
            by_validation=by_validation,
            total=total,
        )

        contact_stats.additional_properties = d
        return contact_stats

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
