"""Helpers shared by the services, below them: set-based writes (`bulk`) and background jobs (`jobs`).

They import frappe and the core only, never a service.
"""
