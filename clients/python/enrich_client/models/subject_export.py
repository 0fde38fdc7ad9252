from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.audit_event import AuditEvent
    from ..models.contact_held import ContactHeld
    from ..models.person_export import PersonExport


T = TypeVar("T", bound="SubjectExport")


@_attrs_define
class SubjectExport:
    """Everything held about one address.

    Attributes:
        campaigns (ContactHeld): What the campaign engine holds about one address.
        contact_events (list[AuditEvent]): Audit entries about the contact (the person's are in `person.events`), oldest
            first.
        email (str):
        exported_at (str):
        person (None | PersonExport | Unset):
    """

    campaigns: ContactHeld
    contact_events: list[AuditEvent]
    email: str
    exported_at: str
    person: None | PersonExport | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.person_export import PersonExport  # noqa: PLC0415

        campaigns = self.campaigns.to_dict()

        contact_events = []
        for contact_events_item_data in self.contact_events:
            contact_events_item = contact_events_item_data.to_dict()
            contact_events.append(contact_events_item)

        email = self.email

        exported_at = self.exported_at

        person: dict[str, Any] | None | Unset
        if isinstance(self.person, Unset):
            person = UNSET
        elif isinstance(self.person, PersonExport):
            person = self.person.to_dict()
        else:
            person = self.person

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "campaigns": campaigns,
                "contact_events": contact_events,
                "email": email,
                "exported_at": exported_at,
            }
        )
        if person is not UNSET:
            field_dict["person"] = person

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.audit_event import AuditEvent  # noqa: PLC0415
        from ..models.contact_held import ContactHeld  # noqa: PLC0415
        from ..models.person_export import PersonExport  # noqa: PLC0415

        d = dict(src_dict)
        campaigns = ContactHeld.from_dict(d.pop("campaigns"))

        contact_events = []
        _contact_events = d.pop("contact_events")
        for contact_events_item_data in _contact_events:
            contact_events_item = AuditEvent.from_dict(contact_events_item_data)

            contact_events.append(contact_events_item)

        email = d.pop("email")

        exported_at = d.pop("exported_at")

        def _parse_person(data: object) -> None | PersonExport | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                person_type_1 = PersonExport.from_dict(data)

                return person_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PersonExport | Unset, data)

        person = _parse_person(d.pop("person", UNSET))

        subject_export = cls(
            campaigns=campaigns,
            contact_events=contact_events,
            email=email,
            exported_at=exported_at,
            person=person,
        )

        subject_export.additional_properties = d
        return subject_export

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
