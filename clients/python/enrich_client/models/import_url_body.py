from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ImportUrlBody")


@_attrs_define
class ImportUrlBody:
    """A CSV to import by URL (fetched by the run: up to 50 MB).

    Attributes:
        url (str):  Example: https://exports.example.com/contacts-2026-12.csv.
    """

    url: str

    def to_dict(self) -> dict[str, Any]:
        url = self.url

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "url": url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        url = d.pop("url")

        import_url_body = cls(
            url=url,
        )

        return import_url_body
