"""``python -m curriculum`` runs the course CLI."""

from curriculum.cli import main

if __name__ == "__main__":  # pragma: no cover - thin entry point
    main()
