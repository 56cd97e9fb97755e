"""The case for the diarium and the e-archive: an E-ARK SIP (FGS Paketstruktur 2.0) with
descriptive metadata per E-ARK CITS ERMS (FGS Ärendehantering 2.0), and a plain ZIP with a
manifest for diaria that only import files.  See :mod:`.package`."""
