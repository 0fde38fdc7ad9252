from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.key_status import KeyStatus
from ..models.mode import Mode
from ..types import UNSET, Unset

T = TypeVar("T", bound="KeyCreated")


@_attrs_define
class KeyCreated:
    """
    Attributes:
        client_id (str):
        created_at (str):
        gateway_synced (bool):
        id (str):
        mode (Mode): Which data space a credential acts in.
        name (str):
        prefix (str): The key's first characters, for recognising it; the rest is never shown again. Example:
            enr_live_AbC123.
        scopes (list[str]):
        status (KeyStatus):
        key (str): The secret: shown only in this response, stored only as a hash. Example: enr_live_AbC123....
        expires_at (None | str | Unset):
        last_used_at (None | str | Unset): To the minute.
        rate_limit_override (int | None | Unset):
        revoked_at (None | str | Unset):
    """

    client_id: str
    created_at: str
    gateway_synced: bool
    id: str
    mode: Mode
    name: str
    prefix: str
    scopes: list[str]
    status: KeyStatus
    key: str
    expires_at: None | str | Unset = UNSET
    last_used_at: None | str | Unset = UNSET
    rate_limit_override: int | None | Unset = UNSET
    revoked_at: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        client_id = self.client_id

        created_at = self.created_at

        gateway_synced = self.gateway_synced

        id = self.id

        mode = self.mode.value

        name = self.name

        prefix = self.prefix

        scopes = self.scopes

        status = self.status.value

        key = self.key

        expires_at: None | str | Unset
        if isinstance(self.expires_at, Unset):
            expires_at = UNSET
        else:
            expires_at = self.expires_at

        last_used_at: None | str | Unset
        if isinstance(self.last_used_at, Unset):
            last_used_at = UNSET
        else:
            last_used_at = self.last_used_at

        rate_limit_override: int | None | Unset
        if isinstance(self.rate_limit_override, Unset):
            rate_limit_override = UNSET
        else:
            rate_limit_override = self.rate_limit_override

        revoked_at: None | str | Unset
        if isinstance(self.revoked_at, Unset):
            revoked_at = UNSET
        else:
            revoked_at = self.revoked_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "client_id": client_id,
                "created_at": created_at,
                "gateway_synced": gateway_synced,
                "id": id,
                "mode": mode,
                "name": name,
                "prefix": prefix,
                "scopes": scopes,
                "status": status,
                "key": key,
            }
        )
        if expires_at is not UNSET:
            field_dict["expires_at"] = expires_at
        if last_used_at is not UNSET:
            field_dict["last_used_at"] = last_used_at
        if rate_limit_override is not UNSET:
            field_dict["rate_limit_override"] = rate_limit_override
        if revoked_at is not UNSET:
            field_dict["revoked_at"] = revoked_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        client_id = d.pop("client_id")

        created_at = d.pop("created_at")

        gateway_synced = d.pop("gateway_synced")

        id = d.pop("id")

        mode = Mode(d.pop("mode"))

        name = d.pop("name")

        prefix = d.pop("prefix")

        scopes = cast(list[str], d.pop("scopes"))

        status = KeyStatus(d.pop("status"))

        key = d.pop("key")

        def _parse_expires_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        expires_at = _parse_expires_at(d.pop("expires_at", UNSET))

        def _parse_last_used_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        last_used_at = _parse_last_used_at(d.pop("last_used_at", UNSET))

        def _parse_rate_limit_override(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        rate_limit_override = _parse_rate_limit_override(d.pop("rate_limit_override", UNSET))

        def _parse_revoked_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        revoked_at = _parse_revoked_at(d.pop("revoked_at", UNSET))

        key_created = cls(
            client_id=client_id,
            created_at=created_at,
            gateway_synced=gateway_synced,
            id=id,
            mode=mode,
            name=name,
            prefix=prefix,
            scopes=scopes,
            status=status,
            key=key,
            expires_at=expires_at,
            last_used_at=last_used_at,
            rate_limit_override=rate_limit_override,
            revoked_at=revoked_at,
        )

        key_created.additional_properties = d
        return key_created

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
