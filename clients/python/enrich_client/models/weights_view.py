from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="WeightsView")


@_attrs_define
class WeightsView:
    """What each request weighs against a user's limits, by the class of its route.

    Attributes:
        bulk (int): Bulk enrichment, contact bulk upserts, validation runs, imports and syncs, campaign sends.
        enrichment (int): `POST /v1/people/enrich`, `/v1/companies/enrich`, `/v1/people/search`, `/v1/companies/search`.
        read (int): Any `GET`.
        write (int): Any other write.
    """

    bulk: int
    enrichment: int
    read: int
    write: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        bulk = self.bulk

        enrichment = self.enrichment

        read = self.read

        write = self.write

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "bulk": bulk,
                "enrichment": enrichment,
                "read": read,
                "write": write,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        bulk = d.pop("bulk")

        enrichment = d.pop("enrichment")

        read = d.pop("read")

        write = d.pop("write")

        weights_view = cls(
            bulk=bulk,
            enrichment=enrichment,
            read=read,
            write=write,
        )

        weights_view.additional_properties = d
        return weights_view

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
