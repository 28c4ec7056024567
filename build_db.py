"""Build interview.db from data/: `python build_db.py [--data DIR] [--db PATH]`."""

from datasette_interview_prep.build.cli import main

if __name__ == "__main__":
    main()
