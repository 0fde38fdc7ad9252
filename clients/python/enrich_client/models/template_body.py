from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="TemplateBody")


@_attrs_define
class TemplateBody:
    """A template. The parts use Jinja (MiniJinja): `{{ first_name }}`, `{{ attributes.plan }}`,
    `{% if language == 'pt-BR' %}…{% endif %}`, `{{ unsubscribe_url }}`,
    `{{ unsubscribe_link('Unsubscribe') }}`; the HTML body is auto-escaped. A syntax error is a 422
    naming the part with its line and column.

        Attributes:
            html (str):  Example: <p>Olá {{ first_name }}</p><p>{{ unsubscribe_link('Cancelar inscrição') }}</p>.
            language (str): BCP 47. Example: pt-BR.
            name (str):  Example: Welcome (Portuguese).
            subject (str):  Example: Olá {{ first_name | default('') }}.
            group (None | str | Unset): A group of templates, one per language (a slug). Example: welcome.
            text (None | str | Unset):
            version (int | None | Unset): With PUT: the version read.
    """

    html: str
    language: str
    name: str
    subject: str
    group: None | str | Unset = UNSET
    text: None | str | Unset = UNSET
    version: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        html = self.html

        language = self.language

        name = self.name

        subject = self.subject

        group: None | str | Unset
        if isinstance(self.group, Unset):
            group = UNSET
        else:
            group = self.group

        text: None | str | Unset
        if isinstance(self.text, Unset):
            text = UNSET
        else:
            text = self.text

        version: int | None | Unset
        if isinstance(self.version, Unset):
            version = UNSET
        else:
            version = self.version

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "html": html,
                "language": language,
                "name": name,
                "subject": subject,
            }
        )
        if group is not UNSET:
            field_dict["group"] = group
        if text is not UNSET:
            field_dict["text"] = text
        if version is not UNSET:
            field_dict["version"] = version

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        html = d.pop("html")

        language = d.pop("language")

        name = d.pop("name")

        subject = d.pop("subject")

        def _parse_group(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        group = _parse_group(d.pop("group", UNSET))

        def _parse_text(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        text = _parse_text(d.pop("text", UNSET))

        def _parse_version(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        version = _parse_version(d.pop("version", UNSET))

        template_body = cls(
            html=html,
            language=language,
            name=name,
            subject=subject,
            group=group,
            text=text,
            version=version,
        )

        return template_body
