from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Enrolment")


@_attrs_define
class Enrolment:
    """
    Attributes:
        otpauth_uri (str): Scan this (as a QR code) in an authenticator app. Example:
            otpauth://totp/Enrich:ana%40acme.example?secret=...&issuer=Enrich.
        recovery_codes (list[str]): Ten single-use codes for when the app is unavailable. Shown once; store them safely.
        secret (str): The seed in base32, for apps where it is typed in.
    """

    otpauth_uri: str
    recovery_codes: list[str]
    secret: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        otpauth_uri = self.otpauth_uri

        recovery_codes = self.recovery_codes

        secret = self.secret

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "otpauth_uri": otpauth_uri,
                "recovery_codes": recovery_codes,
                "secret": secret,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        otpauth_uri = d.pop("otpauth_uri")

        recovery_codes = cast(list[str], d.pop("recovery_codes"))

        secret = d.pop("secret")

        enrolment = cls(
            otpauth_uri=otpauth_uri,
            recovery_codes=recovery_codes,
            secret=secret,
        )

        enrolment.additional_properties = d
        return enrolment

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
