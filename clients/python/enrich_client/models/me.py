from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.preferences import Preferences
    from ..models.tenant_view import TenantView
    from ..models.user_view import UserView


T = TypeVar("T", bound="Me")


@_attrs_define
class Me:
    """
    Attributes:
        permissions (list[str]):
        preferences (Preferences):
        tenant (TenantView):
        user (UserView): A user as the API shows it: never the password hash or lockout counters.
    """

    permissions: list[str]
    preferences: Preferences
    tenant: TenantView
    user: UserView
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        permissions = self.permissions

        preferences = self.preferences.to_dict()

        tenant = self.tenant.to_dict()

        user = self.user.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "permissions": permissions,
                "preferences": preferences,
                "tenant": tenant,
                "user": user,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.preferences import Preferences  # noqa: PLC0415
        from ..models.tenant_view import TenantView  # noqa: PLC0415
        from ..models.user_view import UserView  # noqa: PLC0415

        d = dict(src_dict)
        permissions = cast(list[str], d.pop("permissions"))

        preferences = Preferences.from_dict(d.pop("preferences"))

        tenant = TenantView.from_dict(d.pop("tenant"))

        user = UserView.from_dict(d.pop("user"))

        me = cls(
            permissions=permissions,
            preferences=preferences,
            tenant=tenant,
            user=user,
        )

        me.additional_properties = d
        return me

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
