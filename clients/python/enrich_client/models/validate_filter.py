from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.validation import Validation
from ..types import UNSET, Unset

T = TypeVar("T", bound="ValidateFilter")


@_attrs_define
class ValidateFilter:
    """Which contacts a run checks when no ids are given.

    Attributes:
        tag (None | str | Unset): Only contacts with this tag.
        validation (None | Unset | Validation):
    """

    tag: None | str | Unset = UNSET
    validation: None | Unset | Validation = UNSET

    def to_dict(self) -> dict[str, Any]:
        tag: None | str | Unset
        if isinstance(self.tag, Unset):
            tag = UNSET
        else:
            tag = self.tag

        validation: None | str | Unset
        if isinstance(self.validation, Unset):
            validation = UNSET
        elif isinstance(self.validation, Validation):
            validation = self.validation.value
        else:
            validation = self.validation

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if tag is not UNSET:
            field_dict["tag"] = tag
        if validation is not UNSET:
            field_dict["validation"] = validation

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_tag(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        tag = _parse_tag(d.pop("tag", UNSET))

        def _parse_validation(data: object) -> None | Unset | Validation:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                validation_type_1 = Validation(data)

                return validation_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | Validation, data)

        validation = _parse_validation(d.pop("validation", UNSET))

        validate_filter = cls(
            tag=tag,
            validation=validation,
        )

        return validate_filter
