"""What WeasyPrint may load while it renders a CV: `data:` URIs and our own stylesheets.

WeasyPrint's default fetcher reads `file://` URLs and follows HTTP redirects, so a CV
that named `file:///etc/passwd` or a cloud metadata address could pull either into the
PDF. This one answers from memory only; every other URL (file, http(s), ftp, relative,
anything) is refused before any file or socket is touched.
"""

from collections.abc import Mapping
from pathlib import Path
from urllib import request

from weasyprint.urls import (  # type: ignore[import-untyped]  # WeasyPrint has no annotations
    URLFetcher,
    URLFetcherResponse,
)

ASSET_SCHEME = "cvimprover-asset:"
TEMPLATES = Path(__file__).with_name("templates")


class FetchRefused(ValueError):
    """The URL is neither a `data:` URI nor one of the bundled assets."""


def bundled_assets(folder: Path = TEMPLATES) -> dict[str, bytes]:
    """The stylesheets shipped beside the template, by their `cvimprover-asset:` URL;
    read once, when the renderer starts."""
    return {f"{ASSET_SCHEME}{path.name}": path.read_bytes() for path in folder.glob("*.css")}


class BundledAssetsOnlyFetcher(URLFetcher):  # type: ignore[misc]  # an untyped base
    def __init__(self, assets: Mapping[str, bytes]) -> None:
        super().__init__(allowed_protocols=["data"], allow_redirects=False, fail_on_errors=False)
        self._assets = dict(assets)

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        if url in self._assets:
            return URLFetcherResponse(url, self._assets[url], {"Content-Type": "text/css"})
        if url.startswith("data:"):
            decoded = request.DataHandler().data_open(request.Request(url))  # noqa: S310  # data: only
            content_type = decoded.headers.get("Content-Type", "text/plain")
            return URLFetcherResponse(url, decoded.read(), {"Content-Type": content_type})
        raise FetchRefused(f"refused to fetch {url[:200]!r}: only data: URIs and bundled assets")

    def open(self, url: object, data: object = None, timeout: object = None) -> URLFetcherResponse:
        """The opener WeasyPrint inherits from urllib must never be used to reach out."""
        full_url = url.full_url if isinstance(url, request.Request) else str(url)
        return self.fetch(full_url)
