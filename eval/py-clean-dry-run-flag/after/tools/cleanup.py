import argparse
import logging
import time
from pathlib import Path

logger = logging.getLogger("cleanup")


def old_files(directory: Path, max_age_days: int, now: float) -> list[Path]:
    cutoff = now - max_age_days * 86400
    return sorted(p for p in directory.rglob("*") if p.is_file() and p.stat().st_mtime < cutoff)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Delete cached files older than N days.")
    parser.add_argument("directory", type=Path)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--dry-run", action="store_true", help="list the files instead of deleting them")
    args = parser.parse_args(argv)
    removed = 0
    for path in old_files(args.directory, args.days, time.time()):
        if args.dry_run:
            print(path)
        else:
            path.unlink()
        removed += 1
    verb = "would remove" if args.dry_run else "removed"
    logger.info("%s %d files from %s", verb, removed, args.directory)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
