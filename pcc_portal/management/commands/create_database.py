"""python manage.py create_database: create the PostgreSQL database DATABASE_URL names, if it is
missing (for `make serve` and the load benchmark). Does nothing on SQLite."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create the PostgreSQL database named in DATABASE_URL if it does not exist."

    def handle(self, *args, **options):
        db = settings.DATABASES["default"]
        if "postgresql" not in db["ENGINE"]:
            self.stdout.write(f"{db['ENGINE']}: nothing to create.")
            return
        import psycopg2
        from psycopg2 import sql

        params = {k.lower(): db[k] for k in ("USER", "PASSWORD", "HOST", "PORT") if db.get(k)}
        try:
            # The maintenance database: CREATE DATABASE cannot run inside the target itself.
            connection = psycopg2.connect(dbname="postgres", **params)
        except psycopg2.OperationalError as error:
            raise CommandError(f"Cannot reach PostgreSQL at {db.get('HOST')}: {error}") from error
        connection.autocommit = True  # CREATE DATABASE cannot run in a transaction
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]])
                if cursor.fetchone():
                    self.stdout.write(f"Database {db['NAME']} exists.")
                    return
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db["NAME"])))
        finally:
            connection.close()
        self.stdout.write(f"Created database {db['NAME']}.")
