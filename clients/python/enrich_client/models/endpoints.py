from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Endpoints")


@_attrs_define
class Endpoints:
    """The addresses senders post to.

    Attributes:
        generic (str):
        health (str):
        mailwizz (str):  Example: https://api.example.com/v1/inbound/mailwizz.
        powermta (str):
        ses (str): The HTTPS subscription endpoint of an SES notification topic.
        test (str):
    """

    generic: str
    health: str
    mailwizz: str
    powermta: str
    ses: str
    test: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        generic = self.generic

        health = self.health

        mailwizz = self.mailwizz

        powermta = self.powermta

        ses = self.ses

        test = self.test

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "generic": generic,
                "health": health,
                "mailwizz": mailwizz,
                "powermta": powermta,
                "ses": ses,
                "test": test,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        generic = d.pop("generic")

        health = d.pop("health")

        mailwizz = d.pop("mailwizz")

        powermta = d.pop("powermta")

        ses = d.pop("ses")

        test = d.pop("test")

        endpoints = cls(
            generic=generic,
            health=health,
            mailwizz=mailwizz,
            powermta=powermta,
            ses=ses,
            test=test,
        )

        endpoints.additional_properties = d
        return endpoints

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
