"""The Översyn web application (Django): cases, organisations and alternatives for several
users with per-case roles.  Depends on core and io (and later documents); never the reverse."""
