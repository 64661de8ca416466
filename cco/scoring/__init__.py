"""Pure computation.

Averages, ranks and bands of one country, intervals, comparison of many.
"""
