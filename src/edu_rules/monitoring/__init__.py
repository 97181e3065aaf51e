"""The city's annual monitoring (柳教督导〔2021〕16号 · 六).

``monitor`` judges a panel of several years' documents; ``report`` renders it as text,
Markdown, HTML and a workbook.
"""
