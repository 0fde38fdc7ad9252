from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.person_record import PersonRecord


T = TypeVar("T", bound="LookupStatus")


@_attrs_define
class LookupStatus:
    """
    Attributes:
        person_id (str):
        status (str): `complete` (merged into the person), `waiting`/`searching`/`progress`, `failed`,
            `none` (no lookup was pending) or an error code.
        lookup_id (None | str | Unset):
        provider (None | str | Unset):
        record (None | PersonRecord | Unset):
    """

    person_id: str
    status: str
    lookup_id: None | str | Unset = UNSET
    provider: None | str | Unset = UNSET
    record: None | PersonRecord | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.person_record import PersonRecord  # noqa: PLC0415

        person_id = self.person_id

        status = self.status

        lookup_id: None | str | Unset
        if isinstance(self.lookup_id, Unset):
            lookup_id = UNSET
        else:
            lookup_id = self.lookup_id

        provider: None | str | Unset
        if isinstance(self.provider, Unset):
            provider = UNSET
        else:
            provider = self.provider

        record: dict[str, Any] | None | Unset
        if isinstance(self.record, Unset):
            record = UNSET
        elif isinstance(self.record, PersonRecord):
            record = self.record.to_dict()
        else:
            record = self.record

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "person_id": person_id,
                "status": status,
            }
        )
        if lookup_id is not UNSET:
            field_dict["lookup_id"] = lookup_id
        if provider is not UNSET:
            field_dict["provider"] = provider
        if record is not UNSET:
            field_dict["record"] = record

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.person_record import PersonRecord  # noqa: PLC0415

        d = dict(src_dict)
        person_id = d.pop("person_id")

        status = d.pop("status")

        def _parse_lookup_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        lookup_id = _parse_lookup_id(d.pop("lookup_id", UNSET))

        def _parse_provider(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        provider = _parse_provider(d.pop("provider", UNSET))

        def _parse_record(data: object) -> None | PersonRecord | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                record_type_1 = PersonRecord.from_dict(data)

                return record_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PersonRecord | Unset, data)

        record = _parse_record(d.pop("record", UNSET))

        lookup_status = cls(
            person_id=person_id,
            status=status,
            lookup_id=lookup_id,
            provider=provider,
            record=record,
        )

        lookup_status.additional_properties = d
        return lookup_status

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
