"""Award types, nominations, eligibility, council decisions and dossiers. Built by the awards
issue.
"""
