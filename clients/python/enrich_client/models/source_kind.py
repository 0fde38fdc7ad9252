from enum import StrEnum


class SourceKind(StrEnum):
    BACKLINK_ENGINE = "backlink_engine"
    CSV = "csv"
    HTTP_JSON = "http_json"
    MANUAL = "manual"
    SCRAPER_PRO = "scraper_pro"

    def __str__(self) -> str:
        return str(self.value)
