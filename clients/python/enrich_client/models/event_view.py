from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.bounce_class import BounceClass
from ..models.event_kind import EventKind
from ..models.source import Source
from ..types import UNSET, Unset

T = TypeVar("T", bound="EventView")


@_attrs_define
class EventView:
    """An event as the API lists it.

    Attributes:
        email (str):  Example: ana.souza@globex.com.
        id (str):  Example: evt_5f0c6a1d9e2b4c7a8d3e1f0a2b4c6d8e.
        occurred_at (str): When it happened (RFC 3339).
        received_at (str):
        source (Source): Who reported an event.
        type_ (EventKind): What happened to a message.
        action (None | str | Unset): What the bounce rules did (`none`, `unsubscribe`, `suppress`, `delete`); absent
            while the
            event is being applied.
        bounce_type (BounceClass | None | Unset):
        campaign_id (None | str | Unset):
        contact_id (None | str | Unset):
        detail (None | str | Unset):
        message_id (None | str | Unset):
        url (None | str | Unset):
    """

    email: str
    id: str
    occurred_at: str
    received_at: str
    source: Source
    type_: EventKind
    action: None | str | Unset = UNSET
    bounce_type: BounceClass | None | Unset = UNSET
    campaign_id: None | str | Unset = UNSET
    contact_id: None | str | Unset = UNSET
    detail: None | str | Unset = UNSET
    message_id: None | str | Unset = UNSET
    url: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        email = self.email

        id = self.id

        occurred_at = self.occurred_at

        received_at = self.received_at

        source = self.source.value

        type_ = self.type_.value

        action: None | str | Unset
        if isinstance(self.action, Unset):
            action = UNSET
        else:
            action = self.action

        bounce_type: None | str | Unset
        if isinstance(self.bounce_type, Unset):
            bounce_type = UNSET
        elif isinstance(self.bounce_type, BounceClass):
            bounce_type = self.bounce_type.value
        else:
            bounce_type = self.bounce_type

        campaign_id: None | str | Unset
        if isinstance(self.campaign_id, Unset):
            campaign_id = UNSET
        else:
            campaign_id = self.campaign_id

        contact_id: None | str | Unset
        if isinstance(self.contact_id, Unset):
            contact_id = UNSET
        else:
            contact_id = self.contact_id

        detail: None | str | Unset
        if isinstance(self.detail, Unset):
            detail = UNSET
        else:
            detail = self.detail

        message_id: None | str | Unset
        if isinstance(self.message_id, Unset):
            message_id = UNSET
        else:
            message_id = self.message_id

        url: None | str | Unset
        if isinstance(self.url, Unset):
            url = UNSET
        else:
            url = self.url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "email": email,
                "id": id,
                "occurred_at": occurred_at,
                "received_at": received_at,
                "source": source,
                "type": type_,
            }
        )
        if action is not UNSET:
            field_dict["action"] = action
        if bounce_type is not UNSET:
            field_dict["bounce_type"] = bounce_type
        if campaign_id is not UNSET:
            field_dict["campaign_id"] = campaign_id
        if contact_id is not UNSET:
            field_dict["contact_id"] = contact_id
        if detail is not UNSET:
            field_dict["detail"] = detail
        if message_id is not UNSET:
            field_dict["message_id"] = message_id
        if url is not UNSET:
            field_dict["url"] = url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        email = d.pop("email")

        id = d.pop("id")

        occurred_at = d.pop("occurred_at")

        received_at = d.pop("received_at")

        source = Source(d.pop("source"))

        type_ = EventKind(d.pop("type"))

        def _parse_action(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        action = _parse_action(d.pop("action", UNSET))

        def _parse_bounce_type(data: object) -> BounceClass | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                bounce_type_type_1 = BounceClass(data)

                return bounce_type_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BounceClass | None | Unset, data)

        bounce_type = _parse_bounce_type(d.pop("bounce_type", UNSET))

        def _parse_campaign_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        campaign_id = _parse_campaign_id(d.pop("campaign_id", UNSET))

        def _parse_contact_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        contact_id = _parse_contact_id(d.pop("contact_id", UNSET))

        def _parse_detail(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        detail = _parse_detail(d.pop("detail", UNSET))

        def _parse_message_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        message_id = _parse_message_id(d.pop("message_id", UNSET))

        def _parse_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        url = _parse_url(d.pop("url", UNSET))

        event_view = cls(
            email=email,
            id=id,
            occurred_at=occurred_at,
            received_at=received_at,
            source=source,
            type_=type_,
            action=action,
            bounce_type=bounce_type,
            campaign_id=campaign_id,
            contact_id=contact_id,
            detail=detail,
            message_id=message_id,
            url=url,
        )

        event_view.additional_properties = d
        return event_view

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
