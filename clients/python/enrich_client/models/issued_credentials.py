from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.endpoints import Endpoints


T = TypeVar("T", bound="IssuedCredentials")


@_attrs_define
class IssuedCredentials:
    """Credentials just issued: shown once.

    Attributes:
        issued_at (str):
        secret (str): Signs generic posts (`X-Enrich-Signature`). Example: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw.
        token (str):  Example: inb_Xk3pV9Qz2mT7wR4yL8nB1cF6hJ0sD5gA3eK9uP2oI7t.
        urls (Endpoints): The addresses senders post to.
        previous_token_valid_until (None | str | Unset): Until when the token this replaces still works (RFC 3339), on a
            rotation.
    """

    issued_at: str
    secret: str
    token: str
    urls: Endpoints
    previous_token_valid_until: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        issued_at = self.issued_at

        secret = self.secret

        token = self.token

        urls = self.urls.to_dict()

        previous_token_valid_until: None | str | Unset
        if isinstance(self.previous_token_valid_until, Unset):
            previous_token_valid_until = UNSET
        else:
            previous_token_valid_until = self.previous_token_valid_until

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "issued_at": issued_at,
                "secret": secret,
                "token": token,
                "urls": urls,
            }
        )
        if previous_token_valid_until is not UNSET:
            field_dict["previous_token_valid_until"] = previous_token_valid_until

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.endpoints import Endpoints  # noqa: PLC0415

        d = dict(src_dict)
        issued_at = d.pop("issued_at")

        secret = d.pop("secret")

        token = d.pop("token")

        urls = Endpoints.from_dict(d.pop("urls"))

        def _parse_previous_token_valid_until(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        previous_token_valid_until = _parse_previous_token_valid_until(d.pop("previous_token_valid_until", UNSET))

        issued_credentials = cls(
            issued_at=issued_at,
            secret=secret,
            token=token,
            urls=urls,
            previous_token_valid_until=previous_token_valid_until,
        )

        issued_credentials.additional_properties = d
        return issued_credentials

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
