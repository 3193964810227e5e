"""Shared state of the clients of one org: in this process, or across processes through Redis."""
