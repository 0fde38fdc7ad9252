from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.contact_stats import ContactStats
    from ..models.event_stats import EventStats


T = TypeVar("T", bound="Overview")


@_attrs_define
class Overview:
    """The dashboard's figures in one answer.

    Attributes:
        contacts (ContactStats): The organisation's contacts counted: exact (moved with every write of a contact), read
            in one
            BatchGetItem whatever their number.
        events (EventStats): The organisation's delivery events over the last `days` days (today included): the daily
            series, the totals and the rates that mailbox providers judge.
    """

    contacts: ContactStats
    events: EventStats
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        contacts = self.contacts.to_dict()

        events = self.events.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "contacts": contacts,
                "events": events,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.contact_stats import ContactStats  # noqa: PLC0415
        from ..models.event_stats import EventStats  # noqa: PLC0415

        d = dict(src_dict)
        contacts = ContactStats.from_dict(d.pop("contacts"))

        events = EventStats.from_dict(d.pop("events"))

        overview = cls(
            contacts=contacts,
            events=events,
        )

        overview.additional_properties = d
        return overview

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
