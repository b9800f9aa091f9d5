"""How passwords are stored: Argon2id at a cost the OWASP Password Storage Cheat Sheet sets as
its minimum. The sheet gives five settings of equal strength, from 46 MiB of memory with one pass
to 7 MiB with five; the portal uses the last (7 MiB, 5 passes, 1 lane).

Every setting on that list costs an attacker the same. On a two-core server, the less memory
each check fills, the less time it takes: 15 ms here, against 20 ms for the 19 MiB setting and
0.25 s for Django's own (100 MiB, 8 lanes). When a panel's members sign in together before a
meeting, every page waits behind their checks (bench/bench_load.py). Django subclasses its
hasher for exactly this (see "Password management in Django"). A hash made with other Argon2
settings still verifies, and is made again with these the next time its owner signs in.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idPasswordHasher(Argon2PasswordHasher):
    time_cost = 5
    memory_cost = 7 * 1024  # KiB
    parallelism = 1
