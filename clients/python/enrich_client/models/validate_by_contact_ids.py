from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.validate_by_contact_ids_on_invalid_type_1 import ValidateByContactIdsOnInvalidType1
from ..types import UNSET, Unset

T = TypeVar("T", bound="ValidateByContactIds")


@_attrs_define
class ValidateByContactIds:
    """
    Attributes:
        contact_ids (list[str]): Up to 5,000 contact ids (checked whatever their status); or leave out for `filter`.
        filter_ (None | Unset):
        invalid_tag (None | Unset):
        on_invalid (None | Unset | ValidateByContactIdsOnInvalidType1): `suppress` or `none`; the organisation's rule
            when absent.
    """

    contact_ids: list[str]
    filter_: None | Unset = UNSET
    invalid_tag: None | Unset = UNSET
    on_invalid: None | Unset | ValidateByContactIdsOnInvalidType1 = UNSET

    def to_dict(self) -> dict[str, Any]:
        contact_ids = self.contact_ids

        filter_ = self.filter_

        invalid_tag = self.invalid_tag

        on_invalid: None | str | Unset
        if isinstance(self.on_invalid, Unset):
            on_invalid = UNSET
        elif isinstance(self.on_invalid, ValidateByContactIdsOnInvalidType1):
            on_invalid = self.on_invalid.value
        else:
            on_invalid = self.on_invalid

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "contact_ids": contact_ids,
            }
        )
        if filter_ is not UNSET:
            field_dict["filter"] = filter_
        if invalid_tag is not UNSET:
            field_dict["invalid_tag"] = invalid_tag
        if on_invalid is not UNSET:
            field_dict["on_invalid"] = on_invalid

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        contact_ids = cast(list[str], d.pop("contact_ids"))

        filter_ = d.pop("filter", UNSET)

        invalid_tag = d.pop("invalid_tag", UNSET)

        def _parse_on_invalid(data: object) -> None | Unset | ValidateByContactIdsOnInvalidType1:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                on_invalid_type_1 = ValidateByContactIdsOnInvalidType1(data)

                return on_invalid_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | ValidateByContactIdsOnInvalidType1, data)

        on_invalid = _parse_on_invalid(d.pop("on_invalid", UNSET))

        validate_by_contact_ids = cls(
            contact_ids=contact_ids,
            filter_=filter_,
            invalid_tag=invalid_tag,
            on_invalid=on_invalid,
        )

        return validate_by_contact_ids
