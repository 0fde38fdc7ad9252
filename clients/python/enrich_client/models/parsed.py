from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.bounce_class import BounceClass
from ..models.event_kind import EventKind
from ..models.source import Source
from ..types import UNSET, Unset

T = TypeVar("T", bound="Parsed")


@_attrs_define
class Parsed:
    """One event as read from its sender, before it is matched to a contact and a campaign.

    Attributes:
        at (int): When it happened (epoch seconds).
        email (str):  Example: ana.souza@globex.com.
        id (str): Derived from what the sender says about the event: the same event posted twice has the
            same id. Example: evt_5f0c6a1d9e2b4c7a8d3e1f0a2b4c6d8e.
        kind (EventKind): What happened to a message.
        source (Source): Who reported an event.
        bounce (BounceClass | None | Unset):
        campaign_id (None | str | Unset):
        detail (None | str | Unset): The sender's diagnostic (a DSN line, a bounce sub-type, a feedback type).
        message_id (None | str | Unset):
        profile_id (None | str | Unset): The sending profile the message went through, where the sender says (SES's
            `profile` tag).
        url (None | str | Unset): The clicked link.
    """

    at: int
    email: str
    id: str
    kind: EventKind
    source: Source
    bounce: BounceClass | None | Unset = UNSET
    campaign_id: None | str | Unset = UNSET
    detail: None | str | Unset = UNSET
    message_id: None | str | Unset = UNSET
    profile_id: None | str | Unset = UNSET
    url: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        at = self.at

        email = self.email

        id = self.id

        kind = self.kind.value

        source = self.source.value

        bounce: None | str | Unset
        if isinstance(self.bounce, Unset):
            bounce = UNSET
        elif isinstance(self.bounce, BounceClass):
            bounce = self.bounce.value
        else:
            bounce = self.bounce

        campaign_id: None | str | Unset
        if isinstance(self.campaign_id, Unset):
            campaign_id = UNSET
        else:
            campaign_id = self.campaign_id

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

        profile_id: None | str | Unset
        if isinstance(self.profile_id, Unset):
            profile_id = UNSET
        else:
            profile_id = self.profile_id

        url: None | str | Unset
        if isinstance(self.url, Unset):
            url = UNSET
        else:
            url = self.url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "at": at,
                "email": email,
                "id": id,
                "kind": kind,
                "source": source,
            }
        )
        if bounce is not UNSET:
            field_dict["bounce"] = bounce
        if campaign_id is not UNSET:
            field_dict["campaign_id"] = campaign_id
        if detail is not UNSET:
            field_dict["detail"] = detail
        if message_id is not UNSET:
            field_dict["message_id"] = message_id
        if profile_id is not UNSET:
            field_dict["profile_id"] = profile_id
        if url is not UNSET:
            field_dict["url"] = url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        at = d.pop("at")

        email = d.pop("email")

        id = d.pop("id")

        kind = EventKind(d.pop("kind"))

        source = Source(d.pop("source"))

        def _parse_bounce(data: object) -> BounceClass | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                bounce_type_1 = BounceClass(data)

                return bounce_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BounceClass | None | Unset, data)

        bounce = _parse_bounce(d.pop("bounce", UNSET))

        def _parse_campaign_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        campaign_id = _parse_campaign_id(d.pop("campaign_id", UNSET))

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

        def _parse_profile_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        profile_id = _parse_profile_id(d.pop("profile_id", UNSET))

        def _parse_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        url = _parse_url(d.pop("url", UNSET))

        parsed = cls(
            at=at,
            email=email,
            id=id,
            kind=kind,
            source=source,
            bounce=bounce,
            campaign_id=campaign_id,
            detail=detail,
            message_id=message_id,
            profile_id=profile_id,
            url=url,
        )

        parsed.additional_properties = d
        return parsed

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
