from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="RegisterBody")


@_attrs_define
class RegisterBody:
    """
    Attributes:
        email (str):  Example: ana@acme.example.
        name (str):  Example: Ana Souza.
        password (str): At least 12 characters, not the email, not a common password.
        invitation_token (None | str | Unset): Joins the inviting organisation with the invited role instead of creating
            one.
        organization_name (None | str | Unset): Required when creating an organisation (no invitation). Example: Acme
            Ltda.
    """

    email: str
    name: str
    password: str
    invitation_token: None | str | Unset = UNSET
    organization_name: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        email = self.email

        name = self.name

        password = self.password

        invitation_token: None | str | Unset
        if isinstance(self.invitation_token, Unset):
            invitation_token = UNSET
        else:
            invitation_token = self.invitation_token

        organization_name: None | str | Unset
        if isinstance(self.organization_name, Unset):
            organization_name = UNSET
        else:
            organization_name = self.organization_name

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "email": email,
                "name": name,
                "password": password,
            }
        )
        if invitation_token is not UNSET:
            field_dict["invitation_token"] = invitation_token
        if organization_name is not UNSET:
            field_dict["organization_name"] = organization_name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        email = d.pop("email")

        name = d.pop("name")

        password = d.pop("password")

        def _parse_invitation_token(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        invitation_token = _parse_invitation_token(d.pop("invitation_token", UNSET))

        def _parse_organization_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        organization_name = _parse_organization_name(d.pop("organization_name", UNSET))

        register_body = cls(
            email=email,
            name=name,
            password=password,
            invitation_token=invitation_token,
            organization_name=organization_name,
        )

        return register_body
