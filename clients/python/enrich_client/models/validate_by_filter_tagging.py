from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.validate_by_filter_tagging_on_invalid import ValidateByFilterTaggingOnInvalid
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.validate_filter import ValidateFilter


T = TypeVar("T", bound="ValidateByFilterTagging")


@_attrs_define
class ValidateByFilterTagging:
    """
    Attributes:
        invalid_tag (str): The tag given to invalid addresses' contacts, with `on_invalid: tag`.
        on_invalid (ValidateByFilterTaggingOnInvalid):
        contact_ids (None | Unset):
        filter_ (None | Unset | ValidateFilter):
    """

    invalid_tag: str
    on_invalid: ValidateByFilterTaggingOnInvalid
    contact_ids: None | Unset = UNSET
    filter_: None | Unset | ValidateFilter = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.validate_filter import ValidateFilter  # noqa: PLC0415

        invalid_tag = self.invalid_tag

        on_invalid = self.on_invalid.value

        contact_ids = self.contact_ids

        filter_: dict[str, Any] | None | Unset
        if isinstance(self.filter_, Unset):
            filter_ = UNSET
        elif isinstance(self.filter_, ValidateFilter):
            filter_ = self.filter_.to_dict()
        else:
            filter_ = self.filter_

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "invalid_tag": invalid_tag,
                "on_invalid": on_invalid,
            }
        )
        if contact_ids is not UNSET:
            field_dict["contact_ids"] = contact_ids
        if filter_ is not UNSET:
            field_dict["filter"] = filter_

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.validate_filter import ValidateFilter  # noqa: PLC0415

        d = dict(src_dict)
        invalid_tag = d.pop("invalid_tag")

        on_invalid = ValidateByFilterTaggingOnInvalid(d.pop("on_invalid"))

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

        validate_by_filter_tagging = cls(
            invalid_tag=invalid_tag,
            on_invalid=on_invalid,
            contact_ids=contact_ids,
            filter_=filter_,
        )

        return validate_by_filter_tagging
