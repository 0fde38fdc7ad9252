from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="MailwizzInput")


@_attrs_define
class MailwizzInput:
    """MailWizz settings as given (`api_key` is write-only).

    Attributes:
        api_url (str): The install's API base, e.g. `https://mail.acme.com/api`. Example: https://mail.acme.com/api.
        list_uid (str): The list contacts are synced into and campaigns are sent to. Example: ab12cd34ef.
        api_key (None | str | Unset): The install's API key (required on create; on replace, absent keeps the stored
            key).
    """

    api_url: str
    list_uid: str
    api_key: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        api_url = self.api_url

        list_uid = self.list_uid

        api_key: None | str | Unset
        if isinstance(self.api_key, Unset):
            api_key = UNSET
        else:
            api_key = self.api_key

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "api_url": api_url,
                "list_uid": list_uid,
            }
        )
        if api_key is not UNSET:
            field_dict["api_key"] = api_key

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        api_url = d.pop("api_url")

        list_uid = d.pop("list_uid")

        def _parse_api_key(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        api_key = _parse_api_key(d.pop("api_key", UNSET))

        mailwizz_input = cls(
            api_url=api_url,
            list_uid=list_uid,
            api_key=api_key,
        )

        return mailwizz_input
