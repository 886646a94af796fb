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


def search_customers(conn: sqlite3.Connection, term: str, limit: int = 50) -> list[Customer]:
    query = (
        "SELECT id, name, email FROM customers "
        f"WHERE name LIKE '%{term}%' ORDER BY name LIMIT ?"
    )
    return [Customer(*row) for row in conn.execute(query, (limit,))]
