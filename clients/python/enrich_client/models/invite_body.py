from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.invite_body_role import InviteBodyRole

T = TypeVar("T", bound="InviteBody")


@_attrs_define
class InviteBody:
    """
    Attributes:
        email (str):  Example: bruno@acme.example.
        role (InviteBodyRole): admin, member or viewer (owners are made by promotion, API access by API keys).
    """

    email: str
    role: InviteBodyRole

    def to_dict(self) -> dict[str, Any]:
        email = self.email

        role = self.role.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "email": email,
                "role": role,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        email = d.pop("email")

        role = InviteBodyRole(d.pop("role"))

        invite_body = cls(
            email=email,
            role=role,
        )

        return invite_body
