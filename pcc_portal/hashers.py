"""How passwords are stored: Argon2id, with the cost the OWASP Password Storage Cheat Sheet sets
as its minimum (19 MiB of memory, 2 passes, 1 lane).

Django's own Argon2 settings (100 MiB, 8 lanes) cost about 0.25 s of CPU per sign-in here,
against 0.03 s for these; when a panel's members sign in together before a meeting, 25 such
sign-ins queued every page of the site on a two-core server (bench/bench_load.py). Django
subclasses its hasher for exactly this (see "Password management in Django"); a hash made with
other Argon2 settings still verifies and is re-made with these at its owner's next sign-in.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idPasswordHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
