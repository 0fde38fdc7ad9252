from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="FromPeopleBodyByPersonIds")


@_attrs_define
class FromPeopleBodyByPersonIds:
    """
    Attributes:
        person_ids (list[str]): Up to 1,000 person ids.
        job_id (None | Unset):
        tags (list[str] | None | Unset): Tags to add to every contact made or updated.
    """

    person_ids: list[str]
    job_id: None | Unset = UNSET
    tags: list[str] | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        person_ids = self.person_ids

        job_id = self.job_id

        tags: list[str] | None | Unset
        if isinstance(self.tags, Unset):
            tags = UNSET
        elif isinstance(self.tags, list):
            tags = self.tags

        else:
            tags = self.tags

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "person_ids": person_ids,
            }
        )
        if job_id is not UNSET:
            field_dict["job_id"] = job_id
        if tags is not UNSET:
            field_dict["tags"] = tags

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        person_ids = cast(list[str], d.pop("person_ids"))

        job_id = d.pop("job_id", UNSET)

        def _parse_tags(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                tags_type_0 = cast(list[str], data)

                return tags_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        tags = _parse_tags(d.pop("tags", UNSET))

        from_people_body_by_person_ids = cls(
            person_ids=person_ids,
            job_id=job_id,
            tags=tags,
        )

        return from_people_body_by_person_ids
