from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.bounce_class import BounceClass
from ..models.event_kind import EventKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="GenericEvent")


@_attrs_define
class GenericEvent:
    """One event in the generic shape.

    Attributes:
        email (str):
        type_ (EventKind): What happened to a message.
        bounce_type (BounceClass | None | Unset):
        campaign_id (None | str | Unset): The campaign (`cmp_…`); or give `message_id` of a message the platform sent.
        id (None | str | Unset): The sender's id for the event: a re-post with the same id counts once.
        message_id (None | str | Unset):
        reason (None | str | Unset):
        timestamp (datetime.datetime | None | Unset): RFC 3339; when absent, the time the post arrived.
        url (None | str | Unset): The link clicked (an http(s) URL, for `clicked`).
    """

    email: str
    type_: EventKind
    bounce_type: BounceClass | None | Unset = UNSET
    campaign_id: None | str | Unset = UNSET
    id: None | str | Unset = UNSET
    message_id: None | str | Unset = UNSET
    reason: None | str | Unset = UNSET
    timestamp: datetime.datetime | None | Unset = UNSET
    url: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        email = self.email

        type_ = self.type_.value

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

        id: None | str | Unset
        if isinstance(self.id, Unset):
            id = UNSET
        else:
            id = self.id

        message_id: None | str | Unset
        if isinstance(self.message_id, Unset):
            message_id = UNSET
        else:
            message_id = self.message_id

        reason: None | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        else:
            reason = self.reason

        timestamp: None | str | Unset
        if isinstance(self.timestamp, Unset):
            timestamp = UNSET
        elif isinstance(self.timestamp, datetime.datetime):
            timestamp = self.timestamp.isoformat()
        else:
            timestamp = self.timestamp

        url: None | str | Unset
        if isinstance(self.url, Unset):
            url = UNSET
        else:
            url = self.url

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "email": email,
                "type": type_,
            }
        )
        if bounce_type is not UNSET:
            field_dict["bounce_type"] = bounce_type
        if campaign_id is not UNSET:
            field_dict["campaign_id"] = campaign_id
        if id is not UNSET:
            field_dict["id"] = id
        if message_id is not UNSET:
            field_dict["message_id"] = message_id
        if reason is not UNSET:
            field_dict["reason"] = reason
        if timestamp is not UNSET:
            field_dict["timestamp"] = timestamp
        if url is not UNSET:
            field_dict["url"] = url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        email = d.pop("email")

        type_ = EventKind(d.pop("type"))

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

        def _parse_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        id = _parse_id(d.pop("id", UNSET))

        def _parse_message_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        message_id = _parse_message_id(d.pop("message_id", UNSET))

        def _parse_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))

        def _parse_timestamp(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                timestamp_type_0 = datetime.datetime.fromisoformat(data)

                return timestamp_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        timestamp = _parse_timestamp(d.pop("timestamp", UNSET))

        def _parse_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        url = _parse_url(d.pop("url", UNSET))

        generic_event = cls(
            email=email,
            type_=type_,
            bounce_type=bounce_type,
            campaign_id=campaign_id,
            id=id,
            message_id=message_id,
            reason=reason,
            timestamp=timestamp,
            url=url,
        )

        return generic_event
