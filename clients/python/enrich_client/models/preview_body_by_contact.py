from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.sample_contact import SampleContact


T = TypeVar("T", bound="PreviewBodyByContact")


@_attrs_define
class PreviewBodyByContact:
    """
    Attributes:
        contact (SampleContact): Sample contact fields a preview renders with, read as a contact's own
            (`campaigns::contacts::sample`); `email` defaults to someone@example.com.
        contact_id (None | Unset):
    """

    contact: SampleContact
    contact_id: None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        contact = self.contact.to_dict()

        contact_id = self.contact_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "contact": contact,
            }
        )
        if contact_id is not UNSET:
            field_dict["contact_id"] = contact_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.sample_contact import SampleContact  # noqa: PLC0415

        d = dict(src_dict)
        contact = SampleContact.from_dict(d.pop("contact"))

        contact_id = d.pop("contact_id", UNSET)

        preview_body_by_contact = cls(
            contact=contact,
            contact_id=contact_id,
        )

        return preview_body_by_contact
