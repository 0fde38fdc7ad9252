from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.contact_view import ContactView
    from ..models.event_view import EventView
    from ..models.send_held import SendHeld
    from ..models.suppression import Suppression


T = TypeVar("T", bound="ContactHeld")


@_attrs_define
class ContactHeld:
    """What the campaign engine holds about one address.

    Attributes:
        events (list[EventView]): Delivery events (delivered, opened, clicked, bounced, complained, unsubscribed),
            newest first.
        sends (list[SendHeld]):
        contact (ContactView | None | Unset):
        suppression (None | Suppression | Unset):
    """

    events: list[EventView]
    sends: list[SendHeld]
    contact: ContactView | None | Unset = UNSET
    suppression: None | Suppression | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.contact_view import ContactView  # noqa: PLC0415
        from ..models.suppression import Suppression  # noqa: PLC0415

        events = []
        for events_item_data in self.events:
            events_item = events_item_data.to_dict()
            events.append(events_item)

        sends = []
        for sends_item_data in self.sends:
            sends_item = sends_item_data.to_dict()
            sends.append(sends_item)

        contact: dict[str, Any] | None | Unset
        if isinstance(self.contact, Unset):
            contact = UNSET
        elif isinstance(self.contact, ContactView):
            contact = self.contact.to_dict()
        else:
            contact = self.contact

        suppression: dict[str, Any] | None | Unset
        if isinstance(self.suppression, Unset):
            suppression = UNSET
        elif isinstance(self.suppression, Suppression):
            suppression = self.suppression.to_dict()
        else:
            suppression = self.suppression

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "events": events,
                "sends": sends,
            }
        )
        if contact is not UNSET:
            field_dict["contact"] = contact
        if suppression is not UNSET:
            field_dict["suppression"] = suppression

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.contact_view import ContactView  # noqa: PLC0415
        from ..models.event_view import EventView  # noqa: PLC0415
        from ..models.send_held import SendHeld  # noqa: PLC0415
        from ..models.suppression import Suppression  # noqa: PLC0415

        d = dict(src_dict)
        events = []
        _events = d.pop("events")
        for events_item_data in _events:
            events_item = EventView.from_dict(events_item_data)

            events.append(events_item)

        sends = []
        _sends = d.pop("sends")
        for sends_item_data in _sends:
            sends_item = SendHeld.from_dict(sends_item_data)

            sends.append(sends_item)

        def _parse_contact(data: object) -> ContactView | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                contact_type_1 = ContactView.from_dict(data)

                return contact_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ContactView | None | Unset, data)

        contact = _parse_contact(d.pop("contact", UNSET))

        def _parse_suppression(data: object) -> None | Suppression | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                suppression_type_1 = Suppression.from_dict(data)

                return suppression_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Suppression | Unset, data)

        suppression = _parse_suppression(d.pop("suppression", UNSET))

        contact_held = cls(
            events=events,
            sends=sends,
            contact=contact,
            suppression=suppression,
        )

        contact_held.additional_properties = d
        return contact_held

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
