"""Official-document machinery shared by all apps: ND30 layout, numbering, Vietnamese dates,
HTML→PDF rendering, signing. Built by the campaign issue.
"""
