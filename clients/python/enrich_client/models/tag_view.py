from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="TagView")


@_attrs_define
class TagView:
    """A tag as the API shows it.

    Attributes:
        contact_count (int): Contacts with this tag (exact).
        created_at (str):
        name (str):  Example: Customers in Brazil.
        slug (str):  Example: customers-br.
        updated_at (str):
        version (int):
        description (None | str | Unset):
    """

    contact_count: int
    created_at: str
    name: str
    slug: str
    updated_at: str
    version: int
    description: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        contact_count = self.contact_count

        created_at = self.created_at

        name = self.name

        slug = self.slug

        updated_at = self.updated_at

        version = self.version

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "contact_count": contact_count,
                "created_at": created_at,
                "name": name,
                "slug": slug,
                "updated_at": updated_at,
                "version": version,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        contact_count = d.pop("contact_count")

        created_at = d.pop("created_at")

        name = d.pop("name")

        slug = d.pop("slug")

        updated_at = d.pop("updated_at")

        version = d.pop("version")

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        tag_view = cls(
            contact_count=contact_count,
            created_at=created_at,
            name=name,
            slug=slug,
            updated_at=updated_at,
            version=version,
            description=description,
        )

        tag_view.additional_properties = d
        return tag_view

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
