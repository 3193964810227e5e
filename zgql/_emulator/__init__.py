"""The local emulator of Zoho CRM's GraphQL endpoint (``pip install 'zgql[emulator]'``).

Public through :mod:`zgql.testing`; uvicorn is imported only when an emulator starts.
"""

from zgql._emulator._server import ClientCredentials, Emulator
from zgql._emulator._state import Call, Fault, Org

__all__ = ["Call", "ClientCredentials", "Emulator", "Fault", "Org"]
