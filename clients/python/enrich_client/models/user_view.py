from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.role import Role
from ..models.user_status import UserStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="UserView")


@_attrs_define
class UserView:
    """A user as the API shows it: never the password hash or lockout counters.

    Attributes:
        created_at (str):
        email (str):
        id (str):  Example: usr_01JD8X3Q6ZC1V9M7R2K4T5W6YA.
        mfa_enabled (bool): TOTP is on: login asks for a code.
        name (str):
        role (Role):
        status (UserStatus):
        updated_at (str):
        last_login_at (None | str | Unset):
    """

    created_at: str
    email: str
    id: str
    mfa_enabled: bool
    name: str
    role: Role
    status: UserStatus
    updated_at: str
    last_login_at: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at

        email = self.email

        id = self.id

        mfa_enabled = self.mfa_enabled

        name = self.name

        role = self.role.value

        status = self.status.value

        updated_at = self.updated_at

        last_login_at: None | str | Unset
        if isinstance(self.last_login_at, Unset):
            last_login_at = UNSET
        else:
            last_login_at = self.last_login_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "email": email,
                "id": id,
                "mfa_enabled": mfa_enabled,
                "name": name,
                "role": role,
                "status": status,
                "updated_at": updated_at,
            }
        )
        if last_login_at is not UNSET:
            field_dict["last_login_at"] = last_login_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = d.pop("created_at")

        email = d.pop("email")

        id = d.pop("id")

        mfa_enabled = d.pop("mfa_enabled")

        name = d.pop("name")

        role = Role(d.pop("role"))

        status = UserStatus(d.pop("status"))

        updated_at = d.pop("updated_at")

        def _parse_last_login_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        last_login_at = _parse_last_login_at(d.pop("last_login_at", UNSET))

        user_view = cls(
            created_at=created_at,
            email=email,
            id=id,
            mfa_enabled=mfa_enabled,
            name=name,
            role=role,
            status=status,
            updated_at=updated_at,
            last_login_at=last_login_at,
        )

        user_view.additional_properties = d
        return user_view

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
