from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.update_user_body_by_name_role_type_1 import UpdateUserBodyByNameRoleType1
from ..types import UNSET, Unset

T = TypeVar("T", bound="UpdateUserBodyByName")


@_attrs_define
class UpdateUserBodyByName:
    """
    Attributes:
        name (str): 1 to 100 characters. Anyone may rename themselves; renaming others needs `users.write`.
        role (None | Unset | UpdateUserBodyByNameRoleType1):
    """

    name: str
    role: None | Unset | UpdateUserBodyByNameRoleType1 = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        role: None | str | Unset
        if isinstance(self.role, Unset):
            role = UNSET
        elif isinstance(self.role, UpdateUserBodyByNameRoleType1):
            role = self.role.value
        else:
            role = self.role

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
            }
        )
        if role is not UNSET:
            field_dict["role"] = role

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        def _parse_role(data: object) -> None | Unset | UpdateUserBodyByNameRoleType1:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                role_type_1 = UpdateUserBodyByNameRoleType1(data)

                return role_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UpdateUserBodyByNameRoleType1, data)

        role = _parse_role(d.pop("role", UNSET))

        update_user_body_by_name = cls(
            name=name,
            role=role,
        )

        return update_user_body_by_name
