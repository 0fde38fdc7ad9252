from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.ses_settings import SesSettings
    from ..models.throttle import Throttle
    from ..models.warmup import Warmup


T = TypeVar("T", bound="NewProfileBodyBySes")


@_attrs_define
class NewProfileBodyBySes:
    """
    Attributes:
        daily_cap (int): At most this many messages per UTC day. Example: 50000.
        name (str):  Example: Main (SES).
        ses (SesSettings): SES settings as given.
        throttle (Throttle): Messages per second and per sliding hour, across every send worker.
        mailwizz (None | Unset):
        warmup (None | Unset | Warmup):
    """

    daily_cap: int
    name: str
    ses: SesSettings
    throttle: Throttle
    mailwizz: None | Unset = UNSET
    warmup: None | Unset | Warmup = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.warmup import Warmup  # noqa: PLC0415

        daily_cap = self.daily_cap

        name = self.name

        ses = self.ses.to_dict()

        throttle = self.throttle.to_dict()

        mailwizz = self.mailwizz

        warmup: dict[str, Any] | None | Unset
        if isinstance(self.warmup, Unset):
            warmup = UNSET
        elif isinstance(self.warmup, Warmup):
            warmup = self.warmup.to_dict()
        else:
            warmup = self.warmup

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "daily_cap": daily_cap,
                "name": name,
                "ses": ses,
                "throttle": throttle,
            }
        )
        if mailwizz is not UNSET:
            field_dict["mailwizz"] = mailwizz
        if warmup is not UNSET:
            field_dict["warmup"] = warmup

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.ses_settings import SesSettings  # noqa: PLC0415
        from ..models.throttle import Throttle  # noqa: PLC0415
        from ..models.warmup import Warmup  # noqa: PLC0415

        d = dict(src_dict)
        daily_cap = d.pop("daily_cap")

        name = d.pop("name")

        ses = SesSettings.from_dict(d.pop("ses"))

        throttle = Throttle.from_dict(d.pop("throttle"))

        mailwizz = d.pop("mailwizz", UNSET)

        def _parse_warmup(data: object) -> None | Unset | Warmup:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                warmup_type_1 = Warmup.from_dict(data)

                return warmup_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | Warmup, data)

        warmup = _parse_warmup(d.pop("warmup", UNSET))

        new_profile_body_by_ses = cls(
            daily_cap=daily_cap,
            name=name,
            ses=ses,
            throttle=throttle,
            mailwizz=mailwizz,
            warmup=warmup,
        )

        return new_profile_body_by_ses
