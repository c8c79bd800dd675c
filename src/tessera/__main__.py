"""``python -m tessera`` runs the command line."""

from tessera.cli.main import main

if __name__ == "__main__":  # spawned worker processes re-import this module
    main()
