from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.mailwizz_settings import MailwizzSettings
    from ..models.ses_settings import SesSettings
    from ..models.throttle import Throttle
    from ..models.warmup import Warmup
    from ..models.warmup_state import WarmupState


T = TypeVar("T", bound="SendingProfile")


@_attrs_define
class SendingProfile:
    """A sending profile as stored and shown.

    Attributes:
        created_at (str):
        daily_cap (int):
        id (str):
        name (str):
        throttle (Throttle): Messages per second and per sliding hour, across every send worker.
        updated_at (str):
        version (int):
        dkim_tokens (list[str] | Unset): The CNAME tokens SES asks for (`<token>._domainkey.<domain>`), for an SES
            profile.
        has_api_key (bool | Unset): Whether a MailWizz API key is stored (the key itself is never shown).
        mailwizz (MailwizzSettings | None | Unset):
        ses (None | SesSettings | Unset):
        warmup (None | Unset | Warmup):
        warmup_state (None | Unset | WarmupState):
    """

    created_at: str
    daily_cap: int
    id: str
    name: str
    throttle: Throttle
    updated_at: str
    version: int
    dkim_tokens: list[str] | Unset = UNSET
    has_api_key: bool | Unset = UNSET
    mailwizz: MailwizzSettings | None | Unset = UNSET
    ses: None | SesSettings | Unset = UNSET
    warmup: None | Unset | Warmup = UNSET
    warmup_state: None | Unset | WarmupState = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.mailwizz_settings import MailwizzSettings  # noqa: PLC0415
        from ..models.ses_settings import SesSettings  # noqa: PLC0415
        from ..models.warmup import Warmup  # noqa: PLC0415
        from ..models.warmup_state import WarmupState  # noqa: PLC0415

        created_at = self.created_at

        daily_cap = self.daily_cap

        id = self.id

        name = self.name

        throttle = self.throttle.to_dict()

        updated_at = self.updated_at

        version = self.version

        dkim_tokens: list[str] | Unset = UNSET
        if not isinstance(self.dkim_tokens, Unset):
            dkim_tokens = self.dkim_tokens

        has_api_key = self.has_api_key

        mailwizz: dict[str, Any] | None | Unset
        if isinstance(self.mailwizz, Unset):
            mailwizz = UNSET
        elif isinstance(self.mailwizz, MailwizzSettings):
            mailwizz = self.mailwizz.to_dict()
        else:
            mailwizz = self.mailwizz

        ses: dict[str, Any] | None | Unset
        if isinstance(self.ses, Unset):
            ses = UNSET
        elif isinstance(self.ses, SesSettings):
            ses = self.ses.to_dict()
        else:
            ses = self.ses

        warmup: dict[str, Any] | None | Unset
        if isinstance(self.warmup, Unset):
            warmup = UNSET
        elif isinstance(self.warmup, Warmup):
            warmup = self.warmup.to_dict()
        else:
            warmup = self.warmup

        warmup_state: dict[str, Any] | None | Unset
        if isinstance(self.warmup_state, Unset):
            warmup_state = UNSET
        elif isinstance(self.warmup_state, WarmupState):
            warmup_state = self.warmup_state.to_dict()
        else:
            warmup_state = self.warmup_state

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "daily_cap": daily_cap,
                "id": id,
                "name": name,
                "throttle": throttle,
                "updated_at": updated_at,
                "version": version,
            }
        )
        if dkim_tokens is not UNSET:
            field_dict["dkim_tokens"] = dkim_tokens
        if has_api_key is not UNSET:
            field_dict["has_api_key"] = has_api_key
        if mailwizz is not UNSET:
            field_dict["mailwizz"] = mailwizz
        if ses is not UNSET:
            field_dict["ses"] = ses
        if warmup is not UNSET:
            field_dict["warmup"] = warmup
        if warmup_state is not UNSET:
            field_dict["warmup_state"] = warmup_state

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.mailwizz_settings import MailwizzSettings  # noqa: PLC0415
        from ..models.ses_settings import SesSettings  # noqa: PLC0415
        from ..models.throttle import Throttle  # noqa: PLC0415
        from ..models.warmup import Warmup  # noqa: PLC0415
        from ..models.warmup_state import WarmupState  # noqa: PLC0415

        d = dict(src_dict)
        created_at = d.pop("created_at")

        daily_cap = d.pop("daily_cap")

        id = d.pop("id")

        name = d.pop("name")

        throttle = Throttle.from_dict(d.pop("throttle"))

        updated_at = d.pop("updated_at")

        version = d.pop("version")

        dkim_tokens = cast(list[str], d.pop("dkim_tokens", UNSET))

        has_api_key = d.pop("has_api_key", UNSET)

        def _parse_mailwizz(data: object) -> MailwizzSettings | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                mailwizz_type_1 = MailwizzSettings.from_dict(data)

                return mailwizz_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MailwizzSettings | None | Unset, data)

        mailwizz = _parse_mailwizz(d.pop("mailwizz", UNSET))

        def _parse_ses(data: object) -> None | SesSettings | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                ses_type_1 = SesSettings.from_dict(data)

                return ses_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SesSettings | Unset, data)

        ses = _parse_ses(d.pop("ses", UNSET))

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

        def _parse_warmup_state(data: object) -> None | Unset | WarmupState:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                warmup_state_type_1 = WarmupState.from_dict(data)

                return warmup_state_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | WarmupState, data)

        warmup_state = _parse_warmup_state(d.pop("warmup_state", UNSET))

        sending_profile = cls(
            created_at=created_at,
            daily_cap=daily_cap,
            id=id,
            name=name,
            throttle=throttle,
            updated_at=updated_at,
            version=version,
            dkim_tokens=dkim_tokens,
            has_api_key=has_api_key,
            mailwizz=mailwizz,
            ses=ses,
            warmup=warmup,
            warmup_state=warmup_state,
        )

        sending_profile.additional_properties = d
        return sending_profile

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
