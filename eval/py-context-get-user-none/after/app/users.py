from dataclasses import dataclass
from typing import Optional

from .db import connection


class UserNotFound(LookupError):
    def __init__(self, user_id: int):
        super().__init__(f"no user {user_id}")
        self.user_id = user_id


@dataclass(frozen=True)
class User:
    id: int
    name: str
    email: str


def get_user(user_id: int) -> Optional[User]:
    row = connection().execute(
        "SELECT id, name, email FROM users WHERE id = ?", (user_id,)
    ).fetchone()
    if row is None:
        return None
    return User(*row)
