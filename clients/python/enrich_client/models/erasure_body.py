from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ErasureBody")


@_attrs_define
class ErasureBody:
    """Whose data to erase.

    Attributes:
        email (str): The person's address: the stored person with it (and that person's other addresses) and
            the contact with it are erased, whether or not the person was ever enriched. Example: ana.souza@globex.com.
    """

    email: str

    def to_dict(self) -> dict[str, Any]:
        email = self.email

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "email": email,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        email = d.pop("email")

        erasure_body = cls(
            email=email,
        )

        return erasure_body
