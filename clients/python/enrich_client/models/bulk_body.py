from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.contact_row import ContactRow


T = TypeVar("T", bound="BulkBody")


@_attrs_define
class BulkBody:
    """Up to 1,000 contacts to create or update by email.

    Attributes:
        contacts (list[ContactRow]):
    """

    contacts: list[ContactRow]

    def to_dict(self) -> dict[str, Any]:
        contacts = []
        for contacts_item_data in self.contacts:
            contacts_item = contacts_item_data.to_dict()
            contacts.append(contacts_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "contacts": contacts,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.contact_row import ContactRow  # noqa: PLC0415

        d = dict(src_dict)
        contacts = []
        _contacts = d.pop("contacts")
        for contacts_item_data in _contacts:
            contacts_item = ContactRow.from_dict(contacts_item_data)

            contacts.append(contacts_item)

        bulk_body = cls(
            contacts=contacts,
        )

        return bulk_body
