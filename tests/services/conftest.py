"""The services' tests use the warehouse tests' fresh warehouse file."""

from tests.warehouse.conftest import db

__all__ = ["db"]
