from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.source_kind import SourceKind
from ..models.source_state import SourceState
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.last_run import LastRun
    from ..models.source_view_mapping import SourceViewMapping


T = TypeVar("T", bound="SourceView")


@_attrs_define
class SourceView:
    """A data source as shown (its auth value never is).

    Attributes:
        contact_count (int): Contacts whose source this is (exact: the organisation's contact counter).
        created_at (str):
        default_tags (list[str]):
        id (str):  Example: src_01JA2B3C4D5E6F7G8H9J0KMNPQ.
        mapping (SourceViewMapping):
        name (str):
        state (SourceState):
        type_ (SourceKind):
        updated_at (str):
        version (int):
        active_run (None | str | Unset): The sync running now, if any.
        auth_header (None | str | Unset): The header the secret goes in (its value is never shown).
        cursor (None | str | Unset): Where the next sync of the feed starts (`force` starts from the beginning).
        cursor_param (None | str | Unset):
        items_path (None | str | Unset):
        last_run (LastRun | None | Unset):
        next_cursor_path (None | str | Unset):
        schedule (None | str | Unset):
        url (None | str | Unset):
    """

    contact_count: int
    created_at: str
    default_tags: list[str]
    id: str
    mapping: SourceViewMapping
    name: str
    state: SourceState
    type_: SourceKind
    updated_at: str
    version: int
    active_run: None | str | Unset = UNSET
    auth_header: None | str | Unset = UNSET
    cursor: None | str | Unset = UNSET
    cursor_param: None | str | Unset = UNSET
    items_path: None | str | Unset = UNSET
    last_run: LastRun | None | Unset = UNSET
    next_cursor_path: None | str | Unset = UNSET
    schedule: None | str | Unset = UNSET
    url: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.last_run import LastRun  # noqa: PLC0415

        contact_count = self.contact_count

        created_at = self.created_at

        default_tags = self.default_tags

        id = self.id

        mapping = self.mapping.to_dict()

        name = self.name

        state = self.state.value

        type_ = self.type_.value

        updated_at = self.updated_at

        version = self.version

        active_run: None | str | Unset
        if isinstance(self.active_run, Unset):
            active_run = UNSET
        else:
            active_run = self.active_run

        auth_header: None | str | Unset
        if isinstance(self.auth_header, Unset):
            auth_header = UNSET
        else:
            auth_header = self.auth_header

        cursor: None | str | Unset
        if isinstance(self.cursor, Unset):
            cursor = UNSET
        else:
            cursor = self.cursor

        cursor_param: None | str | Unset
        if isinstance(self.cursor_param, Unset):
            cursor_param = UNSET
        else:
            cursor_param = self.cursor_param

        items_path: None | str | Unset
        if isinstance(self.items_path, Unset):
            items_path = UNSET
        else:
            items_path = self.items_path

        last_run: dict[str, Any] | None | Unset
        if isinstance(self.last_run, Unset):
            last_run = UNSET
        elif isinstance(self.last_run, LastRun):
            last_run = self.last_run.to_dict()
        else:
            last_run = self.last_run

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

        url: None | str | Unset
        if isinstance(self.url, Unset):
            url = UNSET
        else:
            url = self.url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "contact_count": contact_count,
                "created_at": created_at,
                "default_tags": default_tags,
                "id": id,
                "mapping": mapping,
                "name": name,
                "state": state,
                "type": type_,
                "updated_at": updated_at,
                "version": version,
            }
        )
        if active_run is not UNSET:
            field_dict["active_run"] = active_run
        if auth_header is not UNSET:
            field_dict["auth_header"] = auth_header
        if cursor is not UNSET:
            field_dict["cursor"] = cursor
        if cursor_param is not UNSET:
            field_dict["cursor_param"] = cursor_param
        if items_path is not UNSET:
            field_dict["items_path"] = items_path
        if last_run is not UNSET:
            field_dict["last_run"] = last_run
        if next_cursor_path is not UNSET:
            field_dict["next_cursor_path"] = next_cursor_path
        if schedule is not UNSET:
            field_dict["schedule"] = schedule
        if url is not UNSET:
            field_dict["url"] = url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.last_run import LastRun  # noqa: PLC0415
        from ..models.source_view_mapping import SourceViewMapping  # noqa: PLC0415

        d = dict(src_dict)
        contact_count = d.pop("contact_count")

        created_at = d.pop("created_at")

        default_tags = cast(list[str], d.pop("default_tags"))

        id = d.pop("id")

        mapping = SourceViewMapping.from_dict(d.pop("mapping"))

        name = d.pop("name")

        state = SourceState(d.pop("state"))

        type_ = SourceKind(d.pop("type"))

        updated_at = d.pop("updated_at")

        version = d.pop("version")

        def _parse_active_run(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        active_run = _parse_active_run(d.pop("active_run", UNSET))

        def _parse_auth_header(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        auth_header = _parse_auth_header(d.pop("auth_header", UNSET))

        def _parse_cursor(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        cursor = _parse_cursor(d.pop("cursor", UNSET))

        def _parse_cursor_param(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        cursor_param = _parse_cursor_param(d.pop("cursor_param", UNSET))

        def _parse_items_path(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        items_path = _parse_items_path(d.pop("items_path", UNSET))

        def _parse_last_run(data: object) -> LastRun | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                last_run_type_1 = LastRun.from_dict(data)

                return last_run_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(LastRun | None | Unset, data)

        last_run = _parse_last_run(d.pop("last_run", UNSET))

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

        def _parse_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        url = _parse_url(d.pop("url", UNSET))

        source_view = cls(
            contact_count=contact_count,
            created_at=created_at,
            default_tags=default_tags,
            id=id,
            mapping=mapping,
            name=name,
            state=state,
            type_=type_,
            updated_at=updated_at,
            version=version,
            active_run=active_run,
            auth_header=auth_header,
            cursor=cursor,
            cursor_param=cursor_param,
            items_path=items_path,
            last_run=last_run,
            next_cursor_path=next_cursor_path,
            schedule=schedule,
            url=url,
        )

        source_view.additional_properties = d
        return source_view

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
