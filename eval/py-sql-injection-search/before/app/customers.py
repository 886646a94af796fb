from dataclasses import dataclass
import sqlite3


@dataclass(frozen=True)
class Customer:
    id: int
    name: str
    email: str


def get_customer(conn: sqlite3.Connection, customer_id: int) -> Customer | None:
    row = conn.execute(
        "SELECT id, name, email FROM customers WHERE id = ?", (customer_id,)
    ).fetchone()
    return Customer(*row) if row else None


def customers_by_email_domain(conn: sqlite3.Connection, domain: str) -> list[Customer]:
    rows = conn.execute(
        "SELECT id, name, email FROM customers WHERE email LIKE ? ORDER BY name",
        (f"%@{domain}",),
    )
    return [Customer(*row) for row in rows]
