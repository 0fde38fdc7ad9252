from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="PreviewBodyByContactId")


@_attrs_define
class PreviewBodyByContactId:
    """
    Attributes:
        contact_id (str):
        contact (None | Unset):
    """

    contact_id: str
    contact: None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        contact_id = self.contact_id

        contact = self.contact

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "contact_id": contact_id,
            }
        )
        if contact is not UNSET:
            field_dict["contact"] = contact

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        contact_id = d.pop("contact_id")

        contact = d.pop("contact", UNSET)

        preview_body_by_contact_id = cls(
            contact_id=contact_id,
            contact=contact,
        )

        return preview_body_by_contact_id
