from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.source import Source

T = TypeVar("T", bound="InboundHealth")


@_attrs_define
class InboundHealth:
    """The ingest path's state.

    Attributes:
        sources (list[Source]):
        status (str):  Example: ok.
        token (str): `valid`, `invalid` or `absent`: whether the token given (if any) would be accepted.
    """

    sources: list[Source]
    status: str
    token: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        sources = []
        for sources_item_data in self.sources:
            sources_item = sources_item_data.value
            sources.append(sources_item)

        status = self.status

        token = self.token

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "sources": sources,
                "status": status,
                "token": token,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        sources = []
        _sources = d.pop("sources")
        for sources_item_data in _sources:
            sources_item = Source(sources_item_data)

            sources.append(sources_item)

        status = d.pop("status")

        token = d.pop("token")

        inbound_health = cls(
            sources=sources,
            status=status,
            token=token,
        )

        inbound_health.additional_properties = d
        return inbound_health

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
