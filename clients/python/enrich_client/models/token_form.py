from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.grant_type import GrantType
from ..types import UNSET, Unset

T = TypeVar("T", bound="TokenForm")


@_attrs_define
class TokenForm:
    """The token request's form (`application/x-www-form-urlencoded`, RFC 6749 §4.4) as the document
    states it, so generated clients get a typed form; the handler reads the form itself (a
    repeated parameter is refused, the client may authenticate with HTTP Basic instead).

        Attributes:
            grant_type (GrantType): The one grant this endpoint issues tokens for.
            client_id (str | Unset): The client's id (`cli_…`), unless sent with HTTP Basic. Example:
                cli_01HZX5R5B7Q6J3V9K2M4N8P0QR.
            client_secret (str | Unset): The client's secret (`enr_cs_…`, shown when the client was created or its secret
                rotated), unless sent with HTTP Basic. Example: enr_cs_Zk3vQ9xR2mT7wL5pN8bY4cH6jD1fG0sA.
            scope (str | Unset): Space-separated scopes within the client's; absent: all of the client's. Example:
                people:read.
    """

    grant_type: GrantType
    client_id: str | Unset = UNSET
    client_secret: str | Unset = UNSET
    scope: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        grant_type = self.grant_type.value

        client_id = self.client_id

        client_secret = self.client_secret

        scope = self.scope

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "grant_type": grant_type,
            }
        )
        if client_id is not UNSET:
            field_dict["client_id"] = client_id
        if client_secret is not UNSET:
            field_dict["client_secret"] = client_secret
        if scope is not UNSET:
            field_dict["scope"] = scope

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        grant_type = GrantType(d.pop("grant_type"))

        client_id = d.pop("client_id", UNSET)

        client_secret = d.pop("client_secret", UNSET)

        scope = d.pop("scope", UNSET)

        token_form = cls(
            grant_type=grant_type,
            client_id=client_id,
            client_secret=client_secret,
            scope=scope,
        )

        token_form.additional_properties = d
        return token_form

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
