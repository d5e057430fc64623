"""Reading a plan ("Kế hoạch") from the Word, .doc or PDF file it was issued as.

`readers.read_paragraphs` turns a file into its ordered lines, `extract.extract_plan` turns the
lines into an `extracted.ExtractedPlan` whose every value carries the sentence it came from, for
the clerk to confirm on the review page. Nothing here writes to the database.
"""
