from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.update_user_body_by_role_role import UpdateUserBodyByRoleRole
from ..types import UNSET, Unset

T = TypeVar("T", bound="UpdateUserBodyByRole")


@_attrs_define
class UpdateUserBodyByRole:
    """
    Attributes:
        role (UpdateUserBodyByRoleRole):
        name (None | str | Unset): 1 to 100 characters. Anyone may rename themselves; renaming others needs
            `users.write`.
    """

    role: UpdateUserBodyByRoleRole
    name: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        role = self.role.value

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "role": role,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        role = UpdateUserBodyByRoleRole(d.pop("role"))

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        update_user_body_by_role = cls(
            role=role,
            name=name,
        )

        return update_user_body_by_role
