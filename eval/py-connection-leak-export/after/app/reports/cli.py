import argparse

from .export import export_orders


def main(argv=None):
    parser = argparse.ArgumentParser(prog="reports")
    parser.add_argument("--db", default="shop.sqlite3")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("vacuum")
    export = sub.add_parser("export-orders")
    export.add_argument("--since", required=True)
    export.add_argument("--out", default="orders.csv")
    args = parser.parse_args(argv)
    if args.command == "vacuum":
        import sqlite3

        with sqlite3.connect(args.db) as conn:
            conn.execute("VACUUM")
    elif args.command == "export-orders":
        count = export_orders(args.db, args.out, args.since)
        print(f"{count} orders written to {args.out}")
