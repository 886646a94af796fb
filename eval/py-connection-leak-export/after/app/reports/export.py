import csv
import sqlite3


def export_orders(db_path: str, out_path: str, since: str) -> int:
    """Writes orders created on or after `since` (ISO date) to a CSV file; returns how many."""
    conn = sqlite3.connect(db_path)
    rows = conn.execute(
        "SELECT id, customer_id, total_cents, created_at FROM orders WHERE created_at >= ? ORDER BY id",
        (since,),
    ).fetchall()
    if not rows:
        return 0
    with open(out_path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "customer_id", "total", "created_at"])
        for order_id, customer_id, total_cents, created_at in rows:
            writer.writerow([order_id, customer_id, f"{total_cents / 100:.2f}", created_at])
    conn.close()
    return len(rows)
