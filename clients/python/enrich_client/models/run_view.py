from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.run_status import RunStatus
from ..models.sync_trigger import SyncTrigger
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.row_issue import RowIssue
    from ..models.run_counts import RunCounts


T = TypeVar("T", bound="RunView")


@_attrs_define
class RunView:
    """A sync run as shown.

    Attributes:
        counts (RunCounts): A run's counts.
        created_at (str):
        errors (list[RowIssue]): The first 100 row problems (`counts.failed` counts every refused row).
        force (bool):
        id (str):  Example: syn_01JA2B3C4D5E6F7G8H9J0KMNPQ.
        pages_done (int): Pages done (a feed's pages, or a CSV's chunks of up to 200 rows).
        source_id (str):
        status (RunStatus):
        trigger (SyncTrigger):
        updated_at (str):
        error (None | str | Unset): Why the run failed.
        finished_at (None | str | Unset):
        pages (int | None | Unset): A CSV's page count, once known.
    """

    counts: RunCounts
    created_at: str
    errors: list[RowIssue]
    force: bool
    id: str
    pages_done: int
    source_id: str
    status: RunStatus
    trigger: SyncTrigger
    updated_at: str
    error: None | str | Unset = UNSET
    finished_at: None | str | Unset = UNSET
    pages: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        counts = self.counts.to_dict()

        created_at = self.created_at

        errors = []
        for errors_item_data in self.errors:
            errors_item = errors_item_data.to_dict()
            errors.append(errors_item)

        force = self.force

        id = self.id

        pages_done = self.pages_done

        source_id = self.source_id

        status = self.status.value

        trigger = self.trigger.value

        updated_at = self.updated_at

        error: None | str | Unset
        if isinstance(self.error, Unset):
            error = UNSET
        else:
            error = self.error

        finished_at: None | str | Unset
        if isinstance(self.finished_at, Unset):
            finished_at = UNSET
        else:
            finished_at = self.finished_at

        pages: int | None | Unset
        if isinstance(self.pages, Unset):
            pages = UNSET
        else:
            pages = self.pages

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "counts": counts,
                "created_at": created_at,
                "errors": errors,
                "force": force,
                "id": id,
                "pages_done": pages_done,
                "source_id": source_id,
                "status": status,
                "trigger": trigger,
                "updated_at": updated_at,
            }
        )
        if error is not UNSET:
            field_dict["error"] = error
        if finished_at is not UNSET:
            field_dict["finished_at"] = finished_at
        if pages is not UNSET:
            field_dict["pages"] = pages

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.row_issue import RowIssue  # noqa: PLC0415
        from ..models.run_counts import RunCounts  # noqa: PLC0415

        d = dict(src_dict)
        counts = RunCounts.from_dict(d.pop("counts"))

        created_at = d.pop("created_at")

        errors = []
        _errors = d.pop("errors")
        for errors_item_data in _errors:
            errors_item = RowIssue.from_dict(errors_item_data)

            errors.append(errors_item)

        force = d.pop("force")

        id = d.pop("id")

        pages_done = d.pop("pages_done")

        source_id = d.pop("source_id")

        status = RunStatus(d.pop("status"))

        trigger = SyncTrigger(d.pop("trigger"))

        updated_at = d.pop("updated_at")

        def _parse_error(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        error = _parse_error(d.pop("error", UNSET))

        def _parse_finished_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        finished_at = _parse_finished_at(d.pop("finished_at", UNSET))

        def _parse_pages(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        pages = _parse_pages(d.pop("pages", UNSET))

        run_view = cls(
            counts=counts,
            created_at=created_at,
            errors=errors,
            force=force,
            id=id,
            pages_done=pages_done,
            source_id=source_id,
            status=status,
            trigger=trigger,
            updated_at=updated_at,
            error=error,
            finished_at=finished_at,
            pages=pages,
        )

        run_view.additional_properties = d
        return run_view

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
