from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.audit_event import AuditEvent
    from ..models.job_touch import JobTouch
    from ..models.person_export_contact_type_0 import PersonExportContactType0
    from ..models.person_record import PersonRecord


T = TypeVar("T", bound="PersonExport")


@_attrs_define
class PersonExport:
    """Everything held about a person.

    Attributes:
        events (list[AuditEvent]): What was done to the record and by whom (edits, exports), oldest first.
        exported_at (str):
        jobs (list[JobTouch]): The bulk jobs that enriched the person (the last 20), with their state. A job past its
            retention is listed with `status: "expired"`.
        person (PersonRecord): A person as the API returns it.
        contact (None | PersonExportContactType0 | Unset): The person as a campaign contact. `null`: contacts arrive
            with the campaign engine, which
            adds them here.
    """

    events: list[AuditEvent]
    exported_at: str
    jobs: list[JobTouch]
    person: PersonRecord
    contact: None | PersonExportContactType0 | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.person_export_contact_type_0 import PersonExportContactType0  # noqa: PLC0415

        events = []
        for events_item_data in self.events:
            events_item = events_item_data.to_dict()
            events.append(events_item)

        exported_at = self.exported_at

        jobs = []
        for jobs_item_data in self.jobs:
            jobs_item = jobs_item_data.to_dict()
            jobs.append(jobs_item)

        person = self.person.to_dict()

        contact: dict[str, Any] | None | Unset
        if isinstance(self.contact, Unset):
            contact = UNSET
        elif isinstance(self.contact, PersonExportContactType0):
            contact = self.contact.to_dict()
        else:
            contact = self.contact

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "events": events,
                "exported_at": exported_at,
                "jobs": jobs,
                "person": person,
            }
        )
        if contact is not UNSET:
            field_dict["contact"] = contact

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.audit_event import AuditEvent  # noqa: PLC0415
        from ..models.job_touch import JobTouch  # noqa: PLC0415
        from ..models.person_export_contact_type_0 import PersonExportContactType0  # noqa: PLC0415
        from ..models.person_record import PersonRecord  # noqa: PLC0415

        d = dict(src_dict)
        events = []
        _events = d.pop("events")
        for events_item_data in _events:
            events_item = AuditEvent.from_dict(events_item_data)

            events.append(events_item)

        exported_at = d.pop("exported_at")

        jobs = []
        _jobs = d.pop("jobs")
        for jobs_item_data in _jobs:
            jobs_item = JobTouch.from_dict(jobs_item_data)

            jobs.append(jobs_item)

        person = PersonRecord.from_dict(d.pop("person"))

        def _parse_contact(data: object) -> None | PersonExportContactType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                contact_type_0 = PersonExportContactType0.from_dict(data)

                return contact_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PersonExportContactType0 | Unset, data)

        contact = _parse_contact(d.pop("contact", UNSET))

        person_export = cls(
            events=events,
            exported_at=exported_at,
            jobs=jobs,
            person=person,
            contact=contact,
        )

        person_export.additional_properties = d
        return person_export

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
