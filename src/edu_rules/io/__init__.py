"""Reading and writing documents: validation, the one converter, the workbook.

``inputs`` is the front door for every file a command or :func:`edu_rules.load_county`
reads; ``validation`` (with its compiled fast path ``_fastvalidate``) refuses bad data with
every problem at once; ``serialization`` is the one converter between documents and the
models; ``excel`` reads and writes the county workbook.
"""
