from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.validate_by_contact_ids_tagging_on_invalid import ValidateByContactIdsTaggingOnInvalid
from ..types import UNSET, Unset

T = TypeVar("T", bound="ValidateByContactIdsTagging")


@_attrs_define
class ValidateByContactIdsTagging:
    """
    Attributes:
        contact_ids (list[str]): Up to 5,000 contact ids (checked whatever their status); or leave out for `filter`.
        invalid_tag (str): The tag given to invalid addresses' contacts, with `on_invalid: tag`.
        on_invalid (ValidateByContactIdsTaggingOnInvalid):
        filter_ (None | Unset):
    """

    contact_ids: list[str]
    invalid_tag: str
    on_invalid: ValidateByContactIdsTaggingOnInvalid
    filter_: None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        contact_ids = self.contact_ids

        invalid_tag = self.invalid_tag

        on_invalid = self.on_invalid.value

        filter_ = self.filter_

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "contact_ids": contact_ids,
                "invalid_tag": invalid_tag,
                "on_invalid": on_invalid,
            }
        )
        if filter_ is not UNSET:
            field_dict["filter"] = filter_

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        contact_ids = cast(list[str], d.pop("contact_ids"))

        invalid_tag = d.pop("invalid_tag")

        on_invalid = ValidateByContactIdsTaggingOnInvalid(d.pop("on_invalid"))

        filter_ = d.pop("filter", UNSET)

        validate_by_contact_ids_tagging = cls(
            contact_ids=contact_ids,
            invalid_tag=invalid_tag,
            on_invalid=on_invalid,
            filter_=filter_,
        )

        return validate_by_contact_ids_tagging
