from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.state import State
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.sender import Sender
    from ..models.stats import Stats


T = TypeVar("T", bound="Campaign")


@_attrs_define
class Campaign:
    """A campaign as stored and shown.

    Attributes:
        created_at (str):
        exclude_tags (list[str]):
        id (str):
        name (str):
        profile_id (str):
        sender (Sender): Who a campaign's messages come from.
        status (State):
        tags_all (list[str]):
        tags_any (list[str]):
        updated_at (str):
        version (int):
        category (None | str | Unset):
        finished_at (None | str | Unset):
        language (None | str | Unset):
        pause_reason (None | str | Unset): Why the platform paused it (a sender refusing every message), when it did.
        scheduled_at (None | str | Unset):
        started_at (None | str | Unset):
        stats (None | Stats | Unset):
        template_group (None | str | Unset):
        template_id (None | str | Unset):
    """

    created_at: str
    exclude_tags: list[str]
    id: str
    name: str
    profile_id: str
    sender: Sender
    status: State
    tags_all: list[str]
    tags_any: list[str]
    updated_at: str
    version: int
    category: None | str | Unset = UNSET
    finished_at: None | str | Unset = UNSET
    language: None | str | Unset = UNSET
    pause_reason: None | str | Unset = UNSET
    scheduled_at: None | str | Unset = UNSET
    started_at: None | str | Unset = UNSET
    stats: None | Stats | Unset = UNSET
    template_group: None | str | Unset = UNSET
    template_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.stats import Stats  # noqa: PLC0415

        created_at = self.created_at

        exclude_tags = self.exclude_tags

        id = self.id

        name = self.name

        profile_id = self.profile_id

        sender = self.sender.to_dict()

        status = self.status.value

        tags_all = self.tags_all

        tags_any = self.tags_any

        updated_at = self.updated_at

        version = self.version

        category: None | str | Unset
        if isinstance(self.category, Unset):
            category = UNSET
        else:
            category = self.category

        finished_at: None | str | Unset
        if isinstance(self.finished_at, Unset):
            finished_at = UNSET
        else:
            finished_at = self.finished_at

        language: None | str | Unset
        if isinstance(self.language, Unset):
            language = UNSET
        else:
            language = self.language

        pause_reason: None | str | Unset
        if isinstance(self.pause_reason, Unset):
            pause_reason = UNSET
        else:
            pause_reason = self.pause_reason

        scheduled_at: None | str | Unset
        if isinstance(self.scheduled_at, Unset):
            scheduled_at = UNSET
        else:
            scheduled_at = self.scheduled_at

        started_at: None | str | Unset
        if isinstance(self.started_at, Unset):
            started_at = UNSET
        else:
            started_at = self.started_at

        stats: dict[str, Any] | None | Unset
        if isinstance(self.stats, Unset):
            stats = UNSET
        elif isinstance(self.stats, Stats):
            stats = self.stats.to_dict()
        else:
            stats = self.stats

        template_group: None | str | Unset
        if isinstance(self.template_group, Unset):
            template_group = UNSET
        else:
            template_group = self.template_group

        template_id: None | str | Unset
        if isinstance(self.template_id, Unset):
            template_id = UNSET
        else:
            template_id = self.template_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "exclude_tags": exclude_tags,
                "id": id,
                "name": name,
                "profile_id": profile_id,
                "sender": sender,
                "status": status,
                "tags_all": tags_all,
                "tags_any": tags_any,
                "updated_at": updated_at,
                "version": version,
            }
        )
        if category is not UNSET:
            field_dict["category"] = category
        if finished_at is not UNSET:
            field_dict["finished_at"] = finished_at
        if language is not UNSET:
            field_dict["language"] = language
        if pause_reason is not UNSET:
            field_dict["pause_reason"] = pause_reason
        if scheduled_at is not UNSET:
            field_dict["scheduled_at"] = scheduled_at
        if started_at is not UNSET:
            field_dict["started_at"] = started_at
        if stats is not UNSET:
            field_dict["stats"] = stats
        if template_group is not UNSET:
            field_dict["template_group"] = template_group
        if template_id is not UNSET:
            field_dict["template_id"] = template_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.sender import Sender  # noqa: PLC0415
        from ..models.stats import Stats  # noqa: PLC0415

        d = dict(src_dict)
        created_at = d.pop("created_at")

        exclude_tags = cast(list[str], d.pop("exclude_tags"))

        id = d.pop("id")

        name = d.pop("name")

        profile_id = d.pop("profile_id")

        sender = Sender.from_dict(d.pop("sender"))

        status = State(d.pop("status"))

        tags_all = cast(list[str], d.pop("tags_all"))

        tags_any = cast(list[str], d.pop("tags_any"))

        updated_at = d.pop("updated_at")

        version = d.pop("version")

        def _parse_category(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        category = _parse_category(d.pop("category", UNSET))

        def _parse_finished_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        finished_at = _parse_finished_at(d.pop("finished_at", UNSET))

        def _parse_language(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        language = _parse_language(d.pop("language", UNSET))

        def _parse_pause_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        pause_reason = _parse_pause_reason(d.pop("pause_reason", UNSET))

        def _parse_scheduled_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        scheduled_at = _parse_scheduled_at(d.pop("scheduled_at", UNSET))

        def _parse_started_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        started_at = _parse_started_at(d.pop("started_at", UNSET))

        def _parse_stats(data: object) -> None | Stats | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                stats_type_1 = Stats.from_dict(data)

                return stats_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Stats | Unset, data)

        stats = _parse_stats(d.pop("stats", UNSET))

        def _parse_template_group(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        template_group = _parse_template_group(d.pop("template_group", UNSET))

        def _parse_template_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        template_id = _parse_template_id(d.pop("template_id", UNSET))

        campaign = cls(
            created_at=created_at,
            exclude_tags=exclude_tags,
            id=id,
            name=name,
            profile_id=profile_id,
            sender=sender,
            status=status,
            tags_all=tags_all,
            tags_any=tags_any,
            updated_at=updated_at,
            version=version,
            category=category,
            finished_at=finished_at,
            language=language,
            pause_reason=pause_reason,
            scheduled_at=scheduled_at,
            started_at=started_at,
            stats=stats,
            template_group=template_group,
            template_id=template_id,
        )

        campaign.additional_properties = d
        return campaign

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
