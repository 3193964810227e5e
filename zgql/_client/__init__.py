"""The client: check locally, send through gql and httpx, interpret every answer, retry."""

from zgql._client._client import AsyncClient, BaseClient, Client
from zgql._client._core import Result, RetryPolicy
from zgql._client._oauth import FileTokenStore, MemoryTokenStore, StoredToken, TokenStore, ZohoOAuth

__all__ = [
    "AsyncClient",
    "BaseClient",
    "Client",
    "FileTokenStore",
    "MemoryTokenStore",
    "Result",
    "RetryPolicy",
    "StoredToken",
    "TokenStore",
    "ZohoOAuth",
]
