import argparse


def main(argv=None):
    parser = argparse.ArgumentParser(prog="reports")
    parser.add_argument("--db", default="shop.sqlite3")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("vacuum")
    args = parser.parse_args(argv)
    if args.command == "vacuum":
        import sqlite3

        with sqlite3.connect(args.db) as conn:
            conn.execute("VACUUM")
