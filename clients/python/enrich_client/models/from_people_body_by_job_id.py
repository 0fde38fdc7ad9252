from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="FromPeopleBodyByJobId")


@_attrs_define
class FromPeopleBodyByJobId:
    """
    Attributes:
        job_id (str): A finished people job: every person it stored. Example: job_01HZX5R5B7Q6J3V9K2M4N8P0QR.
        person_ids (None | Unset):
        tags (list[str] | None | Unset): Tags to add to every contact made or updated.
    """

    job_id: str
    person_ids: None | Unset = UNSET
    tags: list[str] | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        job_id = self.job_id

        person_ids = self.person_ids

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
                "job_id": job_id,
            }
        )
        if person_ids is not UNSET:
            field_dict["person_ids"] = person_ids
        if tags is not UNSET:
            field_dict["tags"] = tags

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        job_id = d.pop("job_id")

        person_ids = d.pop("person_ids", UNSET)

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

        from_people_body_by_job_id = cls(
            job_id=job_id,
            person_ids=person_ids,
            tags=tags,
        )

        return from_people_body_by_job_id
