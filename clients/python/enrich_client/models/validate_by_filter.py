from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.validate_by_filter_on_invalid_type_1 import ValidateByFilterOnInvalidType1
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.validate_filter import ValidateFilter


T = TypeVar("T", bound="ValidateByFilter")


@_attrs_define
class ValidateByFilter:
    """
    Attributes:
        contact_ids (None | Unset):
        filter_ (None | Unset | ValidateFilter):
        invalid_tag (None | Unset):
        on_invalid (None | Unset | ValidateByFilterOnInvalidType1): `suppress` or `none`; the organisation's rule when
            absent.
    """

    contact_ids: None | Unset = UNSET
    filter_: None | Unset | ValidateFilter = UNSET
    invalid_tag: None | Unset = UNSET
    on_invalid: None | Unset | ValidateByFilterOnInvalidType1 = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.validate_filter import ValidateFilter  # noqa: PLC0415

        contact_ids = self.contact_ids

        filter_: dict[str, Any] | None | Unset
        if isinstance(self.filter_, Unset):
            filter_ = UNSET
        elif isinstance(self.filter_, ValidateFilter):
            filter_ = self.filter_.to_dict()
        else:
            filter_ = self.filter_

        invalid_tag = self.invalid_tag

        on_invalid: None | str | Unset
        if isinstance(self.on_invalid, Unset):
            on_invalid = UNSET
        elif isinstance(self.on_invalid, ValidateByFilterOnInvalidType1):
            on_invalid = self.on_invalid.value
        else:
            on_invalid = self.on_invalid

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if contact_ids is not UNSET:
            field_dict["contact_ids"] = contact_ids
        if filter_ is not UNSET:
            field_dict["filter"] = filter_
        if invalid_tag is not UNSET:
            field_dict["invalid_tag"] = invalid_tag
        if on_invalid is not UNSET:
            field_dict["on_invalid"] = on_invalid

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.validate_filter import ValidateFilter  # noqa: PLC0415

        d = dict(src_dict)
        contact_ids = d.pop("contact_ids", UNSET)

        def _parse_filter_(data: object) -> None | Unset | ValidateFilter:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                filter_type_1 = ValidateFilter.from_dict(data)

                return filter_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | ValidateFilter, data)

        filter_ = _parse_filter_(d.pop("filter", UNSET))

        invalid_tag = d.pop("invalid_tag", UNSET)

        def _parse_on_invalid(data: object) -> None | Unset | ValidateByFilterOnInvalidType1:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                on_invalid_type_1 = ValidateByFilterOnInvalidType1(data)

                return on_invalid_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | ValidateByFilterOnInvalidType1, data)

        on_invalid = _parse_on_invalid(d.pop("on_invalid", UNSET))

        validate_by_filter = cls(
            contact_ids=contact_ids,
            filter_=filter_,
            invalid_tag=invalid_tag,
            on_invalid=on_invalid,
        )

        return validate_by_filter
