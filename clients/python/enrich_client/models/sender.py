from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="Sender")


@_attrs_define
class Sender:
    """Who a campaign's messages come from.

    Attributes:
        from_email (str): On the sending profile's domain (SES). Example: news@mail.acme.com.
        from_name (str):  Example: Acme Sales.
        reply_to (None | str | Unset):  Example: sales@acme.com.
    """

    from_email: str
    from_name: str
    reply_to: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from_email = self.from_email

        from_name = self.from_name

        reply_to: None | str | Unset
        if isinstance(self.reply_to, Unset):
            reply_to = UNSET
        else:
            reply_to = self.reply_to

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "from_email": from_email,
                "from_name": from_name,
            }
        )
        if reply_to is not UNSET:
            field_dict["reply_to"] = reply_to

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        from_email = d.pop("from_email")

        from_name = d.pop("from_name")

        def _parse_reply_to(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reply_to = _parse_reply_to(d.pop("reply_to", UNSET))

        sender = cls(
            from_email=from_email,
            from_name=from_name,
            reply_to=reply_to,
        )

        return sender
