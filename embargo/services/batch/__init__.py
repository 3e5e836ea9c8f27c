"""Batch engines: screen a customer file on local cores or on Apache Spark.

Both engines call `embargo.screen.batch.screen_row` with the same snapshot, so they
return identical results for the same input; only the way rows are distributed
differs. Output is written atomically (a temporary file renamed into place).
"""
