"""The command line.

A thin shell that parses options, calls one library function and writes one output.
"""
