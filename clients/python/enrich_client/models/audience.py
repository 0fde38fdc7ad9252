from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="Audience")


@_attrs_define
class Audience:
    """Who a campaign reaches.

    Attributes:
        exclude_tags (list[str] | Unset): None of these tags.
        language (None | str | Unset): Only contacts in this language (BCP 47; `pt` also matches `pt-BR`).
        tags_all (list[str] | Unset): Every one of these tags.
        tags_any (list[str] | Unset): At least one of these tags (ignored when empty).
    """

    exclude_tags: list[str] | Unset = UNSET
    language: None | str | Unset = UNSET
    tags_all: list[str] | Unset = UNSET
    tags_any: list[str] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        exclude_tags: list[str] | Unset = UNSET
        if not isinstance(self.exclude_tags, Unset):
            exclude_tags = self.exclude_tags

        language: None | str | Unset
        if isinstance(self.language, Unset):
            language = UNSET
        else:
            language = self.language

        tags_all: list[str] | Unset = UNSET
        if not isinstance(self.tags_all, Unset):
            tags_all = self.tags_all

        tags_any: list[str] | Unset = UNSET
        if not isinstance(self.tags_any, Unset):
            tags_any = self.tags_any

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if exclude_tags is not UNSET:
            field_dict["exclude_tags"] = exclude_tags
        if language is not UNSET:
            field_dict["language"] = language
        if tags_all is not UNSET:
            field_dict["tags_all"] = tags_all
        if tags_any is not UNSET:
            field_dict["tags_any"] = tags_any

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        exclude_tags = cast(list[str], d.pop("exclude_tags", UNSET))

        def _parse_language(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        language = _parse_language(d.pop("language", UNSET))

        tags_all = cast(list[str], d.pop("tags_all", UNSET))

        tags_any = cast(list[str], d.pop("tags_any", UNSET))

        audience = cls(
            exclude_tags=exclude_tags,
            language=language,
            tags_all=tags_all,
            tags_any=tags_any,
        )

        return audience
