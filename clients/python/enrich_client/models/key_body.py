from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.mode import Mode
from ..models.scope_name import ScopeName
from ..types import UNSET, Unset

T = TypeVar("T", bound="KeyBody")


@_attrs_define
class KeyBody:
    """
    Attributes:
        client_id (str):  Example: cli_01HZX5R5B7Q6J3V9K2M4N8P0QR.
        name (str):  Example: Production key.
        expires_at (None | str | Unset): RFC 3339; in the future, at most 3 years ahead. Absent: the key does not
            expire.
        mode (Mode | Unset): Which data space a credential acts in.
        rate_limit_override (int | None | Unset): Requests per minute for this key instead of the tier's (1–100,000).
        scopes (list[ScopeName] | None | Unset): Within the client's scopes. Absent: all of the client's scopes.
    """

    client_id: str
    name: str
    expires_at: None | str | Unset = UNSET
    mode: Mode | Unset = UNSET
    rate_limit_override: int | None | Unset = UNSET
    scopes: list[ScopeName] | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        client_id = self.client_id

        name = self.name

        expires_at: None | str | Unset
        if isinstance(self.expires_at, Unset):
            expires_at = UNSET
        else:
            expires_at = self.expires_at

        mode: str | Unset = UNSET
        if not isinstance(self.mode, Unset):
            mode = self.mode.value

        rate_limit_override: int | None | Unset
        if isinstance(self.rate_limit_override, Unset):
            rate_limit_override = UNSET
        else:
            rate_limit_override = self.rate_limit_override

        scopes: list[str] | None | Unset
        if isinstance(self.scopes, Unset):
            scopes = UNSET
        elif isinstance(self.scopes, list):
            scopes = []
            for scopes_type_0_item_data in self.scopes:
                scopes_type_0_item = scopes_type_0_item_data.value
                scopes.append(scopes_type_0_item)

        else:
            scopes = self.scopes

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "client_id": client_id,
                "name": name,
            }
        )
        if expires_at is not UNSET:
            field_dict["expires_at"] = expires_at
        if mode is not UNSET:
            field_dict["mode"] = mode
        if rate_limit_override is not UNSET:
            field_dict["rate_limit_override"] = rate_limit_override
        if scopes is not UNSET:
            field_dict["scopes"] = scopes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        client_id = d.pop("client_id")

        name = d.pop("name")

        def _parse_expires_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        expires_at = _parse_expires_at(d.pop("expires_at", UNSET))

        _mode = d.pop("mode", UNSET)
        mode: Mode | Unset
        if isinstance(_mode, Unset):
            mode = UNSET
        else:
            mode = Mode(_mode)

        def _parse_rate_limit_override(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        rate_limit_override = _parse_rate_limit_override(d.pop("rate_limit_override", UNSET))

        def _parse_scopes(data: object) -> list[ScopeName] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                scopes_type_0 = []
                _scopes_type_0 = data
                for scopes_type_0_item_data in _scopes_type_0:
                    scopes_type_0_item = ScopeName(scopes_type_0_item_data)

                    scopes_type_0.append(scopes_type_0_item)

                return scopes_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[ScopeName] | None | Unset, data)

        scopes = _parse_scopes(d.pop("scopes", UNSET))

        key_body = cls(
            client_id=client_id,
            name=name,
            expires_at=expires_at,
            mode=mode,
            rate_limit_override=rate_limit_override,
            scopes=scopes,
        )

        return key_body
