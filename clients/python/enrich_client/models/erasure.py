from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Erasure")


@_attrs_define
class Erasure:
    """What an erasure removed.

    Attributes:
        audit_entries (int): Audit entries renamed to the erasure's id.
        contact_ids (list[str]): The contacts erased (one per address the person had).
        erased_at (str):
        events (int):
        id (str): The erasure's id: the audit log keeps what was done about the person under it. Example:
            ers_01JD8Z6Q3W4K9V2M7N5P1R0S8T.
        items (int): Items deleted or rewritten across every domain.
        sends (int):
        suppressed (int): Addresses now suppressed by digest (never mailed again; the list holds no address).
        person_id (None | str | Unset): The stored person erased, if there was one.
    """

    audit_entries: int
    contact_ids: list[str]
    erased_at: str
    events: int
    id: str
    items: int
    sends: int
    suppressed: int
    person_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        audit_entries = self.audit_entries

        contact_ids = self.contact_ids

        erased_at = self.erased_at

        events = self.events

        id = self.id

        items = self.items

        sends = self.sends

        suppressed = self.suppressed

        person_id: None | str | Unset
        if isinstance(self.person_id, Unset):
            person_id = UNSET
        else:
            person_id = self.person_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "audit_entries": audit_entries,
                "contact_ids": contact_ids,
                "erased_at": erased_at,
                "events": events,
                "id": id,
                "items": items,
                "sends": sends,
                "suppressed": suppressed,
            }
        )
        if person_id is not UNSET:
            field_dict["person_id"] = person_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        audit_entries = d.pop("audit_entries")

        contact_ids = cast(list[str], d.pop("contact_ids"))

        erased_at = d.pop("erased_at")

        events = d.pop("events")

        id = d.pop("id")

        items = d.pop("items")

        sends = d.pop("sends")

        suppressed = d.pop("suppressed")

        def _parse_person_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        person_id = _parse_person_id(d.pop("person_id", UNSET))

        erasure = cls(
            audit_entries=audit_entries,
            contact_ids=contact_ids,
            erased_at=erased_at,
            events=events,
            id=id,
            items=items,
            sends=sends,
            suppressed=suppressed,
            person_id=person_id,
        )

        erasure.additional_properties = d
        return erasure

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
