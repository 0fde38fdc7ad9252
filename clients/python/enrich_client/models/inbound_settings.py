from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.endpoints import Endpoints


T = TypeVar("T", bound="InboundSettings")


@_attrs_define
class InboundSettings:
    """The inbound settings as an organisation sees them (never the token or the secret).

    Attributes:
        configured (bool): Whether a token was issued (until then senders cannot post).
        endpoints (Endpoints): The addresses senders post to.
        ses_topic_arns (list[str]): The SNS topics whose messages `/v1/inbound/ses` accepts. Example: ['arn:aws:sns:us-
            east-1:123456789012:ses-events'].
        issued_at (None | str | Unset):
        previous_token_valid_until (None | str | Unset): Until when the token replaced last still works (RFC 3339), if
            that is still ahead.
        token_prefix (None | str | Unset):  Example: inb_Xk3p.
    """

    configured: bool
    endpoints: Endpoints
    ses_topic_arns: list[str]
    issued_at: None | str | Unset = UNSET
    previous_token_valid_until: None | str | Unset = UNSET
    token_prefix: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        configured = self.configured

        endpoints = self.endpoints.to_dict()

        ses_topic_arns = self.ses_topic_arns

        issued_at: None | str | Unset
        if isinstance(self.issued_at, Unset):
            issued_at = UNSET
        else:
            issued_at = self.issued_at

        previous_token_valid_until: None | str | Unset
        if isinstance(self.previous_token_valid_until, Unset):
            previous_token_valid_until = UNSET
        else:
            previous_token_valid_until = self.previous_token_valid_until

        token_prefix: None | str | Unset
        if isinstance(self.token_prefix, Unset):
            token_prefix = UNSET
        else:
            token_prefix = self.token_prefix

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "configured": configured,
                "endpoints": endpoints,
                "ses_topic_arns": ses_topic_arns,
            }
        )
        if issued_at is not UNSET:
            field_dict["issued_at"] = issued_at
        if previous_token_valid_until is not UNSET:
            field_dict["previous_token_valid_until"] = previous_token_valid_until
        if token_prefix is not UNSET:
            field_dict["token_prefix"] = token_prefix

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.endpoints import Endpoints  # noqa: PLC0415

        d = dict(src_dict)
        configured = d.pop("configured")

        endpoints = Endpoints.from_dict(d.pop("endpoints"))

        ses_topic_arns = cast(list[str], d.pop("ses_topic_arns"))

        def _parse_issued_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        issued_at = _parse_issued_at(d.pop("issued_at", UNSET))

        def _parse_previous_token_valid_until(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        previous_token_valid_until = _parse_previous_token_valid_until(d.pop("previous_token_valid_until", UNSET))

        def _parse_token_prefix(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        token_prefix = _parse_token_prefix(d.pop("token_prefix", UNSET))

        inbound_settings = cls(
            configured=configured,
            endpoints=endpoints,
            ses_topic_arns=ses_topic_arns,
            issued_at=issued_at,
            previous_token_valid_until=previous_token_valid_until,
            token_prefix=token_prefix,
        )

        inbound_settings.additional_properties = d
        return inbound_settings

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
