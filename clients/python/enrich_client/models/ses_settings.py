from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="SesSettings")


@_attrs_define
class SesSettings:
    """SES settings as given.

    Attributes:
        from_domain (str): The domain messages are sent from (the campaign's from address must be on it). Example:
            mail.acme.com.
        configuration_set (None | str | Unset): An SES configuration set (event publishing, dedicated IPs). Example:
            enrich-campaigns.
    """

    from_domain: str
    configuration_set: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from_domain = self.from_domain

        configuration_set: None | str | Unset
        if isinstance(self.configuration_set, Unset):
            configuration_set = UNSET
        else:
            configuration_set = self.configuration_set

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "from_domain": from_domain,
            }
        )
        if configuration_set is not UNSET:
            field_dict["configuration_set"] = configuration_set

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        from_domain = d.pop("from_domain")

        def _parse_configuration_set(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        configuration_set = _parse_configuration_set(d.pop("configuration_set", UNSET))

        ses_settings = cls(
            from_domain=from_domain,
            configuration_set=configuration_set,
        )

        return ses_settings
