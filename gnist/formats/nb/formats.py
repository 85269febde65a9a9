# Norwegian writes clock times with a full stop and "kl." (Språkrådet): "31. mars 2027 kl. 12.00".
# Only what differs from Django's own nb formats is here; the rest (input formats too) comes from Django.
TIME_FORMAT = "H.i"
DATETIME_FORMAT = r"j. F Y \k\l. H.i"
SHORT_DATETIME_FORMAT = "d.m.Y H.i"
