from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.source_kind import SourceKind
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.auth_body import AuthBody
    from ..models.source_body_mapping import SourceBodyMapping


T = TypeVar("T", bound="SourceBody")


@_attrs_define
class SourceBody:
    """A data source to create (`POST`) or the fields to change (`PUT`: fields left out stay as they
    are, `null` clears).

        Attributes:
            mapping (SourceBodyMapping): Contact field → where its value is: a JSON pointer for a feed, a column header for
                a CSV.
            auth (AuthBody | None | Unset):
            cursor_param (None | str | Unset): The query parameter the cursor is sent in. Example: cursor.
            default_tags (list[str] | None | Unset): Tag slugs given to every contact the source brings.
            items_path (None | str | Unset): A JSON pointer to the array of records in a feed's answer (`""`: the answer is
                the array). Example: /data.
            name (None | str | Unset):  Example: Scraper-Pro France.
            next_cursor_path (None | str | Unset): A JSON pointer to the next page's cursor in a feed's answer (absent or
                null: last page). Example: /next_cursor.
            schedule (None | str | Unset): An EventBridge Scheduler expression: `rate(6 hours)` or `cron(0 3 * * ? *)`
                (UTC), at
                most every 15 minutes. Example: rate(1 day).
            type_ (None | SourceKind | Unset):
            url (None | str | Unset): A feed's URL (https, public), or a CSV's to fetch on sync. Example:
                https://api.scraper-pro.example/v1/exports/fr/contacts.
    """

    mapping: SourceBodyMapping
    auth: AuthBody | None | Unset = UNSET
    cursor_param: None | str | Unset = UNSET
    default_tags: list[str] | None | Unset = UNSET
    items_path: None | str | Unset = UNSET
    name: None | str | Unset = UNSET
    next_cursor_path: None | str | Unset = UNSET
    schedule: None | str | Unset = UNSET
    type_: None | SourceKind | Unset = UNSET
    url: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.auth_body import AuthBody  # noqa: PLC0415

        mapping = self.mapping.to_dict()

        auth: dict[str, Any] | None | Unset
        if isinstance(self.auth, Unset):
            auth = UNSET
        elif isinstance(self.auth, AuthBody):
            auth = self.auth.to_dict()
        else:
            auth = self.auth

        cursor_param: None | str | Unset
        if isinstance(self.cursor_param, Unset):
            cursor_param = UNSET
        else:
            cursor_param = self.cursor_param

        default_tags: list[str] | None | Unset
        if isinstance(self.default_tags, Unset):
            default_tags = UNSET
        elif isinstance(self.default_tags, list):
            default_tags = self.default_tags

        else:
            default_tags = self.default_tags

        items_path: None | str | Unset
        if isinstance(self.items_path, Unset):
            items_path = UNSET
        else:
            items_path = self.items_path

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        next_cursor_path: None | str | Unset
        if isinstance(self.next_cursor_path, Unset):
            next_cursor_path = UNSET
        else:
            next_cursor_path = self.next_cursor_path

        schedule: None | str | Unset
        if isinstance(self.schedule, Unset):
            schedule = UNSET
        else:
            schedule = self.schedule

        type_: None | str | Unset
        if isinstance(self.type_, Unset):
            type_ = UNSET
        elif isinstance(self.type_, SourceKind):
            type_ = self.type_.value
        else:
            type_ = self.type_

        url: None | str | Unset
        if isinstance(self.url, Unset):
            url = UNSET
        else:
            url = self.url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "mapping": mapping,
            }
        )
        if auth is not UNSET:
            field_dict["auth"] = auth
        if cursor_param is not UNSET:
            field_dict["cursor_param"] = cursor_param
        if default_tags is not UNSET:
            field_dict["default_tags"] = default_tags
        if items_path is not UNSET:
            field_dict["items_path"] = items_path
        if name is not UNSET:
            field_dict["name"] = name
        if next_cursor_path is not UNSET:
            field_dict["next_cursor_path"] = next_cursor_path
        if schedule is not UNSET:
            field_dict["schedule"] = schedule
        if type_ is not UNSET:
            field_dict["type"] = type_
        if url is not UNSET:
            field_dict["url"] = url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.auth_body import AuthBody  # noqa: PLC0415
        from ..models.source_body_mapping import SourceBodyMapping  # noqa: PLC0415

        d = dict(src_dict)
        mapping = SourceBodyMapping.from_dict(d.pop("mapping"))

        def _parse_auth(data: object) -> AuthBody | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                auth_type_1 = AuthBody.from_dict(data)

                return auth_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AuthBody | None | Unset, data)

        auth = _parse_auth(d.pop("auth", UNSET))

        def _parse_cursor_param(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        cursor_param = _parse_cursor_param(d.pop("cursor_param", UNSET))

        def _parse_default_tags(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                default_tags_type_0 = cast(list[str], data)

                return default_tags_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        default_tags = _parse_default_tags(d.pop("default_tags", UNSET))

        def _parse_items_path(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        items_path = _parse_items_path(d.pop("items_path", UNSET))

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_next_cursor_path(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        next_cursor_path = _parse_next_cursor_path(d.pop("next_cursor_path", UNSET))

        def _parse_schedule(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        schedule = _parse_schedule(d.pop("schedule", UNSET))

        def _parse_type_(data: object) -> None | SourceKind | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                type_type_1 = SourceKind(data)

                return type_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SourceKind | Unset, data)

        type_ = _parse_type_(d.pop("type", UNSET))

        def _parse_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        url = _parse_url(d.pop("url", UNSET))

        source_body = cls(
            mapping=mapping,
            auth=auth,
            cursor_param=cursor_param,
            default_tags=default_tags,
            items_path=items_path,
            name=name,
            next_cursor_path=next_cursor_path,
            schedule=schedule,
            type_=type_,
            url=url,
        )

        source_body.additional_properties = d
        return source_body

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
