from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.sender import Sender


T = TypeVar("T", bound="CampaignBodyByTemplateGroup")


@_attrs_define
class CampaignBodyByTemplateGroup:
    """
    Attributes:
        name (str):  Example: November newsletter.
        profile_id (str):  Example: snd_01HZX5R5B7Q6J3V9K2M4N8P0QR.
        sender (Sender): Who a campaign's messages come from.
        template_group (str): A template group: each contact gets the template of its language. Example: welcome.
        category (None | str | Unset): A free label for reports (`newsletter`, `promotion`). Example: newsletter.
        exclude_tags (list[str] | Unset):
        language (None | str | Unset): Only contacts in this language (BCP 47); also the group's fallback language.
            Example: pt-BR.
        scheduled_at (None | str | Unset): When `send` should start it (RFC 3339, in the future); absent: `send` starts
            it at once. Example: 2030-01-15T09:00:00Z.
        tags_all (list[str] | Unset):
        tags_any (list[str] | Unset):
        template_id (None | Unset):
        version (int | None | Unset): With PUT: the version read.
    """

    name: str
    profile_id: str
    sender: Sender
    template_group: str
    category: None | str | Unset = UNSET
    exclude_tags: list[str] | Unset = UNSET
    language: None | str | Unset = UNSET
    scheduled_at: None | str | Unset = UNSET
    tags_all: list[str] | Unset = UNSET
    tags_any: list[str] | Unset = UNSET
    template_id: None | Unset = UNSET
    version: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        profile_id = self.profile_id

        sender = self.sender.to_dict()

        template_group = self.template_group

        category: None | str | Unset
        if isinstance(self.category, Unset):
            category = UNSET
        else:
            category = self.category

        exclude_tags: list[str] | Unset = UNSET
        if not isinstance(self.exclude_tags, Unset):
            exclude_tags = self.exclude_tags

        language: None | str | Unset
        if isinstance(self.language, Unset):
            language = UNSET
        else:
            language = self.language

        scheduled_at: None | str | Unset
        if isinstance(self.scheduled_at, Unset):
            scheduled_at = UNSET
        else:
            scheduled_at = self.scheduled_at

        tags_all: list[str] | Unset = UNSET
        if not isinstance(self.tags_all, Unset):
            tags_all = self.tags_all

        tags_any: list[str] | Unset = UNSET
        if not isinstance(self.tags_any, Unset):
            tags_any = self.tags_any

        template_id = self.template_id

        version: int | None | Unset
        if isinstance(self.version, Unset):
            version = UNSET
        else:
            version = self.version

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "profile_id": profile_id,
                "sender": sender,
                "template_group": template_group,
            }
        )
        if category is not UNSET:
            field_dict["category"] = category
        if exclude_tags is not UNSET:
            field_dict["exclude_tags"] = exclude_tags
        if language is not UNSET:
            field_dict["language"] = language
        if scheduled_at is not UNSET:
            field_dict["scheduled_at"] = scheduled_at
        if tags_all is not UNSET:
            field_dict["tags_all"] = tags_all
        if tags_any is not UNSET:
            field_dict["tags_any"] = tags_any
        if template_id is not UNSET:
            field_dict["template_id"] = template_id
        if version is not UNSET:
            field_dict["version"] = version

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.sender import Sender  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        profile_id = d.pop("profile_id")

        sender = Sender.from_dict(d.pop("sender"))

        template_group = d.pop("template_group")

        def _parse_category(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        category = _parse_category(d.pop("category", UNSET))

        exclude_tags = cast(list[str], d.pop("exclude_tags", UNSET))

        def _parse_language(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        language = _parse_language(d.pop("language", UNSET))

        def _parse_scheduled_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        scheduled_at = _parse_scheduled_at(d.pop("scheduled_at", UNSET))

        tags_all = cast(list[str], d.pop("tags_all", UNSET))

        tags_any = cast(list[str], d.pop("tags_any", UNSET))

        template_id = d.pop("template_id", UNSET)

        def _parse_version(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        version = _parse_version(d.pop("version", UNSET))

        campaign_body_by_template_group = cls(
            name=name,
            profile_id=profile_id,
            sender=sender,
            template_group=template_group,
            category=category,
            exclude_tags=exclude_tags,
            language=language,
            scheduled_at=scheduled_at,
            tags_all=tags_all,
            tags_any=tags_any,
            template_id=template_id,
            version=version,
        )

        return campaign_body_by_template_group
