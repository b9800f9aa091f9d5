"""PDF documents composed by the panel app: the Performance Monitoring Report, the Public
Document Pack and the annual report tables.

Panel may read performance, finance and funds; they never import this package.
"""
