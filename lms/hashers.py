"""Password hashing tuned for many sign-ins at once on a small server.

Django's default PBKDF2 (1,000,000 rounds) costs about 0.7 s of CPU per sign-in here, so a 500-person exam
starting within a minute would need several minutes of CPU for the sign-ins alone. Argon2id with the
parameters of the OWASP Password Storage Cheat Sheet (19 MiB, 2 passes, 1 lane) is memory-hard, at least as
strong against guessing, and costs about 45 ms. Stored PBKDF2 hashes are upgraded at the next sign-in.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class OwaspArgon2PasswordHasher(Argon2PasswordHasher):
    algorithm = "argon2"
    time_cost = 2
    memory_cost = 19 * 1024
    parallelism = 1
