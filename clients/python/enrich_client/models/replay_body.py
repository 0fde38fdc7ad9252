from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ReplayBody")


@_attrs_define
class ReplayBody:
    """`POST …/replay`.

    Attributes:
        since (datetime.datetime): Failed deliveries created at or after this time (RFC 3339) are sent again. Example:
            2026-12-01T00:00:00Z.
    """

    since: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        since = self.since.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "since": since,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        since = datetime.datetime.fromisoformat(d.pop("since"))

        replay_body = cls(
            since=since,
        )

        return replay_body
